"""Reporting cues: verb classes from data/reporting_verbs.yml and mended lemmas (analysis.extract.quotes.cues)."""
from __future__ import annotations

from analysis.extract.quotes.cues import verb_class

from .conftest import find, run


def test_verb_classes():
    assert verb_class("say") == "neutral" and verb_class("proclaim") == "neutral"
    assert verb_class("claim") == "doubting"
    assert verb_class("deny") == "denial"
    assert verb_class("urge") == "directive"
    assert verb_class("believe") == "belief"
    assert verb_class("point out") == "endorsing"
    assert verb_class("call on") == "directive"
    assert verb_class("xyzzy") is None


def test_cue_lemma_mended_where_the_lemmatiser_cuts_a_final_e(nlp):
    # The small model lemmatises 'hoping' as 'hop'; the verb class needs 'hope'.
    text = "Democrats are hoping that the scandal will help them regain the Senate."
    _, qs = run(nlp, text)
    q = find(text, qs, "the scandal")
    assert (q.cue, q.verb_class) == ("hope", "belief")
