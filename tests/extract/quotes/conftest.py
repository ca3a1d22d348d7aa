"""Shared by the quote extractor's tests: the pipeline, and doc_quotes run over a text with its offsets checked."""
from __future__ import annotations

import pytest

from analysis.extract.quotes import doc_quotes


@pytest.fixture(scope="module")
def nlp():
    from analysis.nlp import load_pipeline

    return load_pipeline()


def run(nlp, text):
    doc = nlp(text)
    qs = doc_quotes(doc)
    for q in qs:  # offsets always refer to the text
        assert 0 <= q.start < q.end <= len(text)
        if q.speaker_start is not None:
            assert text[q.speaker_start:q.speaker_end] == q.speaker_mention
    return doc, qs


def find(text, qs, needle):
    hits = [q for q in qs if needle in text[q.start:q.end]]
    assert hits, f"no quote containing {needle!r}: {[text[q.start:q.end] for q in qs]}"
    return hits[0]
