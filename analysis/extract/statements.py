"""Statement keys: what a quote says, as an order-free bag of content words.

Two outlets quoting one statement, verbatim or in two translations, share
most content lemmas, names and numbers; :func:`analysis.tables.quotes.shared_statements`
compares the keys with rapidfuzz.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["statement_key"]


def statement_key(doc: "Doc", start: int, end: int) -> str:
    """Content lemmas, names and numbers of a quote, lowercased and sorted (order-free matching)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return ""
    words = []
    for t in span:
        if t.like_num or t.ent_type_ or (t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM") and not t.is_stop):
            words.append(t.lemma_.lower() if not t.like_num else t.text.lower())
    return " ".join(sorted(set(words)))
