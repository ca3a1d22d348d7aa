"""tools/polnear_agreement.py on a synthetic split laid out as PolNeAR is (no PolNeAR text)."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from .conftest import ROOT, SHARED

pytestmark = pytest.mark.skipif(not (SHARED / "eval" / "score_quotes.py").exists(),
                                reason="the official scorer (../shared/eval) is not available")

TEXT = ("The minister said that the talks would resume on Monday.\n\n"
        "Officials believe the deal is close, according to the ministry.\n")


def _tool():
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        spec = importlib.util.spec_from_file_location("polnear_agreement", ROOT / "tools" / "polnear_agreement.py")
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        return mod
    finally:
        sys.path.remove(str(ROOT / "tools"))


def _ann(*attributions: tuple[str, str, str]) -> str:
    """A brat file with one Source/Cue/Content event per (source, cue, content) phrase of TEXT."""
    lines, t = [], 0
    for e, phrases in enumerate(attributions, 1):
        ids = []
        for label, phrase in zip(("Source", "Cue", "Content"), phrases):
            t += 1
            a = TEXT.index(phrase)
            lines.append(f"T{t}\t{label} {a} {a + len(phrase)}\t{phrase}")
            ids.append(f"{label}:T{t}")
        lines.append(f"E{e}\tAttribution:T{t - 1} {' '.join(ids)}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def split(tmp_path):
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc.txt").write_text(TEXT, encoding="utf-8")
    said = ("The minister", "said", "that the talks would resume on Monday")
    believe = ("Officials", "believe", "the deal is close")
    # A marks both attributions; B only the first, with the same content but another source span.
    (tmp_path / "attributions" / "doc_aaaa.ann").write_text(_ann(said, believe), encoding="utf-8")
    (tmp_path / "attributions" / "doc_bbbb.ann").write_text(
        _ann(("minister", "said", "the talks would resume on Monday")), encoding="utf-8")
    # An article with one annotation only is not compared.
    (tmp_path / "text" / "single.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "single_aaaa.ann").write_text(_ann(said), encoding="utf-8")
    return tmp_path


def test_annotators_are_scored_against_each_other(split):
    result = _tool().agreement([split], extractor=False)
    assert result["articles"] == 1 and result["skipped"] == 0
    f = result["comparisons"]["annotator B vs A"]
    # B's one attribution matches A's first (Dice >= 0.5 without "that"); A's second is unmatched.
    assert (f["gold"], f["system"], f["matched"]) == (2, 1, 1)
    assert (f["precision"], f["recall"], f["f1"]) == (1.0, 0.5, 0.6667)
    assert f["speaker"] == 1.0  # "minister" overlaps "The minister"


def test_extractor_is_scored_on_the_same_articles(split):
    result = _tool().agreement([split])
    against_a = result["comparisons"]["extractor vs A"]
    against_b = result["comparisons"]["extractor vs B"]
    assert against_a["gold"] == 2 and against_b["gold"] == 1
    assert against_a["system"] == against_b["system"] >= 1
    assert against_b["matched"] == 1 and against_b["speaker"] == 1.0


def test_an_unreadable_annotation_is_skipped_and_counted(split):
    (split / "attributions" / "doc_bbbb.ann").write_text("T1\tContent 0\tbroken\n", encoding="utf-8")
    result = _tool().agreement([split], extractor=False)
    assert result["articles"] == 0 and result["skipped"] == 1
