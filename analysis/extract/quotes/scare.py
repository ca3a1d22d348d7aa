"""The scare-quote test: a short quoted phrase no one is said to have spoken.

One home for the test the quote extractor (bare quotes that are not
quotations) and the framing tables (:func:`analysis.tables.framing.scare_quotes`)
both make.  A quoted phrase after "so-called", "dubbed" ... is a scare quote
(the "distancing" use of quotation marks: Predelli 2003, "Scare quotes and
their relation to other semantic issues"); otherwise a short phrase that no
speech verb governs.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...core.lexicons import reporting_verbs
from ...nlp import doc_text
from .cues import _governing_cue

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["is_scare_quote", "classify_quote_span", "head_word"]

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
    text = doc_or_text if isinstance(doc_or_text, str) else doc_text(doc_or_text)
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



def head_word(doc: "Doc", start: int, end: int) -> str:
    """The word the quoted phrase depends on (its root's head outside the phrase), or the root itself."""
    if doc is None:
        return ""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return ""
    root = span.root
    head = root.head
    if head.i < span.start or head.i >= span.end:
        return head.text
    return root.text
