"""The corpus loader: each input format, each error, the seeds."""
from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest

from analysis import ArticleProblem, CorpusError, load_corpus
from analysis.core.corpus import ARTICLE_COLUMNS

from ..conftest import STORY, article, write_manifest


def test_seeds_load_with_manifest_facts(seeds_corpus):
    arts = seeds_corpus.articles
    assert list(arts.doc_id) == ["000", "001", "002", "003"]
    assert list(arts.columns[: len(ARTICLE_COLUMNS)]) == ARTICLE_COLUMNS
    assert dict(zip(arts.doc_id, arts.outlet)) == {
        "000": "Milli Gazete (English edition)", "001": "Global Research", "002": "Arab Today", "003": "RT"}
    assert arts.set_index("doc_id").loc["002", "wire"] == "AFP"
    assert arts.set_index("doc_id").loc["000", "date"] == pd.Timestamp("2017-06-20")
    assert arts.set_index("doc_id").loc["000", "date_precision"] == "approximate"  # extra column kept
    assert seeds_corpus.problems.empty
    assert (arts.n_words > 250).all()
    assert set(seeds_corpus.removed.doc_id) == {"001", "002", "003"}


def _corpus(tmp_path, files: dict[str, bytes | str], rows: list[dict] | None):
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    if rows is not None:
        write_manifest(tmp_path, rows)
    return tmp_path


def _row(doc_id, file, **extra):
    return {"doc_id": doc_id, "file": file, "outlet": "Example", "date": "2020-03-12", **extra}


def test_txt_and_html_articles(tmp_path):
    page = ("<html><head><title>T</title></head><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
            "<article><h1>Talks fail</h1>" + "".join(f"<p>{s}</p>" for s in STORY) + "</article>"
            "<footer>Copyright 2020</footer></body></html>")
    folder = _corpus(tmp_path, {"a.txt": article(), "b.html": page}, [_row("a", "a.txt"), _row("b", "b.html")])
    corpus = load_corpus(folder)
    assert corpus.problems.empty
    texts = dict(zip(corpus.articles.doc_id, corpus.articles.text))
    assert texts["a"].split("\n\n") == STORY
    assert STORY[0] in texts["b"] and "Home" not in texts["b"]


def test_media_cloud_jsonl_and_csv_exports(tmp_path):
    rows = [{"id": 101, "title": "One", "url": "http://x/1", "publish_date": "2020-03-12 10:00:00",
             "media_name": "Daily One", "text": article()},
            {"id": 102, "title": "Two", "url": "http://x/2", "publish_date": "2020-03-13 11:30:00",
             "media_name": "Daily Two", "text": article()}]
    (tmp_path / "export.jsonl").write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    pd.DataFrame([{**r, "id": r["id"] + 100} for r in rows]).to_csv(tmp_path / "export.csv", index=False)
    with pytest.warns(UserWarning, match="no manifest"):
        corpus = load_corpus(tmp_path)
    arts = corpus.articles
    assert list(arts.doc_id) == ["101", "102", "201", "202"]
    assert list(arts.outlet) == ["Daily One", "Daily Two"] * 2
    assert arts.date.iloc[1] == pd.Timestamp("2020-03-13 11:30:00")
    assert (arts.n_words > 50).all()


def test_no_manifest_outlet_unknown_with_warning(tmp_path):
    (tmp_path / "x.txt").write_text(article(), encoding="utf-8")
    with pytest.warns(UserWarning, match="no manifest"):
        corpus = load_corpus(tmp_path)
    assert list(corpus.articles.outlet) == ["unknown"]


def test_csv_manifest(tmp_path):
    (tmp_path / "a.txt").write_text(article(), encoding="utf-8")
    (tmp_path / "manifest.csv").write_text("doc_id,file,outlet,date,title,section\n007,a.txt,Ex,2020-01-02,T,world\n",
                                           encoding="utf-8")
    arts = load_corpus(tmp_path).articles
    assert arts.doc_id.tolist() == ["007"] and arts.section.tolist() == ["world"]


@pytest.mark.parametrize("files, rows, problem", [
    ({}, [_row("a", "missing.txt")], "file 'missing.txt' not found"),
    ({"a.txt": article(), "b.txt": article()}, [_row("a", "a.txt"), _row("a", "b.txt")], "duplicate doc_id 'a'"),
    ({"a.txt": article()}, [_row("a", "a.txt", date="12/13/2020x")], "date '12/13/2020x' cannot be parsed"),
    ({"a.txt": bytes(range(256)) * 40}, [_row("a", "a.txt")], "binary file"),
    ({"a.txt": b""}, [_row("a", "a.txt")], "file is empty"),
    ({}, [_row("a", "../../etc/passwd")], "points outside the corpus folder"),
])
def test_bad_article_is_reported_and_skipped(tmp_path, files, rows, problem):
    good = {"good.txt": article()}
    folder = _corpus(tmp_path, {**good, **files}, [_row("good", "good.txt"), *rows])
    corpus = load_corpus(folder)
    assert "good" in corpus.articles.doc_id.tolist()  # the rest of the corpus still loads
    assert len(corpus.problems) == 1
    p = corpus.problems.iloc[0]
    assert problem in p.problem
    assert p.hint  # says what to do
    assert "row" in p.source  # names the manifest row / file
    with pytest.raises(ArticleProblem, match=problem.replace("(", r"\(")):
        load_corpus(folder, strict=True)


def test_encodings_detected_and_recorded(tmp_path):
    text = article(story=["Le ministre a déclaré mardi que les négociations avaient échoué après trois jours.",
                          *STORY])
    files = {"cp.txt": text.encode("cp1252"), "bom.txt": b"\xef\xbb\xbf" + text.encode("utf-8"),
             "u16.txt": text.encode("utf-16")}
    folder = _corpus(tmp_path, files, [_row(n.split(".")[0], n) for n in files])
    arts = load_corpus(folder).articles.set_index("doc_id")
    for doc in ("cp", "bom", "u16"):
        assert arts.loc[doc, "text"].startswith("Le ministre a déclaré mardi")
    assert arts.loc["cp", "encoding"].endswith("(guessed)")
    assert arts.loc["bom", "encoding"] == "utf-8-sig"
    assert arts.loc["u16", "encoding"] == "utf-16"


def test_manifest_errors_name_file_and_field(tmp_path):
    (tmp_path / "manifest.yml").write_text("articles:\n  - outlet: X\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"manifest.yml: the manifest has no column doc_id, file"):
        load_corpus(tmp_path)
    (tmp_path / "manifest.yml").write_text("articles: [unclosed\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="cannot parse the manifest"):
        load_corpus(tmp_path)
    with pytest.raises(CorpusError, match="no such corpus"):
        load_corpus(tmp_path / "nope")


def test_unlisted_files_warned(tmp_path):
    folder = _corpus(tmp_path, {"a.txt": article(), "b.txt": article()}, [_row("a", "a.txt")])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_corpus(folder)
    assert any("not in the manifest" in str(w.message) and "b.txt" in str(w.message) for w in caught)


def test_raw_mode_keeps_file_text(tmp_path):
    raw = "Header line\r\nSecond line\r\n"
    folder = _corpus(tmp_path, {"a.txt": raw}, [_row("a", "a.txt")])
    assert load_corpus(folder, raw=True).articles.text[0] == "Header line\nSecond line\n"


def test_filter_by_outlet(seeds_corpus):
    sub = seeds_corpus.filter(["RT"])
    assert sub.articles.doc_id.tolist() == ["003"]
    assert seeds_corpus.filter([]) is seeds_corpus
    with pytest.raises(CorpusError, match="no articles from outlet"):
        seeds_corpus.filter(["Nope"])


def test_an_article_with_no_recognised_story_line_is_kept_whole(tmp_path):
    """Nothing is lost: an article whose every line the cleaner would drop keeps its text, flagged."""
    from analysis.core.clean import KEPT_WHOLE

    (tmp_path / "nav.txt").write_text("Home\nMenu\nLogin\n", encoding="utf-8")
    # A one-line article in French, Latin-1 encoded, no manifest: loaded and marked French.
    one_line = "Le ministre a déclaré mardi que la France ne participerait pas aux frappes en Syrie."
    (tmp_path / "fr.txt").write_bytes(one_line.encode("latin-1"))
    (tmp_path / "en.txt").write_text(article(), encoding="utf-8")
    with pytest.warns(UserWarning, match="no manifest"):
        corpus = load_corpus(tmp_path)
    arts = corpus.articles.set_index("doc_id")
    assert sorted(arts.index) == ["en", "fr", "nav"] and corpus.problems.empty
    assert arts.loc["nav", "text"] == "Home\nMenu\nLogin" and arts.loc["nav", "cleaning"] == KEPT_WHOLE
    assert arts.loc["fr", "text"] == one_line and arts.loc["fr", "language"] == "fr"
    assert arts.loc["en", "cleaning"] == "cleaned" and arts.loc["en", "language"] == "en"
