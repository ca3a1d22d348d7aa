"""Quotation marks: where the text is someone else's words.

The package's one quote-mark scanner, :func:`quoted_spans`: the quote
extractor (:mod:`analysis.extract.quotes`) builds quotes on it; framing,
vocabulary and actors ask "is this inside a quote?" through
:class:`QuoteIndex` (:func:`doc_marks` keeps one per parsed Doc).  Hand-written because no maintained library pairs
news-copy quotation marks (spaCy and textacy only match straight pairs within
a sentence).  The conventions of English news copy it relies on (AP
Stylebook, "quotation marks"; Chicago Manual of Style 13.30):

* ``"…"`` and ``“…”`` delimit quoted speech, ``'…'`` and ``‘…’`` quotes inside
  quotes (or, in some house styles, quotes and headline quotes); ``''…''`` and
  ````…''`` are the double marks of older wire copy.  Direction is read from the
  neighbouring characters, not the glyph, because copied text often has the
  wrong curly glyph.
* A quote that runs over several paragraphs leaves its closing mark off at the
  end of each paragraph but the last and opens each next paragraph again,
  with the same kind of mark (a straight-quoted block pasted into curly copy
  does not run into the next curly quote); a paragraph whose first mark is a
  closing one continues the quote of the paragraph before.
* An unclosed quote ends at its paragraph's end (``closed=False``).
* A single mark between letters or after a word's last letter ("don't", "the
  ministry's", "Russians' ") or before a decade ("'90s") is an apostrophe.
"""
from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, NamedTuple

from ..nlp import doc_memo, doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["QuoteSpan", "quoted_spans", "QuoteIndex", "doc_marks", "rstrip_at"]


class QuoteSpan(NamedTuple):
    """A quoted stretch of text: ``text[start:end]`` includes the marks (when closed)."""
    start: int
    end: int
    closed: bool
    level: int  # 0: top level, 1: nested inside another quote


_DOUBLE_OPEN = {"“", "„", "«", "‟"}
_DOUBLE_CLOSE = {"”", "»"}
_SINGLE_OPEN = {"‘", "‹", "‚"}
_SINGLE_CLOSE = {"’", "›"}
_MARK_RE = re.compile(r"''|``|[\"“”„«»‟‘’‹›‚']")
_OPENER_BEFORE = set(" \t\n\xa0([{—–-/") | {""}
_CLOSER_AFTER = set(" \t\n\xa0)]}.,;:!?—–-…") | {""}
# Markup attributes (tweet="...", author="...") are not quotes.
_ATTR_RE = re.compile(r"\w=\"[^\"\n]*\"")
# Elisions that start with an apostrophe: '90s, '08, 'em, 'til, 'cause, rock 'n' roll.
_ELISION_RE = re.compile(r"\d\d(?:s\b|\b)|(?:em|til|cause|bout|n)\b", re.I)


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


def _mark_family(c: str) -> str:
    """The kind of a double mark, from its first character: a quote continued over
    paragraphs reopens each paragraph with its own kind."""
    return "straight" if c == '"' else "tex" if c in "`'" else "curly"


def rstrip_at(text: str, start: int, end: int) -> int:
    """``end`` moved left over trailing whitespace, not past ``start``."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def quoted_spans(text: str, *, nested: bool = False) -> list[QuoteSpan]:
    """Quoted stretches of ``text``, in order (see the module docstring for the conventions).

    Top-level spans never overlap.  Single marks count as quotes only where
    they cannot be apostrophes.  An odd number of marks never raises.

    Args:
        nested: also return quotes nested inside another quote (``level=1``).
    """
    if not text:
        return []
    out: list[QuoteSpan] = []
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    open_at: int | None = None       # start of the running double quote
    s_open: int | None = None        # start of a running single quote
    inner: list[QuoteSpan] = []
    masked = {i for m in _ATTR_RE.finditer(text) for i in (m.start() + 2, m.end() - 1)}
    for pi, (ps, pe) in enumerate(paras):
        first_double = True
        for m in _MARK_RE.finditer(text, ps, pe):
            i, j, g = m.start(), m.end(), m.group()
            if i in masked:
                continue
            if g in ("''", "``", '"') or g in _DOUBLE_OPEN or g in _DOUBLE_CLOSE:
                glyph = True if g in _DOUBLE_OPEN or g == "``" else False if g in _DOUBLE_CLOSE or g == "''" else None
                if glyph is None:
                    glyph = open_at is None
                d = _mark_direction(text, i, j, glyph)
                if d == "close" and open_at is None and first_double and out and not out[-1].closed \
                        and pi > 0 and out[-1].end == rstrip_at(text, paras[pi - 1][0], paras[pi - 1][1]):
                    # The quote of the paragraph before goes on without its opening mark.
                    out.append(QuoteSpan(ps, j, True, 0))
                elif d == "open" and open_at is not None and i == ps and open_at < ps:
                    pass  # the opening mark of a continued paragraph
                elif d == "open" and open_at is None:
                    open_at, s_open = i, None
                elif d == "close" and open_at is not None:
                    out.append(QuoteSpan(open_at, j, True, 0))
                    open_at = None
                elif d == "open" and open_at is not None and open_at >= ps:
                    # A second opening mark in the same paragraph: the first was unclosed.
                    out.append(QuoteSpan(open_at, rstrip_at(text, open_at, i), False, 0))
                    open_at = i
                first_double = False
            else:
                glyph = True if g in _SINGLE_OPEN else False if g in _SINGLE_CLOSE else None
                d = _mark_direction(text, i, j, glyph)
                # "don't", "the 1990s'": an apostrophe between letters is no quote.
                if d is None or (i > 0 and text[i - 1].isalnum() and j < len(text) and text[j].isalnum()):
                    continue
                if d == "open" and (j >= len(text) or not text[j].isalnum() and text[j] not in "\"“"
                                    or _ELISION_RE.match(text, j)):
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
                _mark_family(text[nxt]) == _mark_family(text[open_at]) and \
                _mark_direction(text, nxt, nxt + 1, True) == "open"
            if not continues:
                out.append(QuoteSpan(open_at, rstrip_at(text, open_at, pe), False, 0))
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


class QuoteIndex:
    """Fast "is this character range inside a quote?" over one text's top-level quotes."""

    __slots__ = ("starts", "ends")

    def __init__(self, spans):
        """``spans``: sorted ``(start, end, ...)`` tuples, e.g. :func:`quoted_spans`."""
        self.starts = [s[0] for s in spans]
        self.ends = [s[1] for s in spans]

    @classmethod
    def of(cls, text: str) -> "QuoteIndex":
        return cls(quoted_spans(text))

    def contains(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and end <= self.ends[i]

    def exact(self, start: int, end: int) -> bool:
        """Whether ``start, end`` is one whole quote (marks included)."""
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and self.starts[i] == start and self.ends[i] == end


def doc_marks(doc: "Doc") -> QuoteIndex:
    """The Doc's quotation marks as a :class:`QuoteIndex` (built once per Doc)."""
    return doc_memo(doc, "marks", lambda d: QuoteIndex.of(doc_text(d)))
