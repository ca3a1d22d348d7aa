"""Framing-lexicon matches in raw text: whole words, approximators before numbers (analysis.extract.framing)."""
from __future__ import annotations

from analysis.extract.framing import lexicon_matches


def test_whole_words_only():
    text = "Crucially, the aboutface was apparently about it."
    found = [(m.category, text[m.start:m.end]) for m in lexicon_matches(text, "epistemic_markers")]
    assert ("hedge", "apparently") in found
    assert all(surface.lower() != "aboutface" for _, surface in found)


def test_approximators_only_before_numbers():
    text = "They talked about it; about 10 fighters and around two dozen others, some 300 in all, some said."
    found = [(m.term, m.start) for m in lexicon_matches(text, "epistemic_markers") if m.category == "hedge"]
    assert found == [("about", text.index("about 10")), ("around", text.index("around")),
                     ("some", text.index("some 300"))]
