"""Stories: grouping articles by event, coverage, per-story corpora, matched comparisons (synthetic corpora)."""
from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest

from analysis import load_corpus
from analysis.core.corpus import Corpus
from analysis.store import attach, attached_store
from analysis.tables.stories import (COVERAGE_COLUMNS, MATCHED_COLUMNS, STORY_COLUMNS, bcubed, matched_comparisons,
                                     stories, story_corpus, story_coverage)

from ..conftest import SEEDS, SHARED

pytestmark = pytest.mark.filterwarnings("ignore:.*no manifest:UserWarning")

# Three events, each with its own words; every article also draws on a pool of words any news story uses.
EVENTS = {
    "flood": ("river flood levee evacuation rainfall barge dam rescue boats sandbags residents shelter "
              "waters overflow valley downstream mayor warnings").split(),
    "election": ("ballot election candidate turnout polling recount parliament coalition vote campaign "
                 "opposition majority constituency incumbent manifesto tally").split(),
    "satellite": ("satellite orbit rocket launch payload booster telescope engine countdown launchpad "
                  "spacecraft thrust stage capsule astronauts mission").split(),
}
GENERIC = ("officials said on tuesday that the situation was being watched closely and more details "
           "would follow later according to people familiar with the matter who asked").split()
OUTLETS = ["Outlet A", "Outlet B", "Outlet C"]


def _text(rng: np.random.Generator, words: list[str], n: int = 120) -> str:
    pool = list(rng.choice(words, size=n // 2)) + list(rng.choice(GENERIC, size=n // 2))
    rng.shuffle(pool)
    return " ".join(pool).capitalize() + "."


def _rows(seed: int = 0) -> list[dict]:
    """Three stories of three articles each (one per outlet, dates a day apart) and one unrelated article."""
    rng = np.random.default_rng(seed)
    rows = []
    starts = {"flood": "2021-03-01", "election": "2021-03-03", "satellite": "2021-03-02"}
    for event, words in EVENTS.items():
        for k, outlet in enumerate(OUTLETS):
            headline = " ".join(rng.choice(words, size=5))
            rows.append({"doc_id": f"{event}-{k}", "outlet": outlet, "title": headline.capitalize(),
                         "date": pd.Timestamp(starts[event]) + pd.Timedelta(days=k), "text": _text(rng, words),
                         "story_gold": event})
    odd = "violin concerto orchestra soloist symphony conductor rehearsal cello quartet".split()
    rows.append({"doc_id": "zz-concert", "outlet": "Outlet A", "title": "Orchestra season opens",
                 "date": pd.Timestamp("2021-03-02"), "text": _text(rng, odd), "story_gold": "concert"})
    return rows


def _corpus(rows: list[dict]) -> Corpus:
    frame = pd.DataFrame(rows)
    frame["language"] = "en"
    frame["wire"] = ""
    frame["url"] = ""
    frame["n_words"] = frame["text"].str.split().str.len()
    return Corpus(None, frame.reset_index(drop=True))


def _story_sets(table: pd.DataFrame) -> set[frozenset]:
    return {frozenset(g) for g in table.groupby("story_id")["doc_id"].agg(list)}


def test_known_stories_are_found_and_an_unrelated_article_stays_alone():
    rows = _rows()
    table = stories(_corpus(rows))
    assert list(table.columns) == STORY_COLUMNS
    assert len(table) == len(rows) and table["doc_id"].is_unique
    gold = {frozenset(r["doc_id"] for r in rows if r["story_gold"] == g) for g in {r["story_gold"] for r in rows}}
    assert _story_sets(table) == gold
    assert (table["method"] == "clustered").all()
    alone = table.set_index("doc_id").loc["zz-concert"]
    assert np.isnan(alone["score"])                         # a story of one: no other member to be like
    grouped = table[table["doc_id"] != "zz-concert"]
    assert (grouped["score"] > 0).all() and (grouped["score"] <= 1).all()
    assert table["story_id"].str.fullmatch(r"story-[0-9a-f]{10}").all()
    labels = table.drop_duplicates("story_id").set_index("story_id")["story_label"]
    flood = table.loc[table["doc_id"] == "flood-0", "story_id"].iloc[0]
    assert set(labels[flood].split(", ")) <= set(EVENTS["flood"]) | set(GENERIC)
    assert set(labels[flood].split(", ")) & set(EVENTS["flood"])


def test_story_ids_are_stable_across_runs_and_article_order():
    rows = _rows()
    first = stories(_corpus(rows)).set_index("doc_id")
    shuffled = [rows[i] for i in np.random.default_rng(3).permutation(len(rows))]
    second = stories(_corpus(shuffled)).set_index("doc_id")
    pd.testing.assert_frame_equal(first, second.loc[first.index])
    # An id is its members': dropping an unrelated article leaves the other stories' ids as they were.
    third = stories(_corpus([r for r in rows if r["doc_id"] != "zz-concert"])).set_index("doc_id")
    assert (third["story_id"] == first.loc[third.index, "story_id"]).all()


def test_a_manifest_story_column_is_used_as_given():
    rows = _rows()
    for r in rows:  # a grouping the words do not support: the analyst's column wins
        r["story"] = "all-in-one" if r["doc_id"].startswith(("flood", "election")) else ""
    table = stories(_corpus(rows)).set_index("doc_id")
    given = table[table.index.str.startswith(("flood", "election"))]
    assert (given["method"] == "manifest").all()
    assert (given["story_id"] == "all-in-one").all() and (given["story_label"] == "all-in-one").all()
    # Articles without a value are clustered among themselves.
    rest = table[~table.index.str.startswith(("flood", "election"))]
    assert (rest["method"] == "clustered").all()
    assert rest.loc["satellite-0", "story_id"] == rest.loc["satellite-2", "story_id"] != rest.loc["zz-concert",
                                                                                                  "story_id"]


@pytest.mark.parametrize("column", ["story", "story_id", "event"])
def test_an_export_story_column_survives_loading_and_is_used(tmp_path, column):
    rows = _rows()[:4]
    with (tmp_path / "export.jsonl").open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps({"id": r["doc_id"], "title": r["title"], "publish_date": str(r["date"].date()),
                                 "media_name": r["outlet"], "text": r["text"], column: f"ev-{r['story_gold']}"}) + "\n")
    table = stories(load_corpus(tmp_path)).set_index("doc_id")
    assert (table["method"] == "manifest").all()
    assert table["story_id"].to_dict() == {r["doc_id"]: f"ev-{r['story_gold']}" for r in rows}


def test_the_seeds_split_into_their_two_stories_without_a_story_column():
    corpus = load_corpus(SEEDS)
    corpus.articles = corpus.articles.drop(columns=[c for c in ("story", "story_id", "event")
                                                    if c in corpus.articles.columns])
    table = stories(corpus)
    assert (table["method"] == "clustered").all()
    assert _story_sets(table) == {frozenset({"000", "001"}), frozenset({"002", "003"})}


def test_date_blocking_gives_the_exact_grouping():
    # The same events a year apart each: with max_days shorter than the gaps each copy is its own
    # date block (10 articles), compared exactly, or -- over max_block=5 -- through its rare words
    # (here: in at most half of the block's articles); both must agree.
    rows = []
    for shift, seed in ((0, 0), (400, 1), (800, 2)):
        for r in _rows(seed):
            rows.append({**r, "doc_id": f"{shift}-{r['doc_id']}", "date": r["date"] + pd.Timedelta(days=shift)})
    corpus = _corpus(rows)
    exact = stories(corpus, max_days=30)
    blocked = stories(corpus, max_days=30, max_block=5, common_share=0.5)
    assert _story_sets(exact) == _story_sets(blocked)
    assert len(_story_sets(exact)) == 12   # 3 copies x (3 stories + the concert): copies a year apart stay apart


def test_story_coverage_lists_who_covered_and_who_missed():
    rows = _rows()
    # Outlet D publishes on the flood's days, but about the concert hall; Outlet E only months later.
    rows.append({"doc_id": "d-1", "outlet": "Outlet D", "title": "Concert hall renovation",
                 "date": pd.Timestamp("2021-03-02"), "text": _text(np.random.default_rng(9), ["acoustics"] * 5 +
                                                                     "hall renovation architect seats".split()),
                 "story_gold": "hall"})
    rows.append({"doc_id": "e-1", "outlet": "Outlet E", "title": "Orchestra tour",
                 "date": pd.Timestamp("2021-09-01"), "text": _text(np.random.default_rng(8), ["tour"] * 3 +
                                                                     "tour buses itinerary cities".split()),
                 "story_gold": "tour"})
    corpus = _corpus(rows)
    st = stories(corpus).set_index("doc_id")["story_id"]
    cov = story_coverage(corpus)
    assert list(cov.columns) == COVERAGE_COLUMNS
    flood = cov[cov["story_id"] == st["flood-0"]].set_index("outlet")
    assert set(flood.index[flood["status"] == "covered"]) == set(OUTLETS)
    assert flood.loc["Outlet D", "status"] == "missed"
    assert flood.loc["Outlet D", "articles"] == 0 and flood.loc["Outlet D", "outlet_articles_during"] == 1
    assert "Outlet E" not in flood.index                    # not publishing then: could not have covered it
    assert flood.loc["Outlet A", "articles"] == 1 and flood.loc["Outlet A", "words"] > 0
    assert cov["story_id"].iloc[0] in set(st[["flood-0", "election-0", "satellite-0"]])  # largest first


def test_story_corpus_holds_one_story_and_keeps_the_store(tmp_path):
    corpus = _corpus(_rows())
    attach(corpus, tmp_path / "store")
    sid = stories(corpus).set_index("doc_id").loc["election-1", "story_id"]
    part = story_corpus(corpus, sid)
    assert sorted(part.articles["doc_id"]) == ["election-0", "election-1", "election-2"]
    assert attached_store(part) == attached_store(corpus)
    with pytest.raises(ValueError, match="no story"):
        story_corpus(corpus, "story-0000000000")


def _measures(diffs: dict[str, float], *, n: int, noise: float, seed: int = 0) -> pd.DataFrame:
    """story_measures-shaped rows: outlets A and B on n stories, B = A - diff + noise."""
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(n):
        for measure, diff in diffs.items():
            a = rng.uniform(0.3, 0.7)
            rows.append((f"s{s:03d}", "A", measure, a, 10))
            rows.append((f"s{s:03d}", "B", measure, a - diff + rng.normal(0, noise), 10))
    return pd.DataFrame(rows, columns=["story_id", "outlet", "measure", "value", "n"])


def test_matched_comparisons_bootstrap_interval_properties():
    corpus = _corpus(_rows())
    m = _measures({"direct_share": 0.2, "hedges_per_1000": 0.0}, n=40, noise=0.05)
    out = matched_comparisons(corpus, measures=m, n_boot=1000, seed=1)
    assert list(out.columns) == MATCHED_COLUMNS
    rows = out.set_index("measure")
    assert (rows["n_stories"] == 40).all() and (rows["outlet_a"] == "A").all() and (rows["outlet_b"] == "B").all()
    assert (rows["ci_low"] <= rows["diff"]).all() and (rows["diff"] <= rows["ci_high"]).all()
    assert rows.loc["direct_share", "diff"] == pytest.approx(0.2, abs=0.03)
    assert rows.loc["direct_share", "ci_low"] > 0                          # a real, consistent difference
    assert rows.loc["hedges_per_1000", "ci_low"] < 0 < rows.loc["hedges_per_1000", "ci_high"]  # none
    assert rows.loc["direct_share", "diff"] == pytest.approx(
        rows.loc["direct_share", "mean_a"] - rows.loc["direct_share", "mean_b"], abs=1e-3)
    # Fixed seed: the same table; another seed moves the limits a little, not the estimate.
    pd.testing.assert_frame_equal(out, matched_comparisons(corpus, measures=m, n_boot=1000, seed=1))
    other = matched_comparisons(corpus, measures=m, n_boot=1000, seed=2).set_index("measure")
    assert (other["diff"] == rows["diff"]).all()
    assert np.allclose(other["ci_low"], rows["ci_low"], atol=0.02)
    # More stories, a narrower interval.
    few = matched_comparisons(corpus, measures=m[m["story_id"] < "s010"], n_boot=1000).set_index("measure")
    assert (few["ci_high"] - few["ci_low"] > rows["ci_high"] - rows["ci_low"]).all()


def test_matched_comparisons_pair_only_shared_stories():
    corpus = _corpus(_rows())
    m = _measures({"direct_share": 0.1}, n=5, noise=0.0)
    # Outlet C covers one story only, and a story B did not cover: A-C pairs one story, B-C none.
    m = pd.concat([m[~((m["story_id"] == "s004") & (m["outlet"] == "B"))],
                   pd.DataFrame([("s004", "C", "direct_share", 0.9, 3)], columns=m.columns)])
    out = matched_comparisons(corpus, measures=m, n_boot=200).set_index(["outlet_a", "outlet_b"])
    assert out.loc[("A", "B"), "n_stories"] == 4
    assert out.loc[("A", "B"), "ci_low"] == pytest.approx(0.1) == out.loc[("A", "B"), "ci_high"]  # no noise
    assert out.loc[("A", "C"), "n_stories"] == 1 and np.isnan(out.loc[("A", "C"), "ci_low"])
    assert ("B", "C") not in out.index
    assert matched_comparisons(corpus, measures=m, min_stories=2).shape[0] == 1


def test_bcubed_matches_a_hand_computation():
    # gold {a,b,c} {d}; predicted {a,b} {c,d}: precision (1+1+.5+.5)/4, recall (2/3+2/3+1/3+1)/4
    p, r, f = bcubed(["x", "x", "y", "y"], ["g", "g", "g", "h"])
    assert p == pytest.approx(0.75) and r == pytest.approx(2.6667 / 4, abs=1e-4)
    assert f == pytest.approx(2 * p * r / (p + r))
    assert bcubed(["1", "2", "3"], ["a", "b", "c"]) == (1.0, 1.0, 1.0)


@pytest.mark.skipif(not (SHARED / "data" / "news_cluster" / "articles.jsonl").exists(),
                    reason="news_cluster not available")
def test_news_cluster_b_cubed_floor(tmp_path):
    data = SHARED / "data" / "news_cluster"
    shutil.copy(data / "articles.jsonl", tmp_path / "articles.jsonl")
    corpus = load_corpus(tmp_path)
    gold = json.loads((data / "stories.json").read_text(encoding="utf-8"))
    table = stories(corpus)
    p, r, f = bcubed(table["story_id"], table["doc_id"].map(gold))
    assert f >= 0.93, (p, r, f)
