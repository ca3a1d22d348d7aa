"""Corpus loading on broken, odd and hostile input (analysis.core.corpus).

Each bad input either loads or fails with a message naming the file, the row
or the field and what to do; a corpus with one broken article still loads the
rest (unless ``strict``).  The README's "Bad input and error messages" section
describes the same cases.
"""
from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from analysis import ArticleProblem, CorpusError, load_corpus
from analysis.core.corpus import MAX_ARTICLE_CHARS

from ..conftest import GERMAN, STORY, _corpus, article, write_manifest


def _one_problem(corpus) -> dict:
    assert len(corpus.problems) == 1, corpus.problems
    return corpus.problems.iloc[0].to_dict()


# ---------------------------------------------------------------------- files

FRENCH = ("Le ministre a déclaré à la presse que les négociations, très tendues, avaient échoué après trois "
          "jours à Genève ; « c'est fini », a-t-il ajouté.")
TEXT = article()


@pytest.mark.parametrize("name, data, expected", [
    ("cp1252.txt", article(story=[GERMAN, *STORY]).encode("cp1252"), GERMAN),
    ("latin1.txt", article(story=[FRENCH, *STORY]).encode("latin-1"), FRENCH),
    ("bom.txt", b"\xef\xbb\xbf" + TEXT.encode("utf-8"), STORY[0]),
    ("utf16le.txt", TEXT.encode("utf-16"), STORY[0]),  # Python writes the BOM (little-endian here)
    ("utf16be.txt", b"\xfe\xff" + TEXT.encode("utf-16-be"), STORY[0]),
    ("mixed_eol.txt", "\r\n".join(STORY[:2]).encode() + b"\r" + "\n".join(STORY[2:]).encode(), STORY[2]),
    ("nul.txt", TEXT.replace("spokesman", "spokes\x00man").encode(), "the spokesman told reporters"),
    ("one line.txt", " ".join(STORY * 30).encode(), STORY[1]),
    ("name with spaces – ünïcödé.txt", TEXT.encode(), STORY[0]),
])
def test_odd_files_load_with_exact_text(tmp_path, name, data, expected):
    corpus = load_corpus(_corpus(tmp_path, {name: data, "good.txt": TEXT}))
    assert corpus.problems.empty, corpus.problems
    text = corpus.articles.set_index("doc_id").loc[Path(name).stem, "text"]
    assert expected in text
    assert "\r" not in text and "\x00" not in text and "\ufeff" not in text


@pytest.mark.parametrize("data, problem", [
    (b"", "file is empty"),
    (b"  \n\t\r\n   \n", "file holds only whitespace"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 20, "binary file"),
    (bytes((i * 7919 + 13) % 256 for i in range(50_000)), "binary file"),  # pseudo-random bytes
    ("\x00".join("abcdefghij" * 500).encode(), "binary file"),  # mostly NUL: not a stray NUL
])
def test_unusable_file_is_a_problem_and_the_rest_loads(tmp_path, data, problem):
    folder = _corpus(tmp_path, {"bad.txt": data, "good.txt": TEXT})
    corpus = load_corpus(folder)
    assert corpus.articles.doc_id.tolist() == ["good"]
    p = _one_problem(corpus)
    assert problem in p["problem"] and p["hint"]
    assert p["source"] == "bad.txt (manifest.yml row 1)" and p["doc_id"] == "bad"
    with pytest.raises(ArticleProblem, match=re.escape(problem)):
        load_corpus(folder, strict=True)


def test_50_mb_file_is_refused_fast_before_reading(tmp_path):
    big = tmp_path / "c" / "big.txt"
    folder = _corpus(tmp_path / "c", {"good.txt": TEXT})
    paragraph = ("The ministry said the talks would resume next week in the capital, officials said. " * 10 + "\n")
    with big.open("w", encoding="utf-8") as fh:
        for _ in range(50 * 1024 * 1024 // len(paragraph) + 1):
            fh.write(paragraph)
    assert big.stat().st_size >= 50 * 1024 * 1024
    write_manifest(folder, [{"doc_id": "good", "file": "good.txt"}, {"doc_id": "big", "file": "big.txt"}])
    started = time.monotonic()
    corpus = load_corpus(folder)
    assert time.monotonic() - started < 5
    p = _one_problem(corpus)
    assert "MB, too long for one article (at most 1,000,000 characters)" in p["problem"]
    assert "max_chars" in p["hint"]
    assert corpus.articles.doc_id.tolist() == ["good"]


def test_article_length_limit_counts_characters_and_is_configurable(tmp_path):
    """The limit counts the characters read (before boilerplate removal), not bytes."""
    longer = TEXT + "Extra closing sentence for length.\n"
    folder = _corpus(tmp_path, {"a.txt": TEXT.encode("utf-16"), "b.txt": longer})
    assert len(load_corpus(folder).articles) == 2 and len(longer) < MAX_ARTICLE_CHARS
    corpus = load_corpus(folder, max_chars=len(TEXT))  # 'a' fits (in twice as many bytes), 'b' does not
    assert corpus.articles.doc_id.tolist() == ["a"]
    problem = _one_problem(corpus)["problem"]
    assert f"article text is {len(longer):,} characters, over the {len(TEXT):,} limit" in problem


def test_cli_max_chars_and_a_raised_limit_reaches_spacy(tmp_path, capsys):
    """--max-chars raises the loader's limit, and the parser follows it (spaCy's max_length is raised to
    the longest text instead of failing with E088)."""
    from analysis.cli import main
    from analysis.core.dictionary import corpus_dictionary
    from analysis.nlp import build_pipeline, parse

    longer = TEXT + "Extra closing sentence for length.\n"
    folder = _corpus(tmp_path, {"a.txt": TEXT, "b.txt": longer})
    assert main(["corpus", str(folder), "--max-chars", str(len(TEXT)), "--format", "csv"]) == 0
    assert "1 article(s) loaded, 1 skipped" in capsys.readouterr().err
    corpus = load_corpus(folder)
    nlp = build_pipeline(corpus_dictionary(corpus))  # the pipeline parse() will use
    saved = nlp.max_length
    try:
        nlp.max_length = 40  # as if both texts were over spaCy's default limit
        docs = parse(corpus)
        assert nlp.max_length == max(map(len, corpus.articles.text)) and len(docs) == 2
    finally:
        nlp.max_length = saved


def test_folder_and_unreadable_manifest_entries(tmp_path):
    folder = _corpus(tmp_path, {"good.txt": TEXT}, [{"doc_id": "good", "file": "good.txt"},
                                                   {"doc_id": "dir", "file": "sub"},
                                                   {"doc_id": "abs", "file": "/etc/passwd"}])
    (folder / "sub").mkdir()
    corpus = load_corpus(folder)
    assert corpus.articles.doc_id.tolist() == ["good"]
    problems = corpus.problems.set_index("doc_id")
    assert "is a folder, not an article file" in problems.at["dir", "problem"]
    assert "points outside the corpus folder" in problems.at["abs", "problem"]


# ------------------------------------------------------------------- manifest

@pytest.mark.parametrize("rows, problem", [
    ([{"doc_id": "x", "file": "missing.txt"}], "file 'missing.txt' not found"),
    ([{"doc_id": "good", "file": "other.txt"}], "duplicate doc_id 'good'"),
    ([{"doc_id": "", "file": "other.txt"}], "no doc_id"),
    ([{"doc_id": "x", "file": "other.txt", "date": "03/04/2020"}], "cannot be parsed unambiguously"),
    ([{"doc_id": "x", "file": "other.txt", "date": "today"}], "cannot be parsed unambiguously"),
    ([{"doc_id": "x", "file": "other.txt", "date": "2020-13-45"}], "date '2020-13-45' cannot be parsed"),
    ([{"doc_id": "x", "file": "../../etc/passwd"}], "points outside the corpus folder"),
    ([{"doc_id": "x", "file": ""}], "no file name"),
])
@pytest.mark.filterwarnings("ignore:.*not in the manifest were ignored")  # other.txt, when unused
def test_bad_manifest_row_is_a_problem_naming_the_row(tmp_path, rows, problem):
    folder = _corpus(tmp_path, {"good.txt": TEXT, "other.txt": TEXT},
                     [{"doc_id": "good", "file": "good.txt"}, *rows])
    corpus = load_corpus(folder)
    assert "good" in corpus.articles.doc_id.tolist()
    p = _one_problem(corpus)
    assert problem in p["problem"] and p["hint"]
    assert "manifest.yml row 2" in p["source"]


@pytest.mark.parametrize("value", ["2020-03-12", "2020-03-12T10:00:00Z", "20200312", "Thu, 12 Mar 2020 10:00:00 GMT",
                                   "12 March 2020", "2020/03/12"])
def test_unambiguous_dates_parse(tmp_path, value):
    folder = _corpus(tmp_path, {"a.txt": TEXT}, [{"doc_id": "a", "file": "a.txt", "date": value}])
    assert load_corpus(folder).articles.date[0].strftime("%Y-%m-%d") == "2020-03-12"


@pytest.mark.parametrize("manifest, message", [
    ("articles:\n  - {doc_id: a, outlet: X}\n", "the manifest has no column file"),
    ("articles:\n  - {file: a.txt}\n", "the manifest has no column doc_id"),
    ("articles: {a: 1}\n", "expected a list of articles"),
    ("articles: [unclosed\n", "cannot parse the manifest"),
    ("- !!python/object/apply:os.system [echo pwned]\n", "cannot parse the manifest"),  # safe loader refuses
])
def test_malformed_manifest_is_a_corpus_error_naming_the_file(tmp_path, manifest, message):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "manifest.yml").write_text(manifest, encoding="utf-8")
    with pytest.raises(CorpusError, match=re.escape(message)) as info:
        load_corpus(tmp_path)
    assert "manifest.yml" in str(info.value)


def test_manifest_not_utf8_and_csv_missing_column(tmp_path):
    (tmp_path / "manifest.yml").write_bytes("articles:\n  - {doc_id: é, file: a.txt}\n".encode("latin-1"))
    with pytest.raises(CorpusError, match="manifest.yml: cannot parse the manifest"):
        load_corpus(tmp_path)
    (tmp_path / "manifest.yml").unlink()
    (tmp_path / "manifest.csv").write_text("doc_id,outlet\na,X\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="manifest.csv: the manifest has no column file"):
        load_corpus(tmp_path)


def test_file_not_in_manifest_is_warned_by_name(tmp_path):
    folder = _corpus(tmp_path, {"a.txt": TEXT, "stray file ü.txt": TEXT}, [{"doc_id": "a", "file": "a.txt"}])
    with pytest.warns(UserWarning, match="not in the manifest were ignored: stray file ü.txt"):
        assert load_corpus(folder).articles.doc_id.tolist() == ["a"]


def test_symlinks_out_of_the_folder_are_refused(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(article(story=["This secret text must never be read into a corpus by a symlink trick.",
                                     *STORY]), encoding="utf-8")
    folder = _corpus(tmp_path / "c", {"good.txt": TEXT}, [{"doc_id": "good", "file": "good.txt"},
                                                         {"doc_id": "link", "file": "link.txt"}])
    (folder / "link.txt").symlink_to(secret)
    corpus = load_corpus(folder)
    assert "points outside the corpus folder" in _one_problem(corpus)["problem"]
    # Without a manifest every file in the folder loads: a symlink out is still refused.
    (folder / "manifest.yml").unlink()
    with pytest.warns(UserWarning, match="no manifest"):
        corpus = load_corpus(folder)
    assert corpus.articles.doc_id.tolist() == ["good"]
    assert "points outside the corpus folder" in _one_problem(corpus)["problem"]
    assert not corpus.articles.text.str.contains("secret").any()
