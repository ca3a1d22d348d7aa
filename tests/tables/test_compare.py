"""The comparison statistics on synthetic data with known answers, and outlet names merged at loading."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
import yaml

from analysis.core.corpus import Corpus, load_corpus, registered_domain
from analysis.tables import compare
from analysis.tables.compare import bootstrap_ratio, outlet_differences, outlet_rates


def _corpus(outlets: list[str]) -> Corpus:
    ids = [f"d{i:04d}" for i in range(len(outlets))]
    arts = pd.DataFrame({"doc_id": ids, "outlet": outlets, "text": [""] * len(ids), "n_words": 100,
                         "date": pd.NaT, "title": ""})
    return Corpus(None, arts)


def _parts(corpus: Corpus, rates: dict[str, float], rng: np.random.Generator, *, words: int = 400) -> pd.DataFrame:
    """A hedges-like measure: each article has ``words`` words and Poisson(rate * words / 1000) events."""
    arts = corpus.articles
    num = [rng.poisson(rates[o] * words / 1000) for o in arts["outlet"]]
    return pd.DataFrame({"doc_id": arts["doc_id"], "outlet": arts["outlet"], "measure": "hedges", "level": "hedges",
                         "num": np.asarray(num, dtype=float), "den": float(words)})


def test_bootstrap_ratio_is_seeded_and_centred():
    num, den = np.array([1, 2, 3, 4.0]), np.array([10, 10, 10, 10.0])
    a = bootstrap_ratio(num, den, rng=np.random.default_rng(1), n_boot=500)
    b = bootstrap_ratio(num, den, rng=np.random.default_rng(1), n_boot=500)
    assert np.array_equal(a, b)
    assert abs(np.nanmean(a) - 0.25) < 0.02


def test_interval_covers_the_true_rate_in_at_least_90_of_100_corpora():
    corpus = _corpus(["A"] * 40 + ["B"] * 40)
    true = {"A": 5.0, "B": 5.0}
    covered = 0
    for k in range(100):
        parts = _parts(corpus, true, np.random.default_rng(k))
        row = outlet_rates(corpus, unit="article", parts=parts, n_boot=1000, seed=k).query("outlet == 'A'").iloc[0]
        covered += row.low <= true["A"] <= row.high
    assert covered >= 90, covered


def test_a_real_difference_is_found_and_no_difference_is_not():
    corpus = _corpus(["A"] * 60 + ["B"] * 60 + ["C"] * 60)
    parts = _parts(corpus, {"A": 15.0, "B": 5.0, "C": 5.0}, np.random.default_rng(7))
    diff = outlet_differences(corpus, unit="article", parts=parts).set_index("outlet")
    assert diff.loc["A", "verdict"] == "higher"
    assert diff.loc["A", "diff_low"] > 0
    assert diff.loc["A", "baseline"] == pytest.approx(5.0, abs=1.5)
    # Equal true rates: over 20 corpora, a difference for B is called at most rarely (5% expected).
    calls = 0
    for k in range(20):
        parts = _parts(corpus, {"A": 5.0, "B": 5.0, "C": 5.0}, np.random.default_rng(100 + k))
        d = outlet_differences(corpus, unit="article", parts=parts, n_boot=1000).set_index("outlet")
        calls += d.loc["B", "verdict"] != "no reliable difference"
    assert calls <= 3, calls


def test_too_few_articles_gives_no_figure():
    corpus = _corpus(["A"] * 3 + ["B"] * 30)
    parts = _parts(corpus, {"A": 5.0, "B": 5.0}, np.random.default_rng(0))
    rates = outlet_rates(corpus, unit="article", parts=parts).set_index("outlet")
    assert rates.loc["A", "status"] == "too few articles" and np.isnan(rates.loc["A", "figure"])
    assert rates.loc["B", "status"] == "ok" and rates.loc["B", "low"] <= rates.loc["B", "figure"] <= rates.loc["B", "high"]
    diff = outlet_differences(corpus, unit="article", parts=parts).set_index("outlet")
    assert (diff["verdict"] == "too few articles").all()


def test_a_zero_count_is_not_a_certain_difference():
    # No events at all in A: the bootstrap sees no spread; the rule of three keeps it from a verdict.
    corpus = _corpus(["A"] * 10 + ["B"] * 10)
    parts = _parts(corpus, {"A": 0.0, "B": 0.5}, np.random.default_rng(3))
    rates = outlet_rates(corpus, unit="article", parts=parts).set_index("outlet")
    assert rates.loc["A", "figure"] == 0 and rates.loc["A", "high"] > 0


def test_findings_speak_plainly():
    corpus = _corpus(["A"] * 60 + ["B"] * 60 + ["C"] * 60)
    parts = _parts(corpus, {"A": 15.0, "B": 5.0, "C": 5.0}, np.random.default_rng(7))
    diffs = outlet_differences(corpus, unit="article", parts=parts)
    called = diffs[diffs.verdict.isin(["higher", "lower"])]
    sentence = compare._sentence(called.iloc[0])
    assert "95% interval" in sentence and "other outlets" in sentence


def test_seed_findings_say_too_few_articles(seeds_corpus):
    found = compare.findings(seeds_corpus)
    assert set(found.columns) == set(compare.FINDING_COLUMNS)
    assert (found[found.outlet == "all"].verdict == "too few articles").all()
    groups = compare.speaker_groups(seeds_corpus)
    assert groups["level"].nunique() > 1  # never one "unknown" bar


# --------------------------------------------------------------------------- outlet names

def test_registered_domain():
    assert registered_domain("https://www.nytimes.com/2020/a.html") == "nytimes.com"
    assert registered_domain("http://news.bbc.co.uk/x") == "bbc.co.uk"
    assert registered_domain("") == "" and registered_domain("not a url") == ""


def _folder(tmp_path, rows, **extra):
    for r in rows:
        (tmp_path / r["file"]).write_text("The minister said on Tuesday that the talks would go on.\n", encoding="utf-8")
    (tmp_path / "manifest.yml").write_text(yaml.safe_dump({**extra, "articles": rows}), encoding="utf-8")
    return tmp_path


def test_outlet_aliases_from_the_manifest_and_shared_sites(tmp_path):
    rows = [{"doc_id": "1", "file": "1.txt", "outlet": "NYT", "url": ""},
            {"doc_id": "2", "file": "2.txt", "outlet": "New York Times", "url": ""},
            {"doc_id": "3", "file": "3.txt", "outlet": "Post", "url": "https://www.post.co.uk/a"},
            {"doc_id": "4", "file": "4.txt", "outlet": "The Post", "url": "https://post.co.uk/b"},
            {"doc_id": "5", "file": "5.txt", "outlet": "The Post", "url": "https://news.post.co.uk/c"},
            {"doc_id": "6", "file": "6.txt", "outlet": "Other", "url": "https://other.co.uk/c"}]
    folder = _folder(tmp_path, rows, outlets={"NYT": "New York Times"})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = load_corpus(folder)
    assert sorted(corpus.articles.outlet.unique()) == ["New York Times", "Other", "The Post"]
    messages = [str(w.message) for w in caught if "share the site" in str(w.message)]
    assert len(messages) == 1 and "'Post'" in messages[0] and "'The Post'" in messages[0]
    names = compare.outlet_names(corpus)
    assert set(names.name_as_given) == {"NYT", "New York Times", "Post", "The Post"}


def test_a_mapping_keeps_names_apart(tmp_path):
    rows = [{"doc_id": "1", "file": "1.txt", "outlet": "Post", "url": "https://post.com/a"},
            {"doc_id": "2", "file": "2.txt", "outlet": "Post Opinion", "url": "https://post.com/b"}]
    corpus = load_corpus(_folder(tmp_path, rows, outlets={"Post Opinion": "Post Opinion"}))
    assert sorted(corpus.articles.outlet.unique()) == ["Post", "Post Opinion"]
    assert compare.outlet_names(corpus).empty
