from __future__ import annotations

from pathlib import Path

import pytest

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
