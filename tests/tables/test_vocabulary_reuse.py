"""Text reuse, on synthetic corpora (the vocabulary tests are in test_vocabulary.py)."""
from __future__ import annotations

import pandas as pd

from analysis.core.corpus import Corpus
from analysis.tables.reuse import reuse, reuse_matrix, shared_passages


def _corpus(texts: dict[str, tuple[str, str]]) -> Corpus:
    rows = [{"doc_id": d, "outlet": o, "text": t, "wire": "", "n_words": len(t.split())}
            for d, (o, t) in sorted(texts.items())]
    return Corpus(None, pd.DataFrame(rows))


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