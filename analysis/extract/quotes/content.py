"""Content extents: where an attribution's content starts and stops.

The content of indirect speech is the clausal complement including "that"
and without the final full stop; a direct quote's content includes its
quotation marks; a quote split by the cue ("A," he said, "B.") is one content
from A to B; a clause's content stops before a trailing aside (", who ..."),
before a reporting verb joined to it by "and" and at the paragraph's end
(PolNeAR's conventions: Newell, Margolin & Ruths 2018).  Multi-paragraph
quotes follow the typographic convention (Chicago Manual of Style 13.30).
"""
from __future__ import annotations

import bisect
import re

from ...core.lexicons import reporting_verbs
from ...nlp import doc_text, sentence_of
from ..quotemarks import QuoteSpan, doc_marks, rstrip_at as _rstrip
from .base import _MAX_GAP, _MAX_SPLIT_GAP, _PREDICATIVE_PREPS, _SUBJ, _chars, _same_paragraph, _trim
from .cues import _cue_lemma, _is_medium, _is_reporting_verb, verb_class


def _content_child(cue, starts: list[int] = ()):
    """The clausal complement (or object) of a cue that carries the attributed content
    (``starts``: the sorted start offsets of the text's quotes)."""
    lemma = cue.lemma_.lower()
    # A clause the parser hung on the cue from another paragraph is not what the cue
    # reports: the small model runs sentences on across paragraph breaks.
    kids = [c for c in cue.children if _same_paragraph(cue, c) and _same_paragraph(cue, c.left_edge)]
    ccomp = [c for c in kids if c.dep_ == "ccomp"]
    if ccomp:
        return ccomp[-1]
    # "said in a statement that ...": the parser often hangs the that-clause on the medium.
    for c in kids:
        if c.dep_ == "prep" and c.i > cue.i:
            for o in c.children:
                if o.dep_ == "pobj" and _is_medium(o):
                    clause = [a for a in o.children if a.dep_ in ("acl", "relcl", "ccomp")
                              and any(m.dep_ == "mark" and m.lower_ == "that" for m in a.children)]
                    if clause:
                        return clause[0]
    x = [c for c in kids if c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)]
    if x:
        return x[0]
    if verb_class(_cue_lemma(cue)) == "directive":
        # 'threatened the army with retaliation if its forces attack again': a directive's
        # object and the condition it sets are what was said.
        cond = [c for c in kids if c.dep_ == "advcl" and c.i > cue.i
                and any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children)]
        if cond and any(c.dep_ == "dobj" and cue.i < c.i < cond[0].i for c in kids):
            return cond[0]
    for c in kids:
        if c.dep_ == "prep" and c.lower_ in ("for", "on", "upon", "of", "about", "against", "to") \
                and _cue_lemma(cue) in reporting_verbs().phrasal:
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if objs:
                return objs[0]
    if any(c.dep_ in ("oprd",) for c in kids):
        return cue  # marker: object + complement, see _small_clause
    if lemma == "say":
        # 'says the movement sweeping the country appeals to ...': a that-less clause the
        # parser split into an object and leftovers; "say" takes no plain object.
        objs = [c for c in kids if c.dep_ == "dobj" and c.i > cue.i and c.pos_ in ("NOUN", "PROPN")]
        if objs:
            return cue  # marker: the rest of the sentence, see attributions
    if lemma in reporting_verbs().object_content:
        objs = [c for c in kids if c.dep_ in ("dobj", "obj")]
        if objs and objs[0].lower_ not in ("it", "this", "that", "so", "nothing", "something", "anything"):
            return objs[0]
    # 'noted the "senseless, tragic deaths" of ...': quotation marks in the object show it
    # gives someone's words, whatever the verb does with plain objects ('told reporters').
    objs = [c for c in kids if c.dep_ == "dobj" and c.i > cue.i and _opens_quote(c, starts)]
    if objs:
        return objs[0]
    # "denied targeting the group": a gerund complement.
    pc = [c for c in kids if c.dep_ in ("pcomp", "xcomp") and c.tag_ == "VBG"]
    if pc:
        return pc[0]
    return None


def _opens_quote(tok, starts: list[int]) -> bool:
    """Whether a quote (one of the sorted quote ``starts``) opens inside a token's subtree."""
    a = tok.left_edge.idx
    b = tok.right_edge.idx + len(tok.right_edge.text)
    k = bisect.bisect_left(starts, a)
    return k < len(starts) and starts[k] < b


def _sent_content_for_according(cue) -> tuple[int, int] | None:
    """'According to X, Y.' -> Y: the sentence without the 'according to' phrase."""
    sent = sentence_of(cue.doc, cue.i)
    a, b = cue.left_edge.i, cue.right_edge.i + 1
    left = _trim(cue.doc, sent.start, a)
    right = _trim(cue.doc, b, sent.end)
    best = max([left, right], key=lambda s: s[1] - s[0])
    return best if best[1] - best[0] >= 3 else None


def _whole_marks(text: str, spans: list[QuoteSpan], start: int, end: int) -> tuple[int, int]:
    """A content that stops just short of a quote's closing mark (or starts just after its
    opening mark, punctuation between) takes the mark: the parser leaves '."' outside the clause."""
    for q in spans:
        if q.start < end < q.end and not text[end:q.end].strip(_CLOSING_PUNCT):
            end = q.end
        if q.start < start < q.end and not text[q.start:start].strip(_CLOSING_PUNCT):
            start = q.start
    return start, end


_LIST_GAP = re.compile(r"[ \xa0]*(?:,[ \xa0]*)?(?:(?:and|or|as well as)[ \xa0]+)?")


def _with_listed_quotes(text: str, spans: list[QuoteSpan], starts: list[int], content: tuple[int, int],
                        used: set[int]):
    """A content that ends with a quote goes on through the quotes listed right after it
    ('called it “smart,” “fast” and “cheap”', 'rated it “false” or “pants on fire”'):
    one statement quoted in pieces.  ``starts`` are the spans' starts; the quotes taken are
    marked used."""
    start, end = content
    k = bisect.bisect_right(starts, end - 1) - 1  # the quote holding the content's last character
    if k < 0 or spans[k].end != end:
        return content
    while k + 1 < len(spans) and k + 1 not in used:
        gap = text[spans[k].end:spans[k + 1].start]
        if not gap or not _LIST_GAP.fullmatch(gap):
            break
        k += 1
        used.add(k)
        end = spans[k].end
    return start, end


def _listed_runs(text: str, spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """``spans`` with each list of top-level quotes ('“smart,” “fast” and “cheap”') as one span."""
    out: list[QuoteSpan] = []
    for q in spans:
        if out and q.level == 0 and out[-1].level == 0 and out[-1].end < q.start \
                and _LIST_GAP.fullmatch(text[out[-1].end:q.start]):
            out[-1] = QuoteSpan(out[-1].start, q.end, q.closed, 0)
        else:
            out.append(q)
    return out


_CLOSING_PUNCT = ".,;:!?\"“”'‘’`»« "


def _dependent_content(doc, cue, child) -> tuple[int, int] | None:
    """Character span of what a cue's dependent says: its subtree without edge punctuation.

    A leading "that"/"to" stays (PolNeAR includes it), a cue inside the
    subtree is cut off, a direct object takes the predicate a preposition adds
    ('praised Cruz for showing ...', 'described the country as beset by ...',
    'accused Cruz of being ...'), and the span stops at the paragraph's end.
    """
    if not (_same_paragraph(cue, child) and _same_paragraph(cue, child.left_edge)):
        return None
    a, b = _trim(doc, child.left_edge.i, child.right_edge.i + 1)
    if child.dep_ in ("xcomp", "advcl") and verb_class(_cue_lemma(cue)) == "directive":
        # 'urged all countries to respect ...', 'threatened the army with retaliation if ...':
        # the addressee opens the content (PolNeAR marks 'all countries to respect ...').
        objs = [c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < child.i]
        if objs:
            a = _trim(doc, objs[0].left_edge.i, b)[0]
    if child.dep_ == "ccomp":
        # 'said Russian forces were pursuing IS fighters who ...': the parser cut one clause into
        # two complements of the cue, the second right after the first; the content is both.
        before = [c for c in cue.children if c.dep_ == "ccomp" and cue.i < c.i < child.i
                  and c.right_edge.i + 1 == child.left_edge.i]
        if before:
            a = _trim(doc, before[0].left_edge.i, b)[0]
    if child.dep_ == "ccomp" and not any(c.dep_ in _SUBJ for c in child.children):
        # 'said supporters of the group were sharing ...': the parser took the clause's
        # subject for the cue's object; the content starts with it.
        objs = [c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < child.i]
        if objs:
            a = _trim(doc, objs[0].left_edge.i, b)[0]
    if child.dep_ in ("dobj", "obj"):
        pred = [c for c in cue.children if c.dep_ == "prep" and c.i >= b and c.lower_ in _PREDICATIVE_PREPS]
        if pred:
            a, b = _trim(doc, a, pred[0].right_edge.i + 1)
    if a <= cue.i < b:
        a, b = _trim(doc, cue.i + 1, b)
    b = _cut_trailing_aside(doc, a, b)
    b = _cut_coordinated_cue(doc, a, b)
    if b <= a:
        return None
    return _paragraph_part(doc_text(doc), *_chars(doc, a, b))


def _cut_coordinated_cue(doc, a: int, b: int) -> int:
    """End of a content before '... and asking, "..."' / '... and called ...': a reporting verb
    joined by "and" to the content's last clause is the source's next act (the parser hangs it on
    the content, PolNeAR annotates it as an attribution of its own)."""
    for t in doc[a + 2:b]:
        if t.dep_ == "conj" and t.tag_ in ("VBG", "VBD") and _is_reporting_verb(t) \
                and doc[t.i - 1].dep_ == "cc" and t.head.i >= a and t.right_edge.i + 1 >= b \
                and not any(c.dep_ in _SUBJ for c in t.children):
            return _trim(doc, a, t.i - 1)[1]
    return b


_ASIDE_DEPS = {"relcl", "advcl", "acl", "appos"}


def _cut_trailing_aside(doc, a: int, b: int) -> int:
    """End of a content without a trailing aside set off by a comma or dash
    ('..., who also held a rally', '..., as was the case', '... - the most significant ...'):
    the reporter's addition, not the source's words (PolNeAR's content stops before it)."""
    for t in doc[a + 1:b]:
        if t.dep_ in _ASIDE_DEPS and t.left_edge.i > a + 1 and t.right_edge.i + 1 >= b:
            before = t.left_edge.i - 1
            if doc[before].text in _CLOSING_MARKS and doc[before - 1].text == ",":
                # '... a "distortion," describing ...': the comma sits inside the closing mark.
                return before + 1
            if doc[before].text in (",", "-", "—", "–", "--"):
                return _trim(doc, a, before)[1]
    return b


_CLOSING_MARKS = {'"', "”", "’", "'", "''"}


def _paragraph_part(text: str, start: int, end: int) -> tuple[int, int]:
    """A clause's content cut at its paragraph's end: the parser runs headlines and
    captions into the next line, reported speech does not cross a paragraph break."""
    cut = text.find("\n", start, end)
    return (start, _rstrip(text, start, cut)) if cut > start else (start, end)


def _parenthetical_content(cue) -> tuple[int, int] | None:
    """'A new manager, he said, could set a new tone.' -> the sentence without the frame.

    A speech verb with no complement of its own that hangs off the main clause
    (parataxis, or the root of a sentence the parser split oddly) is a
    parenthetical attribution: what it reports is the rest of the sentence
    (PolNeAR's content, minus the frame when the frame sits at an edge).
    """
    if cue.lemma_.lower() not in reporting_verbs().speech or cue.dep_ not in ("parataxis", "ROOT", "advcl", "conj"):
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "oprd") for c in cue.children):
        return None
    doc = cue.doc
    sent = sentence_of(doc, cue.i)
    a, b = cue.left_edge.i, cue.right_edge.i + 1
    if cue.dep_ == "ROOT" or (a <= sent.start + 1 and b >= sent.end - 1):
        return None
    # The sentence as the parser cut it, within the cue's paragraph.
    start = next(t.i for t in doc[sent.start:cue.i + 1] if _same_paragraph(t, cue))
    end = next((t.i for t in doc[cue.i:sent.end] if not _same_paragraph(t, cue)), sent.end)
    a, b = max(a, start), min(b, end)
    left, right = _trim(doc, start, a), _trim(doc, b, end)
    if left[1] - left[0] >= 3 and right[1] - right[0] >= 3:
        span = (left[0], right[1])  # the frame in the middle: PolNeAR's content spans it
    else:
        span = max(left, right, key=lambda s: s[1] - s[0])
    return _chars(doc, *span) if span[1] - span[0] >= 3 else None


def _opens_lowercase(text: str, start: int) -> bool:
    """Whether the quote opening at ``start`` begins with a lower-case word (a sentence's continuation)."""
    m = re.match(r"[\"“”„«»'‘’`\s]*(\w)", text[start:start + 12])
    return bool(m) and m.group(1).islower()


# The frame of a split quote ends with a comma, colon or dash, and may go on with 'and'
# ('“A,” Mosko wrote in an email, and “B.”').
_SPLIT_GAP_END = re.compile(r"[,:—–-]\s*(?:and\s*)?$")


def _opens_split_quote(doc, spans, k: int, qi: int, cue_at: int) -> bool:
    """Whether quote ``k`` is the first half of a quote the cue splits ('"A," he said, "B."'):
    the frame between them ends with a comma (colon, dash) and holds no second reporting verb
    ('"A," she sings before asking her, "B"': B is the asking's)."""
    text = doc_text(doc)
    a, b = spans[k], spans[qi]
    gap = text[a.end:b.start]
    inner = text[a.start:a.end].rstrip("\"”’'` ")
    if not (a.end <= cue_at < b.start and inner[-1:] == "," and "\n" not in gap
            and _SPLIT_GAP_END.search(gap)
            and _sentence_stop(doc, a.end, b.start) is None
            and len(gap) <= (_MAX_SPLIT_GAP if _opens_lowercase(text, b.start) else _MAX_GAP)):
        return False
    frame = doc.char_span(a.end, b.start, alignment_mode="contract")
    return frame is None or not any(t.idx != cue_at and _is_reporting_verb(t) for t in frame)


_SENT_PUNCT = re.compile(r"[.!?]+")


_CONNECTIVE = re.compile(r"[ \xa0\t]*(?:[A-Z][a-z]+,[ \xa0\t]*)?")


def _sentence_stop(doc, start: int, end: int | None = None) -> int | None:
    """Character end of the first sentence-final ``.``, ``!`` or ``?`` in ``text[start:end]``.

    Read off the tokens rather than the text: the tokenizer keeps abbreviations
    and initials whole ('said Mr. Jebens', 'Gene B. Sperling', 'Tampa, Fla.'),
    so their points end no sentence.
    """
    end = len(doc_text(doc)) if end is None else end
    span = doc.char_span(start, end, alignment_mode="contract")  # the tokens wholly inside
    for t in span if span is not None else ():
        if _SENT_PUNCT.fullmatch(t.text):
            return t.idx + len(t.text)
    return None


def _continuation(doc, cue, spans, qi: int, used) -> list[int]:
    """Quotes that go on right after the cue's sentence ('"A," he said on Tuesday. "B."').

    PolNeAR's content then runs from A to the end of B, so B joins A.  The
    frame's end is its first full stop after the cue (:func:`_sentence_stop`):
    the parser often runs the frame's sentence into the next quote.
    """
    text = doc_text(doc)
    stop = _sentence_stop(doc, max(cue.idx, spans[qi].end))
    ends = [max(sentence_of(doc, cue.i).end_char, spans[qi].end)] + ([stop] if stop else [])
    for k in range(qi + 1, min(qi + 3, len(spans))):
        if k in used or "\n" in text[spans[qi].end:spans[k].start]:
            break
        if stop is not None and spans[k].end <= stop:
            continue  # a quoted title in the frame ('Trump told NBC's “Today” on Monday. “B.”')
        if stop is not None and spans[k].start < stop <= spans[k].end and not text[stop:spans[k].end].strip("\"”’'` ") \
                and k + 1 < len(spans) and not text[spans[k].end:spans[k + 1].start].strip(" \xa0\t"):
            # The frame ends inside a quoted title ('Christie said on ABC's "This Week." "B."'):
            # the next quote may follow the title.
            ends.append(spans[k].end)
            continue
        if stop is None or stop > spans[k].start:
            # An abbreviation may take the frame's full stop ('said Sen. Lindsey Graham, R-S.C. "B."').
            if text[:spans[k].start].rstrip(" \xa0\t").endswith("."):
                return [k]
        # Between the frame and the next quote: nothing, or a connective ('Trump said. Instead, "B."').
        if not any(spans[k].start >= end and _CONNECTIVE.fullmatch(text, end, spans[k].start) for end in ends):
            break
        return [k]
    return []


def _adjacent_quotes(doc, cue, spans, used) -> tuple[tuple[int, int], list[int]] | None:
    """Unused quotes right before and/or right after the cue's clause (gap without sentence breaks)."""
    text = doc_text(doc)
    marks = doc_marks(doc)
    # The clause's words before the cue; a word inside a quote is the parser running the quote
    # into the clause ('"Did he lose 20 minutes? Probably," said one official').
    c_start = min([cue.idx] + [t.idx for t in cue.children if t.dep_ in _SUBJ | {"agent", "advmod"}
                               for t in [t.left_edge] if not marks.contains(t.idx, t.idx + 1)])
    c_end = cue.idx + len(cue.text)
    for t in cue.children:
        if t.i > cue.i and t.dep_ in ("nsubj", "dobj", "dative", "prt", "npadvmod", "prep", "advmod", "agent") \
                and not any(ch.dep_ in ("relcl",) for ch in t.children):
            t_end = t.right_edge.idx + len(t.right_edge.text)
            if any(t.left_edge.idx <= q.start < t_end for q in spans):
                break  # the parser ran the object into the quote ('joked, “Bernie or Bust people ...”')
            if any(_is_reporting_verb(w) for w in t.subtree):
                break  # '“A,” she sings before asking her, “B”': B is the second verb's
            c_end = max(c_end, t_end)
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

