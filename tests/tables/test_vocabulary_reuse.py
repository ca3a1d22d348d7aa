"""Weighted log-odds (Monroe et al. 2008) and text reuse, on synthetic corpora."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.core.corpus import Corpus
from analysis.tables.reuse import reuse, reuse_matrix, shared_passages
from analysis.tables.vocabulary import Z_THRESHOLD, distinctive_terms, tokenize


def _corpus(texts: dict[str, tuple[str, str]]) -> Corpus:
    rows = [{"doc_id": d, "outlet": o, "text": t, "wire": "", "n_words": len(t.split())}
            for d, (o, t) in sorted(texts.items())]
    return Corpus(None, pd.DataFrame(rows))


def test_tokenize_keeps_abbreviations_and_inner_hyphens():
    assert tokenize("The U.S.-led coalition’s jets hit Deir ez-Zor.") == [
        "the", "u.s.", "led", "coalition's", "jets", "hit", "deir", "ez-zor"]


def test_log_odds_matches_hand_computation():
    corpus = _corpus({"a": ("A", "regime regime forces"), "b": ("B", "government forces")})
    table = distinctive_terms(corpus, voice="all")
    row = table[(table.outlet == "A") & (table.term == "regime")].iloc[0]
    # pooled prior: regime 2, forces 2, government 1 -> a0 = 5; A: n=3, B: n=2
    om_i = (2 + 2) / (3 + 5 - 2 - 2)
    om_j = (0 + 2) / (2 + 5 - 0 - 2)
    delta = math.log(om_i) - math.log(om_j)
    z = delta / math.sqrt(1 / (2 + 2) + 1 / (0 + 2))
    assert row.log_odds == pytest.approx(delta, abs=1e-3)
    assert row.z == pytest.approx(z, abs=1e-3)
    assert (row.n, row.n_vs, row.n_tokens, row.n_docs) == (2, 0, 3, 1)
    # The shared word is not distinctive of either side.
    forces = table[table.term == "forces"]
    assert (forces.z.abs() < table[table.term == "regime"].z.abs().max()).all()


def test_significance_needs_enough_evidence():
    many = " ".join(["regime"] * 30 + ["forces"] * 30)
    corpus = _corpus({"a": ("A", many), "b": ("B", " ".join(["government"] * 30 + ["forces"] * 30))})
    table = distinctive_terms(corpus, voice="all").set_index(["outlet", "term"])
    assert table.loc[("A", "regime"), "significant"] and table.loc[("A", "regime"), "z"] > Z_THRESHOLD
    assert not table.loc[("A", "forces"), "significant"]


def test_pairwise_bigrams_and_min_count():
    corpus = _corpus({"a": ("A", "syrian regime forces attacked"), "b": ("B", "syrian government forces attacked"),
                      "c": ("C", "syrian army advanced")})
    table = distinctive_terms(corpus, vs="B", ngram=2, voice="all")
    assert set(table.outlet) == {"A", "C"} and set(table.vs) == {"B"}
    assert "syrian regime" in set(table[table.outlet == "A"].term)
    assert "regime forces" not in set(distinctive_terms(corpus, ngram=2, min_count=2, voice="all").term)
    with pytest.raises(ValueError, match="neither 'rest' nor one of the groups"):
        distinctive_terms(corpus, vs="Nope", voice="all")


def test_bigrams_do_not_cross_paragraphs():
    corpus = _corpus({"a": ("A", "end here\nstart there"), "b": ("B", "other words")})
    assert "here start" not in set(distinctive_terms(corpus, ngram=2, voice="all").term)


STORY = ("The defence ministry said on Tuesday that its forces had pushed back an attack near the river "
         "crossing and that several fighters had been captured by its units in the area.")


def test_shared_passages_offsets():
    a = "Intro words here. " + STORY
    b = STORY.replace("Tuesday", "Wednesday") + " Other ending."
    passages = shared_passages(a, b, min_words=8)
    assert passages
    longest = max(passages, key=lambda p: p.n_words)
    assert a[longest.start_a:longest.end_a] == b[longest.start_b:longest.end_b]
    assert longest.n_words >= 20


def test_reuse_finds_copied_story_and_ignores_unrelated():
    corpus = _corpus({
        "1": ("Wire Daily", STORY + " Officials gave no further details."),
        "2": ("Reposter", "Reposted from a wire agency. " + STORY),
        "3": ("Other", "A completely different article about football results and the weather on the weekend "
                       "with no shared wording at all, written for this test."),
    })
    table = reuse(corpus)
    assert set(zip(table.doc_id, table.doc_id_b)) == {("1", "2")}
    row = table.iloc[0]
    assert row.passage == corpus.articles.text[0][row.start:row.end]
    assert row.n_words >= 25 and row.share_b > 0.8
    matrix = reuse_matrix(corpus, table)
    assert set(zip(matrix.outlet, matrix.outlet_b)) == {("Wire Daily", "Reposter"), ("Reposter", "Wire Daily")}


def test_seed_shared_ministry_wording(seeds_corpus):
    table = reuse(seeds_corpus)
    pair = table[(table.doc_id == "000") & (table.doc_id_b == "001")]
    assert pair.passage.str.contains("Russian aviation is conducting combat missions").any()


def test_drop_stopwords_keeps_scores():
    corpus = _corpus({"a": ("A", "the regime and the regime forces"), "b": ("B", "a government of forces")})
    full = distinctive_terms(corpus, voice="all")
    lean = distinctive_terms(corpus, voice="all", drop_stopwords=True)
    assert "the" in set(full.term) and "the" not in set(lean.term) and "and" not in set(lean.term)
    merged = lean.merge(full, on=["outlet", "term"], suffixes=("", "_full"))
    assert len(merged) == len(lean) and (merged.z == merged.z_full).all()
    bigrams = distinctive_terms(corpus, voice="all", ngram=2, drop_stopwords=True)
    assert "the regime" in set(bigrams.term) and "and the" not in set(bigrams.term)
