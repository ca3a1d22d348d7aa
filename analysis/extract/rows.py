"""What the corpus tables need from one parsed article, as plain rows per table.

The extraction store (:mod:`analysis.store`) keeps these rows, one Parquet
table each, so a report over an unchanged corpus never parses; without a
store :func:`analysis.store.doc_rows` builds the same rows from the shared
parse.  Either way the rows come from here, so the store never imports a
table module and the two paths cannot drift apart.

=============  =====================================================  ==================
table          one row per                                            depends on
=============  =====================================================  ==================
``sentences``  sentence: ``sentence, start, end`` (character offsets)  the parse
``spans``      quoted span (nested included): ``start, end, scare,    the parse
               head`` (the scare-quote test at its default
               ``max_words`` and the word the span depends on)
``mentions``   actor mention (:class:`~.mentions.Mention` fields) with  the parse and the
               ``sentence`` and ``in_quote``                          actor dictionary
``quotes``     quote (:class:`~.quotes.Quote` fields) with ``rank``   the parse and the
               (its order in the article) and ``statement_key``       actor dictionary
=============  =====================================================  ==================
"""
from __future__ import annotations

import typing
from typing import TYPE_CHECKING, Any, Iterable

from ..core.dictionary import ActorDictionary
from ..nlp import doc_text
from .mentions import Mention, doc_mention_rows
from .quotemarks import quoted_spans
from .quotes import Quote, doc_quotes
from .quotes.scare import head_word, is_scare_quote
from .statements import statement_key

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = ["TABLES", "DICTIONARY_TABLES", "row_fields", "doc_rows", "rows_to_mentions", "rows_to_quotes"]

TABLES = ("sentences", "spans", "mentions", "quotes")
# Tables that depend on the actor dictionary: its EntityRuler changes doc.ents, which
# mentions and speakers are read from.
DICTIONARY_TABLES = frozenset({"mentions", "quotes"})


def _fields_of(named_tuple: type) -> list[tuple[str, type]]:
    """``(name, Python type)`` of a NamedTuple's fields (``X | None`` gives X), so the rows follow
    the tuples as they grow."""
    out = []
    for name, hint in typing.get_type_hints(named_tuple).items():
        out.append((name, next((a for a in typing.get_args(hint) if a is not type(None)), hint)))
    return out


def row_fields(table: str) -> list[tuple[str, type]]:
    """The columns of a table's rows, in order, with their Python types."""
    if table == "sentences":
        return [("sentence", int), ("start", int), ("end", int)]
    if table == "spans":
        return [("start", int), ("end", int), ("scare", bool), ("head", str)]
    if table == "mentions":
        return _fields_of(Mention) + [("sentence", int), ("in_quote", bool)]
    if table == "quotes":
        return [("rank", int)] + _fields_of(Quote) + [("statement_key", str)]
    raise ValueError(f"unknown row table {table!r}; tables: {', '.join(TABLES)}")


def doc_rows(doc: "Doc", *, dictionary: ActorDictionary | None = None,
             tables: Iterable[str] = TABLES) -> dict[str, list[dict[str, Any]]]:
    """The rows of ``tables`` for one parsed article (see the module docstring)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table in tables:
        if table == "sentences":
            out[table] = [{"sentence": i, "start": s.start_char, "end": s.end_char} for i, s in enumerate(doc.sents)]
        elif table == "spans":
            out[table] = [{"start": q.start, "end": q.end, "scare": is_scare_quote(doc, q.start, q.end),
                           "head": head_word(doc, q.start, q.end)} for q in quoted_spans(doc_text(doc), nested=True)]
        elif table == "mentions":
            out[table] = [{**m._asdict(), "sentence": sentence, "in_quote": in_quote}
                          for m, sentence, in_quote in doc_mention_rows(doc, dictionary=dictionary)]
        elif table == "quotes":
            out[table] = [{"rank": i, **q._asdict(), "statement_key": statement_key(doc, q.start, q.end)}
                          for i, q in enumerate(doc_quotes(doc))]
        else:
            row_fields(table)  # raises: unknown table
    return out


def rows_to_mentions(rows: list[dict]) -> list[tuple[Mention, int, bool]]:
    """Stored ``mentions`` rows back to ``(Mention, sentence, in_quote)``."""
    return [(Mention(*(r[f] for f in Mention._fields)), r["sentence"], r["in_quote"]) for r in rows]


def rows_to_quotes(rows: list[dict]) -> list[Quote]:
    """Stored ``quotes`` rows back to :class:`Quote` tuples, in the article's order."""
    return [Quote(*(r[f] for f in Quote._fields)) for r in sorted(rows, key=lambda r: r["rank"])]
