"""The quotes tables: the corpus table, share of voice, verb profile, shared statements, quoted words, top speakers
(analysis.tables.quotes)."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from analysis.tables.quotes import top_speakers, verb_classes_by_outlet

from ..conftest import ROOT


def test_seed_quotes_and_tables(seeds_corpus):
    import analysis

    q = analysis.quotes(seeds_corpus)
    assert len(q) > 20
    assert list(q.columns[:16]) == ["doc_id", "outlet", "quote", "kind", "start", "end", "speaker",
                                    "speaker_mention", "speaker_start", "speaker_end", "speaker_actor_id",
                                    "side", "anonymous", "affiliation", "cue", "verb_class"]
    texts = dict(zip(seeds_corpus.articles["doc_id"], seeds_corpus.articles["text"]))
    for r in q.itertuples():
        assert texts[r.doc_id][r.start:r.end] == r.quote
    assert set(q["kind"]) <= {"direct", "indirect", "mixed"}
    assert (q["kind"] == "direct").sum() >= 5
    sov = analysis.share_of_voice(seeds_corpus)
    assert sov["quotes"].sum() == len(q)
    vp = analysis.verb_profile(seeds_corpus)
    assert set(vp["verb_class"]) <= {"neutral", "endorsing", "doubting", "denial", "directive", "belief", "other"}


def test_seed_shared_statement(seeds_corpus):
    import analysis

    shared = analysis.shared_statements(seeds_corpus)
    assert not shared.empty
    hit = shared[(shared["quote_a"].str.contains("combat missions") | shared["quote_b"].str.contains("combat missions"))
                 & (shared["doc_id_a"] != shared["doc_id_b"])]
    ids = {frozenset((r.doc_id_a[:3], r.doc_id_b[:3])) for r in hit.itertuples()}
    assert frozenset(("000", "001")) in ids
    assert shared["score"].is_monotonic_decreasing


def test_a_statement_an_outlet_quotes_again_is_one_side_of_a_pair():
    """The same quote in two articles of one outlet is one side, its first quote standing for both
    (copies 2), and statement_copies maps both quotes to it."""
    import pandas as pd

    import analysis
    from analysis.core.corpus import Corpus

    said = ('"We will rebuild every bridge on the river before the winter comes," the transport minister '
            'said on Monday.')
    rows = [("a1", "Daily A", said), ("a2", "Daily A", "In other news today. " + said),
            ("b1", "Daily B", '"We will rebuild every bridge on the river before winter," the minister said.')]
    corpus = Corpus(None, pd.DataFrame([{"doc_id": d, "outlet": o, "text": t, "wire": "", "n_words": len(t.split())}
                                        for d, o, t in rows]))
    shared = analysis.shared_statements(corpus)
    assert len(shared) == 1
    row = shared.iloc[0]
    assert (row.doc_id_a, row.doc_id_b, row.copies_a, row.copies_b) == ("a1", "b1", 2, 1)
    copies = analysis.statement_copies(corpus)
    assert set(copies.loc[copies.doc_id.isin(["a1", "a2"]), "doc_id_rep"]) == {"a1"}
    parts = analysis.measure_parts(corpus)
    matched = parts[(parts.measure == "shared statements") & (parts.level != "other") & (parts.num > 0)]
    assert {"a1", "a2", "b1"} <= set(matched.doc_id)


def test_cli_quotes_jsonl(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text('"We will win," the minister said.\n', encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "analysis", "quotes", "--raw", "--format", "jsonl", str(f)],
                         capture_output=True, text=True, cwd=ROOT, check=True).stdout
    rows = [json.loads(x) for x in out.splitlines() if x.strip()]
    assert rows and rows[0]["doc_id"] == "a" and rows[0]["quote"] == '"We will win,"'


@pytest.mark.parametrize("content, kind, n", [
    ("“We will win,” Smith said on Tuesday. “They will lose.”", "direct", 6),  # the frame is not quoted
    ("“We will win, and “they” will lose.”", "direct", 7),  # marks that pair otherwise: the whole count
    ("that “we” will win on Tuesday", "mixed", 6),
])
def test_quoted_words_leave_out_a_split_quotes_frame(content, kind, n):
    import importlib

    Q = importlib.import_module("analysis.tables.quotes")
    assert Q._quoted_words(content, kind) == n


def test_top_speakers_group_by_actor_and_rank():
    quotes = pd.DataFrame({
        "doc_id": ["a"] * 4, "outlet": ["O"] * 4, "quote": ["q1", "q2", "q3", "q4"],
        "kind": ["direct", "indirect", "direct", "direct"],
        "speaker": ["Joe Dunford", "Dunford", "Sean Spicer", None], "speaker_mention": ["Dunford", "he", "he", "a source"],
        "speaker_actor_id": ["dunford", "dunford", "spicer", None], "side": ["US", "US", "US", None],
        "anonymous": [False, False, False, True], "n_words": [10, 5, 30, 4]})
    top = top_speakers(None, n=2, quotes=quotes)
    assert list(top.speaker) == ["Joe Dunford", "Sean Spicer"]
    assert list(top.quotes) == [2, 1] and list(top["rank"]) == [1, 2]


def test_verb_classes_by_outlet_sum_over_sides():
    profile = pd.DataFrame({"outlet": ["O", "O", "O"], "side": ["A", "B", "B"],
                            "verb_class": ["neutral", "neutral", "doubting"], "quotes": [2, 1, 1], "share": [1, .5, .5]})
    out = verb_classes_by_outlet(None, profile=profile).set_index("verb_class")
    assert out.loc["neutral", "quotes"] == 3 and out.loc["doubting", "share"] == 0.25


# --------------------------------------------------------------------------- issue 23: speaker role and affiliation

def test_quotes_have_speaker_role_and_affiliation(seeds_corpus):
    import analysis
    from analysis.extract.quotes.roles import ROLES

    q = analysis.quotes(seeds_corpus)
    assert list(q.columns[-2:]) == ["speaker_role", "speaker_affiliation"]
    assert set(q["speaker_role"]) <= set(ROLES)
    # An unnamed source stays anonymous; an unnamed spokesman or commander is read by role.
    anon = q[q["anonymous"]]
    informant = ~anon["speaker_mention"].str.contains("spokes|commander", case=False, na=False)
    assert (anon.loc[informant, "speaker_role"] == "anonymous").all()
    # The seeds' named speakers are mostly officials and soldiers: few stay unknown.
    named = q[q["speaker"].notna() & ~q["anonymous"]]
    assert (named["speaker_role"] != "unknown").mean() >= 0.8
    assert named["speaker_affiliation"].notna().mean() >= 0.5


def test_dictionary_type_gives_the_role_where_the_speaker_is_the_actor(tmp_path):
    import analysis

    text = ("The Pentagon said on Monday that the strikes would continue.\n\nA top Pentagon adviser, Jane Roe, "
            "said the war was costly.\n\nThe Harbor Council said the port would reopen.\n\n"
            "The Herald Group said the story was accurate.\n")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "manifest.yml").write_text("- {doc_id: a, file: a.txt, outlet: X}\n", encoding="utf-8")
    (tmp_path / "actors.yml").write_text(
        "actors:\n  - {id: pentagon, name: Pentagon, type: government, side: US, aliases: [Pentagon]}\n"
        "  - {id: harbor-council, name: Harbor Council, type: government, side: city, aliases: [Harbor Council]}\n"
        "  - {id: herald, name: Herald Group, type: media, side: press, aliases: [Herald Group]}\n",
        encoding="utf-8")
    q = analysis.quotes(analysis.load_corpus(tmp_path)).set_index("speaker_mention")
    assert q.loc["The Herald Group", "speaker_role"] == "journalist or media"  # the dictionary's type
    assert q.loc["The Harbor Council", "speaker_role"] == "government official"
    assert q.loc["The Pentagon", "speaker_affiliation"] == "Pentagon"
    # 'government' does not tell a civil body from a military one: the text's 'military' stands.
    assert q.loc["The Pentagon", "speaker_role"] == "military"
    # 'Pentagon' only describes the adviser: the text's reading ('Pentagon' is a military word) stays.
    assert q.loc["A top Pentagon adviser, Jane Roe", "speaker_role"] == "military"


def test_a_speaker_without_a_role_in_one_article_takes_the_role_read_in_others(tmp_path):
    import analysis

    texts = {"a": "Sen. Jane Doe of Ohio spoke in Columbus on Monday.\n\n\"The bill will pass,\" Doe said.\n",
             "b": "Senator Jane Doe visited a plant on Tuesday.\n\n\"Jobs are coming back,\" Doe said.\n",
             "c": "Jane Doe was in Dayton on Friday.\n\n\"We will win this state,\" Doe said.\n"}
    rows = []
    for doc_id, text in texts.items():
        (tmp_path / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        rows.append(f"- {{doc_id: {doc_id}, file: {doc_id}.txt, outlet: X}}")
    (tmp_path / "manifest.yml").write_text("\n".join(rows) + "\n", encoding="utf-8")
    from analysis.extract.quotes import doc_quotes
    from analysis.nlp import load_pipeline

    alone = doc_quotes(load_pipeline()(texts["c"]))  # article c alone says nothing of her role
    assert [q.speaker_role for q in alone] == ["unknown"]
    q = analysis.quotes(analysis.load_corpus(tmp_path)).set_index("doc_id")
    assert q.loc["a", "speaker_role"] == q.loc["b", "speaker_role"] == "politician"
    assert q.loc["c", "speaker_role"] == "politician"  # from the two other articles
    assert q["speaker_actor_id"].nunique() == 1


def test_roles_and_affiliations_across_articles_count_articles_and_need_a_majority():
    import pandas as pd

    from analysis.tables.quotes import _roles_across_articles

    def row(doc, actor, role, aff, anonymous=False):
        return {"doc_id": doc, "speaker_actor_id": actor, "anonymous": anonymous, "speaker_role": role,
                "speaker_affiliation": aff}

    frame = pd.DataFrame([
        row("a", "doe", "politician", "R-Ohio"), row("b", "doe", "politician", "Republican"),
        row("c", "doe", "unknown", None),
        # one article quoting her ten times as an expert is one voice, not ten
        *[row("d", "roe", "expert", "Brookings") for _ in range(10)],
        row("e", "roe", "politician", "Democratic"), row("f", "roe", "politician", "D-Calif."),
        row("g", "roe", "unknown", None),
        # three parties in three articles: no majority, nothing filled
        row("h", "poe", "politician", "Democratic"), row("i", "poe", "politician", "I-Vt."),
        row("j", "poe", "politician", "Vermont"), row("k", "poe", "unknown", None),
        # one article is not enough, and an anonymous quote is never filled
        row("l", "moe", "military", "Army"), row("m", "moe", "unknown", None),
        row("n", "doe", "unknown", None, anonymous=True),
        # an age alone made him a 'citizen' in one article: two others say politician
        row("o", "doe", "citizen", "R-Ohio"),
        # a citizen quoted in two articles stays one: votes for 'citizen' are not counted
        row("p", "zoe", "citizen", None), row("q", "zoe", "citizen", None),
    ])
    out = _roles_across_articles(frame).set_index("doc_id")
    assert out.loc["c", "speaker_role"] == "politician"
    assert out.loc["c", "speaker_affiliation"] == "R-Ohio"  # the party; a tie of forms: the first in order
    # roe: two articles of three say politician and Democratic Party (a 2/3 majority of articles)
    assert out.loc["g", "speaker_role"] == "politician"
    assert out.loc["g", "speaker_affiliation"] in ("D-Calif.", "Democratic")
    assert out.loc["k", "speaker_role"] == "politician" and pd.isna(out.loc["k", "speaker_affiliation"])
    assert out.loc["m", "speaker_role"] == "unknown" and pd.isna(out.loc["m", "speaker_affiliation"])
    assert out.loc["n", "speaker_role"] == "unknown" and pd.isna(out.loc["n", "speaker_affiliation"])
    assert out.loc["o", "speaker_role"] == "politician"
    assert (out.loc["p", "speaker_role"], out.loc["q", "speaker_role"]) == ("citizen", "citizen")


def test_share_of_voice_by_role_and_affiliation(seeds_corpus):
    import analysis

    q = analysis.quotes(seeds_corpus)
    default = analysis.share_of_voice(seeds_corpus)
    assert list(default.columns[:2]) == ["outlet", "side"]
    by_role = analysis.share_of_voice(seeds_corpus, by="role")
    assert list(by_role.columns[:2]) == ["outlet", "speaker_role"]
    assert by_role["quotes"].sum() == len(q) == default["quotes"].sum()
    expect = q.groupby(["outlet", "speaker_role"]).size()
    assert dict(zip(zip(by_role["outlet"], by_role["speaker_role"]), by_role["quotes"])) == expect.to_dict()
    by_aff = analysis.share_of_voice(seeds_corpus, by="affiliation")
    assert by_aff["quotes"].sum() == len(q)
    assert "unknown" in set(by_aff["speaker_affiliation"]) or q["speaker_affiliation"].notna().all()
    with pytest.raises(ValueError):
        analysis.share_of_voice(seeds_corpus, by="colour")
