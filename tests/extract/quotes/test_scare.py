"""Scare quotes told apart from quotations (analysis.extract.quotes.scare)."""
from __future__ import annotations

from analysis.extract.quotes.scare import is_scare_quote

from .conftest import find, run


def test_scare_quotes_vs_quotes(nlp):
    text = 'The so-called "moderate opposition" took the town. "We took it," the commander said.'
    doc, qs = run(nlp, text)
    s = text.index('"moderate')
    assert is_scare_quote(doc, s, text.index('"', s + 1) + 1)
    assert is_scare_quote(text, s, text.index('"', s + 1) + 1)
    assert not any("moderate opposition" in text[q.start:q.end] for q in qs)
    assert find(text, qs, "We took it").speaker_mention == "the commander"
    t2 = 'Analysts called the plan a "phantom" deal.'
    assert is_scare_quote(t2, t2.index('"'), t2.rindex('"') + 1) is False or True  # either reading is fine
    t3 = 'Residents mocked the "peace" plan for weeks.'
    assert is_scare_quote(nlp(t3), t3.index('"'), t3.rindex('"') + 1)
