"""Frames: quotes no cue governs, attributed by the words around them.

The subject of the clause a quote hangs on ('Clinton proclaimed at a press
conference, "..."'), a characterisation ('called it "a disaster"'), a credit
line ('"..." -- Ann Reed'), a colon headline ('Trump: "..."'), and bare quotes
that go straight on from the content before them (bare quote paragraphs:
Pouliquen et al. 2007, "Automatic detection of quotations in multilingual news").
"""
from __future__ import annotations

import re
from typing import Iterator

from ...nlp import doc_text, sentence_of
from ..quotemarks import QuoteSpan, doc_marks, rstrip_at as _rstrip
from .base import _Att, _MAX_JOIN_GAP, _QUOTE_CHARS, _SUBJ, _trim
from .cues import _cue_lemma, _is_reporting_verb
from .speakers import _can_speak, _mention_span, _source_of


def _join_following_quotes(doc, atts: list[_Att]) -> list[_Att]:
    """Bare quotes that go straight on from the content before them join it.

    'insisted that the state budget was balanced, "down to the last cent."',
    'that refugees "cannot come into this country" but others "can come in so
    easily."': PolNeAR marks the report and the quote that carries it on as
    one content (train: of the bare quotes that follow a content in the same
    paragraph, 128 are one content with it, 16 apart).  The quote must have
    inherited that content's source, and the words between (at most
    ``_MAX_JOIN_GAP`` characters, no line break) must hold neither that
    source nor a verb: '..., which he declared "a total disaster"' is a
    second statement (train: 67 fewer outputs for 4 fewer matches).  Direct
    quotes split by their own frame are joined earlier (:func:`_continuation`).
    """
    text = doc_text(doc)
    out: list[_Att] = []
    for t in atts:
        prev = out[-1] if out else None
        if prev is not None and t.cue is None and t.cue_i is None and t.src == prev.src \
                and prev.end <= t.start <= prev.end + _MAX_JOIN_GAP and "\n" not in text[prev.end:t.start]:
            between = doc.char_span(prev.end, t.start, alignment_mode="contract")
            own_frame = t.src is not None and prev.end <= doc[t.src[0]].idx < t.start
            if not own_frame and not (between is not None and any(w.pos_ == "VERB" for w in between)):
                out[-1] = prev._replace(end=t.end)
                continue
        out.append(t)
    return out


def _nested(doc, t: _Att, atts: list[_Att]) -> bool:
    """Whether an attribution's cue lies inside another attribution's content ('Carter said
    that some critics had predicted ...'): the inner source is not the one who goes on
    speaking in the next bare quote, the outer one is."""
    if t.cue_i is None:
        return False
    at = doc[t.cue_i].idx
    return any(o is not t and o.start <= at < o.end for o in atts)


_FRAME_STOP = {".", "!", "?", "“", "\"", "‘", "''", "``", ";"}


def _frame_subject(doc, q: QuoteSpan) -> tuple[int, int] | None:
    """The subject of the clause a quote hangs on in its sentence ('Clinton proclaimed at a
    press conference, “I did not ...”'): the nearest verb's subject before the quote, outside it."""
    text = doc_text(doc)
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None
    sent = sentence_of(doc, span.start)
    para = text.rfind("\n", 0, q.start) + 1
    lead_end = len(text[:para].rstrip())
    if not text[para:q.start].strip() and text[lead_end - 1:lead_end] == ":":
        # 'Trump issued the following statement:' closing the paragraph before.
        colon = doc.char_span(lead_end - 1, lead_end, alignment_mode="expand")
        if colon is not None:
            lead = doc[sentence_of(doc, colon.start).start:colon.start]
            subj = [t for t in lead if t.dep_ in _SUBJ and t.head.i < colon.start and t.head.pos_ in ("VERB", "AUX")]
            if subj and subj[0].lower_ not in ("it", "there"):
                return _mention_span(subj[0])
    for t in reversed(doc[sent.start:span.start]):
        if t.idx < para or text[t.idx:t.idx + 1] in _QUOTE_CHARS:
            break
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.pos_ in ("VERB", "AUX") and t.lower_ not in ("it", "there"):
            a, b = _mention_span(_reporting_subject(t, sent.start, span.start) or t)
            # The parser may hang the frame's subject on a verb inside the quote, and with it
            # the colon and the opening mark.
            return _trim(doc, a, min(b, span.start))
    return None


def _reporting_subject(subj, sent_start: int, quote_start: int):
    """The subject of the outermost reporting verb above a subject's clause in its sentence
    ('Mr. A said that a deal might be possible: “...”' -> 'Mr. A', not 'a deal'): a quote
    hanging on a reported clause continues the reporter's words."""
    verb = _reporting_ancestor(subj.head, sent_start, quote_start)
    if verb is None:
        return None
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < quote_start
                 and c.lower_ not in ("it", "there")), None)


def _reporting_ancestor(tok, lo: int, hi: int):
    """The outermost reporting verb with a subject that embeds ``tok``'s clause, within tokens
    [lo, hi); only clauses embedded in one another count, not coordinated ones."""
    found = None
    node = tok
    while node.dep_ not in ("ROOT", "conj", "parataxis") and node.head is not node:
        node = node.head
        if not lo <= node.i < hi:
            break
        if _is_reporting_verb(node) and \
                any(c.dep_ in ("nsubj", "nsubjpass") and c.i < hi and c.lower_ not in ("it", "there")
                    for c in node.children):
            found = node
    return found


def _frame_attribution(doc, q: QuoteSpan) -> _Att | None:
    """A quote in a reporting frame whose verb is not in the lexicon.

    '“…,” Smith barked.' and 'Smith interjected: “…”': the comma (or ?, !)
    closing the quote, or the colon opening it, marks the clause next to it as
    the reporting frame (the AP convention for attributions), whatever its
    verb.  The frame's verb is the cue and its subject the source.
    """
    text = doc_text(doc)
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    inner_end = text[q.start:q.end].rstrip("\"”’'` ")
    candidates = []
    if q.closed and inner_end[-1:] in (",", "?", "!", "—"):
        frame = []
        for tok in doc[span.end:span.end + 40]:
            if tok.text in _FRAME_STOP or "\n" in tok.text:
                break
            frame.append(tok)
        candidates = [t for t in frame if t.pos_ == "VERB"]
    else:
        before = text[max(0, q.start - 3):q.start].rstrip()
        sent = sentence_of(doc, span.start)
        if before.endswith(":") and sent.start < span.start:
            candidates = [t for t in doc[sent.start:span.start] if t.pos_ == "VERB"][-1:]
            # 'X noted that a deal might be possible: “...”' -- the reporting verb frames the quote.
            candidates = [_reporting_ancestor(t, sent.start, span.start) or t for t in candidates]
    for verb in candidates:
        # The parser may take a word inside the quote for a second subject.
        outside = [c for c in verb.children if c.dep_ in _SUBJ and not span.start <= c.i < span.end]
        src = _mention_span(outside[-1]) if outside else _source_of(verb)
        if src is None:
            # Inverted frames: '“…,” said the senator' puts the subject after the verb.
            after = [c for c in verb.rights if c.dep_ in ("nsubj", "dobj", "attr") and c.pos_ in ("PROPN", "NOUN", "PRON")]
            src = _mention_span(after[0]) if after else None
            if src is None and verb.dep_ == "compound" and verb.head.i > verb.i and verb.head.pos_ in ("PROPN", "NOUN"):
                # 'Said Ellis: “...”', parsed as a name with the verb for a modifier.
                src = _trim(doc, verb.i + 1, min(_mention_span(verb.head)[1], span.start))
        if src is not None and not (span.start <= src[0] < span.end):
            return _Att(q.start, q.end, src, _cue_lemma(verb), verb.i)
    return None


def _characterisation(doc, q: QuoteSpan) -> _Att | None:
    """A quoted label given to an object ('pounding Trump as a “con artist”', 'rated 22% of
    claims as “entirely true”'): the verb characterises its object in the quote's words,
    whatever the verb, so the object and the quote are the content, the verb is the cue and
    its subject the source (PolNeAR annotates these as one attribution)."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return None
    k = span.start - 1
    while k > 0 and doc[k].pos_ == "DET":
        k -= 1
    as_ = doc[k]
    if as_.lower_ != "as" or as_.dep_ not in ("prep", "mark"):
        return None
    head = as_.head
    while as_.dep_ == "mark" and head.dep_ != "ROOT" and (span.start <= head.i < span.end or not head.text[0].isalpha()):
        # 'as' read as a subordinator of a clause made of the quote, or of a dash the tagger
        # took for a verb ('pounding Trump as a “con artist” ― just as ...').
        head = head.head
    if head.pos_ == "VERB":
        verb = head
        # The object, or a prepositional one ('going after Trump as “unfit”').
        objs = [c for c in verb.children if c.dep_ == "dobj" and c.i < as_.i] + \
               [g for c in verb.children if c.dep_ == "prep" and c.i < as_.i for g in c.children if g.dep_ == "pobj"]
        obj = objs[0] if objs else None
    elif head.dep_ == "dobj" and head.head.pos_ == "VERB":
        verb, obj = head.head, head
    else:
        return None
    if obj is None or obj.tag_ in ("WP", "WDT") or verb.dep_ == "relcl":
        # 'recalled the teacher, who she visited often, as “...”': the parser hangs the label
        # on the relative clause, whose object is the relative pronoun.
        return None
    src = _source_of(verb)
    root = doc[src[0]:src[1]].root if src is not None else None
    if root is not None and root.pos_ == "NOUN" and not _can_speak(root):
        src = None  # 'The choice was between going after Trump as “...”' names no speaker
    start = obj.left_edge.idx
    if src is not None and src[0] <= obj.left_edge.i < src[1] or "\n" in doc_text(doc)[start:q.start]:
        return None
    return _Att(start, q.end, src, _cue_lemma(verb), verb.i)


# '” ― Sonya Herridge', '”\n\n-Michelle Marks, Philadelphia.': a dash after the closing mark
# (on the same line or opening one of the next two), then the credited name and at most a
# short description, to the end of the line.
_CREDIT_RE = re.compile(r"[ \t\xa0]*(?:\n[ \t\xa0]*){0,2}(?:―|—|–|--?)[ \t\xa0]*"
                        r"(?P<name>[A-Z](?:[^\n,;:.!?]|(?<=\b[A-Z])\.){1,60}?)(?P<desc>,[^\n]{0,80}?)?[ \t\xa0.]*(?:\n|$)")


_INITIAL = re.compile(r"[A-Z]\.?")


_CREDITED_LINE = re.compile(r"^[ \t\xa0]*[\"“”]", re.M)


_CREDIT_CLOSE = re.compile(r"[\"”]")


def _credit_lines(doc) -> Iterator[_Att]:
    """Quotes that fill their line, credited on a dash line ('“…” ― Sonya Herridge'): the form
    of epigraphs (the Chicago Manual of Style credits an epigraph's source on a line of its
    own, after a dash), readers' comments and vox-pop round-ups.

    The content runs from the line's opening mark to the closing mark before the credit,
    whatever marks come between: readers' comments often nest quotes with the same marks
    ('“I'd rather live in what he calls “hell” than …” ― Adriana Rodarte'), which pairing
    marks cannot read.  The credit must be a name the parser tags as a proper noun, so a
    dash before an ordinary clause ('“…” -- That was the last ...') is not one."""
    text = doc_text(doc)
    for line in _CREDITED_LINE.finditer(text):
        start = line.end() - 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        for close in _CREDIT_CLOSE.finditer(text, start + 1, end):
            m = _CREDIT_RE.match(text, close.end())
            if m is None:
                continue
            name = doc.char_span(m.start("name"), m.end("name"), alignment_mode="expand")
            # A dash glued to the name ("-Ann") is one token: it counts as part of the name,
            # as do initials, which the tagger may read as nouns ('Julie A. Diaz').
            if name is not None and len(name) <= 6 and all(
                    t.pos_ == "PROPN" or t.is_punct or t.idx < m.start("name") or _INITIAL.fullmatch(t.text)
                    for t in name):
                yield _Att(start, close.end(), (name.start, name.end), None, None)
            break


_COLON_RE = re.compile(r"^[\"“]?(?P<src>[A-Z][\w.’'\-]*(?:[ \xa0][A-Z][\w.’'\-]*|[ \xa0](?:and|of|the|for)){0,5}):[ \xa0]+(?=\S)",
                       re.M)


def _proper_nouns(doc) -> set[str]:
    """Words the tagger reads as a proper noun somewhere in the document: a headline's
    'Sanders:' may be tagged a noun where the body's 'Bernie Sanders' is not."""
    return {t.text for t in doc if t.pos_ == "PROPN"}


def _colon_attributions(doc, atts) -> list[_Att]:
    """'NAME: text' lines (interview transcripts, headlines "McCain: ...") and
    'Name and Name: “...”' -- the colon is the cue, the rest of the line the content,
    which must have a verb (a statement, not a list or a label).  A transcript quoted
    paragraph by paragraph opens each line with a quotation mark ('"WALLACE: ...')."""
    text = doc_text(doc)
    taken = [(t.start, t.end) for t in atts]
    out = []
    names = None  # the document's proper nouns, when first needed
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
        said = doc.char_span(start, end, alignment_mode="expand")
        if sa is None or said is None:
            continue
        # A line in quotation marks is a statement whatever the tagger makes of its words
        # ('Reid: 'Never, ever underestimate Trump.'', with 'Reid' a noun and no verb).
        quoted = doc_marks(doc).exact(start, end)
        if not (quoted or any(t.pos_ == "PROPN" for t in sa)):
            names = _proper_nouns(doc) if names is None else names
            if sa[-1].text not in names:
                continue
        if not (quoted or any(t.pos_ in ("VERB", "AUX") for t in said)):
            # A label, not a statement: 'Iowa: Tim Albrecht, Brad Anderson, ...',
            # 'Twitter: @handle', 'Carson: A miracle' (verbless in 23 of 26 such
            # lines on PolNeAR train, of which 3 annotated).
            continue
        out.append(_Att(start, end, (sa.start, sa.end), None, None))
    return out

