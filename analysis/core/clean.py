"""Boilerplate removal for plain-text articles.

Scraped articles arrive with navigation, comment forms, related links,
donation appeals, bylines and copyright lines around the story.  Each line is
rendered as one HTML paragraph (inline Markdown such as ``[text](url)`` and
``**bold**`` becomes real markup, so link density can be measured) and
classified by jusText's paragraph classifier (Pomikálek 2011), which scores
length, stop-word density and link density and then revises short paragraphs
by their neighbours.  jusText is tuned for web pages; on plain text it misses
trailers that are long and full of stop words (disclaimers, donation appeals)
and short markers inside the story ("READ MORE: ..."), so a small set of
corpus-agnostic line patterns (``data/boilerplate.yml``) and three structural
rules are applied on top of it:

1. the story starts at the first paragraph jusText calls good (or near-good
   on its own) that ends as a sentence, or at a short lead sentence right
   before it; lines before (headlines, captions, datelines) are header;
2. a trailer line (wire credit, copyright, disclaimer, donation appeal) after
   story text ends the story: it and everything after it are removed;
3. inside the story every line is kept (short lines and quotes that run over
   several paragraphs included) unless a pattern names it, it is mostly
   links, or it is a short line repeated elsewhere in the article (menus).

Every removed line is recorded with its line number and the reason, so a
report can show what was dropped.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

import justext
from justext.core import ParagraphMaker, classify_paragraphs, revise_paragraph_classification
from lxml import html as lxml_html
from markdown_it import MarkdownIt

from .lexicons import boilerplate

__all__ = ["RemovedLine", "CleanResult", "clean_text", "normalize_text", "detect_language", "JUSTEXT_STOPLISTS",
           "KEPT_WHOLE"]

# ISO 639-1 code -> jusText stop-list name, for the languages news corpora
# most often hold.  Other languages run jusText in its language-independent
# mode (no stop words), as its documentation recommends.
JUSTEXT_STOPLISTS = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
    "pt": "Portuguese", "nl": "Dutch", "ru": "Russian", "tr": "Turkish", "pl": "Polish",
    "sv": "Swedish", "da": "Danish", "no": "Norwegian_Bokmal", "fi": "Finnish",
    "cs": "Czech", "uk": "Ukrainian", "ro": "Romanian", "hu": "Hungarian", "el": "Greek",
}

# Stop-word thresholds lower than jusText's web defaults (0.30 / 0.32): news
# sentences dense with names ("Russian Foreign Minister Sergey Lavrov on
# Monday also urged ...") fall under 0.30 and would be lost.
_JUSTEXT_OPTIONS = dict(
    length_low=40, length_high=150, stopwords_low=0.18, stopwords_high=0.24,
    max_link_density=0.3, max_heading_distance=200, no_headings=False,
)
# The note an article gets when the cleaner would drop every line: its text is kept as it is.
KEPT_WHOLE = "kept whole: no story line recognised"
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_MIN_STOPWORD_SHARE = 0.15  # below this share of stop words no stop list speaks for the text
_LINK_LIST_DENSITY = 0.5
_REPEATED_MAX_WORDS = 12
_SENTENCE_END = re.compile(r"[.!?…:;\"'”’»)\]]\s*$")
_LEAD_SENTENCE = re.compile(r"[a-z].*[.!\"”’]\s*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_MD = MarkdownIt("commonmark", {"html": False})


class RemovedLine(NamedTuple):
    line_no: int  # 1-based line number in the raw text (after newline normalisation)
    text: str  # the line as it stands in the raw text, stripped
    reason: str  # why it was removed


@dataclass(frozen=True)
class CleanResult:
    text: str  # kept paragraphs joined by blank lines
    paragraphs: list[str] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)  # wire-credit lines found


def normalize_text(raw: str, *, keep_offsets: bool = False) -> str:
    """Unify line endings, drop NUL and other control characters, compose Unicode (NFC).

    With ``keep_offsets`` (raw mode: offsets must refer to the file's text),
    control characters become spaces and Unicode is left as it is, so every
    character keeps its place (only ``\r\n`` line endings shrink to ``\n``).
    """
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    if keep_offsets:
        return _CONTROL.sub(" ", text)
    text = _CONTROL.sub("", text)
    return unicodedata.normalize("NFC", text)


def _match(kind: str, line: str) -> str | None:
    for pattern, reason in boilerplate()[kind]:
        if pattern.search(line):
            return reason
    return None


def _classify(lines: list[str], language: str | None) -> list[tuple[str, str, str, float]]:
    """(text, final class, context-free class, link density) for each line, by jusText."""
    body = "".join(f"<p>{_MD.renderInline(line)}</p>" for line in lines)
    dom = lxml_html.fromstring(f"<html><body>{body}</body></html>")
    paragraphs = ParagraphMaker.make_paragraphs(dom)
    stoplist = _stoplists().get((language or "en").lower()[:2])  # read once, not per article
    if stoplist:
        options = _JUSTEXT_OPTIONS
    else:
        stoplist = frozenset()
        options = dict(_JUSTEXT_OPTIONS, stopwords_low=0, stopwords_high=0)
    classify_paragraphs(paragraphs, stoplist, options["length_low"], options["length_high"],
                        options["stopwords_low"], options["stopwords_high"],
                        options["max_link_density"], options["no_headings"])
    revise_paragraph_classification(paragraphs, options["max_heading_distance"])
    result: list[tuple[str, str, str, float]] = [("", "bad", "bad", 1.0)] * len(lines)
    for p in paragraphs:
        # xpath is like /html[1]/body[1]/p[7]/strong[1]: the first <p> index is the line.
        m = re.search(r"/p\[(\d+)\]", p.xpath)
        if m:
            i = int(m.group(1)) - 1
            if 0 <= i < len(lines) and not result[i][0]:
                result[i] = (p.text, p.class_type, p.cf_class, p.links_density())
    return result


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().casefold()  # noqa: E731
    return bool(a) and norm(a) == norm(b)


# jusText's stop lists were drawn from Wikipedia and hold English words ('the', 'of', 'in', 'on',
# 'will', 'bill' are Finnish stop words there; 'is', 'not' Turkish): a short English text can score
# higher on another list ('Sen. Jane Doe of Ohio spoke in Columbus ...' came out Finnish, an English
# copyright line Turkish), and a text taken for another language is not analysed.  So the language
# the pipeline reads is kept unless another list covers this many times as many words.  Checked on
# PolNeAR train (840 articles) and news_cluster (383): no English text left out; one-line French,
# German, Spanish and Italian sentences still come out as such (tests/core/test_clean.py).
_OTHER_LANGUAGE_FACTOR = 1.5


def detect_language(text: str, *, sample: int = 2000, prefer: str = "en") -> str:
    """The ISO 639-1 code of the language whose jusText stop list covers most of ``text``'s words,
    or '' when none covers at least 15% of them (too short, or a language without a stop list here);
    ``prefer`` (the pipeline's language) unless another covers :data:`_OTHER_LANGUAGE_FACTOR` times
    as many.

    Stop-word language identification (Grefenstette 1995, "Comparing two
    language identification schemes"; the principle of jusText's own
    stop-list choice): function words are frequent and language-specific, so
    even a one-line article of 20 words is told apart.  Written here because
    the stop lists are already jusText's (no further dependency); the first
    ``sample`` words are read.
    """
    words = Counter(w.casefold() for w in _WORD.findall(text[:20 * sample])[:sample])
    total = sum(words.values())
    if not total:
        return ""
    shares = {code: sum(n for w, n in words.items() if w in stop) / total for code, stop in _stoplists().items()}
    best = max(shares, key=shares.get)
    own = shares.get(prefer, 0.0)
    if own >= _MIN_STOPWORD_SHARE and shares[best] < _OTHER_LANGUAGE_FACTOR * own:
        return prefer
    return best if shares[best] >= _MIN_STOPWORD_SHARE else ""


@lru_cache(maxsize=1)
def _stoplists() -> dict[str, frozenset[str]]:
    return {code: frozenset(justext.get_stoplist(name)) for code, name in JUSTEXT_STOPLISTS.items()}


def clean_text(raw: str, *, language: str | None = "en", title: str | None = None) -> CleanResult:
    """Strip boilerplate from one plain-text article; keep every story line.

    Args:
        raw: the article as decoded from its file.
        language: ISO 639-1 code choosing jusText's stop list (None or an
            unknown code: language-independent mode).
        title: the headline from the manifest; a line repeating it is removed.
    """
    text = normalize_text(raw)
    numbered = [(n, line.strip()) for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
    if not numbered:
        return CleanResult(text="")
    classes = _classify([line for _, line in numbered], language)
    counts: dict[str, int] = {}
    for plain, *_ in classes:
        key = plain.casefold()
        counts[key] = counts.get(key, 0) + 1

    reasons: list[str | None] = [None] * len(numbered)
    # Story evidence: jusText's final "good", or a paragraph that is good or
    # near-good on its own.  News paragraphs are often shorter than jusText's
    # length_high, and a story made only of them would otherwise have no
    # good paragraph to anchor it.
    good = [cls == "good" or cf_cls in ("good", "neargood") for _, cls, cf_cls, _ in classes]
    # The story starts at the first story-like paragraph that ends as a
    # sentence; a short lead sentence right before it is story too.
    def starts_story(i: int) -> bool:
        line = classes[i][0]
        return (good[i] and bool(_SENTENCE_END.search(line)) and not _match("inline", line)
                and not (title and _same(line, title)))

    first = next((i for i in range(len(numbered)) if starts_story(i)), len(numbered))
    while first > 0 and _LEAD_SENTENCE.search(classes[first - 1][0]) and len(classes[first - 1][0].split()) >= 5 \
            and not _match("inline", classes[first - 1][0]):
        first -= 1
    for i in range(first):
        reasons[i] = "header"

    ended_by: str | None = None
    for i in range(first, len(numbered)):
        plain, cls, cf_cls, density = classes[i]
        if ended_by:
            reasons[i] = f"after {ended_by}"
            continue
        if not plain:
            reasons[i] = "markup only"
        elif title and _same(plain, title):
            reasons[i] = "headline"
        elif (reason := _match("trailer", plain)) and any(r is None for r in reasons[:i]):
            reasons[i] = ended_by = reason
        elif reason := _match("inline", plain):
            reasons[i] = reason
        elif density > _LINK_LIST_DENSITY:
            reasons[i] = "link list"
        elif counts[plain.casefold()] > 1 and len(plain.split()) <= _REPEATED_MAX_WORDS:
            reasons[i] = "repeated line"

    # Past the last good paragraph keep only sentence-like lines jusText did
    # not reject outright (a closing "He declined to comment." stays).
    kept = [i for i, r in enumerate(reasons) if r is None]
    last_good = max((i for i in kept if good[i]), default=-1)
    for i in kept:
        if i > last_good:
            plain, cls, cf_cls, _ = classes[i]
            if cf_cls == "bad" or not _SENTENCE_END.search(plain):
                reasons[i] = "footer"

    paragraphs, removed, credits = [], [], []
    for (line_no, line), (plain, *_), reason in zip(numbered, classes, reasons):
        if reason is None:
            paragraphs.append(plain)
        else:
            removed.append(RemovedLine(line_no, line, reason))
            if reason == "wire credit":
                credits.append(plain)
    return CleanResult(text="\n\n".join(paragraphs), paragraphs=paragraphs, removed=removed, credits=credits)
