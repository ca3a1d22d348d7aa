"""Robustness: broken, odd and hostile input, interrupted and concurrent report runs.

Each bad input either loads or fails with a message naming the file, the row
or the field and what to do; a corpus with one broken article still loads the
rest (unless ``strict``).  The README's "Bad input and error messages" section
describes the same cases.
"""
from __future__ import annotations

import functools
import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import ArticleProblem, CorpusError, DictionaryError, load_corpus, load_dictionary
from analysis.clean import clean_text, normalize_text
from analysis.corpus import MAX_ARTICLE_CHARS

from .conftest import ROOT, SEEDS, STORY, article, write_manifest

# --------------------------------------------------------------------------- helpers


def _corpus(folder: Path, files: dict[str, bytes | str], rows: list[dict] | None = None) -> Path:
    """A corpus folder with these files and a manifest (one row per file unless ``rows``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    if rows is None:
        rows = [{"doc_id": Path(name).stem, "file": name} for name in files]
    write_manifest(folder, [{"outlet": "Example", "date": "2020-03-12", **r} for r in rows])
    return folder


def _one_problem(corpus) -> dict:
    assert len(corpus.problems) == 1, corpus.problems
    return corpus.problems.iloc[0].to_dict()


# --------------------------------------------------------------------------- files

GERMAN = ("Der Außenminister sagte am Dienstag, die Gespräche über den Waffenstillstand seien „endgültig“ "
          "gescheitert – für Beobachter in München keine Überraschung.")
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
    ("Home\nMenu\nLogin\nShare\n".encode(), "empty after boilerplate removal"),
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
    from analysis.dictionary import corpus_dictionary
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


# --------------------------------------------------------------------------- manifest

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


# --------------------------------------------------------------------------- actor dictionary

def _actor(**fields) -> dict:
    return {"id": "a", "name": "A", "type": "state", **fields}


@pytest.mark.parametrize("data, where, message", [
    ({"actors": [_actor(name=123)]}, "actor 0 (id 'a'), field 'name'", "valid string"),
    ({"actors": [_actor(name="  ")]}, "actor 0 (id 'a'), field 'name'", "blank"),
    ({"actors": [_actor(type=5)]}, "actor 0 (id 'a'), field 'type'", "Input should be"),
    ({"actors": [_actor(aliases="ISIS")]}, "actor 0 (id 'a'), field 'aliases'", "must be a list"),
    ({"actors": [_actor(aliases=[5])]}, "actor 0 (id 'a'), field 'aliases'", "alias 0 is int"),
    ({"actors": [_actor(aliases=[""])]}, "actor 0 (id 'a'), field 'aliases.0'", "empty alias"),
    ({"actors": [_actor(side=["x"])]}, "actor 0 (id 'a'), field 'side'", "valid string"),
    ({"actors": [_actor(), _actor(name="B")]}, "actor 1 (id 'a')", "duplicate id (first used by actor 0)"),
    ({"actors": [_actor(aliases=[{"pattern": [{"LOWER": {"REGEX": "(("}}]}])]},
     "actor 0 (id 'a'), field 'aliases.0'", "invalid token pattern"),
    ({"actors": [_actor(aliases=[{"pattern": [{"LOWR": "x"}]}])]}, "actor 0 (id 'a'), field 'aliases.0'",
     "invalid token pattern"),
    ({"actors": [_actor(aliases=[{"pattern": []}])]}, "actor 0 (id 'a'), field 'aliases.0'", "invalid token pattern"),
    ({"actors": [_actor(aliases=[{"text": "x", "pattern": [{"LOWER": "x"}]}])]}, "field 'aliases.0'",
     "exactly one of"),
    ({"actors": [{"name": "A", "type": "state"}]}, "actor 0, field 'id'", "Field required"),
    ({"actors": ["just a string"]}, "actor 0", "valid dictionary"),
    ({"actors": {"a": {}}}, "", "expected a list of actors"),
])
def test_malformed_dictionary_names_file_actor_and_field(tmp_path, data, where, message):
    path = tmp_path / "actors.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DictionaryError) as info:
        load_dictionary(path)
    text = str(info.value)
    assert text.startswith(f"{path}: ") and where in text and message in text


@pytest.mark.parametrize("content, message", [
    (b"actors: [unclosed", "not valid YAML"),
    (b"actors: !!python/object/apply:os.system [echo pwned]", "not valid YAML"),
    ("actors:\n  - {id: a, name: \xc9tat, type: state}\n".encode("latin-1"), "not UTF-8"),
])
def test_unreadable_dictionary_file(tmp_path, content, message):
    path = tmp_path / "actors.yml"
    path.write_bytes(content)
    with pytest.raises(DictionaryError, match=re.escape(f"{path}: {message}")):
        load_dictionary(path)


# --------------------------------------------------------------------------- odd text through the pipeline

LONG_SENTENCE = "The minister said that " + " ".join(
    w for _ in range(120) for w in "the talks on the river crossing had failed again and".split())[:12000] + "."
ODD_TEXTS = {
    "odd_quotes": ['The minister said "we will win" and then "never, before leaving.', *STORY],
    "unclosed": ["\u201cThis will never end, the spokesman said as the talks collapsed on Monday.", *STORY],
    "long_sentence": [LONG_SENTENCE, *STORY],
    "german": [GERMAN, "\u201eWir werden das nicht zulassen\u201c, sagte der Sprecher des Ministeriums am Dienstag.",
               "Die Regierung hat nicht gesagt, wie viele Soldaten bei den Kämpfen verletzt wurden."],
    "russian": ["Министр заявил во вторник, что переговоры о прекращении огня окончательно провалились.",
                "\u00abМы не допустим этого\u00bb, \u2014 сказал представитель министерства журналистам.",
                "Правительство не сообщило, сколько солдат было ранено в ходе боёв."],
    "arabic": ["قال المتحدث باسم وزارة الدفاع يوم الثلاثاء إن قواته صدت الهجوم قرب المعبر.",
               "\u00abلن نسمح لأحد بعبور هذا الخط\u00bb، قال المتحدث للصحفيين في العاصمة.",
               "ولم تذكر الحكومة عدد الجنود الذين أصيبوا في الاشتباكات."],
    "emoji_rtl": ["The spokesman \U0001F1FA\U0001F1F8 said \u201cpeace \U0001F64F\U0001F3FD is near\u201d, "
                  "and \u05e9\u05dc\u05d5\u05dd \u200fwas the word \U0001F469\u200d\U0001F469\u200d\U0001F467 "
                  "families used \u202eon the border\u202c today.", *STORY],
}
LANGUAGES = {"german": "de", "russian": "ru", "arabic": "ar"}


@pytest.fixture(scope="module")
def odd_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("odd")
    files = {f"{name}.txt": article(story=story) for name, story in ODD_TEXTS.items()}
    files["one_line.txt"] = " ".join(STORY * 30)  # no newline at all
    rows = [{"doc_id": Path(n).stem, "file": n, "language": LANGUAGES.get(Path(n).stem, "en")} for n in files]
    _corpus(folder, files, rows)
    (folder / "actors.yml").write_text(yaml.safe_dump({"actors": [
        {"id": "ministry", "name": "defence ministry", "type": "government",
         "aliases": ["Министерство", "وزارة الدفاع"]},
        {"id": "families", "name": "families", "type": "organisation",
         "aliases": ["\U0001F469\u200d\U0001F469\u200d\U0001F467"]},
    ]}, allow_unicode=True), encoding="utf-8")
    return folder


def _check_offsets(table, texts, start="start", end="end", surface=None):
    for row in table.itertuples():
        text = texts[row.doc_id]
        s, e = getattr(row, start), getattr(row, end)
        assert 0 <= s <= e <= len(text), (row.doc_id, s, e)
        if surface:
            assert text[s:e] == getattr(row, surface)


@pytest.mark.parametrize("raw", [False, True], ids=["cleaned", "raw"])
def test_odd_text_through_cleaner_and_extractors(odd_folder, raw):
    from analysis import actors, hedges, quotes, reuse

    corpus = load_corpus(odd_folder, raw=raw)
    assert corpus.problems.empty, corpus.problems
    assert sorted(corpus.articles.doc_id) == sorted([*ODD_TEXTS, "one_line"])
    texts = dict(zip(corpus.articles.doc_id, corpus.articles.text))
    for doc_id, story in ODD_TEXTS.items():
        assert story[0].split()[-1] in texts[doc_id]  # the story's first paragraph is kept
    assert LONG_SENTENCE in texts["long_sentence"] and "\U0001F469\u200d\U0001F469" in texts["emoji_rtl"]

    mentions = actors(corpus)
    _check_offsets(mentions, texts, surface="surface")
    assert {"ministry", "families"} <= set(mentions.actor_id)
    found = quotes(corpus)
    _check_offsets(found, texts, surface="quote")
    spoken = found.dropna(subset=["speaker_start"])
    _check_offsets(spoken, texts, "speaker_start", "speaker_end")
    assert {"odd_quotes", "unclosed", "german"} <= set(found.doc_id)
    _check_offsets(hedges(corpus), texts, surface="surface")
    shared = reuse(corpus)
    _check_offsets(shared, texts, surface="passage")
    _check_offsets(shared.rename(columns={"doc_id": "a", "doc_id_b": "doc_id"}), texts, "start_b", "end_b",
                   surface="passage_b")
    assert len(shared)  # the English articles share the STORY paragraphs


# --------------------------------------------------------------------------- property-based

QUOTE_CHARS = "\u201c\u201d\u2018\u2019\"'\u00ab\u00bb\u201e\u2039\u203a`"
_words = st.sampled_from(["the", "minister", "said", "he", "told", "reporters", "Putin", "Moscow", "never",
                          "\u043c\u0438\u0440", "\u0633\u0644\u0627\u0645", "\U0001F525", "according", "to"])
_pieces = st.one_of(
    st.text(max_size=12),  # arbitrary Unicode, controls and combining marks included
    st.sampled_from(list(QUOTE_CHARS) + ["\n", "\r\n", "\r", "\n\n", " ", ". ", ", ", ": ", "\u200f", "\x00"]),
    _words,
)
quote_heavy_text = st.lists(_pieces, max_size=60).map("".join)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(raw=st.one_of(st.text(max_size=400), quote_heavy_text))
def test_cleaner_never_crashes_and_accounts_for_every_line(raw):
    result = clean_text(raw)
    lines = normalize_text(raw).split("\n")
    nonblank = [n for n, line in enumerate(lines, start=1) if line.strip()]
    # Every non-blank line is either kept as a paragraph or recorded as removed, once.
    assert len(result.paragraphs) + len(result.removed) == len(nonblank)
    for r in result.removed:
        assert r.line_no in nonblank and lines[r.line_no - 1].strip() == r.text and r.reason
    assert result.text == "\n\n".join(result.paragraphs)
    assert all(p.strip() for p in result.paragraphs)
    assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", result.text)


@pytest.fixture(scope="module")
def nlp():
    from analysis.nlp import load_pipeline

    return load_pipeline()


def _assert_quote_offsets(nlp, text: str) -> None:
    from analysis.quotes import doc_quotes, quoted_spans

    doc = nlp(text)
    for q in quoted_spans(doc.text):
        assert 0 <= q.start <= q.end <= len(doc.text)
    for q in doc_quotes(doc):
        assert 0 <= q.start <= q.end <= len(doc.text)
        if q.speaker_start is not None:
            assert 0 <= q.speaker_start <= q.speaker_end <= len(doc.text)


@PROPERTY
@given(text=st.one_of(quote_heavy_text, st.text(max_size=300)))
def test_quote_extractor_offsets_are_always_inside_the_text(nlp, text):
    _assert_quote_offsets(nlp, text)


@st.composite
def damaged_seed_text(draw):
    """A slice of a seed article with quote marks, newlines and junk inserted or characters deleted:
    real attributions whose quotes no longer pair up."""
    text = draw(st.sampled_from(_seed_texts()))
    start = draw(st.integers(0, len(text) - 1))
    text = text[start:start + draw(st.integers(0, 1500))]
    for _ in range(draw(st.integers(0, 8))):
        i = draw(st.integers(0, len(text)))
        insert = draw(st.one_of(st.sampled_from(list(QUOTE_CHARS + ":\n")), st.just(""), st.text(max_size=4)))
        text = text[:i] + insert + text[i + (not insert):]
    return text


@functools.lru_cache(maxsize=1)
def _seed_texts() -> list[str]:
    return list(load_corpus(SEEDS).articles.text)


@PROPERTY
@given(text=damaged_seed_text())
def test_quote_extractor_on_damaged_news_text(nlp, text):
    _assert_quote_offsets(nlp, text)


# --------------------------------------------------------------------------- hostile input

UNSAFE = re.compile(r"yaml\.(?:unsafe_load|full_load|load_all)\(|yaml\.load\((?![^)]*SafeLoader)"
                    r"|Loader\s*=\s*yaml\.(?:Unsafe|Full)?Loader\b|\bpickle\.loads?\(|\bdill\b|\bjoblib\.load\("
                    r"|\bread_pickle\(|allow_pickle\s*=\s*True|\bshelve\.open\(|\bmarshal\.loads?\(")


def test_no_unsafe_deserialisation_in_the_package():
    sources = sorted((ROOT / "analysis").rglob("*.py"))
    assert len(sources) > 5
    offenders = [f"{p.relative_to(ROOT)}:{n}: {line.strip()}" for p in sources
                 for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1)
                 if UNSAFE.search(line)]
    assert offenders == []
    # The pattern itself catches what it should.
    assert UNSAFE.search("data = yaml.load(fh)") and UNSAFE.search("pickle.loads(blob)")
    assert not UNSAFE.search("yaml.safe_load(fh)")


def test_no_network_during_load_actors_and_quotes(monkeypatch):
    from analysis import actors, quotes
    from analysis.nlp import parse

    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access during a run")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    corpus = load_corpus(SEEDS)  # a fresh corpus: nothing cached
    assert len(corpus) == 4
    assert len(parse(corpus))
    assert len(actors(corpus)) and len(quotes(corpus))
    assert attempts == []


# --------------------------------------------------------------------------- interrupted and concurrent runs

GATE_CELL = """import os, pathlib, time
if started:  # tell the test the run is under way (and which process to stop)
    pathlib.Path(started).write_text(str(os.getpid()))
deadline = time.monotonic() + 60
while release and not pathlib.Path(release).exists() and time.monotonic() < deadline:
    time.sleep(0.1)
print("report body")"""


def _report_project(folder: Path, **parameters) -> Path:
    """A tiny report: one code cell (no analysis import), HTML only; returns reports.yml."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "corpus").mkdir(exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell('corpus = "."\nstarted = ""\nrelease = ""',
                                          metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(GATE_CELL)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, folder / "nb.ipynb")
    config = {"corpus": "corpus", "output_dir": "out", "jobs": [
        {"name": "demo", "notebook": "nb.ipynb", "output": "demo", "formats": ["html"],
         "parameters": {k: str(v) for k, v in parameters.items()}}]}
    (folder / "reports.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return folder / "reports.yml"


def _start_cli(config: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "analysis", "report", "--config", str(config), "--quiet", *args],
                            cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _wait_for(path: Path, proc: subprocess.Popen, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if proc.poll() is not None:
            pytest.fail(f"the report run ended before starting its notebook: {proc.communicate()}")
        assert time.monotonic() < deadline, "the report run did not start its notebook in time"
        time.sleep(0.1)


def _snapshot(out: Path) -> dict[str, bytes]:
    """Every visible file under the output folder (hidden temporary files and the lock excluded)."""
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)}


def _assert_readable(out: Path) -> None:
    import json

    nb = nbformat.read(out / "demo" / "demo.ipynb", as_version=4)
    assert "report body" in str(nb.cells[-1].outputs)
    page = (out / "demo" / "demo.html").read_text(encoding="utf-8")
    assert page.rstrip().endswith("</html>") and "report body" in page
    assert "demo" in json.loads((out / "index.json").read_text(encoding="utf-8"))


def test_killed_run_keeps_previous_report_and_next_run_cleans_up(tmp_path):
    from analysis.report import load_config, run_reports

    config = _report_project(tmp_path)
    out = tmp_path / "out"
    assert run_reports(load_config(config), progress=False)[0].ok
    before = _snapshot(out)
    assert set(before) == {"demo/demo.ipynb", "demo/demo.html", "index.html", "index.json"}

    started = tmp_path / "started"
    proc = _start_cli(_report_project(tmp_path, started=started, release=tmp_path / "never"))
    _wait_for(started, proc)
    os.killpg(proc.pid, signal.SIGKILL)  # the runner, mid-job, without any chance to clean up
    proc.wait(timeout=30)
    try:
        os.kill(int(started.read_text()), signal.SIGKILL)  # its kernel runs in a session of its own
    except ProcessLookupError:
        pass

    assert _snapshot(out) == before  # previous report intact, nothing half-written under a final name
    leftovers = [p.name for p in (out / "demo").iterdir() if p.name.startswith(".")]
    assert leftovers  # the killed run's temporary folder: proof the kill came mid-job

    messages = []
    results = run_reports(load_config(_report_project(tmp_path)), progress=False, echo=messages.append)
    assert results[0].ok
    assert any("removed 1 temporary file(s) left by an interrupted run" in m for m in messages)
    assert [p.name for p in (out / "demo").iterdir() if p.name.startswith(".")] == []
    _assert_readable(out)


def test_failure_while_writing_outputs_keeps_previous_files(tmp_path, monkeypatch):
    import analysis.report as report

    config = _report_project(tmp_path)
    out = tmp_path / "out"
    assert report.run_reports(report.load_config(config), progress=False)[0].ok
    before = _snapshot(out)

    # A writer that dies half-way through a file.
    def half_then_fail(path: Path) -> None:
        path.write_text("<html><body>half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space left"):
        report._atomic_write(out / "demo" / "demo.html", half_then_fail)
    # Conversion failing, then the rename of the second output failing.
    monkeypatch.setattr(report, "notebook_to_html", lambda nb: 1 / 0)
    result = report.run_reports(report.load_config(config), progress=False)[0]
    assert not result.ok and "conversion failed: ZeroDivisionError" in result.error
    monkeypatch.undo()
    real_replace = os.replace

    def replace_fails_on_html(src, dst):
        if str(dst).endswith(".html") and "demo" in Path(dst).parent.name:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(report.os, "replace", replace_fails_on_html)
    result = report.run_reports(report.load_config(config), progress=False)[0]
    monkeypatch.undo()
    assert not result.ok and "could not move the outputs" in result.error and "demo.ipynb" in result.error
    after = _snapshot(out)
    assert after["demo/demo.html"] == before["demo/demo.html"]  # the old HTML, whole
    nbformat.read(out / "demo" / "demo.ipynb", as_version=4)  # the new notebook, whole
    assert not [p for p in out.rglob(".*") if p.name != ".report.lock"]  # no temporary files left


def test_concurrent_runs_refuse_or_wait_and_never_corrupt(tmp_path):
    started, release = tmp_path / "started", tmp_path / "release"
    config = _report_project(tmp_path, started=started, release=release)
    first = _start_cli(config)
    _wait_for(started, first)  # the first run holds the lock and is executing

    second = _start_cli(config)
    _, err = second.communicate(timeout=60)
    assert second.returncode == 2  # the CLI's exit status for a clear error
    assert "another report run is writing to" in err and "--wait SECONDS" in err
    assert first.poll() is None  # the refusal did not disturb the running job

    third = _start_cli(config, "--wait", "120")
    time.sleep(2)
    assert third.poll() is None  # queued behind the first
    release.write_text("go")
    assert first.wait(timeout=90) == 0, first.communicate()
    _, err = third.communicate(timeout=90)
    assert third.returncode == 0, err
    out = tmp_path / "out"
    _assert_readable(out)
    assert not [p for p in out.rglob(".*") if p.name != ".report.lock"]
