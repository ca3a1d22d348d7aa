"""Sourcing: the sources each article cites, and how it cites them.

Four kinds of evidence, each a row with its offsets (``start, end`` into
``corpus.articles.text``; empty for credit lines the cleaner removed, which
keep their line in ``evidence``):

* ``credit`` -- a wire credit line ("Source: AFP", "-- Reuters") that
  :mod:`analysis.core.clean` removed (``corpus.removed``, reason "wire credit") or
  that is still in the text; ``manifest`` when only the manifest's ``wire``
  column credits an agency.
* ``dateline`` -- an agency in a dateline: "MOSCOW (AFP) -", "(Reuters) --",
  "AP --" at the start of a paragraph.
* ``attribution`` -- a medium the text cites ("told Sputnik", "according to
  the Washington Post", "in an interview with CNN") and unattributed frames
  ("it was reported", "reportedly").
* ``quote`` -- every quote's speaker (:func:`analysis.tables.quotes.quotes`), typed: a news
  medium ("Kommersant daily said"), an official body, a person, an
  organisation, or anonymous; ``medium`` keeps the document it spoke
  through ("said in a statement").

Cues (agencies, media words, document words) are a data file,
``data/media_sources.yml``, with its sources noted.  The typing of speakers
follows the named/anonymous distinction of sourcing studies (e.g. Sigal 1973,
"Reporters and Officials"; the anonymous-source coding of Duffy & Freeman
2011) and the medium/source split of Pareti's (2016) PARC scheme.
"""
from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from ..core.corpus import Corpus
from ..core.lexicons import alternatives, source_cues, speaker_nouns
from ..store import table
from .actors import actors as actor_table
from .quotes import quotes

__all__ = ["SOURCE_COLUMNS", "sources", "source_summary", "typed_quotes", "wire_copy", "wire_credits"]

SOURCE_COLUMNS = ["doc_id", "outlet", "source", "source_type", "how", "medium", "start", "end", "evidence"]
# Actor types (analysis.core.dictionary.ACTOR_TYPES) that speak for a state.
_OFFICIAL_TYPES = {"state", "government", "military"}
# A capitalised name of up to six words on one line ("the Washington Post", "Al-Masdar News");
# a full stop belongs to it only inside an abbreviation ("U.S.").
_NAME_WORD = r"(?:[A-Z]|al-[A-Z])(?:[\w&'’-]|\.(?=\w))*"
_NAME = rf"{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|of|de|the|and|&)){{0,5}}"
_ATTRIBUTION_CUES = (r"told|tells|telling|according\s+to|cited\s+by|quoted\s+by|in\s+an\s+interview\s+with|"
                     r"interviewed\s+by|speaking\s+to|speaking\s+with|spoke\s+to|spoke\s+with|reported\s+by|"
                     r"said\s+to|wrote\s+in|writing\s+in|told\s+the")


def _agency_in(text: str) -> str:
    """The canonical name of the first agency credited in ``text`` ('' if none)."""
    m = source_cues().agency_pattern.search(text)
    return source_cues().agencies[m.group(0)] if m else ""


def _credit_rows(corpus: Corpus) -> list[tuple]:
    """Credit lines the cleaner removed, credit lines left in the text, and manifest-only credits."""
    rows = []
    outlets = dict(zip(corpus.articles["doc_id"], corpus.articles["outlet"]))
    credited: set[str] = set()
    removed = corpus.removed[corpus.removed["reason"] == "wire credit"]
    for r in removed.sort_values(["doc_id", "line_no"]).itertuples():
        if r.doc_id not in outlets:
            continue
        agency = _agency_in(str(r.text)) or str(r.text).split(":", 1)[-1].strip(" -–—()")
        if agency:
            rows.append((r.doc_id, outlets[r.doc_id], agency, "wire", "credit", "", None, None,
                         f"removed line {r.line_no}: {r.text}"))
            credited.add(r.doc_id)
    for art in corpus.articles.itertuples():
        for m in _credit_line().finditer(art.text):
            rows.append((art.doc_id, art.outlet, source_cues().agencies[m.group("name")], "wire", "credit", "",
                         m.start(), m.end(), m.group(0).strip()))
            credited.add(art.doc_id)
        wire = str(art.wire or "").strip()
        if wire and art.doc_id not in credited:
            rows.append((art.doc_id, art.outlet, _agency_in(wire) or wire, "wire", "manifest", "", None, None,
                         f"manifest wire: {wire}"))
    return rows


@lru_cache(maxsize=1)
def _credit_line() -> re.Pattern:
    """'Source: AFP', 'Via Reuters', '- AP' as a line of its own."""
    return re.compile(r"^[ \t]*(?:(?:Source|Sources|Credit|Via|With|Copyright|©)\s*[:©]?\s*|[-–—]+\s*)"
                      rf"(?P<name>{alternatives(source_cues().agencies)})[ \t.]*$", re.MULTILINE)


@lru_cache(maxsize=1)
def _dateline() -> re.Pattern:
    """'MOSCOW (AFP) -', 'BEIRUT, June 19 (Reuters) --', '(AP) --', 'AP --' at a paragraph's start."""
    agencies = alternatives(source_cues().agencies)
    return re.compile(rf"^[ \t]*(?:[A-Z][A-Za-z.'’ -]{{1,40}}(?:,\s*[A-Z][a-z]{{2,9}}\.?\s+\d{{1,2}})?\s*)?"
                      rf"(?:\((?P<a>{agencies})\)|(?P<b>{agencies})\s*(?=[-–—]))\s*[-–—:]+", re.MULTILINE)


def _dateline_rows(art) -> list[tuple]:
    """Wire datelines at a paragraph's start (see :func:`_dateline`)."""
    return [(art.doc_id, art.outlet, source_cues().agencies[m.group("a") or m.group("b")], "wire", "dateline", "",
             m.start(), m.end(), m.group(0).strip()) for m in _dateline().finditer(art.text)]


def _is_medium(name: str) -> bool:
    return bool(source_cues().agency_pattern.search(name) or source_cues().media_pattern.search(name))


def _attribution_rows(art) -> list[tuple]:
    """Media cited as where someone spoke or what reported ('told Sputnik'), and unattributed claims."""
    rows = []
    pattern = re.compile(rf"\b(?:{_ATTRIBUTION_CUES})\s+(?:the\s+|a\s+)?(?P<name>{_NAME})")
    for m in pattern.finditer(art.text):
        name = m.group("name").rstrip(".,;:’'")
        name = re.sub(r"(?:\s+(?:of|de|the|and|&))+$", "", name)
        if not _is_medium(name):
            continue
        agency = _agency_in(name)
        source_type = "wire" if agency and source_cues().agency_pattern.fullmatch(name.split("’")[0]) else "media"
        rows.append((art.doc_id, art.outlet, agency if source_type == "wire" else name, source_type,
                     "attribution", "", m.start("name"), m.start("name") + len(name), _line(art.text, m.start())))
    for m in source_cues().unattributed_pattern.finditer(art.text):
        rows.append((art.doc_id, art.outlet, "", "unattributed", "attribution", "", m.start(), m.end(),
                     _line(art.text, m.start())))
    return rows


def _line(text: str, at: int, *, limit: int = 300) -> str:
    """The paragraph around ``at``, cut to ``limit`` characters around it."""
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    if end - start > limit:
        start, end = max(start, at - limit // 2), min(end, at + limit // 2)
    return text[start:end].strip()


def _quote_rows(corpus: Corpus) -> list[tuple]:
    """One row per quote: its speaker, typed, and the document it spoke through."""
    q = quotes(corpus)
    mentions = actor_table(corpus)
    # Types from the actor dictionary are the analyst's; the language model's guesses
    # (discovered actors) give way to the words' own cues ("the Gazeta daily").
    typed = mentions[mentions["source"] == "dictionary"] if "source" in mentions.columns else mentions
    types = typed.drop_duplicates("actor_id").set_index("actor_id")["actor_type"].to_dict()
    guessed = mentions.drop_duplicates("actor_id").set_index("actor_id")["actor_type"].to_dict()
    texts = dict(zip(corpus.articles["doc_id"], corpus.articles["text"]))
    rows = []
    seen: set[tuple[str, int, int]] = set()
    for r in q.itertuples():
        text = texts[r.doc_id]
        mention = r.speaker_mention if isinstance(r.speaker_mention, str) else ""
        speaker = r.speaker if isinstance(r.speaker, str) and r.speaker else mention
        # A source says something: cues of the "other" class (aim, plan, discuss) and
        # quotes with no speaker are not citations.
        if not speaker or r.verb_class == "other":
            continue
        has_span = pd.notna(r.speaker_start)
        start, end = (int(r.speaker_start), int(r.speaker_end)) if has_span else (int(r.start), int(r.end))
        # One citation per attribution: a split or nested quote shares its speaker's words.
        if (r.doc_id, start, end) in seen:
            continue
        seen.add((r.doc_id, start, end))
        actor_id = r.speaker_actor_id if isinstance(r.speaker_actor_id, str) else ""
        source_type = _speaker_type(mention or speaker, types.get(actor_id, ""), guessed.get(actor_id, ""),
                                    bool(r.anonymous))
        # The attribution (speaker + cue) lies outside the quote: look for the medium there.
        medium = (source_cues().document_pattern.search(mention) or source_cues().document_pattern.search(speaker)
                  or source_cues().document_pattern.search(_clause(text, int(r.start), int(r.end), start, end)))
        rows.append((r.doc_id, r.outlet, speaker or "(unknown)", source_type, "quote",
                     medium.group(0).lower() if medium else "", start, end, _line(text, start)))
    return rows


def _clause(text: str, q_start: int, q_end: int, s_start: int, s_end: int) -> str:
    """The attribution clause: the text from the speaker to the quote or from the quote to the sentence end."""
    if s_end <= q_start:
        return text[s_start:q_start]
    stop = re.search(r"[.!?\n]", text[q_end:])
    tail_end = q_end + (stop.start() if stop else len(text) - q_end)
    return text[min(s_start, q_end):max(s_end, tail_end)]


def _speaker_type(mention: str, actor_type: str, guessed_type: str, anonymous: bool) -> str:
    """The speaker's type: the actor dictionary's type, else the words' cues, else the model's guess."""
    def from_actor(kind: str) -> str:
        return {"media": "media", "person": "person"}.get(
            kind, "official" if kind in _OFFICIAL_TYPES else "organisation")

    if anonymous:
        return "anonymous"
    if source_cues().agency_pattern.fullmatch(mention.strip()):
        return "wire"
    if actor_type:
        return from_actor(actor_type)
    if source_cues().media_cue_pattern.search(mention) and not speaker_nouns().official.search(mention):
        return "media"
    if guessed_type:
        return from_actor(guessed_type)
    if _is_medium(mention) and not speaker_nouns().official.search(mention):
        return "media"
    if speaker_nouns().official.search(mention):
        return "official"
    return "other"


@table
def sources(corpus: Corpus) -> pd.DataFrame:
    """The sources each article cites, one row per citation.

    Columns: ``doc_id, outlet, source`` (agency, medium or speaker name; ''
    for unattributed claims), ``source_type`` (wire | media | official |
    person | organisation | anonymous | unattributed | other), ``how``
    (credit | manifest | dateline | attribution | quote), ``medium`` (the
    document a quoted source spoke through: "statement", "schedule"; '' if
    none named), ``start, end`` (offsets of the evidence in the article text;
    empty for removed credit lines and manifest credits), ``evidence`` (the
    credit line, dateline or paragraph).  Sorted by article, then offset.
    """
    rows = _credit_rows(corpus)
    for art in corpus.articles.itertuples():
        rows.extend(_dateline_rows(art))
        rows.extend(_attribution_rows(art))
    rows.extend(_quote_rows(corpus))
    frame = pd.DataFrame(rows, columns=SOURCE_COLUMNS)
    frame["start"] = frame["start"].astype("Int64")
    frame["end"] = frame["end"].astype("Int64")
    order = {"credit": 0, "manifest": 1, "dateline": 2, "attribution": 3, "quote": 4}
    frame["_how"] = frame["how"].map(order)
    frame = frame.sort_values(["doc_id", "start", "_how", "source"], na_position="first", kind="stable")
    return frame.drop(columns="_how").reset_index(drop=True)


def source_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Citations per outlet and source type: ``outlet, source_type, citations, sources, articles``.

    ``sources`` counts distinct named sources ('' and "(unknown)" left out).
    """
    cols = ["outlet", "source_type", "citations", "sources", "articles"]
    if table.empty:
        return pd.DataFrame(columns=cols)
    named = table["source"].where(~table["source"].isin(["", "(unknown)"]))
    out = table.assign(_named=named).groupby(["outlet", "source_type"]).agg(
        citations=("source", "size"), sources=("_named", "nunique"), articles=("doc_id", "nunique")).reset_index()
    return out[cols].sort_values(["outlet", "citations", "source_type"], ascending=[True, False, True],
                                 kind="stable").reset_index(drop=True)


@table
def wire_copy(corpus: Corpus, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Articles credited to a wire agency (credit line, dateline or manifest): ``doc_id, outlet, agency, how, evidence``.

    One row per article and agency, the strongest evidence first (credit,
    then dateline, then manifest).  An article credited to an agency is that
    agency's copy, whatever the outlet changed.
    """
    table = sources(corpus) if table is None else table
    wire = table[(table["source_type"] == "wire") & table["how"].isin(["credit", "dateline", "manifest"])]
    order = {"credit": 0, "dateline": 1, "manifest": 2}
    wire = wire.assign(_o=wire["how"].map(order)).sort_values(["doc_id", "_o", "source"], kind="stable")
    out = wire.drop_duplicates(["doc_id", "source"]).rename(columns={"source": "agency"})
    return out[["doc_id", "outlet", "agency", "how", "evidence"]].reset_index(drop=True)


@table
def wire_credits(corpus: Corpus) -> pd.DataFrame:
    """Articles credited to a wire agency: ``doc_id, outlet, wire, evidence``.

    ``evidence`` is the credit line removed from the text, or ``manifest``
    when the credit comes from the manifest only.
    """
    arts = corpus.articles[corpus.articles["wire"].astype(str).str.len() > 0]
    credits = corpus.removed[corpus.removed["reason"] == "wire credit"].groupby("doc_id")["text"].first()
    out = arts[["doc_id", "outlet", "wire"]].copy()
    out["evidence"] = out["doc_id"].map(credits).fillna("manifest")
    return out.sort_values(["outlet", "doc_id"]).reset_index(drop=True)


@table
def typed_quotes(corpus: Corpus) -> pd.DataFrame:
    """The quotes table with each quote's speaker type (``group``) from :func:`analysis.tables.sources.sources`
    (its quote rows type every speaker: person, official, organisation, media, wire, anonymous,
    other); ``unknown`` for a quote no source row types (no speaker, or a non-speech cue)."""
    q = quotes(corpus)
    src = sources(corpus)
    src = src[src["how"] == "quote"]
    types = {(d, int(s), int(e)): t for d, s, e, t in zip(src["doc_id"], src["start"], src["end"], src["source_type"])
             if pd.notna(s)}
    has_span = q["speaker_start"].notna()
    starts = np.where(has_span, q["speaker_start"].fillna(-1).astype(int), q["start"].astype(int))
    ends = np.where(has_span, q["speaker_end"].fillna(-1).astype(int), q["end"].astype(int))
    q["group"] = [types.get((d, int(s), int(e)), "unknown") for d, s, e in zip(q["doc_id"], starts, ends)]
    return q
