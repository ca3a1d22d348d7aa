"""The data files' loaders (analysis.core.lexicons)."""
from __future__ import annotations

from analysis.core.lexicons import source_cues


def test_source_lexicon_is_case_sensitive_for_agencies():
    cues = source_cues()
    assert cues.agency_pattern.search("(AP) -") and not cues.agency_pattern.search("an ap of")
    assert cues.agencies["Agence France-Presse"] == "AFP"
