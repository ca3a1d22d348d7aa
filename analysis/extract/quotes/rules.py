"""The cue rules: reporting cues with their content and source, read off the dependency parse.

:func:`attributions` finds reporting cues (verbs of ``data/reporting_verbs.yml``;
"according to") and reads each one's content (:mod:`.content`) and source
(:mod:`.speakers`), following the PolNeAR annotation conventions (Newell,
Margolin & Ruths 2018; Pareti 2016's PARC scheme).
"""
from __future__ import annotations

import bisect

from ...nlp import doc_text, sentence_of
from ..quotemarks import QuoteSpan, quoted_spans
from .base import _Att, _QUOTE_CHARS, _SUBJ, _chars, _covers, _paragraph_apart, _trim
from .cues import _cue_lemma, _cue_tokens
from .speakers import _fallback_source, _source_of, _source_outside_quote, _split_medium
from .content import _adjacent_quotes, _content_child, _continuation, _cut_trailing_aside, _dependent_content, _opens_lowercase, _opens_split_quote, _paragraph_part, _parenthetical_content, _sent_content_for_according, _whole_marks, _with_listed_quotes


def attributions(doc, *, spans: list[QuoteSpan] | None = None) -> list[_Att]:
    """Cue-based attributions in a parsed Doc (character content span, source token span, cue lemma)."""
    text = doc_text(doc)
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
        if cue.dep_ in ("conj", "advcl") and not any(c.dep_ in _SUBJ for c in cue.children):
            # 'said he found Trump "charming" and called ...': the parser joined the second cue
            # to the first one's content (see _cut_coordinated_cue); both share one source.
            outer = [t for t in out if t.start <= cue.head.idx < t.end and t.cue_i < cue.i and t.end <= cue.idx]
            if outer:
                src = outer[-1].src
        content: tuple[int, int] | None = None
        if lemma == "according to":
            tok_span = _sent_content_for_according(cue)
            if tok_span:
                content = _chars(doc, *tok_span)
        else:
            child = _content_child(cue, starts)
            if child is cue and lemma == "say":
                obj = next(c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i)
                a, b = _trim(doc, obj.left_edge.i, sentence_of(doc, cue.i).end)
                content = _paragraph_part(text, *_chars(doc, a, _cut_trailing_aside(doc, a, b))) if b > a else None
            elif child is cue:
                parts = [c for c in cue.children if c.dep_ in ("dobj", "oprd") and c.i > cue.i]
                a = min(c.left_edge.i for c in parts)
                b = max(c.right_edge.i for c in parts) + 1
                a, b = _trim(doc, a, b)
                content = _chars(doc, a, b) if b > a else None
            elif child is not None and not (child.i < cue.i and child.dep_ in ("dobj",)):
                content = _dependent_content(doc, cue, child)
        qi = None
        if content is not None:
            qi = quote_index_overlapping(*content, share=0.5)
            if qi is not None:
                # The clause and its quote together: PolNeAR's content keeps the
                # unquoted words of a mixed quote ('he "may yet have to ..."').
                content = (min(content[0], spans[qi].start), max(content[1], spans[qi].end))
        if content is None or qi is None:
            near = _adjacent_quotes(doc, cue, spans, used)
            if near and (content is None or _covers(near, content)):
                (qs, qe), qi_list = near
                # A short quote inside a longer clause ('calls Horgos "a mistake"
                # because ...') is part of the content, not all of it.
                if content is None:
                    # 'Sooner or later, he said, "it starts to pay off."': a quote that opens in
                    # lower case goes on with the words before the frame, which the frame
                    # reports too ('In an interview, he said, "It ..."' sets the scene instead).
                    around = _parenthetical_content(cue) if qs > cue.idx and _opens_lowercase(text, qs) else None
                    content = around if around and around[0] < qs and qe <= around[1] \
                        and not any(c in _QUOTE_CHARS for c in text[around[0]:qs]) else (qs, qe)
                else:
                    content = (min(content[0], qs), max(content[1], qe))
                used.update(qi_list)
                qi = None
        if content is None and src is not None:
            content = _parenthetical_content(cue)
        if content is None:
            continue
        if qi is not None:
            used.add(qi)
            if content[0] < spans[qi].start and spans[qi].end <= cue.idx \
                    and text[content[0]:spans[qi].start].rstrip().endswith(":"):
                # 'The senator scolded him: “A,” she said': the parser hangs the colon frame on
                # the later cue; the words before the colon are another frame, not content.
                content = (spans[qi].start, content[1])
            if spans[qi].end <= cue.idx:
                # The other half of a split quote ("A," he said, "B.").
                more = _continuation(doc, cue, spans, qi, used)
                if not more and qi + 1 < len(spans) and qi + 1 not in used \
                        and _opens_split_quote(doc, spans, qi, qi + 1, cue.idx):
                    more = [qi + 1]  # '"A," he said, "and B."' in one sentence
                if more:
                    content = (content[0], spans[more[-1]].end)
                    used.update(more)
            elif qi > 0 and _opens_split_quote(doc, spans, qi - 1, qi, cue.idx) and qi - 1 not in used:
                # '"A," he said, "B."' where the parser made B the complement: A opens the content.
                used.add(qi - 1)
                content = (spans[qi - 1].start, content[1])
        if src is not None and cue.lower_ != "according":
            k = bisect.bisect_right(starts, doc[src[0]].idx) - 1
            if k >= 0 and spans[k].end > doc[src[0]].idx:
                # The parser took words inside the quote for the subject ('“..., Sen. John
                # McCain,” Trump said'): the speaker is named outside the marks.
                # A subject taken from a quote after the cue ('Flynn, a surrogate, said Thursday
                # on “Fox and Friends.”'): the frame's own subject before the cue comes first.
                after = spans[k].start > cue.idx and _fallback_source(cue, (spans[k].start, spans[k].end))
                src = after or _source_outside_quote(cue, spans[k])
        if src is not None and _paragraph_apart(doc, src, cue.i):
            src = None  # the parser ran the previous paragraph into the cue's sentence
        if src is None and cue.lower_ != "according":
            src = _fallback_source(cue, content)
        src, medium = _split_medium(doc, src, cue)
        content = _whole_marks(text, spans, *content)
        content = _with_listed_quotes(text, spans, starts, content, used)
        out.append(_Att(content[0], content[1], src, lemma, cue.i, medium))
    return out

