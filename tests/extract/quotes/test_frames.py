"""Quotes no cue governs: bare quotes, colon frames, credit lines, reporting frames, quoted labels
(analysis.extract.quotes.frames)."""
from __future__ import annotations

import pytest

from .conftest import find, run

# ---------------------------------------------------------------- bare quotes

def test_bare_paragraph_inherits_speaker(nlp):
    text = ('Lavrov urged Washington to respect Syria\'s sovereignty, saying, "Strikes are unacceptable."\n\n'
            '"We call on the United States to avoid such steps in the future."\n\nThe talks continue.')
    _, qs = run(nlp, text)
    q = find(text, qs, "We call on")
    assert q.kind == "direct" and q.speaker == "Lavrov" and q.cue is None


@pytest.mark.parametrize("text, first, last", [
    ('The mayor, who proclaimed in July - falsely - that refugees fleeing the war "cannot come into '
     'this country" but other people "can come in so easily."', "refugees fleeing", "so easily"),
    ('The governor insisted on Monday that the state budget was balanced, "down to the last cent."',
     "budget was balanced", "last cent"),
])
def test_bare_quote_goes_on_with_the_content_before(nlp, text, first, last):
    _, qs = run(nlp, text)
    q = find(text, qs, first)
    assert last in text[q.start:q.end] and len(qs) == 1


def test_bare_quote_after_a_verb_is_not_joined(nlp):
    # '..., which he declared "..."': the words between hold a verb of their own.
    text = 'Trump said the field remained divided, which he declared "a total disaster" for the party.'
    _, qs = run(nlp, text)
    q = find(text, qs, "remained divided")
    assert "disaster" not in text[q.start:q.end]


# ----------------------------------------- reporting frames and quoted labels

def test_reporting_frame_with_verb_outside_the_lexicon(nlp):
    text = "“Bernie or Bust people, you are being ridiculous,” Silverman barked."
    _, qs = run(nlp, text)
    q = find(text, qs, "ridiculous")
    assert q.speaker_mention == "Silverman" and q.cue == "bark" and q.verb_class == "other"


@pytest.mark.parametrize("text, content, mention, cue", [
    ("The ad began airing this week. Reid has been steadily pounding Trump as a “con artist” in speeches "
     "across the country.", "Trump as a “con artist”", "Reid", "pound"),
    # The parser reads 'as' as a subordinator of a dash it takes for a verb.
    ("Senate Minority Leader Harry Reid (D-Nev.), in particular, has been steadily pounding Trump as a “con "
     "artist” ― just as he once pounded Mitt Romney for not releasing his tax returns.",
     "Trump as a “con artist”", "Senate Minority Leader Harry Reid (D-Nev.)", "pound"),
    # A prepositional object; 'The choice' cannot speak, so no one is named.
    ("The campaign changed course in May. The choice was between going after Trump as “uniquely "
     "unacceptable and unfit” or poking holes in his image as a businessman.",
     "Trump as “uniquely unacceptable and unfit”", None, "go"),
])
def test_quoted_label_given_to_an_object_is_one_content(nlp, text, content, mention, cue):
    # 'Y VERB X as “Z”': the verb characterises its object in the quote's words.
    _, qs = run(nlp, text)
    q = find(text, qs, content[-8:])
    assert text[q.start:q.end] == content
    assert q.speaker_mention == mention and q.cue == cue and q.kind == "mixed"


# --------------------------------------------------------------- colon frames

def test_quote_after_a_colon_paragraph_is_the_frames_subject(nlp):
    text = ("After the attack, Donald Trump issued the following statement:\n\n"
            "“Our prayers are with all those affected by this tragedy.”")
    _, qs = run(nlp, text)
    assert find(text, qs, "Our prayers").speaker_mention == "Donald Trump"


def test_a_colon_line_needs_a_verb_to_be_a_statement(nlp):
    listing = "Iowa: Tim Albrecht, Brad Anderson, Rob Barron, Jeff Boeyink.\n\nThe list goes on."
    _, qs = run(nlp, listing)
    assert not [q for q in qs if "Albrecht" in listing[q.start:q.end]]
    headline = "Sergei Lavrov: Russia will respond to the new sanctions.\n\nMore text here."
    _, qs = run(nlp, headline)
    q = find(headline, qs, "Russia will respond")
    assert q.speaker_mention == "Sergei Lavrov"


def test_colon_frame_before_a_quote_framed_again_after_it(nlp):
    text = ("The senator scolded him: “The scientific community is against you,” she said. "
            "“I don’t understand why you need to go there.”")
    _, qs = run(nlp, text)
    said = [q for q in qs if q.cue == "say"]
    assert said and all(text[q.start] == "“" for q in said)  # 'The senator scolded him:' is no content
    assert find(text, qs, "scientific community").speaker_mention == "The senator"


def test_colon_frame_takes_the_reporting_verb(nlp):
    text = ('Ms. Lane noted that if seen as a negotiation, some kind of compromise might be possible: '
            '"Everyone has a price."')
    _, qs = run(nlp, text)
    q = find(text, qs, "Everyone has a price")
    assert q.speaker_mention == "Ms. Lane" and q.cue == "note"


def test_transcript_lines_opened_by_a_quotation_mark(nlp):
    # Transcripts quoted paragraph by paragraph: each opens with a mark that never closes.
    text = ('Partial transcript as follows:\n\n"WALLACE: Let us start with the news about the debate.\n\n'
            '"PENCE: Well, the question really should be why her campaign invited him.\n\n')
    _, qs = run(nlp, text)
    assert find(text, qs, "start with the news").speaker_mention == "WALLACE"
    assert find(text, qs, "question really should").speaker_mention == "PENCE"


# --------------------------------------------------------------- credit lines

def test_a_dash_credit_line_names_the_speaker(nlp):
    # Vox-pop round-ups and epigraphs: each quote is credited on its own line, not by the
    # previous quote's speaker.
    text = ('Rivera said the vote mattered to her family.\n\n'
            '“The ads made me angry and I will vote for the first time.” ― Maria Lopez\n'
            '“Nobody in my town talks about anything else.”\n— Tom Baker, a farmer in Iowa.\n'
            '“We will be heard this time.” ―\xa0Julie A. Diaz Martinez.\n'
            '"We were told to wait, and we waited for hours."\n\n-Ann Reed, Philadelphia.\n\n'
            # Readers nest quotes with the same marks: the line is still one quote.
            '“I’d rather live in what he calls “hell” than see him win.” ― Adriana Rodarte\n\n'
            '“This is the last quote of the piece.” -- That is all we heard.')
    _, qs = run(nlp, text)
    assert find(text, qs, "ads made me").speaker_mention == "Maria Lopez"
    assert find(text, qs, "Nobody in my town").speaker_mention == "Tom Baker"
    assert find(text, qs, "told to wait").speaker_mention == "Ann Reed"
    assert find(text, qs, "be heard").speaker_mention == "Julie A. Diaz Martinez"
    nested = find(text, qs, "rather live")
    assert text[nested.start:nested.end].endswith("see him win.”") and nested.speaker_mention == "Adriana Rodarte"
    # A dash before a clause is no credit.
    assert find(text, qs, "last quote").speaker_mention != "That"
