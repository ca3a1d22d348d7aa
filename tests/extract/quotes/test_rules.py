"""The cue rules: direct, indirect and mixed quotes read off the parse around a reporting cue
(analysis.extract.quotes.rules)."""
from __future__ import annotations

from .conftest import find, run


def test_direct_quote_after_cue_straight_and_curly(nlp):
    for open_, close in (('"', '"'), ("“", "”"), ("‘", "’")):
        text = f"{open_}We will not allow anyone to cross this line,{close} the spokesman told reporters."
        _, qs = run(nlp, text)
        q = find(text, qs, "cross this line")
        assert q.kind == "direct" and text[q.start] == open_ and q.cue == "tell"
        assert q.speaker_mention == "the spokesman"


def test_direct_quote_before_and_split(nlp):
    text = 'Lavrov said: "The strikes must stop." Later he added, "We are ready to talk," and left.'
    _, qs = run(nlp, text)
    assert find(text, qs, "strikes must stop").speaker_mention == "Lavrov"
    q = find(text, qs, "ready to talk")
    assert q.cue == "add" and q.speaker == "Lavrov"


def test_indirect_speech_that_clause(nlp):
    text = "The ministry said that its forces had pushed back the attack near the river."
    _, qs = run(nlp, text)
    q = find(text, qs, "pushed back")
    assert q.kind == "indirect" and text[q.start:q.end].startswith("that its forces")
    assert not text[q.start:q.end].endswith(".")
    assert q.speaker_mention == "The ministry" and q.verb_class == "neutral"


def test_denial_and_directive(nlp):
    text = ("The Pentagon denied targeting the group on Sunday. "
            "Russia urged all countries to respect Syria's sovereignty.")
    _, qs = run(nlp, text)
    assert find(text, qs, "targeting").verb_class == "denial"
    q = find(text, qs, "respect Syria")
    assert q.verb_class == "directive" and q.speaker_mention == "Russia"


def test_mixed_quote(nlp):
    text = 'The Russian Defense Ministry said the move was a "violation" of international law.'
    _, qs = run(nlp, text)
    q = find(text, qs, "violation")
    assert q.kind == "mixed"
    assert text[q.start:q.end].startswith("the move")


def test_according_to(nlp):
    text = "The jet was shot down near Tabqah, according to a coalition statement."
    _, qs = run(nlp, text)
    q = find(text, qs, "shot down")
    assert q.cue == "according to" and "statement" in q.speaker_mention
    assert "according" not in text[q.start:q.end]


def test_second_cue_joined_to_the_content_is_its_own_attribution(nlp):
    text = 'She said he found the mayor "very charming" and called his rise "unheard of."'
    _, qs = run(nlp, text)
    q = find(text, qs, "charming")
    assert text[q.start:q.end] == 'he found the mayor "very charming"'
    q = find(text, qs, "unheard")
    assert q.cue == "call" and "charming" not in text[q.start:q.end]
    assert q.speaker_mention == "She"  # the first cue's source, not the subject inside its content
