"""Boilerplate removal on the seeds and on synthetic articles."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analysis.core.clean import clean_text, normalize_text

from ..conftest import PROPERTY, SEEDS, STORY, article, quote_heavy_text


def _raw(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_synthetic_story_kept_whole_and_boilerplate_removed():
    raw = article(
        header=["Home | World | Politics | Sport", "Last updated: 12 March 2020 14:05", "By Jane Roe"],
        footer=["Source: Reuters", "Name *", "E-mail *", "Related stories", "Copyright 2020 Example Media"],
    )
    result = clean_text(raw)
    assert result.paragraphs == STORY  # every story line, the short one included, in order
    reasons = {r.text: r.reason for r in result.removed}
    assert reasons["Source: Reuters"] == "wire credit"
    assert reasons["Name *"] == "after wire credit"
    assert result.credits == ["Source: Reuters"]
    assert {r.line_no for r in result.removed} == {1, 2, 3, 11, 12, 13, 14, 15}


def test_quote_running_over_paragraphs_is_kept():
    story = [
        "The minister said the talks had failed after three days of meetings in the capital city.",
        '"We came here in good faith and we offered everything we could offer to the other side.',
        '"But they refused every proposal, and now the responsibility for what happens is theirs," she said.',
        "The opposition did not respond to a request for comment on Wednesday evening.",
    ]
    assert clean_text(article(story=story)).paragraphs == story


def test_markdown_links_and_emphasis_become_plain_text():
    story = ["The spokesman, **John Doe**, told [the agency](http://example.com) that the talks would go on "
             "next week in the capital.", *STORY]
    result = clean_text(article(story=story))
    assert result.paragraphs[0].startswith("The spokesman, John Doe, told the agency that")


def test_inline_read_more_and_link_lists_removed_inside_story():
    story = STORY[:2] + ["READ MORE: Something else happened somewhere", "[Share on Facebook](#) [Tweet](#)"] + STORY[2:]
    result = clean_text(article(story=story))
    assert result.paragraphs == STORY
    assert {r.reason for r in result.removed} >= {"read-more link"}


def test_headline_matching_title_removed():
    story = ["Talks collapse in the capital", *STORY]
    result = clean_text(article(story=story), title="Talks collapse in the capital")
    assert "Talks collapse in the capital" not in result.paragraphs


def test_normalize_text_line_endings_and_controls():
    assert normalize_text("a\r\nb\rc\x00d\x07") == "a\nb\ncd"


@pytest.mark.parametrize("raw", ["", "   \n\n  ", "\x00\x00"])
def test_empty_input_gives_empty_text(raw):
    assert clean_text(raw).text == ""


def test_non_english_uses_language_independent_mode():
    story = ["Der Minister sagte am Dienstag, die Gespräche seien nach drei Tagen gescheitert und man werde "
             "nun andere Wege suchen.", "Die Opposition äußerte sich am Mittwoch nicht zu den Vorwürfen der Regierung."]
    assert clean_text(article(story=story), language="xx").paragraphs == story


# --- the seeds: story kept, boilerplate gone (checked against the raw files by line) -------------

def test_seed_clean_story_is_untouched():
    # 000 has no boilerplate: every line must survive.
    raw = _raw("000")
    result = clean_text(raw)
    assert result.paragraphs == [line.strip() for line in raw.splitlines() if line.strip()]
    assert result.removed == []


def test_seed_repost_keeps_story_drops_menus_and_appeals():
    result = clean_text(_raw("001"))
    text = result.text
    assert text.startswith("The situation escalates in Syria")
    assert "SDF Spokesman, Talal Selo, announced" in text  # markdown bold removed
    assert text.endswith("attempting to prevent the progress of government forces towards Deir Ezzor.")
    for gone in ("Region:", "PayPal", "Disclaimer", "Copyright", "Voiceover", "Featured image"):
        assert gone not in text
    assert len(result.paragraphs) == 10


def test_seed_wire_copy_cut_at_credit_line():
    result = clean_text(_raw("002"))
    assert result.paragraphs[0].startswith("Washington and Moscow have held high-level talks")
    assert result.paragraphs[-1].startswith("Tillerson is to meet Lavrov in New York")
    assert result.credits == ["Source: AFP"]
    assert "Arab Today" not in result.text and "Comment" not in result.text
    assert len(result.paragraphs) == 11


def test_seed_read_more_removed_story_kept():
    raw = _raw("003")
    result = clean_text(raw)
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    assert [r.text for r in result.removed] == [line for line in lines if line.startswith("READ MORE")]
    assert len(result.paragraphs) == len(lines) - 1


def test_normalize_text_keeping_offsets():
    # Raw mode: offsets must refer to the file's text, so nothing may shift.
    raw = "a\x1bb e\u0301 \x00c"
    kept = normalize_text(raw, keep_offsets=True)
    assert len(kept) == len(raw) and kept == "a b e\u0301  c"


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


@pytest.mark.parametrize("text, code", [
    # short English that jusText's Wikipedia-made stop lists of other languages also cover
    ('Sen. Jane Doe of Ohio spoke in Columbus on Monday. "The bill will pass," Doe said.', "en"),
    ("External links are provided for reference purposes. ABC News is not responsible for the content "
     "of external Internet sites.", "en"),
    ("Le ministre a déclaré mardi que la France ne participerait pas aux frappes en Syrie.", "fr"),
    ("Der Außenminister sagte am Dienstag, die Gespräche über den Waffenstillstand seien endgültig "
     "gescheitert.", "de"),
    ("El ministro dijo el martes que España no participará en los ataques en Siria.", "es"),
    ("De minister zei dinsdag dat Nederland niet zal deelnemen aan de aanvallen in Syrië.", "nl"),
    ("12 34 56", ""),
])
def test_detect_language_keeps_short_english_and_tells_other_languages(text, code):
    from analysis.core.clean import detect_language

    assert detect_language(text) == code
