"""Shared pieces of the quote extractor: the tuples it yields and token-span helpers.

:class:`Quote` is what :func:`analysis.extract.quotes.doc_quotes` yields;
``_Att`` is an attribution while the rules build it (content span, source
token span, cue).  Offsets: ``start, end`` are character offsets into the
Doc's text; ``src`` and ``medium`` are token spans.
"""
from __future__ import annotations

from typing import NamedTuple

from ..quotemarks import QuoteSpan
from ...nlp import doc_text


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
    medium: str | None = None  # the channel: "a statement", "the newspaper", "Twitter"
    speaker_role: str = "unknown"  # government official, politician, military, ... (roles.ROLES)
    speaker_affiliation: str | None = None  # party, country or organisation as written: "R-Minn.", "SDF"


class _Att(NamedTuple):
    start: int
    end: int
    src: tuple[int, int] | None   # token span of the source mention
    cue: str | None
    cue_i: int | None
    medium: tuple[int, int] | None = None  # token span of the channel ("a statement"), if any


_CLAUSE_DEPS = {"ccomp", "xcomp", "parataxis"}


_SUBJ = {"nsubj", "nsubjpass", "csubj"}


_PUNCT_TRIM = set(".,;:!?—–-") | {"''", "``"}


_QUOTE_CHARS = set("\"“”„«»'‘’`")


_DASHES = {"―", "—", "–", "-", "--"}


_DASH_CHARS = "".join(_DASHES)


_MAX_GAP = 80  # chars allowed between a quote and its cue clause


_MAX_SPLIT_GAP = 120  # ... between the halves of a split quote whose second half opens in lower case


_MAX_JOIN_GAP = 25  # ... between a content and a bare quote that goes on with it


_PREDICATIVE_PREPS = {"as", "for", "of", "over", "with", "about", "into"}


def _subtree_span(tok, *, exclude=()) -> tuple[int, int]:
    """Token span [a, b) of a subtree, skipping excluded child subtrees at its edges."""
    a, b = tok.left_edge.i, tok.right_edge.i + 1
    for x in exclude:
        xa, xb = x.left_edge.i, x.right_edge.i + 1
        if xa <= a < xb:
            a = xb
        if xa < b <= xb:
            b = xa
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


def _paragraph_apart(doc, src: tuple[int, int], i: int) -> bool:
    """Whether a paragraph break lies between a source mention and token ``i``."""
    lo, hi = (src[1], i) if src[1] <= i else (i + 1, src[0])
    return any("\n" in t.text for t in doc[lo:hi])


def _same_paragraph(a, b) -> bool:
    """Whether no paragraph break separates tokens ``a`` and ``b``."""
    text = doc_text(a.doc)
    lo, hi = sorted((a.idx, b.idx))
    return "\n" not in text[lo:hi]


def _covers(near, content) -> bool:
    (s, e), _ = near
    return min(e, content[1]) - max(s, content[0]) > 0


def _kind(text: str, start: int, end: int, spans: list[QuoteSpan], cue_at: int | None = None) -> str:
    """direct, mixed or indirect.  A split quote ('“A,” he said. “B.”') is direct: its content
    opens and closes with quotation marks and the words between them are the cue's frame."""
    inside = [q for q in spans if q.start >= start and q.end <= end]
    if any(q.start <= start + 1 and q.end >= end - 1 for q in spans if q.start <= start + 1):
        return "direct"
    if cue_at is not None and inside and inside[0].start <= start + 1 and inside[-1].end >= end - 1 \
            and any(a.end <= cue_at < b.start for a, b in zip(inside, inside[1:])):
        return "direct"
    return "mixed" if inside else "indirect"

