"""Summaries of who speaks, per outlet, for the reports.

Small tables built on :func:`analysis.quotes` (kept out of ``quotes.py``,
which owns extraction): the most quoted speakers per outlet and the
reporting-verb classes each outlet uses.
"""
from __future__ import annotations

import pandas as pd

from .corpus import Corpus

__all__ = ["top_speakers", "verb_classes_by_outlet"]


def _speaker_label(quotes: pd.DataFrame) -> pd.Series:
    """The resolved speaker name, or the words naming it, or '(unknown)'."""
    label = quotes["speaker"].where(quotes["speaker"].fillna("").astype(str).str.len() > 0,
                                    quotes["speaker_mention"])
    return label.fillna("(unknown)").replace("", "(unknown)")


def top_speakers(corpus: Corpus, *, n: int = 5, quotes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``n`` most quoted speakers of each outlet.

    Speakers are grouped by actor id where the quote extractor linked one
    (so "Dunford" and "General Joe Dunford" are one speaker), else by name.

    Columns: ``outlet, rank, speaker, speaker_actor_id, side, quotes,
    quoted_words, direct, anonymous``; ranked by quotes, then quoted words,
    then name.
    """
    from .quotes import quotes as quote_table

    q = quote_table(corpus) if quotes is None else quotes
    cols = ["outlet", "rank", "speaker", "speaker_actor_id", "side", "quotes", "quoted_words", "direct", "anonymous"]
    if q.empty:
        return pd.DataFrame(columns=cols)
    q = q.assign(label=_speaker_label(q), speaker_actor_id=q["speaker_actor_id"].fillna(""),
                 side=q["side"].fillna("unknown").replace("", "unknown"))
    q["key"] = q["speaker_actor_id"].where(q["speaker_actor_id"] != "", "name:" + q["label"])
    # The longest name used for the speaker (the fullest form) labels the group.
    names = q.assign(_len=q["label"].str.len()).sort_values(["key", "_len", "label"], ascending=[True, False, True]) \
        .drop_duplicates("key").set_index("key")["label"]
    out = q.groupby(["outlet", "key"]).agg(side=("side", "first"), speaker_actor_id=("speaker_actor_id", "first"),
                                           quotes=("quote", "size"), quoted_words=("n_words", "sum"),
                                           direct=("kind", lambda s: int((s == "direct").sum())),
                                           anonymous=("anonymous", "sum")).reset_index()
    out["speaker"] = out["key"].map(names)
    out = out.sort_values(["outlet", "quotes", "quoted_words", "speaker"], ascending=[True, False, False, True],
                          kind="stable")
    out["rank"] = out.groupby("outlet").cumcount() + 1
    out = out[out["rank"] <= n].astype({"quotes": int, "quoted_words": int, "direct": int, "anonymous": int})
    return out[cols].reset_index(drop=True)


def verb_classes_by_outlet(corpus: Corpus, *, profile: pd.DataFrame | None = None) -> pd.DataFrame:
    """Reporting-verb classes per outlet, all speakers together: ``outlet, verb_class, quotes, share``.

    From :func:`analysis.verb_profile` summed over sides; ``share`` of the
    outlet's cued quotes, rounded to 3 places.
    """
    from .quotes import verb_profile

    profile = verb_profile(corpus) if profile is None else profile
    cols = ["outlet", "verb_class", "quotes", "share"]
    if profile.empty:
        return pd.DataFrame(columns=cols)
    out = profile.groupby(["outlet", "verb_class"])["quotes"].sum().reset_index()
    out["share"] = (out["quotes"] / out.groupby("outlet")["quotes"].transform("sum")).round(3)
    return out[cols].sort_values(["outlet", "verb_class"]).reset_index(drop=True)
