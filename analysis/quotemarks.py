"""Quoted-speech character spans: where the text is someone else's words.

A small, forgiving scanner over double quotation marks, kept separate so the
quotes feature can reuse or replace it.  Conventions of English news copy it
relies on (cf. the AP Stylebook entry "quotation marks"):

* ``"…"`` (straight) and ``“…”`` (curly) delimit quoted speech; single marks
  (``'…'``, ``‘…’``) are quotes *inside* quotes or scare quotes and are
  ignored here.
* A quote that runs over several paragraphs leaves its closing mark off at the
  end of each paragraph but the last, so a paragraph with an opening mark and
  no closing one is quoted up to the paragraph end.
* A paragraph whose first mark is a closing one (``”``) continues a quote
  opened in an earlier paragraph: it is quoted from the paragraph start.
"""
from __future__ import annotations

import bisect
import re

__all__ = ["quoted_spans", "QuoteIndex"]

_OPEN_CURLY, _CLOSE_CURLY, _STRAIGHT = "\u201c", "\u201d", '"'
# Low-9 and guillemet openers appear in copy pasted from other languages.
_OPENERS = {_OPEN_CURLY, "\u201e", "\u00ab"}
_CLOSERS = {_CLOSE_CURLY, "\u00bb"}
_MARKS = re.compile('["\u201c\u201d\u201e\u00ab\u00bb]')
_PARAGRAPH = re.compile(r"[^\n]+")


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of quoted speech in ``text``, marks included.

    Spans are sorted and never overlap.  Straight quotes alternate open/close
    within a paragraph; an unclosed quote runs to the end of its paragraph
    (trailing spaces excluded); a paragraph that starts with a closing curly
    mark is quoted from its first character.  Never raises on odd marks.
    """
    spans: list[tuple[int, int]] = []
    if not text:
        return spans
    for para in _PARAGRAPH.finditer(text):
        p_start, p_end = para.start(), para.start() + len(para.group().rstrip())
        open_at: int | None = None
        for mark in _MARKS.finditer(text, p_start, p_end):
            ch, pos = mark.group(), mark.start()
            if open_at is None:
                if ch in _CLOSERS:
                    # A closer with no opener: the quote began in an earlier paragraph.
                    if not spans or spans[-1][1] <= p_start:
                        spans.append((p_start, pos + 1))
                    continue
                open_at = pos
            elif ch in _CLOSERS or ch == _STRAIGHT:
                spans.append((open_at, pos + 1))
                open_at = None
            # an opener inside an open quote (a typo or a nested mark): keep the first
        if open_at is not None and p_end > open_at + 1:
            spans.append((open_at, p_end))
    return spans


class QuoteIndex:
    """Fast "is this character range inside a quote?" over one text's spans."""

    __slots__ = ("starts", "ends")

    def __init__(self, spans: list[tuple[int, int]]):
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    @classmethod
    def of(cls, text: str) -> "QuoteIndex":
        return cls(quoted_spans(text))

    def contains(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and end <= self.ends[i]
