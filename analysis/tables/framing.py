"""Framing measures: hedges and boosters, loaded labels, scare quotes, their rates, and evidence lines.

Every match is split by voice: ``own`` (the outlet's narration) or ``quoted``
(inside quotation marks, so the quoted speaker's words, not the outlet's), and
carries ``attributed_to``: the speaker of the quote (direct or reported speech,
from :func:`analysis.tables.quotes.quotes`) whose content holds the match, so a hedge in
"the ministry said the move may be ..." shows it paraphrases the ministry.
Lexicons are data files with their sources noted:
``data/epistemic_markers.yml`` (Hyland 2005 hedges and boosters; Wikipedia's
"words to watch"; Hooper 1975 factives and assertives as collected by Recasens
et al. 2013) and ``data/loaded_terms.yml``.

Matching is whole-word and case-insensitive over the cleaned text, so every
row carries offsets into ``corpus.articles.text`` and the sentence it stands
in, and any count can be traced back to its sentences with :func:`kwic`.
"""
from __future__ import annotations

import bisect
import inspect
import re

import pandas as pd

from ..core.corpus import Corpus
from ..extract.framing import lexicon_matches, phrase_pattern
from ..extract.quotemarks import QuoteIndex, quoted_spans
from ..extract.quotes.scare import head_word, is_scare_quote
from ..nlp import parse
from ..store import article_rows, table
from .actors import actors as actor_table
from .quotes import quotes, speaker_name

__all__ = ["MATCH_COLUMNS", "SCARE_COLUMNS", "hedges", "loaded_terms", "scare_quotes", "framing_rates",
           "own_voice_rates", "kwic", "evidence_lines"]

MATCH_COLUMNS = ["doc_id", "outlet", "category", "term", "surface", "start", "end", "voice", "attributed_to",
                 "sentence"]
SCARE_COLUMNS = ["doc_id", "outlet", "phrase", "start", "end", "so_called", "actor_id", "actor", "actor_how",
                 "head", "voice", "attributed_to", "echoes", "sentence"]
class _ArticleContext:
    """One article's quotation marks, sentences and quotes, for voice, attribution and evidence lookups.

    Voice comes from :class:`analysis.extract.quotemarks.QuoteIndex` (the quote
    extractor's mark pairing); sentences from the ``sentences`` rows
    (:func:`analysis.store.article_rows`); ``attributed_to`` from
    :func:`analysis.tables.quotes.quotes` rows.
    """

    def __init__(self, text: str, quote_rows: pd.DataFrame, sent_bounds: list[tuple[int, int]] | None = None):
        self.text = text
        self.marks = QuoteIndex.of(text)
        self.sent_bounds = sent_bounds if sent_bounds is not None else [(0, len(text))]
        self.sent_starts = [b[0] for b in self.sent_bounds]
        self.quotes = [(int(r.start), int(r.end), speaker_name(r.speaker, r.speaker_mention))
                       for r in quote_rows.itertuples()]

    def voice(self, start: int, end: int) -> str:
        return "quoted" if self.marks.contains(start, end) else "own"

    def sentence_bounds(self, start: int) -> tuple[int, int]:
        return self.sent_bounds[max(0, bisect.bisect_right(self.sent_starts, start) - 1)]

    def sentence(self, start: int) -> str:
        s, e = self.sentence_bounds(start)
        return self.text[s:e].strip()

    def attributed_to(self, start: int, end: int) -> str:
        """The speaker of the shortest quote whose content holds ``[start, end)`` ('' if none)."""
        holding = [(e - s, who) for s, e, who in self.quotes if s <= start and end <= e and who]
        return min(holding)[1] if holding else ""


@table(persist=False)
def _contexts(corpus: Corpus, *, parsed: bool = True) -> dict[str, _ArticleContext]:
    """Per-article contexts; ``parsed=False`` leaves out the sentences and the quotes."""
    empty = pd.DataFrame(columns=["doc_id", "start", "end", "speaker", "speaker_mention"])
    bounds, by_doc = None, {}
    if parsed:
        bounds = {d: [(r["start"], r["end"]) for r in rows] for d, rows in article_rows(corpus, "sentences").items()}
        by_doc = {d: g for d, g in quotes(corpus).groupby("doc_id")}
    return {row.doc_id: _ArticleContext(row.text, by_doc.get(row.doc_id, empty), bounds[row.doc_id] if bounds else None)
            for row in corpus.articles.itertuples()}


def _matches_table(corpus: Corpus, lexicon: str, categories: tuple[str, ...] | None = None) -> pd.DataFrame:
    contexts = _contexts(corpus)
    rows = []
    for art in corpus.articles.itertuples():
        ctx = contexts[art.doc_id]
        for m in lexicon_matches(art.text, lexicon):
            if categories and m.category not in categories:
                continue
            rows.append((art.doc_id, art.outlet, m.category, m.term, art.text[m.start:m.end], m.start, m.end,
                         ctx.voice(m.start, m.end), ctx.attributed_to(m.start, m.end), ctx.sentence(m.start)))
    return pd.DataFrame(rows, columns=MATCH_COLUMNS).sort_values(["doc_id", "start", "category"]) \
        .reset_index(drop=True)


@table
def hedges(corpus: Corpus, *, categories: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Hedges, attribution hedges, boosters, factives and assertives, one row per occurrence.

    Columns: ``doc_id, outlet, category`` (attribution_hedge, hedge, booster,
    factive, assertive), ``term`` (lexicon entry), ``surface`` (exact text),
    ``start, end`` (offsets into the article text), ``voice`` (own | quoted),
    ``attributed_to`` (speaker of the direct or reported speech holding the
    match, '' for the outlet's narration), ``sentence``.  Sorted by article
    and position.  Approximators ("about", "around") count only before a
    number.
    """
    return _matches_table(corpus, "epistemic_markers", categories)


@table
def loaded_terms(corpus: Corpus, *, categories: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Loaded labels (delegitimising, legitimising, conflict-charged), one row per occurrence.

    Same columns as :func:`hedges`; ``voice == "own"`` rows are the labels the
    outlet applies itself.
    """
    return _matches_table(corpus, "loaded_terms", categories)


_SO_CALLED = re.compile(r"\bso[- ]called\s*$", re.IGNORECASE)
_MARKS = " \"“”‘’'„«»`"


@table
def scare_quotes(corpus: Corpus, *, max_words: int = 4) -> pd.DataFrame:
    """Scare quotes: short quoted phrases no one is said to have spoken, and the actor each is about.

    Every quoted span (nested ones included, from
    :func:`analysis.extract.quotemarks.quoted_spans`) that the quote extractor's test
    :func:`analysis.extract.quotes.scare.is_scare_quote` calls a scare quote (a short phrase
    after "so-called", "dubbed" ..., or one no reporting verb governs) is a row;
    a phrase nested in a quotation is tested on the quoted words alone, so the
    speaker's scare quotes count as theirs.

    The actor it is about: an actor mention (:func:`analysis.tables.actors.actors`) inside
    the phrase (``actor_how = "inside"``), else the actor mention nearest to it
    in the same sentence (``"nearest"``); ``head`` is the word the phrase
    depends on in the parse (the noun or verb it modifies).  A scare quote
    inside a quotation is the speaker's (``voice = "quoted"``,
    ``attributed_to`` the speaker); ``echoes`` names the speaker of an earlier
    quote in the article that used the same words (an outlet repeating
    someone's words in quotation marks to distance itself from them).

    Columns: ``doc_id, outlet, phrase`` (without the marks), ``start, end``
    (offsets of the phrase with its marks), ``so_called`` (bool: after
    "so-called"), ``actor_id, actor, actor_how, head, voice`` (own | quoted),
    ``attributed_to, echoes, sentence``.  Sorted by article and position.
    """
    contexts = _contexts(corpus)
    mentions = actor_table(corpus)
    mentions_by_doc = {d: g for d, g in mentions.groupby("doc_id")}
    # The parse-dependent tests at the default max_words are the ``spans`` rows; another
    # max_words tests the shared parse again.
    default = max_words == inspect.signature(is_scare_quote).parameters["max_words"].default
    spans = article_rows(corpus, "spans") if default else None
    docs = None if default else parse(corpus)
    rows = []
    for art in corpus.articles.itertuples():
        ctx = contexts[art.doc_id]
        text = art.text
        tests = {(r["start"], r["end"]): (r["scare"], r["head"]) for r in spans[art.doc_id]} if default else None
        top = quoted_spans(text)
        for span in quoted_spans(text, nested=True):
            outer = next((q for q in top if q.start < span.start and span.end <= q.end), None)
            if outer is None:
                scare = tests[(span.start, span.end)][0] if tests is not None else \
                    is_scare_quote(docs[art.doc_id], span.start, span.end, max_words=max_words)
            else:
                # Inside a quotation the outer quote's own cue ("..., he said") governs
                # everything: test the nested phrase against the quoted words alone.
                scare = is_scare_quote(text[outer.start:outer.end], span.start - outer.start,
                                       span.end - outer.start, max_words=max_words)
            if not scare:
                continue
            phrase = text[span.start:span.end].strip(_MARKS).rstrip(".,;:!?").strip(_MARKS)
            if not phrase:
                continue
            quoted = outer is not None
            actor_id, actor, how = _actor_near(mentions_by_doc.get(art.doc_id), ctx, span.start, span.end)
            rows.append((art.doc_id, art.outlet, phrase, span.start, span.end,
                         bool(_SO_CALLED.search(text[max(0, span.start - 20):span.start])),
                         actor_id, actor, how,
                         tests[(span.start, span.end)][1] if tests is not None else
                         head_word(docs[art.doc_id], span.start, span.end),
                         "quoted" if quoted else "own", ctx.attributed_to(span.start, span.end),
                         _echoed_speaker(ctx, phrase, span.start), ctx.sentence(span.start)))
    return pd.DataFrame(rows, columns=SCARE_COLUMNS).sort_values(["doc_id", "start"]).reset_index(drop=True)


def _actor_near(doc_mentions: pd.DataFrame | None, ctx: _ArticleContext, start: int, end: int
                ) -> tuple[str, str, str]:
    """(actor_id, actor_name, how) for the actor mention inside the span, else the nearest in its sentence."""
    if doc_mentions is None or doc_mentions.empty:
        return "", "", ""
    inside = doc_mentions[(doc_mentions["start"] >= start) & (doc_mentions["end"] <= end)]
    if len(inside):
        best = inside.sort_values("start").iloc[0]
        return str(best["actor_id"]), str(best["actor_name"]), "inside"
    s_start, s_end = ctx.sentence_bounds(start)
    near = doc_mentions[(doc_mentions["start"] >= s_start) & (doc_mentions["end"] <= s_end)]
    if near.empty:
        return "", "", ""
    # Distance from the phrase to the mention, in characters (0 for touching).
    distance = (near["start"] - end).clip(lower=0) + (start - near["end"]).clip(lower=0)
    order = near.assign(_d=distance).sort_values(["_d", "start"])
    best = order.iloc[0]
    return str(best["actor_id"]), str(best["actor_name"]), "nearest"


def _echoed_speaker(ctx: _ArticleContext, phrase: str, before: int) -> str:
    """Speaker of an earlier quote in the article whose words include ``phrase`` ('' if none)."""
    needle = phrase.casefold()
    for start, end, who in ctx.quotes:
        if end <= before and who and needle in ctx.text[start:end].casefold():
            return who
    return ""


def framing_rates(corpus: Corpus, matches: pd.DataFrame, *, categories: list[str] | None = None) -> pd.DataFrame:
    """Rates per outlet, category and voice: ``outlet, category, voice, n, per_1000_words, n_articles``.

    ``per_1000_words`` divides by the outlet's total words (all voices), so
    own and quoted rates add up to the outlet's overall rate.  Every outlet x
    category x voice appears, zeros included (``categories`` fixes the
    category list, so a measure with no match still shows its zeros).
    """
    words = corpus.articles.groupby("outlet")["n_words"].sum()
    if categories is None:
        categories = sorted(matches["category"].unique()) if len(matches) else []
    grid = pd.MultiIndex.from_product([sorted(words.index), categories, ["own", "quoted"]],
                                      names=["outlet", "category", "voice"])
    counts = matches.groupby(["outlet", "category", "voice"]).agg(n=("start", "size"),
                                                                  n_articles=("doc_id", "nunique"))
    out = counts.reindex(grid, fill_value=0).reset_index()
    out["per_1000_words"] = (1000 * out["n"] / out["outlet"].map(words)).round(2)
    return out[["outlet", "category", "voice", "n", "per_1000_words", "n_articles"]]


@table
def own_voice_rates(corpus: Corpus, *, hedge_table: pd.DataFrame | None = None,
                    loaded_table: pd.DataFrame | None = None, scare_table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Hedges, boosters, scare quotes and loaded labels per 1,000 words, by outlet and voice.

    One table for the report: ``outlet, measure`` (hedges | scare quotes |
    loaded terms), ``category`` (the lexicon category; "scare quote" for
    scare quotes), ``voice`` (own | quoted), ``n, per_1000_words,
    n_articles`` as in :func:`framing_rates` (every outlet x category x voice,
    zeros included).  Sorted by measure, category, outlet, voice.
    """
    hedge_table = hedges(corpus) if hedge_table is None else hedge_table
    loaded_table = loaded_terms(corpus) if loaded_table is None else loaded_table
    scare_table = scare_quotes(corpus) if scare_table is None else scare_table
    parts = []
    for measure, matches, categories in (
            ("hedges", hedge_table, None), ("loaded terms", loaded_table, None),
            ("scare quotes", scare_table.assign(category="scare quote"), ["scare quote"])):
        parts.append(framing_rates(corpus, matches, categories=categories).assign(measure=measure))
    out = pd.concat(parts, ignore_index=True)
    return out[["outlet", "measure", "category", "voice", "n", "per_1000_words", "n_articles"]] \
        .sort_values(["measure", "category", "outlet", "voice"], kind="stable").reset_index(drop=True)


@table(persist=False)  # a lookup: per span or term, kept in memory only
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
    arts = corpus.articles
    if isinstance(term_or_span, tuple):
        doc_id, start, end = term_or_span
        hits = [(doc_id, int(start), int(end))]
    else:
        pattern = phrase_pattern([str(term_or_span)])
        hits = [(row.doc_id, m.start(), m.end()) for row in arts.itertuples() for m in pattern.finditer(row.text)]
    texts = dict(zip(arts["doc_id"], arts["text"]))
    outlets = dict(zip(arts["doc_id"], arts["outlet"]))
    contexts = _contexts(corpus, parsed=False)
    rows = []
    for doc_id, start, end in hits:
        text = texts[doc_id]
        this_voice = contexts[doc_id].voice(start, end)
        if voice and this_voice != voice:
            continue
        flat = lambda s: re.sub(r"\s*\n+\s*", " / ", s)  # noqa: E731
        rows.append((doc_id, outlets[doc_id], start, end, flat(text[max(0, start - window):start]),
                     text[start:end], flat(text[end:end + window]), this_voice))
    return pd.DataFrame(rows, columns=["doc_id", "outlet", "start", "end", "left", "match", "right", "voice"]) \
        .sort_values(["doc_id", "start"]).reset_index(drop=True)


def evidence_lines(corpus: Corpus, rows: pd.DataFrame, *, label: str, window: int = 60) -> pd.DataFrame:
    """KWIC lines for every row of a table with ``doc_id, start, end`` (hedges, scare quotes, sources ...).

    Columns: ``what`` (the row's ``label`` column, e.g. the category), then
    :func:`kwic`'s ``doc_id, outlet, start, end, left, match, right, voice``.
    Rows without offsets are left out.  Sorted by article and position.  A
    ``voice`` column in ``rows`` wins over the KWIC's: a scare quote is inside
    its own quotation marks, yet the table knows whose voice it is.
    """
    cols = ["what", "doc_id", "outlet", "start", "end", "left", "match", "right", "voice"]
    rows = rows.dropna(subset=["start", "end"])
    parts = []
    for r in rows.itertuples():
        line = kwic(corpus, (r.doc_id, int(r.start), int(r.end)), window=window).assign(what=str(getattr(r, label)))
        if "voice" in rows.columns and isinstance(getattr(r, "voice"), str):
            line = line.assign(voice=r.voice)
        parts.append(line)
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols].sort_values(["doc_id", "start", "what"], kind="stable") \
        .reset_index(drop=True)
