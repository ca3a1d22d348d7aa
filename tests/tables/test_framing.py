"""Hedges, boosters, loaded terms and scare quotes: the own-voice / quoted split, rates, evidence lines
(analysis.tables.framing)."""
from __future__ import annotations

import pandas as pd

from analysis.core.corpus import Corpus
from analysis.tables.framing import framing_rates, hedges, kwic, loaded_terms


def _corpus(texts: dict[str, tuple[str, str]]) -> Corpus:
    rows = [{"doc_id": d, "outlet": o, "text": t, "title": "", "wire": "", "n_words": len(t.split())}
            for d, (o, t) in sorted(texts.items())]
    return Corpus(None, pd.DataFrame(rows))


TEXT = ('The jet allegedly attacked the so-called "safe zone" on Monday.\n\n'
        '"The regime is clearly lying," the minister said.\n\n'
        'The regime denied it, according to state media, and the army may have withdrawn.')


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


SCARE_TEXT = ('Russia criticised the so-called "peace plan" drawn up by Washington on Monday.\n\n'
              '"We will not accept any ‘safe zones’ imposed on Syria by force," Sergei Lavrov said.\n\n'
              '"We will defend our people," the rebel commander told reporters.\n\n'
              'The ministry said the move may be illegal.')


def test_scare_quotes_own_voice_and_speakers():
    from analysis.tables.framing import scare_quotes

    corpus = _corpus({"a": ("Outlet", SCARE_TEXT)})
    table = scare_quotes(corpus)
    assert list(table.phrase) == ["peace plan", "safe zones"]  # the commander's quote is a quotation
    plan, zones = table.iloc[0], table.iloc[1]
    assert plan.so_called and plan.voice == "own"
    assert SCARE_TEXT[plan.start:plan.end] == '"peace plan"'
    assert plan.actor in ("Washington", "Russia") and plan.actor_how == "nearest"
    assert not zones.so_called and zones.voice == "quoted" and zones.attributed_to == "Sergei Lavrov"
    assert all(r.phrase in r.sentence for r in table.itertuples())


def test_scare_quote_echoing_an_earlier_quote():
    from analysis.tables.framing import scare_quotes

    text = ('The commander said his forces "have repelled massive attacks" on the town.\n\n'
            'No one else saw these "massive attacks" in the area.')
    table = scare_quotes(_corpus({"a": ("Outlet", text)}))
    assert list(table.phrase) == ["massive attacks"]
    assert table.iloc[0].echoes != ""


def test_reported_speech_is_attributed():
    corpus = _corpus({"a": ("Outlet", SCARE_TEXT)})
    table = hedges(corpus)
    may = table[table.surface == "may be"].iloc[0]
    assert may.voice == "own" and "ministry" in may.attributed_to.lower()


def test_own_voice_rates_cover_all_measures():
    from analysis.tables.framing import own_voice_rates

    corpus = _corpus({"a": ("Outlet", SCARE_TEXT), "b": ("Other", "The talks went on for hours.")})
    rates = own_voice_rates(corpus)
    assert set(rates.measure) == {"hedges", "loaded terms", "scare quotes"}
    scare = rates[(rates.measure == "scare quotes") & (rates.voice == "own")].set_index("outlet")
    assert scare.loc["Outlet", "n"] == 1 and scare.loc["Other", "n"] == 0
    quoted = rates[(rates.measure == "scare quotes") & (rates.voice == "quoted")].set_index("outlet")
    assert quoted.loc["Outlet", "n"] == 1
    assert scare.loc["Outlet", "per_1000_words"] == round(1000 / len(SCARE_TEXT.split()), 2)


def test_evidence_lines_for_table_rows():
    from analysis.tables.framing import evidence_lines

    corpus = _corpus({"a": ("Outlet", TEXT)})
    table = hedges(corpus)
    lines = evidence_lines(corpus, table[table.voice == "own"], label="category", window=10)
    assert len(lines) == int((table.voice == "own").sum())
    assert set(lines.voice) == {"own"}
    assert all(TEXT[r.start:r.end] == r.match for r in lines.itertuples())


def test_evidence_lines_keep_a_scare_quotes_own_voice():
    from analysis.tables.framing import evidence_lines, scare_quotes

    corpus = _corpus({"a": ("Outlet", SCARE_TEXT)})
    table = scare_quotes(corpus)
    own = table[table.voice == "own"]
    assert len(own)
    lines = evidence_lines(corpus, own, label="phrase", window=10)
    assert set(lines.voice) == {"own"}  # the phrase sits inside its own marks, yet it is the outlet's
