"""Distinctive vocabulary: weighted log-odds ratios with an informative Dirichlet prior.

Method: Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008), "Fightin' Words:
Lexical Feature Selection and Evaluation for Identifying the Content of
Political Conflict", Political Analysis 16(4), section 3.5, with the prior
taken from the pooled counts of the whole corpus, as R's tidylo package
(Schnoebelen & Silge, ``bind_log_odds``) does.  For term w, group i (an outlet)
and its comparison j (the rest of the corpus, or one other outlet):

    omega_i = (y_iw + a_w) / (n_i + a_0 - y_iw - a_w)
    delta   = log omega_i - log omega_j
    sigma^2 = 1 / (y_iw + a_w) + 1 / (y_jw + a_w)
    z       = delta / sigma

where ``a_w`` is the pooled count of w (times ``prior_scale``) and ``a_0``
their sum.  ``|z| > 1.96`` is the conventional 5 % threshold (two-sided); with
few articles per outlet, read it as a ranking, not a test.

Tokens: lower-cased words (letters, digits, inner hyphens and apostrophes),
from the outlet's own voice, quoted speech, or both (``voice``).
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Iterable, Iterator

import numpy as np
import pandas as pd

from ..core.corpus import Corpus
from ..extract.quotemarks import quoted_spans
from ..store import table

__all__ = ["distinctive_terms", "term_counts", "tokenize", "group_sizes", "Z_THRESHOLD"]

Z_THRESHOLD = 1.96
# Dotted abbreviations ("U.S.", "U.N.") are one token; otherwise words with
# inner hyphens or apostrophes.
_WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:[-'’][^\W_]+)*")


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens without punctuation; inner hyphens and apostrophes stay ("us-led", "syria's")."""
    return [m.group(0).lower().replace("’", "'") for m in _WORD.finditer(text)]


def _ngrams(tokens: list[str], n: int) -> Iterator[str]:
    if n == 1:
        yield from tokens
    else:
        for i in range(len(tokens) - n + 1):
            yield " ".join(tokens[i:i + n])


def _voice_segments(corpus: Corpus, voice: str) -> Iterable[tuple[str, str, str]]:
    """(doc_id, outlet, text piece) for the requested voice: own, quoted or all."""
    if voice not in ("own", "quoted", "all"):
        raise ValueError(f"voice must be 'own', 'quoted' or 'all', not {voice!r}")
    if voice == "all":
        for row in corpus.articles.itertuples():
            yield row.doc_id, row.outlet, row.text
        return
    for row in corpus.articles.itertuples():
        spans = quoted_spans(row.text)
        if voice == "quoted":
            for q in spans:
                yield row.doc_id, row.outlet, row.text[q.start:q.end]
        else:
            pos = 0
            for q in spans:
                yield row.doc_id, row.outlet, row.text[pos:q.start]
                pos = q.end
            yield row.doc_id, row.outlet, row.text[pos:]


@table
def term_counts(corpus: Corpus, *, by: str = "outlet", ngram: int = 1, voice: str = "own") -> pd.DataFrame:
    """Term counts per group: ``group, term, n`` plus ``n_tokens`` and ``n_docs`` of the group.

    N-grams never span a quote boundary or a paragraph break.
    """
    if by not in corpus.articles.columns:
        raise ValueError(f"cannot group by {by!r}: the article table has no such column")
    group_of = dict(zip(corpus.articles["doc_id"], corpus.articles[by].astype(str)))
    counts: dict[str, Counter] = {}
    tokens_per_group: Counter = Counter()
    for doc_id, _outlet, piece in _voice_segments(corpus, voice):
        group = group_of[doc_id]
        bucket = counts.setdefault(group, Counter())
        for paragraph in piece.split("\n"):
            grams = list(_ngrams(tokenize(paragraph), ngram))
            bucket.update(grams)
            tokens_per_group[group] += len(grams)
    docs = corpus.articles.groupby(corpus.articles[by].astype(str))["doc_id"].nunique()
    rows = [(g, t, n) for g, c in counts.items() for t, n in c.items()]
    frame = pd.DataFrame(rows, columns=["group", "term", "n"])
    frame["n_tokens"] = frame["group"].map(tokens_per_group).astype(int)
    frame["n_docs"] = frame["group"].map(docs).astype(int)
    return frame.sort_values(["group", "term"]).reset_index(drop=True)


@table
def distinctive_terms(corpus: Corpus, *, by: str = "outlet", vs: str = "rest", ngram: int = 1,
                      min_count: int = 1, voice: str = "own", prior_scale: float = 1.0,
                      drop_stopwords: bool = False) -> pd.DataFrame:
    """Terms most distinctive of each group (outlet) against the rest, or against one other group.

    Args:
        by: article column to group by (``outlet`` by default).
        vs: ``"rest"`` (each group against all the others) or the name of one
            group (every other group against it, pairwise).
        ngram: 1 for words, 2 for bigrams.
        min_count: drop terms used fewer times than this in the group (1 keeps all).
        voice: ``own`` (outside quotation marks), ``quoted`` or ``all``.
        prior_scale: multiplies the pooled counts used as the Dirichlet prior.
        drop_stopwords: leave out function words (spaCy's English stop-word
            list) and n-grams made only of them from the result; they still
            count in the totals and the prior, so the z-scores do not change.

    Returns:
        One row per group and term: ``outlet`` (the group), ``vs``, ``term``,
        ``n`` (count in the group), ``n_vs`` (count in the comparison),
        ``rate_per_1000`` (per 1,000 tokens in the group), ``log_odds``
        (delta), ``z`` (weighted log-odds), ``significant`` (``|z| >`` 1.96),
        ``n_tokens`` / ``n_docs`` (group size), ``n_tokens_vs`` / ``n_docs_vs``
        (comparison size).  Sorted by group, then ``z`` descending, then term.
    """
    if ngram not in (1, 2, 3):
        raise ValueError("ngram must be 1, 2 or 3")
    counts = term_counts(corpus, by=by, ngram=ngram, voice=voice)
    columns = ["outlet", "vs", "term", "n", "n_vs", "rate_per_1000", "log_odds", "z", "significant",
               "n_tokens", "n_docs", "n_tokens_vs", "n_docs_vs"]
    if counts.empty:
        return pd.DataFrame(columns=columns)
    table = counts.pivot_table(index="term", columns="group", values="n", aggfunc="sum", fill_value=0)
    groups = sorted(table.columns)
    if vs != "rest" and vs not in groups:
        raise ValueError(f"vs={vs!r} is neither 'rest' nor one of the groups: {groups}")
    sizes = counts.drop_duplicates("group").set_index("group")
    content = np.ones(len(table), dtype=bool)
    if drop_stopwords:
        from spacy.lang.en.stop_words import STOP_WORDS

        content = np.array([not all(w in STOP_WORDS or w.replace("’", "'") in STOP_WORDS for w in t.split())
                            for t in table.index])
    prior = table.sum(axis=1).to_numpy(dtype=float) * prior_scale
    a0 = prior.sum()
    frames = []
    for group in groups:
        if group == vs:
            continue
        y_i = table[group].to_numpy(dtype=float)
        others = [g for g in groups if g != group] if vs == "rest" else [vs]
        y_j = table[others].sum(axis=1).to_numpy(dtype=float)
        n_i, n_j = y_i.sum(), y_j.sum()
        omega_i = (y_i + prior) / (n_i + a0 - y_i - prior)
        omega_j = (y_j + prior) / (n_j + a0 - y_j - prior)
        delta = np.log(omega_i) - np.log(omega_j)
        sigma = np.sqrt(1.0 / (y_i + prior) + 1.0 / (y_j + prior))
        z = delta / sigma
        keep = (y_i >= max(min_count, 1)) & content
        frames.append(pd.DataFrame({
            "outlet": group, "vs": vs, "term": table.index[keep], "n": y_i[keep].astype(int),
            "n_vs": y_j[keep].astype(int),
            "rate_per_1000": np.round(1000 * y_i[keep] / n_i, 2) if n_i else 0.0,
            "log_odds": np.round(delta[keep], 3), "z": np.round(z[keep], 3),
            "significant": np.abs(z[keep]) > Z_THRESHOLD,
            "n_tokens": int(sizes.loc[group, "n_tokens"]), "n_docs": int(sizes.loc[group, "n_docs"]),
            "n_tokens_vs": int(sum(sizes.loc[o, "n_tokens"] for o in others)),
            "n_docs_vs": int(sum(sizes.loc[o, "n_docs"] for o in others)),
        }))
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    return out.sort_values(["outlet", "z", "term"], ascending=[True, False, True], kind="stable")[columns] \
        .reset_index(drop=True)


def group_sizes(terms: pd.DataFrame) -> pd.DataFrame:
    """The sizes behind a :func:`distinctive_terms` table, to show beside it.

    Columns: ``outlet, vs, n_tokens, n_docs, n_tokens_vs, n_docs_vs, n_terms,
    n_significant`` (terms over the ``|z| > 1.96`` threshold).
    """
    cols = ["outlet", "vs", "n_tokens", "n_docs", "n_tokens_vs", "n_docs_vs", "n_terms", "n_significant"]
    if terms.empty:
        return pd.DataFrame(columns=cols)
    out = terms.groupby(["outlet", "vs"]).agg(n_tokens=("n_tokens", "first"), n_docs=("n_docs", "first"),
                                              n_tokens_vs=("n_tokens_vs", "first"),
                                              n_docs_vs=("n_docs_vs", "first"), n_terms=("term", "size"),
                                              n_significant=("significant", "sum")).reset_index()
    return out.astype({"n_significant": int})[cols].sort_values(["outlet", "vs"]).reset_index(drop=True)
