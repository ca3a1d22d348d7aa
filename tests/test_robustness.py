"""Package-wide robustness: odd text through the loader, the cleaner and every extractor; hostile input.

The module-specific cases live with their module: corpus loading in
tests/core/test_corpus_robustness.py, the dictionary in tests/core/test_dictionary.py,
the cleaner in tests/core/test_clean.py, the quote extractor in
tests/extract/quotes/test_robustness.py, interrupted and concurrent report runs in
tests/report/test_interrupted_runs.py.
"""
from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
import yaml

from analysis import load_corpus

from .conftest import GERMAN, ROOT, SEEDS, STORY, _corpus, article

# ---------------------------------------------- odd text through the pipeline

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
    assert {"odd_quotes", "unclosed"} <= set(found.doc_id)
    # Articles in another language are loaded but not analysed by the English pipeline (nlp.analysed).
    assert not set(LANGUAGES) & (set(found.doc_id) | set(mentions.doc_id))
    _check_offsets(hedges(corpus), texts, surface="surface")
    shared = reuse(corpus)
    _check_offsets(shared, texts, surface="passage")
    _check_offsets(shared.rename(columns={"doc_id": "a", "doc_id_b": "doc_id"}), texts, "start_b", "end_b",
                   surface="passage_b")
    assert len(shared)  # the English articles share the STORY paragraphs


# -------------------------------------------------------------- hostile input

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
