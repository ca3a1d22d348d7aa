"""Quotation marks paired in the raw text: one scanner for every extractor (analysis.extract.quotemarks)."""
from __future__ import annotations

import pytest

from analysis.extract.quotemarks import quoted_spans


def test_multi_paragraph_quote():
    text = ('He said: "The first paragraph of the statement goes on here.\n\n'
            '"And the second paragraph ends it."\n\nThen something else.')
    spans = quoted_spans(text)
    assert len(spans) == 1 and text[spans[0].start:spans[0].end].endswith('ends it."')


def test_unclosed_quote_does_not_run_into_a_paragraph_of_other_marks():
    # A stray straight mark (a pasted block quote) opens a paragraph of a curly-quoted text:
    # the next paragraph's curly quote is a quote of its own, not that one's continuation.
    text = ('"Melanie thought the whole thing was outrageous.\n\n'
            '“It never crossed my mind,” she said.\n\nThen something else.')
    got = [text[q.start:q.end] for q in quoted_spans(text)]
    assert "“It never crossed my mind,”" in got
    assert got[0] == '"Melanie thought the whole thing was outrageous.'


def test_nested_quotes():
    text = "“He told me ‘never again’ and left,” she said."
    spans = quoted_spans(text)
    assert len(spans) == 1 and text[spans[0].start:spans[0].end] == "“He told me ‘never again’ and left,”"
    assert len(quoted_spans(text, nested=True)) == 2


def test_one_scanner_for_quotes_and_quotemarks():
    from analysis.extract import quotemarks, quotes

    text = "“He told me ‘never again’ and left,” she said. An 'apt' word.\n“Runs on\n“and ends here.”"
    assert quotes.quoted_spans is quotemarks.quoted_spans  # the quote extractor uses the scanner itself
    assert [q[:2] for q in quotes.quoted_spans(text)] == [(q.start, q.end) for q in quotemarks.quoted_spans(text)]
    idx = quotemarks.QuoteIndex.of(text)
    assert idx.contains(text.index("never"), text.index("never") + 5)
    assert not idx.contains(text.index("she said"), text.index("she said") + 8)
    # QuoteIndex also takes the scanner's QuoteSpan tuples.
    assert quotemarks.QuoteIndex(quoted_spans(text)).contains(text.index("apt"), text.index("apt") + 3)


@pytest.mark.parametrize("text", [
    "In the '90s the Russians' view and the ministry's line didn't change.",
    "Rock 'n' roll, the Clintons' plan and 'em.",
    "Its ’08 campaign and the voters’ mood.",
])
def test_apostrophes_are_not_quote_marks(text):
    assert quoted_spans(text) == []


def test_single_marks_quote_where_they_cannot_be_apostrophes():
    text = "The ministry's 'humanitarian pause' held, and the Russians' 'guarantees' too."
    assert [text[q.start:q.end] for q in quoted_spans(text)] == ["'humanitarian pause'", "'guarantees'"]


def test_paragraph_without_opening_mark_continues_the_quote():
    text = "He said: “The first part runs on\nand the second closes it,” he added."
    got = [text[q.start:q.end] for q in quoted_spans(text)]
    assert got == ["“The first part runs on", "and the second closes it,”"]


def test_quoted_spans_marks():
    text = 'He said "yes" and \u201cno\u201d.\n\u201cOpen to the end\nclosed later,\u201d she said. Odd " mark'
    spans = [(q.start, q.end) for q in quoted_spans(text)]
    assert [text[s:e] for s, e in spans] == ['"yes"', "\u201cno\u201d", "\u201cOpen to the end",
                                             "closed later,\u201d", '" mark']
    assert quoted_spans("") == [] and quoted_spans('"""\u201d\u201c') is not None
