"""Nominal speakers (issue 23): definite descriptions resolved to the person they refer to
(analysis.extract.quotes.speakers._nominal_antecedent), the hand gold of PolNeAR train
descriptions (tools/data/nominal_speakers.tsv) and its score (tools/score_speakers.py).

The sentences below are written for these tests, not taken from any data set."""
from __future__ import annotations

import csv
import importlib.util
import re
from collections import Counter

import pytest

from analysis.core.lexicons import nominal_persons, speaker_roles

from ...conftest import ROOT, SHARED
from .conftest import find, run

GOLD = ROOT / "tools" / "data" / "nominal_speakers.tsv"
POLNEAR_TRAIN = SHARED / "data" / "polnear" / "train"


@pytest.mark.parametrize("text, needle, mention, speaker", [
    # An epithet takes the most salient person named before it (the subject of the last sentences).
    ("Marco Rubio spoke to voters in Miami on Monday. He talked about taxes for an hour. "
     "\"We will win this state,\" the Florida senator said.", "We will win", "the Florida senator", "Marco Rubio"),
    ("Donald Trump spoke to donors in Denver on Monday. He said little about the budget. "
     "The billionaire businessman said the hotel would open soon.", "hotel would", "The billionaire businessman",
     "Donald Trump"),
    # A title written before the name outweighs a more recent person.
    ("Sen. Ted Cruz spoke in Iowa on Monday. Later that day Donald Trump answered questions from reporters in "
     "New York. The senator said the plan would fail.", "plan would fail", "The senator", "Ted Cruz"),
    # Two people of the same title: the description's own words pick one.
    ("Texas Sen. Ted Cruz and Florida Sen. Marco Rubio both spoke in Iowa on Monday. "
     "The Florida senator said the plan would fail.", "plan would fail", "The Florida senator", "Marco Rubio"),
    # An epithet the tokenizer splits at its hyphen is still an epithet.
    ("Ted Cruz spoke to voters in Iowa on Monday. He talked about taxes for an hour. "
     "The front-runner said the plan would fail.", "plan would fail", "The front-runner", "Ted Cruz"),
    # 'leader' is an epithet ('the Russian leader'), though 'a leader' may be an anonymous source.
    ("Vladimir Putin spoke to reporters in Moscow on Friday. He talked about oil for an hour. "
     "The Russian leader said the talks would go on.", "talks would", "The Russian leader", "Vladimir Putin"),
    # Two people of one surname are two people: the one named last in full is meant.
    ("Hillary Clinton spoke in Iowa on Sunday. Bill Clinton campaigned in Ohio on Monday. \"We will win,\" "
     "the former president said.", "We will win", "the former president", "Bill Clinton"),
    # The subject of the clause holding the description is someone else (binding principle C).
    ("Jeb Bush spoke in Iowa on Sunday. Donald Trump attacked him on Monday after the former governor said "
     "that the plan would fail.", "plan would fail", "the former governor", "Jeb Bush"),
    # Another US state rules a person out: the Florida senator is not the senator from Iowa.
    ("Marco Rubio toured Des Moines on Monday with Sen. Joni Ernst, R-Iowa. "
     "The Florida senator said the plan would fail.", "plan would fail", "The Florida senator", "Marco Rubio"),
    # No binding across coordination: the first conjunct's subject is the second's epithet.
    ("Chris Christie attacked Marco Rubio in the debate, and the New Jersey governor said that the plan would "
     "fail.", "plan would fail", "the New Jersey governor", "Chris Christie"),
    # Someone described as something else (a network's host) is not 'the senator'.
    ("Bernie Sanders spoke on Sunday. CNN's Gloria Borger interviewed him for an hour. "
     "The senator said the plan would fail.", "plan would fail", "The senator", "Bernie Sanders"),
    # Nor is someone of another office ('campaign chairman') 'the candidate'.
    ("Donald Trump spoke in Ohio on Monday. Campaign chairman Paul Manafort met reporters there. "
     "The candidate said the plan would fail.", "plan would fail", "The candidate", "Donald Trump"),
])
def test_epithet_resolves_to_the_salient_person(nlp, text, needle, mention, speaker):
    _, qs = run(nlp, text)
    q = find(text, qs, needle)
    assert (q.speaker_mention, q.speaker) == (mention, speaker)


@pytest.mark.parametrize("text, needle, mention", [
    # Another party: a Republican nominee is not the Democrat named before.
    ("Democratic presidential candidate Hillary Clinton spoke in Ohio on Monday. "
     "The Republican nominee said the plan would fail.", "plan would fail", "The Republican nominee"),
    # Another gender, told by the pronouns: 'he' after the description, 'she' after the name.
    ("Anna Lopez spoke to donors in Denver on Monday. She said little about the budget. "
     "The billionaire businessman said he would build a hotel there.", "build a hotel",
     "The billionaire businessman"),
    # A role noun for someone the text does not name refers only to a person described with it:
    # the prime minister is named, his spokesman is not.
    ("A spokesman for the prime minister said the talks had ended. Prime Minister David Cameron left London "
     "on Monday. The spokesman said the visit would go ahead.", "visit would", "The spokesman"),
    # A compound role noun for an unnamed person ('the team leader') is described-only, as 'the leader of
    # the team' was: the named person before it is someone else.
    ("Bob Smith stood beside the leader of the security team for an hour. When the trucks came, the team leader said "
     "they would leave.", "they would leave", "the team leader"),
])
def test_description_without_a_compatible_person_stays_unresolved(nlp, text, needle, mention):
    _, qs = run(nlp, text)
    q = find(text, qs, needle)
    assert (q.speaker_mention, q.speaker) == (mention, mention)


def test_nominal_person_lists():
    nominal = nominal_persons()
    assert {"senator", "candidate", "businessman", "mogul"} <= nominal.epithets
    assert {"spokesman", "source", "man", "woman"} <= nominal.described_only
    # a noun is an epithet or a role noun for the unnamed, never both
    assert not nominal.epithets & nominal.described_only
    assert nominal.gender["actress"] == "female" and nominal.gender["actor"] == "male"
    # gendered nouns have one home each: none contradicts data/speaker_roles.yml
    roles = speaker_roles().gender
    assert all(roles.get(w, g) == g for w, g in nominal.gender.items())


# --------------------------------------------------------------------------- the gold set

def _gold_rows() -> list[dict]:
    with open(GOLD, encoding="utf-8") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


def test_gold_is_well_formed():
    header = [line for line in GOLD.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert any("no text of the data set" in line for line in header)
    rows = _gold_rows()
    assert list(rows[0]) == ["doc_id", "start", "end", "referent"]
    assert len(rows) >= 150
    keys = [(r["doc_id"], int(r["start"])) for r in rows]
    assert len(set(keys)) == len(keys)
    assert keys == sorted(keys)
    for r in rows:
        assert re.fullmatch(r"[a-z-]+_\d{4}-\d{2}-\d{2}_[\w-]+", r["doc_id"])
        assert 0 <= int(r["start"]) < int(r["end"]) <= int(r["start"]) + 80
        # names only: no sentence of an article
        assert len(r["referent"].split()) <= 4 and not re.search(r"[\d\"“”]", r["referent"])
    # spread over many articles, with the unresolvable rows counted apart
    per_doc = Counter(r["doc_id"] for r in rows)
    assert len(per_doc) >= 100 and max(per_doc.values()) <= 4
    assert sum(1 for r in rows if not r["referent"]) >= 20


@pytest.mark.skipif(not POLNEAR_TRAIN.exists(), reason="PolNeAR not available")
def test_gold_spans_are_definite_descriptions():
    for r in _gold_rows():
        text = (POLNEAR_TRAIN / "text" / f"{r['doc_id']}.txt").read_text(encoding="utf-8")
        assert text[int(r["start"]):int(r["end"])].split()[0] in ("the", "The")


def _scorer():
    spec = importlib.util.spec_from_file_location("score_speakers", ROOT / "tools" / "score_speakers.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_scorer_matching_rules():
    s = _scorer()
    assert s.same_referent("Mr. Trump", "Donald J. Trump")
    assert s.same_referent("Prince Alwaleed", "Alwaleed Bin Talal")
    assert s.same_referent("Harris", "Harry B. Harris Jr.")
    assert not s.same_referent("Ted Cruz", "Marco Rubio")
    assert not s._names_someone("the spokesman", "The spokesman")
    assert not s._names_someone("One man in Manchester", "the man")
    assert s._names_someone("Marco Rubio", "the Florida senator")
    rows = [{"doc_id": d} for d in "abcdef"]
    dev, held = s.split_docs(rows)
    assert dev == set("abcd") and held == set("ef")
    f = s.figures([{"referent": "A B", "found": True, "speaker": "B"},
                   {"referent": "", "found": True, "speaker": "C"},
                   {"referent": "D", "found": True, "speaker": None},
                   {"referent": "E", "found": False, "speaker": None}])
    # a resolution on an empty-referent row is wrong; recall counts the found rows with a referent
    assert (f["resolved"], f["right"], f["precision"], f["recall"]) == (2, 1, 0.5, 0.5)
    assert (f["unresolvable"], f["unresolvable_resolved"]) == (1, 1)


@pytest.mark.skipif(not POLNEAR_TRAIN.exists(), reason="PolNeAR not available")
def test_gold_score_floor():
    """The figures reached (all 182 rows: P 0.852, R 0.817; held-out third P 0.833, R 0.789), minus a
    small margin, so that a regression fails.  The issue's targets
    (P 0.9, R 0.8) are not reached."""
    s = _scorer()
    rows = s.read_gold(GOLD)
    results = s.resolve_rows(rows, POLNEAR_TRAIN)
    dev, held = s.split_docs(rows)
    every = s.figures(results)
    held_out = s.figures([r for r in results if r["doc_id"] in held])
    assert every["found"] >= 140
    assert every["precision"] >= 0.83 and every["recall"] >= 0.79
    assert held_out["precision"] >= 0.79 and held_out["recall"] >= 0.74
    assert every["unresolvable_resolved"] <= 2


# --------------------------------------------------------------------------- medium vs speaker

@pytest.mark.parametrize("text, needle, speaker", [
    # the body that issued the medium a sentence before speaks through it
    ("The Holocaust Museum issued a statement on Monday. The statement urged leaders to be calm.",
     "leaders to be calm", "Holocaust Museum"),
    ("Senator Bernie Sanders is releasing a new ad in Ohio this week. The ad says that nothing will change.",
     "nothing will change", "Bernie Sanders"),
    ("A statement was issued by the Sanders campaign late on Tuesday. The statement said the race would go on.",
     "race would go on", "Sanders campaign"),
])
def test_definite_medium_speaks_for_its_issuer(nlp, text, needle, speaker):
    _, qs = run(nlp, text)
    q = find(text, qs, needle)
    assert q.speaker == speaker and q.medium is not None and q.speaker_mention.lower().startswith("the ")


def test_definite_medium_without_a_named_issuer_stays(nlp):
    text = "A group of voters wrote a letter on Monday. The letter said the plan would fail."
    _, qs = run(nlp, text)
    q = find(text, qs, "plan would fail")
    assert q.speaker == q.speaker_mention == "The letter"
