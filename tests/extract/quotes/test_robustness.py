"""The quote extractor on odd, arbitrary and damaged text: no crash, every offset inside the text."""
from __future__ import annotations

import functools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis import load_corpus
from analysis.extract.quotemarks import quoted_spans

from ...conftest import PROPERTY, QUOTE_CHARS, SEEDS, quote_heavy_text
from .conftest import run


@pytest.mark.parametrize("text", ['', '"', '“unclosed quote', 'a " b " c " d', '”backwards“ marks’ ‘',
                                  "Er sagte: „Wir kommen morgen.“", "\n\n\n", "'''", "He said \"\"."])
def test_odd_marks_and_odd_text_do_not_crash(nlp, text):
    quoted_spans(text)
    run(nlp, text)


def _assert_quote_offsets(nlp, text: str) -> None:
    from analysis.extract.quotes import doc_quotes, quoted_spans

    doc = nlp(text)
    for q in quoted_spans(doc.text):
        assert 0 <= q.start <= q.end <= len(doc.text)
    for q in doc_quotes(doc):
        assert 0 <= q.start <= q.end <= len(doc.text)
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start <= q.speaker_end <= len(doc.text)


@PROPERTY
@given(text=st.one_of(quote_heavy_text, st.text(max_size=300)))
def test_quote_extractor_offsets_are_always_inside_the_text(nlp, text):
    _assert_quote_offsets(nlp, text)


@st.composite
def damaged_seed_text(draw):
    """A slice of a seed article with quote marks, newlines and junk inserted or characters deleted:
    real attributions whose quotes no longer pair up."""
    text = draw(st.sampled_from(_seed_texts()))
    start = draw(st.integers(0, len(text) - 1))
    text = text[start:start + draw(st.integers(0, 1500))]
    for _ in range(draw(st.integers(0, 8))):
        i = draw(st.integers(0, len(text)))
        insert = draw(st.one_of(st.sampled_from(list(QUOTE_CHARS + ":\n")), st.just(""), st.text(max_size=4)))
        text = text[:i] + insert + text[i + (not insert):]
    return text


@functools.lru_cache(maxsize=1)
def _seed_texts() -> list[str]:
    return list(load_corpus(SEEDS).articles.text)


@PROPERTY
@given(text=damaged_seed_text())
def test_quote_extractor_on_damaged_news_text(nlp, text):
    _assert_quote_offsets(nlp, text)
