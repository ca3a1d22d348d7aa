"""Framing measures: hedges and boosters, loaded labels, their rates, and evidence lines.

Every match is split by voice: ``own`` (the outlet's narration) or ``quoted``
(inside quotation marks, so the quoted speaker's words, not the outlet's).
Lexicons are data files with their sources noted:
``data/epistemic_markers.yml`` (Hyland 2005 hedges and boosters; Wikipedia's
"words to watch"; Hooper 1975 factives and assertives as collected by Recasens
et al. 2013) and ``data/loaded_terms.yml``.

Matching is whole-word and case-insensitive over the cleaned text, so every
row carries offsets into ``corpus.articles.text`` and the sentence it stands
in, and any count can be traced back to its sentences with :func:`kwic`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Iterator, NamedTuple

import pandas as pd
import yaml

from .corpus import Corpus

__all__ = ["LexiconMatch", "load_lexicon", "lexicon_matches", "hedges", "loaded_terms", "framing_rates", "kwic"]

MATCH_COLUMNS = ["doc_id", "outlet", "category", "term", "surface", "start", "end", "voice", "sentence"]


class LexiconMatch(NamedTuple):
    category: str
    term: str  # the lexicon entry (its first form)
    start: int
    end: int


@lru_cache(maxsize=8)
def load_lexicon(name: str) -> dict[str, list[list[str]]]:
    """A lexicon data file: category -> entries, each a list of written-out forms."""
    raw = yaml.safe_load(resources.files("analysis.data").joinpath(f"{name}.yml").read_text("utf-8"))
    return {cat: [str(entry).split("|") for entry in entries] for cat, entries in raw.items()}


def _phrase_pattern(forms: list[str]) -> re.Pattern:
    """Whole-word, case-insensitive regex for any of ``forms`` (longest first; spaces match any whitespace)."""
    alternatives = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=8)
def _compiled(name: str) -> list[tuple[str, str, re.Pattern]]:
    out = []
    for category, entries in load_lexicon(name).items():
        for forms in entries:
            out.append((category, forms[0], _phrase_pattern(forms)))
    return out


def lexicon_matches(text: str, lexicon: str) -> Iterator[LexiconMatch]:
    """Every whole-word match of a lexicon's entries in ``text``, in text order.

    When entries overlap ("so-called" and "called", "claimed" as hedge and as
    assertive), each category keeps its own match: categories are separate
    measures.
    """
    found = []
    for category, term, pattern in _compiled(lexicon):
        for m in pattern.finditer(text):
            found.append(LexiconMatch(category, term, m.start(), m.end()))
    found.sort(key=lambda x: (x.start, x.end, x.category, x.term))
    yield from found


def _sentence_finder(corpus: Corpus):
    """(doc_id, start, end) -> the sentence holding that span, from the shared spaCy parse."""
    from .nlp import parse
    from .store import stored_sentence_finder

    stored = stored_sentence_finder(corpus)  # sentences precomputed by analysis.extract (analysis/store.py)
    if stored is not None:
        return stored
    docs = parse(corpus)

    def sentence(doc_id: str, start: int, end: int) -> str:
        doc = docs[doc_id]
        span = doc.char_span(start, end, alignment_mode="expand")
        return span.sent.text if span is not None else doc.text[max(0, start - 80):end + 80]
    return sentence


def _matches_table(corpus: Corpus, lexicon: str, categories: tuple[str, ...] | None = None) -> pd.DataFrame:
    from .quotemarks import QuoteIndex

    sentence = _sentence_finder(corpus)
    rows = []
    for art in corpus.articles.itertuples():
        quotes = QuoteIndex.of(art.text)
        for m in lexicon_matches(art.text, lexicon):
            if categories and m.category not in categories:
                continue
            rows.append((art.doc_id, art.outlet, m.category, m.term, art.text[m.start:m.end], m.start, m.end,
                         "quoted" if quotes.contains(m.start, m.end) else "own",
                         sentence(art.doc_id, m.start, m.end)))
    return pd.DataFrame(rows, columns=MATCH_COLUMNS).sort_values(["doc_id", "start", "category"]) \
        .reset_index(drop=True)


def hedges(corpus: Corpus, *, categories: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Hedges, attribution hedges, boosters, factives and assertives, one row per occurrence.

    Columns: ``doc_id, outlet, category`` (attribution_hedge, hedge, booster,
    factive, assertive), ``term`` (lexicon entry), ``surface`` (exact text),
    ``start, end`` (offsets into the article text), ``voice`` (own | quoted),
    ``sentence``.  Sorted by article and position.
    """
    return _matches_table(corpus, "epistemic_markers", categories)


def loaded_terms(corpus: Corpus, *, categories: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Loaded labels (delegitimising, legitimising, conflict-charged), one row per occurrence.

    Same columns as :func:`hedges`; ``voice == "own"`` rows are the labels the
    outlet applies itself.
    """
    return _matches_table(corpus, "loaded_terms", categories)


def framing_rates(corpus: Corpus, matches: pd.DataFrame) -> pd.DataFrame:
    """Rates per outlet, category and voice: ``outlet, category, voice, n, per_1000_words, n_articles``.

    ``per_1000_words`` divides by the outlet's total words (all voices), so
    own and quoted rates add up to the outlet's overall rate.  Every outlet x
    category x voice appears, zeros included.
    """
    words = corpus.articles.groupby("outlet")["n_words"].sum()
    categories = sorted(matches["category"].unique()) if len(matches) else []
    grid = pd.MultiIndex.from_product([sorted(words.index), categories, ["own", "quoted"]],
                                      names=["outlet", "category", "voice"])
    counts = matches.groupby(["outlet", "category", "voice"]).agg(n=("start", "size"),
                                                                  n_articles=("doc_id", "nunique"))
    out = counts.reindex(grid, fill_value=0).reset_index()
    out["per_1000_words"] = (1000 * out["n"] / out["outlet"].map(words)).round(2)
    return out[["outlet", "category", "voice", "n", "per_1000_words", "n_articles"]]


def kwic(corpus: Corpus, term_or_span, *, window: int = 60, voice: str | None = None) -> pd.DataFrame:
    """Keyword-in-context evidence lines.

    Args:
        term_or_span: a word or phrase (case-insensitive, whole words), or a
            ``(doc_id, start, end)`` tuple for one span (e.g. a row of any table).
        window: characters of context on each side.
        voice: keep only ``own`` or ``quoted`` matches (None: both).

    Returns:
        ``doc_id, outlet, start, end, left, match, right, voice``, sorted by
        article and position; line breaks in the context shown as " / ".
    """
    from .quotemarks import QuoteIndex

    arts = corpus.articles
    if isinstance(term_or_span, tuple):
        doc_id, start, end = term_or_span
        hits = [(doc_id, int(start), int(end))]
    else:
        pattern = _phrase_pattern([str(term_or_span)])
        hits = [(row.doc_id, m.start(), m.end()) for row in arts.itertuples() for m in pattern.finditer(row.text)]
    texts = dict(zip(arts["doc_id"], arts["text"]))
    outlets = dict(zip(arts["doc_id"], arts["outlet"]))
    indexes: dict[str, QuoteIndex] = {}
    rows = []
    for doc_id, start, end in hits:
        text = texts[doc_id]
        index = indexes.setdefault(doc_id, QuoteIndex.of(text))
        this_voice = "quoted" if index.contains(start, end) else "own"
        if voice and this_voice != voice:
            continue
        flat = lambda s: re.sub(r"\s*\n+\s*", " / ", s)  # noqa: E731
        rows.append((doc_id, outlets[doc_id], start, end, flat(text[max(0, start - window):start]),
                     text[start:end], flat(text[end:end + window]), this_voice))
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "start", "end", "left", "match", "right", "voice"]) \
        .sort_values(["doc_id", "start"]).reset_index(drop=True)
