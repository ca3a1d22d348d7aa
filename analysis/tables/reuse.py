"""Text reuse: passages shared between articles (wire copy, reposts).

Method: candidate article pairs come from MinHash locality-sensitive hashing
(Broder 1997; datasketch's ``MinHash`` and the bands of its ``MinHashLSH``) over word 5-gram shingles of
overlapping windows of each article, so that one copied paragraph inside a
long article is found as well as a whole reposted story; each candidate pair
is then aligned word by word with ``difflib.SequenceMatcher`` (Ratcliff &
Obershelp's matching blocks) and every shared run of at least ``min_words``
words is reported with its offsets in both texts.  This is the classic
shingling-plus-alignment design of text-reuse detectors (e.g. Clough et al.
2002, METER corpus; Smith et al. 2013, "Infectious texts").
"""
from __future__ import annotations

import itertools
import re
from collections import Counter
from difflib import SequenceMatcher
from typing import Callable, NamedTuple

import numpy as np
import pandas as pd
from datasketch import MinHash, MinHashLSH

from ..core.corpus import Corpus
from ..extract.quotemarks import QuoteIndex
from ..store import table
from .quotes import shared_statements
from .sources import wire_copy

__all__ = ["SharedPassage", "shared_passages", "reuse", "reuse_matrix", "copied_and_quoted", "COPIED_QUOTED_COLUMNS"]

COPIED_QUOTED_COLUMNS = ["relation", "doc_id", "outlet", "start", "end", "text", "doc_id_b", "outlet_b", "start_b",
                         "end_b", "text_b", "n_words", "score", "speaker", "speaker_b", "in_quote", "credit",
                         "credit_b"]

_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


class SharedPassage(NamedTuple):
    start_a: int
    end_a: int
    start_b: int
    end_b: int
    n_words: int


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(0).lower(), m.start(), m.end()) for m in _WORD.finditer(text)]


def _shingles(tokens: list[str], k: int) -> set[bytes]:
    return {" ".join(tokens[i:i + k]).encode("utf-8") for i in range(max(1, len(tokens) - k + 1))}


def _matching_blocks(a: list[str], b: list[str]) -> list[tuple[int, int, int]]:
    """``(i, j, size)`` runs of equal words of ``a`` and ``b`` (difflib's matching blocks), the common
    prefix and suffix taken first.

    difflib's ``find_longest_match`` with ``autojunk=False`` visits every pair of positions of a
    frequent word ('the' 300 times in each of two long articles: 90,000 steps for that word alone),
    so two near-copies of a long article cost seconds.  A near-copy (a re-crawl, an article filed
    again with a line added) shares a long prefix and suffix: taken in linear time, they leave
    difflib the few words between.  Both are maximal runs, so the blocks never need merging; where
    two alignments are equally good, a word or two at a block's edge may fall to the other block
    than difflib alone would give it (2 of 2,000 pairs of PolNeAR train filed four times).
    """
    n = min(len(a), len(b))
    p = 0
    while p < n and a[p] == b[p]:
        p += 1
    s = 0
    while s < n - p and a[len(a) - 1 - s] == b[len(b) - 1 - s]:
        s += 1
    blocks = [(0, 0, p)] if p else []
    matcher = SequenceMatcher(None, a[p:len(a) - s], b[p:len(b) - s], autojunk=False)
    blocks += [(p + m.a, p + m.b, m.size) for m in matcher.get_matching_blocks() if m.size]
    if s:
        blocks.append((len(a) - s, len(b) - s, s))
    return blocks


def shared_passages(text_a: str, text_b: str, *, min_words: int = 8) -> list[SharedPassage]:
    """Runs of at least ``min_words`` identical words (case-insensitive) shared by two texts."""
    words_a, words_b = _words(text_a), _words(text_b)
    out = []
    for i, j, size in _matching_blocks([w for w, _, _ in words_a], [w for w, _, _ in words_b]):
        if size >= min_words:
            a0, a1 = words_a[i], words_a[i + size - 1]
            b0, b1 = words_b[j], words_b[j + size - 1]
            out.append(SharedPassage(a0[1], a1[2], b0[1], b1[2], size))
    return out


def _sketcher(num_perm: int) -> Callable[[set[bytes]], MinHash]:
    """A function making the MinHash of a set of shingles, every one with the same permutations (those
    each MinHash(seed=1) would draw): drawing them per window cost a fifth of the table on 840 articles."""
    first = MinHash(num_perm=num_perm, seed=1)

    def sketch(shingles: set[bytes]) -> MinHash:
        mh = MinHash(num_perm=num_perm, seed=1, permutations=first.permutations, scheme=first.scheme)
        mh.update_batch(list(shingles))
        return mh
    return sketch


def _candidate_pairs(tokens: dict[str, list[str]], *, shingle: int, window: int, threshold: float,
                     num_perm: int) -> set[tuple[str, str]]:
    """Pairs of articles (doc ids, the smaller first) with a window of words alike (MinHash LSH);
    ``tokens``: each article's words."""
    # A shingle found in very many articles is boilerplate that survived cleaning (a standard closing
    # line, a disclaimer), not a copied passage: every window holding it would pair its article with
    # every other (PolNeAR train filed four times, each copy with one closing line: 1.36 million
    # candidate pairs instead of 18,839).  Such shingles are left out of the windows, the
    # document-frequency cut of text-reuse detection (n-grams in too many documents are dropped:
    # Smith, Cordell & Dillon 2013, "Infectious texts").
    df: Counter = Counter()
    for toks in tokens.values():
        df.update(_shingles(toks, shingle))
    crowd = max(_CROWD_MIN, int(_CROWD_SHARE * len(tokens)))
    common = {s for s, n in df.items() if n > crowd}
    del df
    sketch = _sketcher(num_perm)
    owner: list[int] = []             # each window's article, as its index in ``names``
    values: list[np.ndarray] = []     # each window's MinHash values
    names = list(tokens)
    for i, doc_id in enumerate(names):
        toks = tokens[doc_id]
        step = max(1, window // 2)
        for w_start in range(0, max(1, len(toks) - window // 2), step):
            piece = toks[w_start:w_start + window]
            if len(piece) < shingle:
                continue
            kept = _shingles(piece, shingle) - common
            if kept:
                values.append(sketch(kept).hashvalues)
                owner.append(i)
    return {(min(names[a], names[b]), max(names[a], names[b]))
            for a, b in _band_collisions(np.vstack(values) if values else np.empty((0, num_perm), np.uint64),
                                         np.asarray(owner, dtype=np.int64), threshold=threshold,
                                         num_perm=num_perm)}


def _band_collisions(values: np.ndarray, owner: np.ndarray, *, threshold: float, num_perm: int
                     ) -> set[tuple[int, int]]:
    """Pairs of owners (``a < b``) of two rows of ``values`` (MinHash values, one row a window) equal
    in every row of some band: the candidates ``MinHashLSH(threshold, num_perm)`` would answer,
    with datasketch's own choice of bands and rows per band.

    Done with numpy rather than by inserting into and querying a ``MinHashLSH``: datasketch's
    in-memory index keeps a Python set per bucket, a million sets (about 300 MiB) for the windows of
    PolNeAR train, against 40 MiB for the values here, and the same pairs.
    """
    pairs: set[tuple[int, int]] = set()
    if len(values) < 2:
        return pairs
    for start, end in MinHashLSH(threshold=threshold, num_perm=num_perm).hashranges:
        _, bucket = np.unique(values[:, start:end], axis=0, return_inverse=True)
        bucket = bucket.ravel()
        shared = np.bincount(bucket)[bucket] > 1   # windows whose bucket holds another window
        if not shared.any():
            continue
        order = np.lexsort((owner[shared], bucket[shared]))
        b, o = bucket[shared][order], owner[shared][order]
        starts = np.flatnonzero(np.r_[True, b[1:] != b[:-1]])
        for members in np.split(o, starts[1:]):
            distinct = np.unique(members)
            if len(distinct) > 1:
                pairs.update(itertools.combinations(distinct.tolist(), 2))
    return pairs


# A shingle in more than this many articles (and this share of the corpus) is boilerplate.
_CROWD_MIN, _CROWD_SHARE = 50, 0.05


def _copy_groups(tokens: dict[str, list[str]], outlets: dict[str, str], *, shingle: int, num_perm: int,
                 threshold: float = 0.8) -> dict[str, str]:
    """Each article filed again by its outlet (a re-crawl, an update, a copy with a line added) ->
    the first of its copies by doc_id, the representative: whole-article MinHash LSH at Jaccard
    ``threshold`` over word shingles (Broder 1997's near-duplicate detection), within an outlet;
    articles with no copy are left out."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    sketch = _sketcher(num_perm)
    sketches = {}
    for doc_id in sorted(tokens):
        mh = sketches[doc_id] = sketch(_shingles(tokens[doc_id], shingle))
        lsh.insert(doc_id, mh)
    rep: dict[str, str] = {}
    for doc_id in sorted(tokens):  # in doc_id order, so a group's representative comes first
        if doc_id in rep:
            continue
        for other in lsh.query(sketches[doc_id]):
            if other != doc_id and other not in rep and outlets[other] == outlets[doc_id] \
                    and sketches[doc_id].jaccard(sketches[other]) >= threshold:
                rep[other] = doc_id
    return rep


@table
def reuse(corpus: Corpus, *, min_words: int = 8, shingle: int = 5, window: int = 30, threshold: float = 0.2,
          num_perm: int = 128) -> pd.DataFrame:
    """Passages shared between pairs of articles.

    An article its outlet filed again (the same text with a line added, a
    re-crawl: :func:`_copy_groups`) is compared once, as its first copy by
    doc_id: a row pairs each copy with that representative (``copy`` True),
    and the representative stands for its copies in every other pair
    (``copies_a`` / ``copies_b``: how many articles each side stands for).
    PolNeAR train filed four times made 18,839 candidate pairs and 20,608
    rows instead of 698 and 487.

    Args:
        min_words: shortest shared run of words reported.
        shingle: words per shingle for MinHash.
        window: words per MinHash window (overlapping by half).
        threshold: LSH Jaccard threshold for a candidate window pair.
        num_perm: MinHash permutations.

    Returns:
        One row per shared passage: ``doc_id, outlet, start, end, passage``
        (side A, offsets into its ``text``), ``doc_id_b, outlet_b, start_b,
        end_b, passage_b`` (side B), ``n_words``, ``share_a`` / ``share_b``
        (the share of each article's words inside all its passages shared with
        the other), ``wire`` / ``wire_b`` (agency credited, if any), ``copy``,
        ``copies_a`` / ``copies_b``.  A is the article with the smaller doc_id
        (the representative, in a copy's row).  Sorted by doc ids, then ``start``.
    """
    columns = ["doc_id", "outlet", "start", "end", "passage", "doc_id_b", "outlet_b", "start_b", "end_b",
               "passage_b", "n_words", "share_a", "share_b", "wire", "wire_b", "copy", "copies_a", "copies_b"]
    arts = corpus.articles.set_index("doc_id")
    # One string per distinct word, shared by every article (a new one per occurrence was 130 MiB of
    # str objects on PolNeAR train filed four times).
    word = {}.setdefault
    tokens = {d: [word(w, w) for w in map(str.lower, _WORD.findall(t))]
              for d, t in zip(corpus.articles["doc_id"], corpus.articles["text"])}
    rep = _copy_groups(tokens, dict(zip(corpus.articles["doc_id"], corpus.articles["outlet"])), shingle=shingle,
                       num_perm=num_perm)
    size = Counter(rep.values())
    n_words = {d: len(t) for d, t in tokens.items()}  # each article tokenised once, not again per pair
    pairs = _candidate_pairs({d: t for d, t in tokens.items() if d not in rep}, shingle=shingle, window=window,
                             threshold=threshold, num_perm=num_perm)
    del tokens
    rows = []
    for a, b, is_copy in sorted([(a, b, False) for a, b in pairs] + [(r, c, True) for c, r in rep.items()]):
        text_a, text_b = arts.at[a, "text"], arts.at[b, "text"]
        passages = shared_passages(text_a, text_b, min_words=min_words)
        if not passages:
            continue
        shared = sum(p.n_words for p in passages)
        share_a = round(shared / max(1, n_words[a]), 3)
        share_b = round(shared / max(1, n_words[b]), 3)
        copies_a, copies_b = (1, 1) if is_copy else (size[a] + 1, size[b] + 1)
        for p in passages:
            rows.append({"doc_id": a, "outlet": arts.at[a, "outlet"], "start": p.start_a, "end": p.end_a,
                         "passage": text_a[p.start_a:p.end_a], "doc_id_b": b, "outlet_b": arts.at[b, "outlet"],
                         "start_b": p.start_b, "end_b": p.end_b, "passage_b": text_b[p.start_b:p.end_b],
                         "n_words": p.n_words, "share_a": share_a, "share_b": share_b,
                         "wire": arts.at[a, "wire"], "wire_b": arts.at[b, "wire"], "copy": is_copy,
                         "copies_a": copies_a, "copies_b": copies_b})
    out = pd.DataFrame(rows, columns=columns).astype({"copy": bool, "copies_a": int, "copies_b": int})
    return out.sort_values(["doc_id", "doc_id_b", "start"]).reset_index(drop=True)


@table
def reuse_matrix(corpus: Corpus, passages: pd.DataFrame | None = None) -> pd.DataFrame:
    """Outlet x outlet: words shared (summed over article pairs), both directions filled.

    Columns ``outlet, outlet_b, n_words, n_pairs`` (tidy; pivot it for a heatmap).
    """
    passages = reuse(corpus) if passages is None else passages
    if passages.empty:
        return pd.DataFrame(columns=["outlet", "outlet_b", "n_words", "n_pairs"])
    both = pd.concat([passages, passages.rename(columns={"outlet": "outlet_b", "outlet_b": "outlet",
                                                         "doc_id": "doc_id_b", "doc_id_b": "doc_id"})])
    out = both.groupby(["outlet", "outlet_b"]).agg(n_words=("n_words", "sum"),
                                                   n_pairs=("doc_id_b", "nunique")).reset_index()
    return out.sort_values(["outlet", "outlet_b"]).reset_index(drop=True)


@table
def copied_and_quoted(corpus: Corpus, *, passages: pd.DataFrame | None = None,
                      statements: pd.DataFrame | None = None, min_score: float = 60.0) -> pd.DataFrame:
    """What two articles share: copied passages (:func:`reuse`) and statements quoted alike
    (:func:`analysis.tables.quotes.shared_statements`), in one table.

    Copied passages are identical runs of words; statements quoted alike are
    quotes of one source matched on content words, names and numbers, also
    when the two outlets translate them differently.  A copied passage that
    lies inside a quotation in both articles (``in_quote``) may be the same
    translation of a statement rather than one outlet copying the other.

    ``min_score`` keeps statement pairs scoring at least this much (0-100):
    stricter than ``shared_statements``' own threshold, because below about
    60 the pairs share topic words (Russia, coalition, Euphrates) rather than
    one statement.

    Columns: ``relation`` (copied | quoted), ``doc_id, outlet, start, end,
    text`` (side A, offsets into its text), ``doc_id_b, outlet_b, start_b,
    end_b, text_b`` (side B), ``n_words`` (words in A's passage), ``score``
    (quoted: the shared-statement score, 0-100; copied: 100), ``speaker`` /
    ``speaker_b`` (quoted rows), ``in_quote`` (copied rows inside quotes on
    both sides), ``credit`` / ``credit_b`` (the wire agencies each article
    credits, from :func:`analysis.tables.sources.wire_copy`; '' if none).  A is the
    article with the smaller doc_id.  Sorted by doc ids, relation, then
    ``start``.
    """

    passages = reuse(corpus) if passages is None else passages
    statements = shared_statements(corpus) if statements is None else statements
    credits = wire_copy(corpus).groupby("doc_id")["agency"].agg(lambda a: ", ".join(sorted(set(a)))).to_dict()
    texts = dict(zip(corpus.articles["doc_id"], corpus.articles["text"]))
    marks = {d: QuoteIndex.of(t) for d, t in texts.items()}

    def inside(doc_id: str, start: int, end: int) -> bool:
        return marks[doc_id].contains(start, end)

    rows = []
    for p in passages.itertuples():
        rows.append({"relation": "copied", "doc_id": p.doc_id, "outlet": p.outlet, "start": p.start, "end": p.end,
                     "text": p.passage, "doc_id_b": p.doc_id_b, "outlet_b": p.outlet_b, "start_b": p.start_b,
                     "end_b": p.end_b, "text_b": p.passage_b, "n_words": p.n_words, "score": 100.0,
                     "speaker": "", "speaker_b": "",
                     "in_quote": inside(p.doc_id, p.start, p.end) and inside(p.doc_id_b, p.start_b, p.end_b)})
    for s in statements[statements["score"] >= min_score].itertuples():
        a, b = ("a", "b") if s.doc_id_a <= s.doc_id_b else ("b", "a")
        row = {"relation": "quoted", "in_quote": True, "score": float(s.score)}
        for side, suffix in ((a, ""), (b, "_b")):
            row.update({f"doc_id{suffix}": getattr(s, f"doc_id_{side}"), f"outlet{suffix}": getattr(s, f"outlet_{side}"),
                        f"start{suffix}": getattr(s, f"start_{side}"), f"end{suffix}": getattr(s, f"end_{side}"),
                        f"text{suffix}": getattr(s, f"quote_{side}"),
                        f"speaker{suffix}": getattr(s, f"speaker_{side}") or ""})
        row["n_words"] = len(_words(row["text"]))
        rows.append(row)
    out = pd.DataFrame(rows, columns=COPIED_QUOTED_COLUMNS)
    out["credit"] = out["doc_id"].map(credits).fillna("")
    out["credit_b"] = out["doc_id_b"].map(credits).fillna("")
    out["speaker"] = out["speaker"].fillna("")
    out["speaker_b"] = out["speaker_b"].fillna("")
    return out.sort_values(["doc_id", "doc_id_b", "relation", "start", "start_b"], kind="stable").reset_index(drop=True)
