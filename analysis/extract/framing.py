"""Framing terms: where a text uses a word of a framing lexicon (hedges, boosters, loaded labels).

Whole-word, case-insensitive matching of the lexicons' written-out forms
(``data/epistemic_markers.yml``: Hyland 2005 hedges and boosters, Wikipedia's
"words to watch", Hooper 1975 factives and assertives as collected by
Recasens et al. 2013; ``data/loaded_terms.yml``), read by
:func:`analysis.core.lexicons.framing_lexicon`.  Text in, tuples out: the
voice, speaker and sentence of each match are :mod:`analysis.tables.framing`'s.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, NamedTuple

from ..core.lexicons import framing_lexicon

__all__ = ["LexiconMatch", "lexicon_matches", "phrase_pattern"]

# "about <number>": an approximator only before a number ("about 10 fighters", not "talked about it").
_NUMBER = (r"(?:\d[\d.,]*|a\s+(?:few|dozen|hundred|thousand)|dozens|hundreds|thousands|half|one|two|three|four|"
           r"five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
           r"ninety|hundred|thousand|million|billion)")
_BEFORE_NUMBER = " <number>"


class LexiconMatch(NamedTuple):
    category: str
    term: str  # the lexicon entry (its first form)
    start: int
    end: int


def phrase_pattern(forms: list[str]) -> re.Pattern:
    """Whole-word, case-insensitive regex for any of ``forms`` (longest first; spaces match any whitespace).

    A form ending in `` <number>`` matches only before a number, which stays outside the match.
    """
    def one(form: str) -> str:
        before_number = form.endswith(_BEFORE_NUMBER)
        body = re.escape(form.removesuffix(_BEFORE_NUMBER)).replace(r"\ ", r"\s+")
        return rf"{body}(?=\s+{_NUMBER}(?![\w-]))" if before_number else body

    alternatives = "|".join(one(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=8)
def _compiled(name: str) -> list[tuple[str, str, re.Pattern, tuple[str, ...]]]:
    """Each entry's category, term, pattern and the first words of its forms (lower-cased; empty
    when a form is not plain ASCII), which :func:`lexicon_matches` looks for before running it."""
    out = []
    for category, entries in framing_lexicon(name).items():
        for forms in entries:
            firsts = tuple(sorted({f.split()[0].lower() for f in forms if f.split()}))
            if not all(f.isascii() for f in forms):
                firsts = ()
            out.append((category, forms[0].removesuffix(_BEFORE_NUMBER), phrase_pattern(forms), firsts))
    return out


def lexicon_matches(text: str, lexicon: str) -> Iterator[LexiconMatch]:
    """Every whole-word match of a lexicon's entries in ``text``, in text order.

    When entries overlap ("so-called" and "called", "claimed" as hedge and as
    assertive), each category keeps its own match: categories are separate
    measures.
    """
    found = []
    # A pattern runs only where one of its first words is in the text at all: a substring test costs
    # a hundredth of a regex scan, and most of a lexicon's entries are absent from any one article.
    low = text.lower()
    for category, term, pattern, firsts in _compiled(lexicon):
        if firsts and not any(w in low for w in firsts):
            continue
        for m in pattern.finditer(text):
            found.append(LexiconMatch(category, term, m.start(), m.end()))
    found.sort(key=lambda x: (x.start, x.end, x.category, x.term))
    yield from found
