"""Quotes: who gets to speak, in whose words, with which reporting verb.

A textacy-style module (compare ``textacy.extract.triples.direct_quotations``,
which finds only direct quotes next to a speech verb) of small functions over
a spaCy ``Doc`` that yield NamedTuples, plus corpus-level tables.

Method, in order (each step cites what it follows):

1. :func:`quoted_spans` pairs quotation marks in the raw text: curly and
   straight, double and single, ``''``/``\\`\\``` pairs, multi-paragraph quotes
   (an opening mark with no closing mark until a later paragraph that opens
   again -- the typographic convention, Chicago Manual of Style 13.30) and
   unclosed marks (closed at the paragraph's end).  Direction is taken from
   the neighbouring characters, not the glyph, because news text often has
   the wrong curly glyph.
2. :func:`attributions` finds reporting cues (verbs from
   ``data/reporting_verbs.yml``; "according to") and reads the content and
   source off the dependency parse, following the PolNeAR annotation
   conventions (Newell, Margolin & Ruths 2018; Pareti 2016's PARC scheme):
   the content of indirect speech is the clausal complement including
   "that" and without the final full stop; a direct quote's content includes
   its quotation marks; a quote split by the cue ("A," he said, "B.") is one
   content from A to B.  The source is the cue's subject (or the subject of
   the verb it depends on: "..., adding that ..."), the passive agent, or the
   object of "according to".
3. Quotes no cue governs are attributed to the previous speaker when they form
   a paragraph of their own or follow a quote (bare quote paragraphs; Pouliquen
   et al. 2007 "Automatic detection of quotations in multilingual news"), and
   dropped as scare quotes when short (:func:`is_scare_quote`).
4. Speakers are resolved: pronouns and nominal mentions to the nearest
   preceding compatible named mention (a simple salience rule in the spirit of
   Lappin & Leass 1994), anonymous sources are marked with their affiliation.

Every offset is a character offset into the text that was parsed
(``corpus.articles.text``); ``quote == text[start:end]`` always holds.
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator, NamedTuple

import pandas as pd
import yaml

__all__ = [
    "QuoteSpan", "Quote", "quoted_spans", "is_scare_quote", "classify_quote_span", "reporting_verbs",
    "verb_class", "attributions", "doc_quotes", "quotes", "share_of_voice", "verb_profile",
    "shared_statements", "QUOTE_COLUMNS",
]

QUOTE_COLUMNS = ["doc_id", "outlet", "quote", "kind", "start", "end", "speaker", "speaker_mention",
                 "speaker_start", "speaker_end", "speaker_actor_id", "side", "anonymous", "affiliation",
                 "cue", "verb_class", "n_words"]

_DATA = Path(__file__).parent / "data" / "reporting_verbs.yml"


# --------------------------------------------------------------------------- lexicon

class _Lexicon(NamedTuple):
    verb_class: dict[str, str]
    phrasal: dict[str, str]
    object_content: frozenset[str]


@lru_cache(maxsize=1)
def reporting_verbs() -> _Lexicon:
    """The reporting-verb lexicon from ``data/reporting_verbs.yml`` (loaded once)."""
    data = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    classes = data["classes"]
    out: dict[str, str] = {}
    for cls in data["priority"]:
        for lemma in classes[cls]:
            out.setdefault(lemma.lower(), cls)
    return _Lexicon(out, {k.lower(): v for k, v in data.get("phrasal", {}).items()},
                    frozenset(w.lower() for w in data.get("object_content", [])))


def verb_class(lemma: str | None) -> str | None:
    """The class of a reporting verb ('say' -> 'neutral', 'point out' -> 'endorsing'), None if unknown."""
    if not lemma:
        return None
    lex = reporting_verbs()
    lemma = lemma.lower()
    if lemma in lex.phrasal:
        return lex.phrasal[lemma]
    if lemma == "according to":
        return "neutral"
    return lex.verb_class.get(lemma.split()[0])


# --------------------------------------------------------------------------- quotation marks

class QuoteSpan(NamedTuple):
    """A quoted stretch of text: ``text[start:end]`` includes the marks (when closed)."""
    start: int
    end: int
    closed: bool
    level: int  # 0: top level, 1: nested inside another quote


_DOUBLE_OPEN = {"“", "„", "«", "‟"}
_DOUBLE_CLOSE = {"”", "»"}
_DOUBLE_AMBIG = {'"'}
_SINGLE_OPEN = {"‘", "‹", "‚"}
_SINGLE_CLOSE = {"’", "›"}
_MARK_RE = re.compile(r"''|``|[\"“”„«»‟‘’‹›‚']")
_OPENER_BEFORE = set(" \t\n\xa0([{—–-/") | {""}
_CLOSER_AFTER = set(" \t\n\xa0)]}.,;:!?—–-…") | {""}
# Markup attributes (tweet="...", author="...") are not quotes.
_ATTR_RE = re.compile(r"\w=\"[^\"\n]*\"")


def _mark_direction(text: str, i: int, j: int, glyph_open: bool | None) -> str | None:
    """'open', 'close' or None (an apostrophe-like mark) from the neighbouring characters."""
    before = text[i - 1] if i > 0 else ""
    after = text[j] if j < len(text) else ""
    opens = before in _OPENER_BEFORE or before in _DOUBLE_OPEN or before in _SINGLE_OPEN
    closes = after in _CLOSER_AFTER or after in _DOUBLE_CLOSE or after in _SINGLE_CLOSE or after == '"'
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    if glyph_open is None:
        return None
    return "open" if glyph_open else "close"


def quoted_spans(text: str, *, nested: bool = False) -> list[QuoteSpan]:
    """Quoted stretches of ``text``, in order.

    Handles curly and straight, double and single marks, ``''`` and ``\\`\\```,
    wrong-way curly glyphs, quotes over several paragraphs (a paragraph that
    ends inside a quote and a next paragraph that opens with a mark continue
    one quote) and unclosed quotes (closed at the end of their paragraph, with
    ``closed=False``).  Single marks only count as quotes where they cannot be
    apostrophes.  An odd number of marks never raises.

    Args:
        nested: also return quotes nested inside another quote (``level=1``).
    """
    if not text:
        return []
    out: list[QuoteSpan] = []
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    # Top level: double marks (and single marks outside double quotes).
    open_at: int | None = None       # start of the running double quote
    s_open: int | None = None        # start of a running single quote
    inner: list[QuoteSpan] = []
    masked = {i for m in _ATTR_RE.finditer(text) for i in (m.start() + 2, m.end() - 1)}
    for pi, (ps, pe) in enumerate(paras):
        for m in _MARK_RE.finditer(text, ps, pe):
            i, j, g = m.start(), m.end(), m.group()
            if i in masked:
                continue
            if g in ("''", "``") or g in _DOUBLE_OPEN or g in _DOUBLE_CLOSE or g in _DOUBLE_AMBIG:
                glyph = True if g in _DOUBLE_OPEN or g == "``" else False if g in _DOUBLE_CLOSE or g == "''" else None
                if glyph is None:
                    glyph = open_at is None
                d = _mark_direction(text, i, j, glyph)
                if d == "open" and open_at is not None and i == ps and open_at < ps:
                    continue  # the opening mark of a continued paragraph
                if d == "open" and open_at is None:
                    open_at, s_open = i, None
                elif d == "close" and open_at is not None:
                    out.append(QuoteSpan(open_at, j, True, 0))
                    open_at = None
                elif d == "open" and open_at is not None and open_at >= ps:
                    # A second opening mark in the same paragraph: the first was unclosed.
                    out.append(QuoteSpan(open_at, _rstrip(text, open_at, i), False, 0))
                    open_at = i
            else:
                glyph = True if g in _SINGLE_OPEN else False if g in _SINGLE_CLOSE else None
                d = _mark_direction(text, i, j, glyph)
                # "don't", "the 1990s'": an apostrophe between letters or after s is no quote.
                if d is None or (i > 0 and text[i - 1].isalnum() and j < len(text) and text[j].isalnum()):
                    continue
                if d == "open" and (j >= len(text) or not text[j].isalnum() and text[j] not in "\"“"):
                    continue
                if d == "open":
                    s_open = i
                elif d == "close" and s_open is not None:
                    span = QuoteSpan(s_open, j, True, 1 if open_at is not None else 0)
                    (inner if open_at is not None else out).append(span)
                    s_open = None
        s_open = None  # single quotes do not run over paragraphs (too many apostrophes)
        if open_at is not None:
            nxt = paras[pi + 1][0] if pi + 1 < len(paras) else None
            continues = nxt is not None and _MARK_RE.match(text, nxt) is not None and \
                text[nxt] in "\"“„«'‘`" and _mark_direction(text, nxt, nxt + 1, True) == "open"
            if not continues:
                out.append(QuoteSpan(open_at, _rstrip(text, open_at, pe), False, 0))
                open_at = None
    if nested:
        out.extend(inner)
    out.sort()
    # Drop spans inside another top-level span (e.g. a single-quoted phrase in an unclosed quote).
    result: list[QuoteSpan] = []
    for sp in out:
        if sp.level == 0 and result and sp.start < result[-1].end and result[-1].level == 0:
            continue
        result.append(sp)
    return result


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


# --------------------------------------------------------------------------- scare quotes

_SCARE_PRECEDERS = re.compile(r"(so-called|so called|dubbed|termed|branded|labelled|labeled|the word|"
                              r"the term|the phrase|known as|called)\s*$", re.I)


def is_scare_quote(doc_or_text, start: int, end: int, *, max_words: int = 4) -> bool:
    """Whether the quoted span ``[start, end)`` is a scare quote, not a quotation.

    A scare quote is a short quoted phrase (at most ``max_words`` words) that
    no one is said to have spoken: it follows "so-called" (or "dubbed",
    "known as" ...), or no reporting verb governs it and it is not a whole
    sentence or paragraph.  Works on a spaCy ``Doc`` (uses the parse) or on a
    plain string (uses only the words around the span).  Reusable by the
    framing analysis.
    """
    text = doc_or_text if isinstance(doc_or_text, str) else _text(doc_or_text)
    inner = text[start:end].strip(" \"“”'‘’„«»`")
    words = inner.split()
    before = text[max(0, start - 40):start]
    if _SCARE_PRECEDERS.search(before):
        return True
    if len(words) > max_words:
        return False
    # A short quote that makes a paragraph of its own, or ends in sentence
    # punctuation inside the marks with a cue next to it, is spoken.
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if not text[line_start:start].strip() and not text[end:line_end].strip(" .,"):
        return False
    if isinstance(doc_or_text, str):
        window = text[max(0, start - 60):start] + " " + text[end:end + 60]
        return not any(w in reporting_verbs().verb_class for w in re.findall(r"[a-z]+", window.lower())
                       if w in ("said", "says", "say", "told", "added", "asked", "wrote"))
    doc = doc_or_text
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return True
    return _governing_cue(span) is None


def classify_quote_span(doc_or_text, start: int, end: int) -> str:
    """'scare' or 'quote' for a quoted span (see :func:`is_scare_quote`)."""
    return "scare" if is_scare_quote(doc_or_text, start, end) else "quote"


def _text(doc) -> str:
    """``doc.text``, cached: spaCy rebuilds it from the tokens on every access."""
    text = doc.user_data.get("_outlet_lens_text")
    if text is None:
        doc.user_data["_outlet_lens_text"] = text = doc.text
    return text


def _sent(doc, i: int):
    """The sentence holding token ``i``; ``Token.sent`` re-walks the whole Doc on every call."""
    starts = doc.user_data.get("_outlet_lens_sent_starts")
    if starts is None or len(starts) == 0:
        sents = list(doc.sents)
        doc.user_data["_outlet_lens_sents"] = sents
        doc.user_data["_outlet_lens_sent_starts"] = starts = [s.start for s in sents]
    return doc.user_data["_outlet_lens_sents"][bisect.bisect_right(starts, i) - 1]


def _governing_cue(span):
    """A reporting verb governing (or adjacent to) a span, or None."""
    sent = _sent(span.doc, span.start)
    for tok in span:
        for anc in tok.ancestors:
            if anc.i < sent.start:
                break
            if anc.pos_ == "VERB" and anc.lemma_.lower() in _SPEECH and anc not in span:
                return anc
    # "“...,” he said": the cue right after the closing mark.
    for tok in span.doc[span.end:min(len(span.doc), span.end + 4)]:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in _SPEECH:
            return tok
        if tok.is_sent_start or tok.text in (".", "?", "!"):
            break
    for tok in reversed(span.doc[max(0, span.start - 3):span.start]):
        if tok.pos_ == "VERB" and tok.lemma_.lower() in _SPEECH:
            return tok
        if tok.text in (".", "?", "!"):
            break
    return None


# Verbs that report speech itself, for the direct-quote and scare-quote tests.
_SPEECH = {"say", "tell", "add", "state", "write", "ask", "reply", "respond", "answer", "explain",
           "declare", "announce", "claim", "insist", "argue", "warn", "urge", "note", "continue",
           "tweet", "post", "quote", "call", "describe", "recall", "admit", "acknowledge", "deny",
           "complain", "joke", "shout", "yell", "conclude", "predict", "promise", "vow", "boast",
           "suggest", "remark", "comment", "observe", "stress", "emphasize", "put", "read", "chant",
           "sing", "exclaim", "retort", "whisper", "muse", "quip", "concede", "confirm", "reveal",
           "assert", "contend", "maintain", "allege", "charge", "caution", "plead", "beg", "demand"}


# --------------------------------------------------------------------------- attributions

class Quote(NamedTuple):
    """One attributed statement in a Doc; offsets are character offsets into ``doc.text``."""
    start: int
    end: int
    kind: str                 # direct | indirect | mixed
    speaker_start: int | None
    speaker_end: int | None
    speaker_mention: str | None
    speaker: str | None
    anonymous: bool
    affiliation: str | None
    cue: str | None           # the cue lemma ("say", "point out", "according to")
    verb_class: str | None


class _Att(NamedTuple):
    start: int
    end: int
    src: tuple[int, int] | None   # token span of the source mention
    cue: str | None
    cue_i: int | None


_CLAUSE_DEPS = {"ccomp", "xcomp", "parataxis"}
_SUBJ = {"nsubj", "nsubjpass", "csubj"}
_PUNCT_TRIM = set(".,;:!?—–-") | {"''", "``"}
_QUOTE_CHARS = set("\"“”„«»'‘’`")
_MAX_GAP = 80  # chars allowed between a quote and its cue clause


def _cue_tokens(doc) -> Iterator:
    lex = reporting_verbs().verb_class
    for tok in doc:
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lex and tok.dep_ != "amod":
            if tok.pos_ == "AUX" and tok.dep_ == "aux":
                continue
            yield tok
        elif tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            yield tok


def _cue_lemma(tok) -> str:
    if tok.lower_ == "according":
        return "according to"
    lemma = tok.lemma_.lower()
    phrasal = reporting_verbs().phrasal
    for c in tok.children:
        if c.dep_ in ("prt", "prep") and c.i > tok.i and f"{lemma} {c.lower_}" in phrasal:
            return f"{lemma} {c.lower_}"
    return lemma


def _subtree_span(tok, *, exclude=()) -> tuple[int, int]:
    """Token span [a, b) of a subtree, skipping excluded child subtrees at its edges."""
    toks = [t for t in tok.subtree if not any(t.is_ancestor(x) or t == x for x in []) ]
    a, b = tok.left_edge.i, tok.right_edge.i + 1
    for x in exclude:
        xa, xb = x.left_edge.i, x.right_edge.i + 1
        if xa <= a < xb:
            a = xb
        if xa < b <= xb:
            b = xa
    del toks
    return a, b


def _trim(doc, a: int, b: int) -> tuple[int, int]:
    """Token span without leading/trailing punctuation and conjunctions (PolNeAR drops the full stop)."""
    while a < b and (doc[a].text in _PUNCT_TRIM or doc[a].dep_ == "cc" or doc[a].is_space):
        a += 1
    while b > a and (doc[b - 1].text in _PUNCT_TRIM or doc[b - 1].is_space or doc[b - 1].dep_ == "cc"):
        b -= 1
    return a, b


def _chars(doc, a: int, b: int) -> tuple[int, int]:
    return doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)


def _source_of(cue) -> tuple[int, int] | None:
    """Token span of the cue's source: subject, passive agent, or the governing verb's subject."""
    doc = cue.doc
    if cue.lower_ == "according":
        for to in cue.children:
            if to.lower_ == "to":
                objs = [c for c in to.children if c.dep_ == "pobj"]
                if objs:
                    return _mention_span(objs[0])
        return None
    node = cue
    for _ in range(4):
        subj = [c for c in node.children if c.dep_ in _SUBJ]
        agent = [g for c in node.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if agent:
            return _mention_span(agent[0])
        if subj:
            s = subj[0]
            if s.lower_ in ("it", "there") and s.dep_ == "nsubjpass":
                return None  # "it was reported that": no source
            if s.tag_ in ("WDT", "WP") or s.lower_ in ("who", "which", "that"):
                # "Lavrov, who said ...": PolNeAR marks the relative pronoun;
                # the speaker is resolved to the head noun later.
                return (s.i, s.i + 1)
            return _mention_span(s)
        if node.dep_ in ("xcomp", "conj", "advcl", "ccomp", "parataxis") and node.head.pos_ in ("VERB", "AUX") \
                and node.head != node:
            node = node.head
            continue
        if node.dep_ in ("acl", "relcl") and node.head.pos_ in ("NOUN", "PROPN"):
            return _mention_span(node.head)
        break
    return None


def _mention_span(tok) -> tuple[int, int]:
    """The noun phrase of a mention without relative clauses, appositions after commas, or 'and ...'."""
    doc = tok.doc
    a = tok.left_edge.i
    b = tok.i + 1
    for c in tok.rights:
        if c.dep_ in ("relcl", "acl", "advcl"):
            break
        b = c.right_edge.i + 1
    a, b = _trim(doc, a, b)
    if b <= a:
        a, b = tok.i, tok.i + 1
    return a, b


def _content_child(cue):
    """The clausal complement (or object) of a cue that carries the attributed content."""
    lemma = cue.lemma_.lower()
    ccomp = [c for c in cue.children if c.dep_ == "ccomp"]
    if ccomp:
        return ccomp[-1]
    x = [c for c in cue.children if c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)]
    if x:
        return x[0]
    for c in cue.children:
        if c.dep_ == "prep" and c.lower_ in ("for", "on", "upon", "of", "about", "against", "to") \
                and _cue_lemma(cue) in reporting_verbs().phrasal:
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if objs:
                return objs[0]
    if any(c.dep_ in ("oprd",) for c in cue.children):
        return cue  # marker: object + complement, see _small_clause
    if lemma in reporting_verbs().object_content:
        objs = [c for c in cue.children if c.dep_ in ("dobj", "obj")]
        if objs and objs[0].lower_ not in ("it", "this", "that", "so", "nothing", "something", "anything"):
            return objs[0]
    # "denied targeting the group": a gerund complement.
    pc = [c for c in cue.children if c.dep_ in ("pcomp", "xcomp") and c.tag_ == "VBG"]
    if pc:
        return pc[0]
    return None


def _sent_content_for_according(cue) -> tuple[int, int] | None:
    """'According to X, Y.' -> Y: the sentence without the 'according to' phrase."""
    sent = _sent(cue.doc, cue.i)
    a, b = cue.left_edge.i, cue.right_edge.i + 1
    left = _trim(cue.doc, sent.start, a)
    right = _trim(cue.doc, b, sent.end)
    best = max([left, right], key=lambda s: s[1] - s[0])
    return best if best[1] - best[0] >= 3 else None


def attributions(doc, *, spans: list[QuoteSpan] | None = None) -> list[_Att]:
    """Cue-based attributions in a parsed Doc (character content span, source token span, cue lemma)."""
    text = _text(doc)
    spans = quoted_spans(text) if spans is None else spans
    used: set[int] = set()
    out: list[_Att] = []

    def quote_index_overlapping(s: int, e: int, *, share: float) -> int | None:
        for qi, q in enumerate(spans):
            inter = min(q.end, e) - max(q.start, s)
            if inter > 0 and inter >= share * (e - s):
                return qi
        return None

    starts = [q.start for q in spans]
    for cue in _cue_tokens(doc):
        # A cue inside a direct quote ("I believe ...") belongs to the quoted
        # speaker's own words; PolNeAR rarely annotates it, and it would claim
        # the enclosing quote as its content.
        k = bisect.bisect_right(starts, cue.idx) - 1
        if k >= 0 and spans[k].end > cue.idx:
            continue
        lemma = _cue_lemma(cue)
        src = _source_of(cue)
        content: tuple[int, int] | None = None
        if lemma == "according to":
            tok_span = _sent_content_for_according(cue)
            if tok_span:
                content = _chars(doc, *tok_span)
        else:
            child = _content_child(cue)
            if child is cue:
                parts = [c for c in cue.children if c.dep_ in ("dobj", "oprd") and c.i > cue.i]
                a = min(c.left_edge.i for c in parts)
                b = max(c.right_edge.i for c in parts) + 1
                a, b = _trim(doc, a, b)
                content = _chars(doc, a, b) if b > a else None
            elif child is not None and not (child.i < cue.i and child.dep_ in ("dobj",)):
                excl = [c for c in child.children if c.dep_ == "punct" and c.text in ("“", "”", '"')]
                a, b = _trim(doc, child.left_edge.i, child.right_edge.i + 1)
                # Keep a leading "that"/"to" (PolNeAR includes it) but drop a cue that sits inside.
                if a <= cue.i < b:
                    a, b = _trim(doc, cue.i + 1, b)
                if b > a:
                    content = _chars(doc, a, b)
                del excl
        qi = None
        if content is not None:
            qi = quote_index_overlapping(*content, share=0.5)
            if qi is not None:
                content = (spans[qi].start, spans[qi].end)
        if content is None or qi is None:
            near = _adjacent_quotes(doc, cue, spans, used)
            if near and (content is None or _covers(near, content)):
                content, qi_list = near
                used.update(qi_list)
                qi = None
        if content is None:
            continue
        if qi is not None:
            used.add(qi)
            if spans[qi].end <= cue.idx:
                # The other half of a split quote ("A," he said, "B.").
                more = _continuation(doc, cue, spans, qi, used)
                if more:
                    content = (content[0], spans[more[-1]].end)
                    used.update(more)
        out.append(_Att(content[0], content[1], src, lemma, cue.i))
    return out


def _continuation(doc, cue, spans, qi: int, used) -> list[int]:
    """Quotes that go on right after the cue's sentence ('"A," he said on Tuesday. "B."').

    PolNeAR's content then runs from A to the end of B, so B joins A.
    """
    text = _text(doc)
    end = max(_sent(doc, cue.i).end_char, spans[qi].end)
    out = []
    for k in range(qi + 1, min(qi + 2, len(spans))):
        gap = text[end:spans[k].start]
        if k in used or spans[k].start < end or gap.strip(" \xa0\t") or "\n" in text[spans[qi].end:spans[k].start]:
            break
        out.append(k)
        end = spans[k].end
    return out


def _covers(near, content) -> bool:
    (s, e), _ = near
    return min(e, content[1]) - max(s, content[0]) > 0


def _adjacent_quotes(doc, cue, spans, used) -> tuple[tuple[int, int], list[int]] | None:
    """Unused quotes right before and/or right after the cue's clause (gap without sentence breaks)."""
    text = _text(doc)
    c_start = min([cue.idx] + [t.idx for t in cue.children if t.dep_ in _SUBJ | {"agent", "advmod"}
                               for t in [t.left_edge]])
    c_end = cue.idx + len(cue.text)
    for t in cue.children:
        if t.i > cue.i and t.dep_ in ("nsubj", "dobj", "dative", "prt", "npadvmod", "prep", "advmod", "agent") \
                and not any(ch.dep_ in ("relcl",) for ch in t.children):
            c_end = max(c_end, t.right_edge.idx + len(t.right_edge.text))
    before = after = None
    for qi, q in enumerate(spans):
        if qi in used:
            continue
        if q.end <= c_start and c_start - q.end <= _MAX_GAP:
            gap = text[q.end:c_start]
            if "\n" not in gap and not re.search(r"[.!?]\s", gap.lstrip(" ,.!?—–-")):
                before = qi
        elif q.start >= c_end and q.start - c_end <= _MAX_GAP and after is None:
            gap = text[c_end:q.start]
            if ("\n" not in gap or gap.strip() == ":") and not re.search(r"[.!?]\s|[a-z]{3,}", gap.strip(" ,:—–-\n")):
                after = qi
    picked = [qi for qi in (before, after) if qi is not None]
    if not picked:
        return None
    if after is None and before is not None:
        picked.extend(_continuation(doc, cue, spans, before, used))

    return (min(spans[qi].start for qi in picked), max(spans[qi].end for qi in picked)), picked


# --------------------------------------------------------------------------- speakers

_PERSON_PRON = {"he", "she", "him", "her", "i", "me", "we", "us", "you"}
_ORG_PRON = {"it", "they", "them"}
_PERSON_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "minister", "official", "president", "senator",
                 "candidate", "secretary", "commander", "general", "diplomat", "ambassador", "leader",
                 "chief", "governor", "mayor", "director", "representative", "lawmaker", "congressman",
                 "congresswoman", "aide", "adviser", "advisor", "analyst", "expert", "man", "woman",
                 "officer", "source", "witness", "activist", "resident", "chairman", "chairwoman", "head",
                 "speaker", "author", "professor", "researcher", "strategist", "nominee", "campaign"}
_ANON_HEADS = {"source", "official", "spokesman", "spokeswoman", "spokesperson", "commander", "diplomat",
               "analyst", "expert", "witness", "resident", "activist", "aide", "adviser", "advisor",
               "officer", "insider", "person", "people", "observer", "critic", "member", "staffer",
               "representative", "lawmaker", "leader"}


def _speaker_info(doc, src: tuple[int, int] | None, history: list[tuple[str, str]]):
    """(mention, resolved speaker, anonymous, affiliation) for a source token span."""
    if src is None:
        return None, None, False, None
    a, b = src
    span = doc[a:b]
    mention = span.text
    head = span.root
    ents = [e for e in span.ents if e.label_ in ("PERSON", "ORG", "NORP", "GPE")]
    persons = [e for e in ents if e.label_ == "PERSON"]
    if persons:
        return mention, persons[-1].text, False, None
    low = head.lower_
    if low in ("who", "which", "that") and head.head.dep_ == "relcl":
        noun = head.head.head
        n = [e for e in noun.doc.ents if e.start <= noun.i < e.end]
        return mention, (n[0].text if n else noun.text), False, None
    if head.pos_ == "PRON" or low in _PERSON_PRON | _ORG_PRON:
        want = "PERSON" if low in ("he", "she", "him", "her") else "ORG" if low in _ORG_PRON else None
        if want is None:
            return mention, mention, False, None
        for name, kind in reversed(history):
            if kind == want or (want == "ORG" and low in ("they", "them") and kind == "PERSON" and False):
                return mention, name, False, None
        return mention, mention, False, None
    orgs = [e for e in ents if e.label_ == "ORG"]
    determiners = {t.lower_ for t in span if t.dep_ == "det"}
    affiliation = next((e.text for e in ents if e.label_ in ("ORG", "NORP", "GPE")), None)
    if affiliation is None:
        adj = [t for t in span if t.dep_ == "amod" and t.ent_type_ in ("NORP", "GPE")]
        affiliation = adj[0].text if adj else None
    hl = head.lemma_.lower()
    if hl in _ANON_HEADS and (determiners & {"a", "an", "some", "several", "two", "three", "many"}
                              or (head.tag_ == "NNS" and not determiners) or hl == "source"):
        return mention, mention, True, affiliation
    if orgs and head.ent_type_:
        return mention, orgs[-1].text, False, None
    if "the" in determiners and head.pos_ == "NOUN":
        want = "PERSON" if hl in _PERSON_NOUNS else "ORG"
        for name, kind in reversed(history[-8:]):
            if kind == want and head.lower_ in name.lower():
                return mention, name, False, None
    return mention, mention, False, None


def doc_quotes(doc) -> list[Quote]:
    """All quotes in a parsed Doc, in text order (see the module docstring for the method)."""
    text = _text(doc)
    if not text.strip():
        return []
    spans = quoted_spans(text)
    atts = attributions(doc, spans=spans)
    covered = [(t.start, t.end) for t in atts]

    atts.extend(_colon_attributions(doc, atts))
    covered = [(t.start, t.end) for t in atts]
    # Bare quotes: inherit the previous attribution's source.
    for q in spans:
        if any(min(q.end, e) - max(q.start, s) > 0 for s, e in covered):
            continue
        if is_scare_quote(doc, q.start, q.end):
            continue
        prev = sorted((t for t in atts if t.end <= q.start and t.src is not None), key=lambda t: t.end)
        src = prev[-1].src if prev else None
        if prev and q.start - prev[-1].end > 1500:
            src = None
        atts.append(_Att(q.start, q.end, src, None, None))
    atts.sort(key=lambda t: (t.start, t.end))

    # Named mentions so far, for resolving pronouns and nominals.
    ents = sorted((e.start_char, e.text, "PERSON" if e.label_ == "PERSON" else "ORG") for e in doc.ents
                  if e.label_ in ("PERSON", "ORG", "NORP", "GPE"))
    # Earlier named speakers count too: the small model misses many names.
    for t in atts:
        if t.src:
            span = doc[t.src[0]:t.src[1]]
            if span.root.pos_ == "PROPN" and not any(e.label_ == "PERSON" for e in span.ents):
                # A named subject of a speech verb is most likely a person,
                # whatever the small model's entity label says.
                kind = "ORG" if span.root.ent_type_ in ("GPE", "NORP") else "PERSON"
                ents.append((span.start_char, span.text, kind))
    ents.sort()
    out = []
    for t in atts:
        anchor = doc[t.src[0]].idx if t.src else t.start
        history = [(name, kind) for s, name, kind in ents if s < anchor]
        mention, speaker, anon, aff = _speaker_info(doc, t.src, history)
        s_start = s_end = None
        if t.src:
            s_start, s_end = _chars(doc, *t.src)
        kind = _kind(text, t.start, t.end, spans)
        out.append(Quote(t.start, t.end, kind, s_start, s_end, mention, speaker, anon, aff, t.cue,
                         verb_class(t.cue)))
    return out


_COLON_RE = re.compile(r"^(?P<src>[A-Z][\w.’'\-]*(?:[ \xa0][A-Z][\w.’'\-]*|[ \xa0](?:and|of|the|for)){0,5}):[ \xa0]+(?=\S)",
                       re.M)


def _colon_attributions(doc, atts) -> list[_Att]:
    """'NAME: text' lines (interview transcripts, headlines "McCain: ...") and
    'Name and Name: “...”' -- the colon is the cue, the rest of the line the content."""
    text = _text(doc)
    taken = [(t.start, t.end) for t in atts]
    out = []
    for m in _COLON_RE.finditer(text):
        src = m.group("src")
        if src.split()[0].lower() in ("the", "update", "note", "editor", "read", "watch", "source", "photo",
                                      "related", "transcript", "advertisement", "q", "a"):
            continue
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        start, end = m.end(), _rstrip(text, m.end(), line_end)
        while end > start and text[end - 1] in ".,;:":
            end -= 1
        if end - start < 3 or any(min(e, end) - max(s, start) > 0 for s, e in taken):
            continue
        sa = doc.char_span(m.start("src"), m.end("src"), alignment_mode="expand")
        if sa is None or not any(t.pos_ == "PROPN" for t in sa):
            continue
        out.append(_Att(start, end, (sa.start, sa.end), None, None))
    return out


def _kind(text: str, start: int, end: int, spans: list[QuoteSpan]) -> str:
    inside = [q for q in spans if q.start >= start and q.end <= end]
    if any(q.start <= start + 1 and q.end >= end - 1 for q in spans if q.start <= start + 1):
        return "direct"
    return "mixed" if inside else "indirect"


# --------------------------------------------------------------------------- corpus tables

def _docs(corpus, *, model: str | None = None, batch_size: int = 32):
    """Parsed Docs of the corpus, in article order: the one shared parse of :func:`analysis.nlp.parse`."""
    from .nlp import parse

    docs = parse(corpus, model=model, batch_size=batch_size)
    return [docs[doc_id] for doc_id in corpus.articles["doc_id"]]


def quotes(corpus, *, model: str | None = None) -> pd.DataFrame:
    """One row per quote in the corpus.

    Columns: ``doc_id, outlet, quote, kind (direct|indirect|mixed), start,
    end, speaker, speaker_mention, speaker_start, speaker_end,
    speaker_actor_id, side, anonymous, affiliation, cue, verb_class,
    n_words``.  Offsets are into ``corpus.articles.text``;
    ``quote == text[start:end]``.  ``speaker_mention`` is the words naming the
    source where it is written ("he", "the ministry"); ``speaker`` the
    resolved name; ``cue`` the reporting verb's lemma.  Sorted by doc_id and
    start.
    """
    key = ("quotes_table", model)
    if key in corpus.cache:
        return corpus.cache[key].copy()
    from .store import stored_quotes

    rows = []
    # Per-article quotes precomputed by analysis.extract when a store is attached (analysis/store.py).
    per_doc = stored_quotes(corpus, model=model)
    if per_doc is None:
        per_doc = ((_text(doc), doc_quotes(doc)) for doc in _docs(corpus, model=model))
    for art, (text, doc_qs) in zip(corpus.articles.itertuples(index=False), per_doc):
        for q in doc_qs:
            rows.append({"doc_id": art.doc_id, "outlet": art.outlet, "quote": text[q.start:q.end],
                         "kind": q.kind, "start": q.start, "end": q.end, "speaker": q.speaker,
                         "speaker_mention": q.speaker_mention, "speaker_start": q.speaker_start,
                         "speaker_end": q.speaker_end, "speaker_actor_id": None, "side": None,
                         "anonymous": bool(q.anonymous), "affiliation": q.affiliation, "cue": q.cue,
                         "verb_class": q.verb_class, "n_words": len(text[q.start:q.end].split())})
    frame = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    frame = frame.astype({"start": int, "end": int, "n_words": int, "anonymous": bool})
    for col in ("speaker_start", "speaker_end"):
        frame[col] = frame[col].astype("Int64")
    frame = _link_speakers_to_actors(frame, corpus)
    frame = frame.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)
    corpus.cache[key] = frame
    return frame.copy()


def _link_speakers_to_actors(quotes_df: pd.DataFrame, corpus) -> pd.DataFrame:
    """Fill ``speaker_actor_id`` and ``side`` from the actors table.

    The actor mention that overlaps the speaker's words most wins ("spokesman
    Sean Spicer" -> sean-spicer); for a pronoun or a nominal mention, the
    resolved speaker name is looked up among the article's actor mentions,
    then among the corpus's actor names.
    """
    from .actors import actors as actor_table

    if quotes_df.empty:
        return quotes_df
    mentions = actor_table(corpus)
    by_doc = {d: g for d, g in mentions.groupby("doc_id")}
    by_name: dict[str, tuple[str, str]] = {}
    for row in mentions.itertuples():
        for key in (str(row.surface).casefold(), str(row.actor_name).casefold()):
            by_name.setdefault(key, (row.actor_id, row.side))
    ids, sides = [], []
    for q in quotes_df.itertuples():
        found = None
        doc_mentions = by_doc.get(q.doc_id)
        if doc_mentions is not None and pd.notna(q.speaker_start):
            overlap = (doc_mentions["end"].clip(upper=int(q.speaker_end))
                       - doc_mentions["start"].clip(lower=int(q.speaker_start)))
            if (overlap > 0).any():
                best = doc_mentions.loc[overlap.idxmax()]
                found = (best["actor_id"], best["side"])
        if found is None and isinstance(q.speaker, str) and q.speaker:
            found = by_name.get(q.speaker.casefold())
        ids.append(found[0] if found else None)
        sides.append(found[1] if found else None)
    quotes_df = quotes_df.copy()
    quotes_df["speaker_actor_id"] = ids
    quotes_df["side"] = sides
    return quotes_df


def share_of_voice(corpus, *, by_actor: bool = False) -> pd.DataFrame:
    """Who gets to speak, per outlet and side (and actor with ``by_actor``).

    Columns: ``outlet, side[, speaker_actor_id], quotes, quoted_words,
    direct, indirect, mixed, named, anonymous, share_quotes, share_words``
    (shares of the outlet's quotes / quoted words, rounded to 3 places).
    Quotes without a side fall under side ``unknown``.
    """
    q = quotes(corpus)
    q["side"] = q["side"].fillna("unknown").replace("", "unknown")
    keys = ["outlet", "side"] + (["speaker_actor_id"] if by_actor else [])
    if by_actor:
        q["speaker_actor_id"] = q["speaker_actor_id"].fillna("")
    cols = keys + ["quotes", "quoted_words", "direct", "indirect", "mixed", "named", "anonymous",
                   "share_quotes", "share_words"]
    if q.empty:
        return pd.DataFrame(columns=cols)
    g = q.groupby(keys, dropna=False)
    out = g.agg(quotes=("quote", "size"), quoted_words=("n_words", "sum"),
                direct=("kind", lambda s: int((s == "direct").sum())),
                indirect=("kind", lambda s: int((s == "indirect").sum())),
                mixed=("kind", lambda s: int((s == "mixed").sum())),
                anonymous=("anonymous", "sum")).reset_index()
    out["named"] = out["quotes"] - out["anonymous"]
    tot = out.groupby("outlet")[["quotes", "quoted_words"]].transform("sum")
    out["share_quotes"] = (out["quotes"] / tot["quotes"]).round(3)
    out["share_words"] = (out["quoted_words"] / tot["quoted_words"].where(tot["quoted_words"] > 0)).round(3)
    out = out.astype({c: int for c in ("quotes", "quoted_words", "direct", "indirect", "mixed", "named",
                                       "anonymous")})
    return out[cols].sort_values(keys, kind="stable").reset_index(drop=True)


def verb_profile(corpus) -> pd.DataFrame:
    """Reporting-verb class by speaker side and outlet (who gets "said", who gets "claimed").

    Columns: ``outlet, side, verb_class, quotes, share`` -- share of the
    (outlet, side)'s cued quotes, rounded to 3 places.  Quotes without a cue
    (bare quotes) are left out.
    """
    q = quotes(corpus)
    q = q[q["verb_class"].notna()].copy()
    cols = ["outlet", "side", "verb_class", "quotes", "share"]
    if q.empty:
        return pd.DataFrame(columns=cols)
    q["side"] = q["side"].fillna("unknown").replace("", "unknown")
    out = q.groupby(["outlet", "side", "verb_class"]).size().rename("quotes").reset_index()
    out["share"] = (out["quotes"] / out.groupby(["outlet", "side"])["quotes"].transform("sum")).round(3)
    return out[cols].sort_values(["outlet", "side", "verb_class"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- shared statements

def _statement_key(doc, start: int, end: int) -> str:
    """Content lemmas, names and numbers of a quote, lowercased and sorted (order-free matching)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return ""
    words = []
    for t in span:
        if t.like_num or t.ent_type_ or (t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM") and not t.is_stop):
            words.append(t.lemma_.lower() if not t.like_num else t.text.lower())
    return " ".join(sorted(set(words)))


def shared_statements(corpus, *, threshold: float = 55.0, min_words: int = 6) -> pd.DataFrame:
    """The same statement quoted by several outlets, also in different English words.

    Each pair of quotes from different documents (and outlets when the corpus
    has several) is scored with rapidfuzz's ``token_set_ratio`` over the
    quotes' content lemmas, names and numbers (lemmas absorb part of the
    translation differences: "conducting"/"conducts"); pairs scoring at least
    ``threshold`` (0-100) are kept.

    Columns: ``doc_id_a, outlet_a, start_a, end_a, quote_a, speaker_a,
    doc_id_b, outlet_b, start_b, end_b, quote_b, speaker_b, score`` sorted by
    score (descending), then doc ids and offsets.
    """
    from rapidfuzz import fuzz

    q = quotes(corpus)
    cols = ["doc_id_a", "outlet_a", "start_a", "end_a", "quote_a", "speaker_a",
            "doc_id_b", "outlet_b", "start_b", "end_b", "quote_b", "speaker_b", "score"]
    q = q[q["n_words"] >= min_words].reset_index(drop=True)
    from .store import stored_statement_keys

    keys = stored_statement_keys(corpus, q)  # precomputed by analysis.extract (analysis/store.py)
    if keys is None:
        docs = dict(zip(corpus.articles["doc_id"], _docs(corpus)))
        keys = [_statement_key(docs[r.doc_id], r.start, r.end) for r in q.itertuples()]
    several_outlets = q["outlet"].nunique() > 1
    rows = []
    recs = list(q.itertuples())
    for i, a in enumerate(recs):
        for j in range(i + 1, len(recs)):
            b = recs[j]
            if a.doc_id == b.doc_id or (several_outlets and a.outlet == b.outlet):
                continue
            if not keys[i] or not keys[j]:
                continue
            # token_set_ratio rewards the shared core; weigh by token_sort to punish a tiny subset match.
            score = 0.5 * fuzz.token_set_ratio(keys[i], keys[j]) + 0.5 * fuzz.token_sort_ratio(keys[i], keys[j])
            if score >= threshold:
                rows.append([a.doc_id, a.outlet, a.start, a.end, a.quote, a.speaker,
                             b.doc_id, b.outlet, b.start, b.end, b.quote, b.speaker, round(score, 1)])
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["score", "doc_id_a", "start_a", "doc_id_b", "start_b"],
                           ascending=[False, True, True, True, True], kind="stable").reset_index(drop=True)
