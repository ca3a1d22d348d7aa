"""Where a content starts and stops: extents, split quotes, continuations, listed quotes
(analysis.extract.quotes.content)."""
from __future__ import annotations

import pytest

from analysis.extract.quotemarks import quoted_spans
from analysis.extract.quotes import doc_quotes

from .conftest import find, run

# ------------------------------------------------------------ content extents

def test_parenthetical_said(nlp):
    text = "Many of the closures, he said, have involved public courses."
    _, qs = run(nlp, text)
    q = find(text, qs, "closures")
    assert q.speaker_mention == "he" and q.cue == "say" and "public courses" in text[q.start:q.end]


def test_mixed_quote_keeps_unquoted_words(nlp):
    text = 'Trump called the system "rigged" in a tweet on Tuesday.'
    _, qs = run(nlp, text)
    q = find(text, qs, "rigged")
    assert text[q.start:q.end].startswith("the system")


def test_object_with_its_predicate(nlp):
    text = "Cruz accused Rubio of being soft on immigration."
    _, qs = run(nlp, text)
    q = find(text, qs, "Rubio")
    assert text[q.start:q.end] == "Rubio of being soft on immigration"
    assert q.speaker_mention == "Cruz"


@pytest.mark.parametrize("text, needle, content", [
    # A trailing aside is no part of the content.
    ("The senator said she is willing to be interviewed by the FBI, which is running its own inquiry.",
     "willing", "she is willing to be interviewed by the FBI"),
    # The content stops at a closing mark with the comma inside.
    ('The senator said that the plan is a "distortion," describing the team as highly skilled.',
     "distortion", 'that the plan is a "distortion,"'),
])
def test_content_extent(nlp, text, needle, content):
    _, qs = run(nlp, text)
    q = find(text, qs, needle)
    assert text[q.start:q.end] == content


def test_clause_content_stops_at_the_paragraph_end(nlp):
    text = "Critics said the plan would fail\nNew rules for the next season are due in May."
    _, qs = run(nlp, text)
    for q in qs:
        assert "\n" not in text[q.start:q.end]


def test_a_quoted_object_is_content_whatever_the_verb(nlp):
    text = 'The governor also noted the "senseless, tragic deaths" of two men in the city.'
    _, qs = run(nlp, text)
    q = find(text, qs, "tragic deaths")
    assert text[q.start:q.end] == 'the "senseless, tragic deaths" of two men in the city'
    assert q.kind == "mixed" and q.cue == "note"


def test_mixed_content_keeps_the_closing_mark(nlp):
    text = 'It said supporters of the group, also known as the Front, were sharing the news and "celebrating the attack."'
    _, qs = run(nlp, text)
    q = find(text, qs, "celebrating")
    assert text[q.start:q.end].startswith("supporters") and text[q.start:q.end].endswith('."')


def test_says_with_a_clause_split_into_object_and_rest(nlp):
    text = ('Senator Jones says the movement that is sweeping the country and boosting candidates '
            'appeals to the "worst instincts" of voters.')
    _, qs = run(nlp, text)
    q = find(text, qs, "worst instincts")
    assert text[q.start:q.end].startswith("the movement") and text[q.start:q.end].endswith("of voters")
    assert q.kind == "mixed" and q.speaker_mention == "Senator Jones"


def test_frame_inside_a_sentence_whose_quote_goes_on_in_lower_case(nlp):
    text = 'In cases of fraud, the report said, "the bank is a victim."'
    _, qs = run(nlp, text)
    q = find(text, qs, "victim")
    assert text[q.start:q.end] == text  # the lead-in words are part of what the report said
    text = 'In an interview with the paper, Smith said, "I have had many calls from voters."'
    _, qs = run(nlp, text)
    q = find(text, qs, "many calls")
    assert text[q.start:q.end] == '"I have had many calls from voters."'  # a capital: the lead-in sets the scene


def test_parenthetical_frame_stays_in_its_paragraph(nlp):
    text = "The governor thanked voters\n\nThe results, officials say, will be final on Monday."
    _, qs = run(nlp, text)
    q = find(text, qs, "final on Monday")
    assert "\n" not in text[q.start:q.end] and q.cue == "say"


def _hand_parsed(nlp, words, spaces, heads, deps, pos, lemmas):
    """A Doc with a given parse: the rules, not the model's mood, are under test."""
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def test_said_with_the_clause_subject_parsed_as_object(nlp):
    # 'said [dobj residents] [ccomp were fleeing]': the content starts with the subject.
    doc = _hand_parsed(nlp, ["Police", "said", "residents", "were", "fleeing", "."],
                       [True, True, True, True, False, False], [1, 1, 1, 4, 1, 1],
                       ["nsubj", "ROOT", "dobj", "aux", "ccomp", "punct"],
                       ["PROPN", "VERB", "NOUN", "AUX", "VERB", "PUNCT"],
                       ["police", "say", "resident", "be", "flee", "."])
    assert [doc.text[q.start:q.end] for q in doc_quotes(doc, scorer=None)] == ["residents were fleeing"]


def test_a_clause_from_the_next_paragraph_is_not_the_cues_content(nlp):
    doc = _hand_parsed(nlp, ["Trump", "hailed", "it", "\n\n", "Clinton", "did", "not", "agree", "."],
                       [True, True, False, False, True, True, True, False, False], [1, 1, 1, 2, 7, 7, 7, 1, 1],
                       ["nsubj", "ROOT", "dobj", "dep", "nsubj", "aux", "neg", "ccomp", "punct"],
                       ["PROPN", "VERB", "PRON", "SPACE", "PROPN", "AUX", "PART", "VERB", "PUNCT"],
                       ["Trump", "hail", "it", "\n\n", "Clinton", "do", "not", "agree", "."])
    assert not [q for q in doc_quotes(doc, scorer=None) if "Clinton" in doc.text[q.start:q.end]]


# --------------------------------------------- split quotes and continuations

def test_split_quote_with_complement_after_the_cue_is_one_content(nlp):
    text = '"We have to start treating people the same," he said, "and finding out what they think."'
    _, qs = run(nlp, text)
    q = find(text, qs, "treating people")
    assert text[q.start:q.end] == text  # from A's opening mark to B's closing mark
    assert q.speaker_mention == "he"
    assert q.kind == "direct"  # the words between the halves are the frame, not quoted content


def test_split_quote_needs_a_comma_before_its_second_half(nlp):
    # A quoted title inside the frame is no second half: '... he said on ABC's "This Week."'
    text = "“She just made it up,” he said of the claim during a call to ABC’s “This Week.”"
    _, qs = run(nlp, text)
    q = find(text, qs, "made it up")
    assert text[q.start:q.end] == "“She just made it up,”" and q.speaker_mention == "he"


def test_split_quote_is_not_joined_across_a_second_reporting_verb(nlp):
    text = "“Keep your hands in sight,” Blige sings to Clinton before asking her, “Where do we go from here?”"
    _, qs = run(nlp, text)
    first, second = find(text, qs, "Keep"), find(text, qs, "Where")
    assert first is not second
    assert {first.speaker_mention, second.speaker_mention} == {"Blige"}


def test_split_quote_whose_frame_goes_on_with_and(nlp):
    text = "Oz is “smart as hell,” Steve Mosko wrote in an email to a colleague, and “full of nonsense.”"
    _, qs = run(nlp, text)
    q = find(text, qs, "smart as hell")
    assert text[q.start:q.end].endswith("“full of nonsense.”") and q.speaker_mention == "Steve Mosko"


def test_continuation_after_a_frame_the_parser_runs_on(nlp):
    text = ("''We're in the people-pleasing business,'' he said. ''These people paid a lot to be here.''\n\n"
            "The show went on.")
    _, qs = run(nlp, text)
    q = find(text, qs, "people-pleasing")
    assert "paid a lot" in text[q.start:q.end]


@pytest.mark.parametrize("text, first, last", [
    # A point inside an abbreviation or initial ends no frame.
    ("''We lost good Marines,'' said Mr. Jebens, who served three tours in Iraq. ''So you have to ask.''",
     "We lost", "to ask"),
    ("''It will end up 4-4,'' Mr. Pincus said, ''unless there is some very compelling reason.''",
     "It will", "compelling reason"),
    # ... nor does it when the abbreviation takes the frame's full stop.
    ('"I understand it," said Sen. Lindsey Graham, R-S.C. "I get that. But he is wrong."', "understand", "wrong"),
    # The frame's sentence ends inside a quoted title; the next quote follows the title.
    ('"We have to change," Christie said on ABC\'s "This Week." "And he will not give in."', "change", "give in"),
    # ... or after a quoted title that ends before the frame's full stop.
    ("“I was sitting in a house in Florida,” Trump told NBC’s “Today” on Monday. “I could hardly hear him.”",
     "sitting", "hardly hear"),
    # A word of the first quote that the parser hangs on the cue is no part of the frame.
    ('"Did he lose 20 minutes? Probably," said one former agency official. "But that was the right solution."',
     "20 minutes", "right solution"),
    # A connective between the frame and the next quote.
    ("“He’s supposed to be a cheerleader,” Trump said. Instead, “he just acts like a defeated man.”",
     "cheerleader", "defeated"),
    # A second half in lower case after a long frame.
    ('"This used to be Russia\'s back yard," said Raffaello Pantucci, director of International Security Studies '
     'at the Royal United Services Institute in London, "but it is coming into China\'s thrall."', "back yard", "thrall"),
])
def test_continuation_joins_the_next_quote(nlp, text, first, last):
    _, qs = run(nlp, text)
    q = find(text, qs, first)
    assert last in text[q.start:q.end]


# -------------------------------------------------------------- listed quotes

def test_quotes_listed_after_a_content_join_it(nlp):
    text = "She called the plan “smart,” “fast” and “cheap” in her speech."
    _, qs = run(nlp, text)
    q = find(text, qs, "smart")
    assert text[q.start:q.end] == "the plan “smart,” “fast” and “cheap”" and q.cue == "call"
    assert len(qs) == 1


def test_listed_runs_join_only_lists_of_quotes():
    from analysis.extract.quotes.content import _listed_runs

    text = "“smart,” “fast” or “cheap” but “slow”"
    runs = _listed_runs(text, quoted_spans(text))
    assert [text[r.start:r.end] for r in runs] == ["“smart,” “fast” or “cheap”", "“slow”"]
