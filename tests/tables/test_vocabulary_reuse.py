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

def test_matching_blocks_take_prefix_and_suffix_first_and_cover_what_difflib_covers():
    import random
    from difflib import SequenceMatcher

    from analysis.tables.reuse import _matching_blocks

    rng = random.Random(0)
    vocab = [f"w{i}" for i in range(40)] + ["the"] * 30
    for _ in range(200):
        a = [rng.choice(vocab) for _ in range(rng.randint(0, 120))]
        b = list(a)
        for _ in range(rng.randint(0, 6)):  # a near-copy: a few words changed, added or dropped
            k = rng.randint(0, len(b))
            op = rng.choice("cad")
            if op == "c" and k < len(b):
                b[k] = rng.choice(vocab)
            elif op == "a":
                b.insert(k, rng.choice(vocab))
            elif k < len(b):
                del b[k]
        ours = _matching_blocks(a, b)
        theirs = [m for m in SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks() if m.size]
        for i, j, n in ours:
            assert n > 0 and a[i:i + n] == b[j:j + n]
        # monotone and non-overlapping, like difflib's
        assert all(i1 + n1 <= i2 and j1 + n1 <= j2 for (i1, j1, n1), (i2, j2, n2) in zip(ours, ours[1:]))
        # words aligned: as many as difflib aligns, give or take an edge word of an equally good alignment
        assert abs(sum(n for _, _, n in ours) - sum(m.size for m in theirs)) <= 2
    assert _matching_blocks(["x"] * 5, ["x"] * 5) == [(0, 0, 5)]
    assert _matching_blocks([], ["a"]) == []


def test_a_closing_line_shared_by_many_articles_pairs_none_of_them(tmp_path):
    """Boilerplate that survived cleaning (one closing line in 60 otherwise unrelated articles) is no
    copied passage; a passage two of them really share is still found."""
    import random

    from analysis import load_corpus

    from ..conftest import write_manifest

    rng = random.Random(1)
    words = [f"{c}{v}{k}" for c in "bcdfgklmnprstv" for v in "aeiou" for k in "lnrst"]
    shared = " ".join(rng.choice(words) for _ in range(40)).capitalize() + "."
    rows = []
    for n in range(60):
        body = [" ".join(rng.choice(words) for _ in range(25)).capitalize() + "." for _ in range(12)]
        if n in (3, 7):
            body.insert(5, shared)
        body.append("This story was produced for the regional archive and may be republished freely.")
        (tmp_path / f"a{n}.txt").write_text("\n\n".join(body) + "\n", encoding="utf-8")
        rows.append({"doc_id": f"a{n:02d}", "file": f"a{n}.txt", "outlet": f"O{n % 3}"})
    write_manifest(tmp_path, rows)
    out = reuse(load_corpus(tmp_path))
    assert set(zip(out["doc_id"], out["doc_id_b"])) == {("a03", "a07")}
    assert shared.rstrip(".") in out["passage"].iloc[0]


def test_an_article_filed_again_is_compared_once_as_its_first_copy():
    """A copy by the same outlet (a line added) pairs with its first copy; only that first copy meets the
    other outlets' articles, standing for both (copies_a/_b), and the copy is still flagged as copied."""
    from analysis.tables.compare import measure_parts

    story = STORY + (" Residents of the nearby villages said they had heard heavy shelling through the night and "
                     "that many families had left for the city before the roads were closed by the army on Monday.")
    corpus = _corpus({
        "1": ("Wire Daily", story + " Officials gave no further details."),
        "1b": ("Wire Daily", story + " Officials gave no further details. Updated at noon."),
        "2": ("Reposter", "Reposted from a wire agency. " + story),
        # another outlet's near-copy is no copy of the first outlet's article
        "3": ("Third Outlet", story + " This article was filed again for the archive."),
    })
    table = reuse(corpus)
    pairs = set(zip(table.doc_id, table.doc_id_b, table["copy"]))
    assert ("1", "1b", True) in pairs
    assert not any(a == "1b" or b == "1b" for a, b, c in pairs if not c)
    assert {("1", "2", False), ("1", "3", False)} <= pairs
    assert table.loc[table.doc_id_b == "2", "copies_a"].eq(2).all()
    flags = measure_parts(corpus)
    copied = flags[(flags.measure == "copied passages") & (flags.level == "shares a passage with another outlet")]
    assert copied.set_index("doc_id").loc["1b", "num"] == 1.0
