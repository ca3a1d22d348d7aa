"""Readings that are no attribution, and reports nested in other reports (analysis.extract.quotes.filters)."""
from __future__ import annotations

import pytest

from .conftest import find, run


def test_nested_attitude_is_part_of_the_outer_statement(nlp):
    text = "Sanders said he was supporting Clinton in the general election."
    _, qs = run(nlp, text)
    assert len(qs) == 1 and qs[0].cue == "say"


@pytest.mark.parametrize("text, outer_cue", [
    ("The Quinnipiac poll found that 74 percent of likely voters said Mr. Trump should release his tax returns.",
     "find"),
    ("He said he plans to put to good use the $18 million he says he raised for his campaign.", "say"),
])
def test_nested_report_is_part_of_the_outer_statement(nlp, text, outer_cue):
    # Unlike an attitude, the inner cue is a plain speech verb: the inner content still goes.
    _, qs = run(nlp, text)
    assert [q.cue for q in qs] == [outer_cue]


def test_nested_quote_keeps_its_own_speaker(nlp):
    text = 'The mayor said the chief told him "we will release the tapes."'
    _, qs = run(nlp, text)
    assert find(text, qs, "the chief told").speaker_mention == "The mayor"
    inner = [q for q in qs if q.cue == "tell"]
    assert len(inner) == 1 and inner[0].speaker_mention == "the chief" and inner[0].kind == "direct"


def test_nested_mixed_quote_is_part_of_the_outer_statement(nlp):
    # Only a wholly quoted inner content stands apart; PolNeAR marks a partly quoted one
    # inside the outer report only (train: 60 fewer outputs for 4 fewer matches).
    text = 'The mayor said the chief told him the tapes were "a mess" and would stay sealed.'
    _, qs = run(nlp, text)
    assert [q.cue for q in qs] == ["say"]


def test_physical_attacks_are_not_attributions_but_verbal_ones_are(nlp):
    war = "Government forces attacked ISIS positions near the town on Monday. The jets struck a convoy."
    _, qs = run(nlp, war)
    assert not [q for q in qs if q.cue in ("attack", "strike")], [(q.cue, war[q.start:q.end]) for q in qs]
    politics = "Senator Marco Rubio attacked Donald Trump's plan to build a wall on Tuesday."
    _, qs = run(nlp, politics)
    assert [q for q in qs if q.cue == "attack"], "a person attacking a plan is an attribution"


def test_a_date_alone_is_not_what_was_said(nlp):
    text = "The ministry said in a statement on Sunday that the talks would resume."
    _, qs = run(nlp, text)
    assert all(text[q.start:q.end].strip(" .") not in ("Sunday", "on Sunday") for q in qs)
    find(text, qs, "the talks would resume")
