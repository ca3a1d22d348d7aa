"""Corpus overview tables: what was loaded, from whom, when, how long, and what was dropped.

Every function takes a :class:`~analysis.core.corpus.Corpus` and returns a tidy
DataFrame sorted so that the same corpus always gives the same table.
"""
from __future__ import annotations

import pandas as pd

from ..core.corpus import Corpus
from ..store import table

__all__ = ["article_table", "outlet_summary", "removed_summary", "removed_lines"]


@table
def article_table(corpus: Corpus) -> pd.DataFrame:
    """One row per article: ``doc_id, outlet, date, title, wire, n_words, n_removed, encoding``."""
    cols = ["doc_id", "outlet", "date", "title", "wire", "n_words", "n_removed", "encoding"]
    return corpus.articles[cols].sort_values(["outlet", "date", "doc_id"], kind="stable").reset_index(drop=True)


@table
def outlet_summary(corpus: Corpus) -> pd.DataFrame:
    """One row per outlet: ``outlet, n_articles, first_date, last_date, n_words, mean_words, wire_share``.

    ``wire_share`` is the share of the outlet's articles credited to a wire
    agency (manifest ``wire`` column or a credit line in the text).
    """
    arts = corpus.articles
    if arts.empty:
        return pd.DataFrame(columns=["outlet", "n_articles", "first_date", "last_date", "n_words", "mean_words",
                                     "wire_share"])
    grouped = arts.assign(has_wire=arts["wire"].astype(str).str.len() > 0).groupby("outlet", sort=True)
    out = grouped.agg(n_articles=("doc_id", "size"), first_date=("date", "min"), last_date=("date", "max"),
                      n_words=("n_words", "sum"), mean_words=("n_words", "mean"), wire_share=("has_wire", "mean"))
    out["mean_words"] = out["mean_words"].astype(float).round(1)
    out["wire_share"] = out["wire_share"].astype(float).round(2)
    return out.reset_index()


@table
def removed_summary(corpus: Corpus) -> pd.DataFrame:
    """Lines removed as boilerplate, counted per outlet and reason: ``outlet, reason, n_lines, n_articles``."""
    rem = corpus.removed.merge(corpus.articles[["doc_id", "outlet"]], on="doc_id")
    if rem.empty:
        return pd.DataFrame(columns=["outlet", "reason", "n_lines", "n_articles"])
    out = rem.groupby(["outlet", "reason"]).agg(n_lines=("line_no", "size"), n_articles=("doc_id", "nunique"))
    return out.reset_index().sort_values(["outlet", "n_lines", "reason"], ascending=[True, False, True],
                                         kind="stable").reset_index(drop=True)


@table
def removed_lines(corpus: Corpus, *, doc_id: str | None = None) -> pd.DataFrame:
    """The removed lines themselves: ``doc_id, outlet, line_no, reason, text`` (one article with ``doc_id``)."""
    rem = corpus.removed.merge(corpus.articles[["doc_id", "outlet"]], on="doc_id")
    if doc_id is not None:
        rem = rem[rem["doc_id"] == doc_id]
    return rem[["doc_id", "outlet", "line_no", "reason", "text"]].sort_values(["doc_id", "line_no"]).reset_index(drop=True)
