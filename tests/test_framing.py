"""Hedges, boosters and loaded terms: whole-word matching and the own-voice / quoted split."""
from __future__ import annotations

import pandas as pd

from analysis.corpus import Corpus
from analysis.framing import framing_rates, hedges, kwic, lexicon_matches, loaded_terms


def _corpus(texts: dict[str, tuple[str, str]]) -> Corpus:
    rows = [{"doc_id": d, "outlet": o, "text": t, "title": "", "wire": "", "n_words": len(t.split())}
            for d, (o, t) in sorted(texts.items())]
    return Corpus(None, pd.DataFrame(rows))


TEXT = ('The jet allegedly attacked the so-called "safe zone" on Monday.\n\n'
        '"The regime is clearly lying," the minister said.\n\n'
        'The regime denied it, according to state media, and the army may have withdrawn.')


def test_whole_words_only():
    text = "Crucially, the aboutface was apparently about it."
    found = [(m.category, text[m.start:m.end]) for m in lexicon_matches(text, "epistemic_markers")]
    assert ("hedge", "apparently") in found
    assert all(surface.lower() != "aboutface" for _, surface in found)


def test_approximators_only_before_numbers():
    text = "They talked about it; about 10 fighters and around two dozen others, some 300 in all, some said."
    found = [(m.term, m.start) for m in lexicon_matches(text, "epistemic_markers") if m.category == "hedge"]
    assert found == [("about", text.index("about 10")), ("around", text.index("around")),
                     ("some", text.index("some 300"))]


def test_hedges_split_own_voice_and_quoted():
    corpus = _corpus({"a": ("Outlet", TEXT)})
    table = hedges(corpus)
    by_surface = {(r.surface, r.voice) for r in table.itertuples()}
    assert ("allegedly", "own") in by_surface and ("so-called", "own") in by_surface
    assert ("clearly", "quoted") in by_surface  # the minister's booster, not the outlet's
    assert ("according to", "own") in by_surface and ("may have", "own") in by_surface
    for r in table.itertuples():
        assert TEXT[r.start:r.end] == r.surface
        assert r.surface in r.sentence


def test_loaded_terms_and_rates():
    corpus = _corpus({"a": ("Outlet", TEXT), "b": ("Other", "The government said the talks went on.")})
    table = loaded_terms(corpus)
    regime = table[table.term == "regime"]
    assert sorted(regime.voice) == ["own", "quoted"]
    rates = framing_rates(corpus, table)
    own = rates[(rates.outlet == "Outlet") & (rates.category == "delegitimising") & (rates.voice == "own")]
    assert own.n.iloc[0] == 1
    assert own.per_1000_words.iloc[0] == round(1000 / len(TEXT.split()), 2)
    other = rates[rates.outlet == "Other"]
    assert (other.n == 0).all() and len(other) == 2 * rates.category.nunique()


def test_kwic_terms_and_spans():
    corpus = _corpus({"a": ("Outlet", TEXT)})
    lines = kwic(corpus, "the regime")
    assert list(lines.voice) == ["quoted", "own"]
    assert all(m.lower() == "the regime" for m in lines.match)
    one = kwic(corpus, ("a", 4, 7), window=4)
    assert one.iloc[0].match == "jet" and one.iloc[0].left == "The "
