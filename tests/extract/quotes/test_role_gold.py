"""Speaker role and affiliation (issue 23): rules on sentences written for these tests, the hand
gold's form, and its score when ../shared is present."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from analysis.extract.quotes.roles import ROLES

from ...conftest import ROOT, SHARED
from .conftest import find, run

GOLD = ROOT / "tools" / "data" / "speaker_roles.tsv"
POLNEAR_TRAIN = SHARED / "data" / "polnear" / "train"


@pytest.mark.parametrize("text, needle, role, affiliation", [
    # an elected official is a politician; a party set off by commas is the affiliation
    ("Sen. Marco Rubio, R-Fla., said the plan would fail.", "plan would fail", "politician", "R-Fla."),
    ("Governor Mary Fallin (R-OK) said the state would appeal.", "state would appeal", "politician", "R-OK"),
    # a party label does not outweigh the role noun: a strategist is an expert
    ("Kevin Smith, a Republican strategist, said the ads would backfire.", "ads would backfire", "expert",
     "Republican"),
    ("John Weber, a professor at Ohio State University, said the data were thin.", "data were thin", "expert",
     "Ohio State University"),
    # a defence ministry speaks for the armed forces
    ("The Russian Defense Ministry said the strike violated the agreement.", "strike violated", "military",
     "Russian Defense Ministry"),
    # a first name is no role word ('Marine' Le Pen)
    ("Marine Le Pen, the National Front party leader, said the euro had failed.", "euro had failed", "politician",
     "National Front party"),
    # a news organisation, by its name
    ("Reuters reported that the talks had stalled.", "talks had stalled", "journalist or media", None),
    # a person described by an age alone is a private citizen
    ("Maria Lopez, 34, said she would vote for the first time.", "vote for the first time", "citizen", None),
    ("The company's chief executive, Tom Reed, said profits would fall.", "profits would fall", "business", None),
    # a role noun written capitalised is not part of the body; a body named '... Campaign' keeps its name
    ("Northern Alliance Spokesman, Omar Khan, announced that the convoy had been stopped.", "convoy had been",
     None, "Northern Alliance"),
    ("The Human Rights Campaign said the law would be challenged in court.", "law would be challenged", "advocate",
     "Human Rights Campaign"),
])
def test_role_and_affiliation_of_a_speaker(nlp, text, needle, role, affiliation):
    _, qs = run(nlp, text)
    q = find(text, qs, needle)
    if role is not None:
        assert q.speaker_role == role
    if affiliation is not None:
        assert q.speaker_affiliation == affiliation


def test_unnamed_source_stays_anonymous_and_unnamed_spokesman_has_a_role(nlp):
    text = ("A senior official said the talks would resume. "
            "A Russian military spokesman said the convoy had been hit.")
    _, qs = run(nlp, text)
    source, spokesman = find(text, qs, "talks would resume"), find(text, qs, "convoy had been hit")
    assert source.anonymous and source.speaker_role == "anonymous"
    assert spokesman.speaker_role == "military"


def test_descriptions_vote_across_the_article(nlp):
    # one stray description ('a businessman') does not outweigh the two that say candidate
    text = ("Dan Hale, a businessman, toured a plant. Republican candidate Dan Hale spoke in Ohio. "
            "The presidential candidate Dan Hale was cheered. Hale said taxes were too high.")
    _, qs = run(nlp, text)
    assert find(text, qs, "taxes were too high").speaker_role == "politician"


# --------------------------------------------------------------------------- the hand gold

def _gold() -> list[dict]:
    with open(GOLD, encoding="utf-8") as f:
        return list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))


def test_gold_is_well_formed():
    rows = _gold()
    assert len(rows) >= 200
    assert list(rows[0]) == ["doc_id", "start", "end", "role", "affiliation"]
    for r in rows:
        assert r["role"] in ROLES and r["role"] != "unknown"
        assert 0 <= int(r["start"]) < int(r["end"])
        assert "\t" not in r["affiliation"] and len(r["affiliation"]) <= 60
    keys = [(r["doc_id"], r["start"], r["end"]) for r in rows]
    assert len(keys) == len(set(keys))
    # spread over many articles and over every class, not only politicians
    assert len({r["doc_id"] for r in rows}) >= 60
    counts = {role: sum(r["role"] == role for r in rows) for role in ROLES if role != "unknown"}
    assert min(counts.values()) >= 5 and counts["politician"] / len(rows) < 0.5
    assert {r["doc_id"] for r in rows} >= {"000", "001", "002", "003"}  # the four seeds
    # the header is a guide with ids and labels only: no line of it longer than a comment line
    header = [line for line in GOLD.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert header and max(map(len, header)) <= 100


@pytest.mark.skipif(not POLNEAR_TRAIN.exists(), reason="PolNeAR not available")
def test_gold_spans_fall_inside_their_articles():
    for r in _gold():
        path = POLNEAR_TRAIN / "text" / f"{r['doc_id']}.txt"
        if path.exists():
            text = path.read_text(encoding="utf-8")
            assert int(r["end"]) <= len(text) and text[int(r["start"]):int(r["end"])].strip()


@pytest.mark.skipif(not POLNEAR_TRAIN.exists(), reason="PolNeAR not available")
def test_roles_and_affiliations_score_on_the_gold(tmp_path):
    out = tmp_path / "roles.json"
    subprocess.run([sys.executable, str(ROOT / "tools" / "score_roles.py"), "--polnear", str(POLNEAR_TRAIN),
                    "--json", str(out)], check=True, capture_output=True, cwd=ROOT)
    figures = json.loads(out.read_text(encoding="utf-8"))
    whole = figures["all"]
    assert whole["gold"] >= 200 and whole["found"] >= 170
    # the figures reached when this test was written (role 0.820, affiliation 0.771, held-out role
    # 0.759), less a margin; the targets (0.85, 0.8) are not reached yet
    assert whole["role_accuracy"] >= 0.80
    assert whole["affiliation_accuracy"] >= 0.75
    assert figures["held-out"]["role_accuracy"] >= 0.73


def test_offset_map_follows_the_loaders_changes():
    """score_roles --corpus maps gold offsets of the raw text onto the corpus's cleaned text."""
    import runpy

    offset_map = runpy.run_path(str(ROOT / "tools" / "score_roles.py"), run_name="not_main")["offset_map"]
    raw = "A Title Line\n\nSen. Jane Doe said\u00a0no. Then she left."
    clean = "Sen. Jane Doe said no. Then she left."
    to_clean = offset_map(raw, clean)
    s = raw.index("Jane Doe")
    assert clean[to_clean(s):to_clean(s + len("Jane Doe"))] == "Jane Doe"
    t = raw.index("Then")
    assert clean[to_clean(t):to_clean(t + 4)] == "Then"
    assert to_clean(raw.index("Title")) is None  # a dropped line
