from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from analysis.core.corpus import Corpus
from analysis.core.dictionary import ActorDictionary

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seeds_corpus():
    from analysis import load_corpus

    return load_corpus(SEEDS)


def write_manifest(folder: Path, rows: list[dict]) -> None:
    import yaml

    (folder / "manifest.yml").write_text(yaml.safe_dump({"articles": rows}, allow_unicode=True), encoding="utf-8")


STORY = [
    "The defence ministry said on Tuesday that its forces had pushed back the attack near the river crossing.",
    '"We will not allow anyone to cross this line," the spokesman told reporters in the capital.',
    "Witnesses said the fighting lasted for several hours before the other side withdrew to the east.",
    "He declined to comment.",
    "The government has not said how many soldiers were wounded in the clashes that began on Monday.",
]


def article(*, header: list[str] = (), footer: list[str] = (), story: list[str] = STORY) -> str:
    return "\n".join([*header, "", *story, "", *footer]) + "\n"


# --------------------------------------------------------------------------- corpus folders
# (tests/core/test_corpus_robustness.py and tests/test_robustness.py)

GERMAN = ("Der Außenminister sagte am Dienstag, die Gespräche über den Waffenstillstand seien „endgültig“ "
          "gescheitert – für Beobachter in München keine Überraschung.")


def _corpus(folder: Path, files: dict[str, bytes | str], rows: list[dict] | None = None) -> Path:
    """A corpus folder with these files and a manifest (one row per file unless ``rows``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (folder / name).write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    if rows is None:
        rows = [{"doc_id": Path(name).stem, "file": name} for name in files]
    write_manifest(folder, [{"outlet": "Example", "date": "2020-03-12", **r} for r in rows])
    return folder


# --------------------------------------------------------------------------- quote-heavy text
# Hypothesis strategies of tests/core/test_clean.py and tests/extract/quotes/test_robustness.py.

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


# --------------------------------------------------------------------------- an actor dictionary and small corpora
# (tests/extract/test_mentions.py and tests/tables/test_actors.py)

DICT = ActorDictionary.from_data({"actors": [
    {"id": "islamic-state", "name": "Islamic State", "type": "armed group", "side": "IS",
     "aliases": ["Daesh", {"text": "IS", "case_sensitive": True}]},
    {"id": "regime", "name": "Syrian government", "type": "government", "side": "Damascus",
     "aliases": [{"pattern": [{"LOWER": {"IN": ["regime", "government"]}}, {"LOWER": {"IN": ["troops", "forces"]}}]}]},
    {"id": "mod", "name": "Russian Defense Ministry", "type": "government", "side": "Russia"},
    {"id": "pentagon", "name": "Pentagon", "type": "government", "side": "US", "aliases": ["the Pentagon"]},
]})


def make_corpus(*texts: str, outlets: list[str] | None = None) -> Corpus:
    outlets = outlets or ["Outlet A"] * len(texts)
    arts = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "outlet": outlets,
                         "title": [""] * len(texts), "text": list(texts),
                         "n_words": [len(t.split()) for t in texts]})
    return Corpus(None, arts)


def rows(corpus, **kw):
    from analysis import actors

    return actors(corpus, dictionary=kw.pop("dictionary", DICT), **kw)
