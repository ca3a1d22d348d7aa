"""Load a corpus: a folder of articles plus a manifest, into one validated table.

Inputs, all in one folder:

* ``manifest.csv`` / ``manifest.yml`` (or ``.yaml``): one row per article with
  ``doc_id, file, outlet, date, title, url, wire, language``; extra columns
  are kept.  A YAML manifest is a list of rows, or a mapping with an
  ``articles`` list.  Without a manifest every file loads with outlet
  ``unknown`` and a warning.  A YAML mapping may also name outlets:
  ``outlets: {NYT: New York Times}``; outlets it does not name whose
  addresses share a registered domain are merged, with a warning (:func:`_merge_outlets`).
* ``.txt`` articles (boilerplate removed by :mod:`analysis.core.clean`), ``.html``
  / ``.htm`` articles (story text extracted with trafilatura), and ``.jsonl``
  / ``.csv`` exports with one article per row (our column names, or Media
  Cloud's ``id, title, url, publish_date, media_name, text``).

Every problem (missing file, duplicate ``doc_id``, unparseable date, binary
file, empty article after cleaning, ...) is an :class:`ArticleProblem` that
names the file and what to do; the article is skipped and listed in
``corpus.problems``, or, with ``strict=True``, the load fails on the first.
"""
from __future__ import annotations

import csv
import json
import logging
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

import charset_normalizer
import pandas as pd
import yaml
from tld import get_fld

from .clean import KEPT_WHOLE, clean_text, detect_language, normalize_text
from .memory import release_memory

__all__ = ["Corpus", "CorpusError", "ArticleProblem", "load_corpus", "read_text_file", "ARTICLE_COLUMNS"]

log = logging.getLogger(__name__)

MANIFEST_NAMES = ("manifest.yml", "manifest.yaml", "manifest.csv")
ARTICLE_SUFFIXES = {".txt", ".html", ".htm"}
EXPORT_SUFFIXES = {".jsonl", ".csv"}
MANIFEST_COLUMNS = ["doc_id", "file", "outlet", "date", "title", "url", "wire", "language"]
ARTICLE_COLUMNS = MANIFEST_COLUMNS[:1] + ["outlet", "date", "title", "url", "wire", "language",
                                          "raw_text", "text", "n_words"]
# Media Cloud story exports -> our names.
EXPORT_ALIASES = {"id": "doc_id", "stories_id": "doc_id", "publish_date": "date",
                  "media_name": "outlet", "lang": "language"}
UNKNOWN_OUTLET = "unknown"
MAX_FILE_BYTES = 200 * 1024 * 1024  # any one file, exports included
# One article's text: spaCy's default ``nlp.max_length``.  Longer "articles"
# are concatenations or dumps, and the parser would refuse them later, sinking
# the whole run; the loader refuses them up front, one article at a time.
MAX_ARTICLE_CHARS = 1_000_000
TOO_LONG_HINT = "split it or check it is one article; load_corpus(max_chars=...) or --max-chars N raises the limit"


class CorpusError(ValueError):
    """A corpus that cannot be loaded at all (no folder, bad manifest)."""


class ArticleProblem(ValueError):
    """One article that cannot be used; names the file and what to do."""

    def __init__(self, source: str, problem: str, hint: str = "", doc_id: str | None = None):
        self.source, self.problem, self.hint, self.doc_id = source, problem, hint, doc_id
        super().__init__(f"{source}: {problem}" + (f" ({hint})" if hint else ""))


@dataclass
class Corpus:
    """A loaded corpus.

    Attributes:
        path: the corpus folder (or None when built from files).
        articles: one row per article, columns ``ARTICLE_COLUMNS`` plus
            ``source`` (file, and row for exports), ``encoding`` (the decoding
            used; ``guessed`` marks charset detection), ``n_removed``,
            ``cleaning`` (``cleaned``; ``raw``; or ``kept whole: no story line
            recognised`` for an article whose every line the cleaner would
            drop, kept as it came), ``outlet_as_given`` (the outlet's name as
            the manifest or export gave it, before aliases were merged) and any
            manifest extras.  ``language`` is
            the manifest's, else the one detected from the text
            (:func:`analysis.core.clean.detect_language`; '' when unclear).  ``text`` is the cleaned text; every later
            table's character offsets refer to it.
        removed: the lines boilerplate removal dropped: ``doc_id, line_no,
            text, reason``.
        problems: articles skipped: ``source, doc_id, problem, hint``.
        title: the corpus's name from a YAML manifest's ``name`` field, if any.
    """

    path: Path | None
    articles: pd.DataFrame
    removed: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["doc_id", "line_no", "text", "reason"]))
    problems: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=["source", "doc_id", "problem", "hint"]))
    cache: dict[str, Any] = field(default_factory=dict, repr=False)
    title: str | None = None

    @property
    def name(self) -> str:
        """The manifest's ``name``, else the folder's name ("files" for loose files)."""
        return self.title or (self.path.name if self.path else "files")

    @property
    def outlets(self) -> list[str]:
        return sorted(self.articles["outlet"].unique())

    def filter(self, outlets: Iterable[str] | None = None) -> "Corpus":
        """A corpus holding only the articles of these outlets (None: all)."""
        if not outlets:
            return self
        wanted = set(outlets)
        unknown = wanted - set(self.articles["outlet"])
        if unknown:
            raise CorpusError(f"{self.name}: no articles from outlet(s) {sorted(unknown)}; "
                              f"the corpus has {self.outlets}")
        arts = self.articles[self.articles["outlet"].isin(wanted)].reset_index(drop=True)
        ids = set(arts["doc_id"])
        return Corpus(self.path, arts, self.removed[self.removed["doc_id"].isin(ids)].reset_index(drop=True),
                      self.problems, title=self.title)

    def __len__(self) -> int:
        return len(self.articles)


# --------------------------------------------------------------------------- reading

def read_text_file(path: Path, source: str | None = None) -> tuple[str, str]:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else detection.

    Returns (text, encoding); the encoding ends in " (guessed)" when
    charset-normalizer chose it.  Raises ArticleProblem for a file that is
    unreadable, over MAX_FILE_BYTES (checked before reading), empty or binary.
    """
    source = source or str(path)
    try:
        if path.is_dir():
            raise ArticleProblem(source, f"{path.name!r} is a folder, not an article file",
                                 "point the manifest's 'file' entry at a file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ArticleProblem(source, f"file is {size / 1e6:.0f} MB, over the {MAX_FILE_BYTES / 1e6:.0f} MB limit",
                                 "split it or check it is an article")
        data = path.read_bytes()
    except OSError as exc:
        raise ArticleProblem(source, f"cannot read the file ({exc.strerror or exc})",
                             "check it exists and is readable") from None
    return decode_bytes(data, source)


def decode_bytes(data: bytes, source: str) -> tuple[str, str]:
    if not data:
        raise ArticleProblem(source, "file is empty", "remove it or fill it")
    if not data.strip():
        raise ArticleProblem(source, "file holds only whitespace", "remove it or fill it")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    try:
        text = data.decode("utf-8")
        enc = "utf-8"
    except UnicodeDecodeError:
        best = _guess_encoding(data)
        if best is None:
            raise ArticleProblem(source, "binary file: no text encoding fits",
                                 "convert it to UTF-8 text or remove it") from None
        text, enc = str(best), f"{best.encoding} (guessed)"
    # A text file may carry a stray NUL; a file that is mostly control bytes is binary.
    control = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\n\r\t")
    if control > 0.05 * min(len(text), 20000):
        raise ArticleProblem(source, "binary file: too many control bytes", "convert it to UTF-8 text or remove it")
    return text, enc


# Legacy encodings news text most often arrives in when it is not UTF-8.
# charset-normalizer scores short Western-European texts as nearly equally
# likely in several code pages (cp775, cp1250, cp1252 ...); among the
# candidates about as clean as its best, these are preferred, in this order.
_PREFERRED_LEGACY = ("cp1252", "latin_1", "iso8859_15")


def _guess_encoding(data: bytes):
    results = charset_normalizer.from_bytes(data)
    best = results.best()
    if best is None:
        return None
    close = {m.encoding: m for m in results if m.percent_chaos <= best.percent_chaos + 1.0}
    return next((close[e] for e in _PREFERRED_LEGACY if e in close), best)


def _html_to_text(html: str, source: str) -> str:
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False, favor_precision=False,
                               deduplicate=False)
    if not text:
        raise ArticleProblem(source, "no article text found in the HTML", "check the page holds the story")
    return text


def _read_manifest(folder: Path) -> tuple[pd.DataFrame | None, Path | None, str | None, dict[str, str] | None]:
    """The manifest's rows, its path, the corpus name it gives (a YAML mapping's ``name``) and its outlet
    aliases (a YAML mapping's ``outlets: {alias: name}``; None when it gives none)."""
    for name in MANIFEST_NAMES:
        path = folder / name
        if not path.exists():
            continue
        try:
            title, outlets = None, None
            if path.suffix == ".csv":
                frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            else:
                raw = yaml.safe_load(path.read_text(encoding="utf-8"))
                if isinstance(raw, dict) and isinstance(raw.get("name"), (str, int, float)):
                    title = str(raw["name"]).strip() or None
                if isinstance(raw, dict) and "outlets" in raw:
                    if not isinstance(raw["outlets"], dict):
                        raise CorpusError(f"{path}: 'outlets' must map names as found to the name to show "
                                          f"(outlets: {{NYT: New York Times}})")
                    outlets = {str(k).strip(): str(v).strip() for k, v in raw["outlets"].items()
                               if str(k).strip() and v is not None and str(v).strip()}
                rows = raw.get("articles") if isinstance(raw, dict) else raw
                if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
                    raise CorpusError(f"{path}: expected a list of articles (or a mapping with an "
                                      f"'articles' list), one mapping per article")
                frame = pd.DataFrame(rows).astype(object).where(lambda d: d.notna(), "")
                frame = frame.map(lambda v: "" if v is None else str(v))
        except (yaml.YAMLError, pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise CorpusError(f"{path}: cannot parse the manifest: {exc}") from exc
        missing = [c for c in ("doc_id", "file") if c not in frame.columns]
        if missing:
            raise CorpusError(f"{path}: the manifest has no column {', '.join(missing)} "
                              f"(needed: doc_id, file; optional: {', '.join(MANIFEST_COLUMNS[2:])})")
        for col in MANIFEST_COLUMNS:
            if col not in frame.columns:
                frame[col] = ""
        return frame, path, title, outlets
    return None, None, None, None


def registered_domain(url: str) -> str:
    """``https://www.nytimes.com/x`` -> ``nytimes.com``, ``news.bbc.co.uk`` -> ``bbc.co.uk``; '' if none.

    The ``tld`` package's bundled copy of the Public Suffix List (installed with
    trafilatura's courlan; it never downloads unless asked to) knows
    second-level suffixes (co.uk, com.au) and hosting platforms (blogspot.com).
    """
    if not isinstance(url, str) or not url.strip():
        return ""
    return get_fld(url.strip(), fail_silently=True, fix_protocol=True) or ""


def _merge_outlets(articles: pd.DataFrame, aliases: dict[str, str] | None, source: str) -> pd.DataFrame:
    """One name per outlet; the name as found is kept in ``outlet_as_given``.

    Names the manifest's ``outlets`` mapping lists (as alias or as name) are
    mapped by it and left alone otherwise (``{Name: Name}`` keeps one apart).
    The other outlets whose names differ but whose articles' addresses share
    a registered domain (each outlet's commonest, for at least half its
    articles) are merged into the name with the most articles, with a
    warning naming both.
    """
    aliases = aliases or {}
    articles = articles.assign(outlet_as_given=articles["outlet"],
                               outlet=articles["outlet"].map(lambda o: aliases.get(o, o)))
    if articles.empty or "url" not in articles:
        return articles
    named = set(aliases) | set(aliases.values())
    site = articles.assign(_d=articles["url"].map(registered_domain))
    rows = []
    for outlet, g in site[~site["outlet"].isin(named)].groupby("outlet", sort=True):
        common = g["_d"][g["_d"] != ""].value_counts()
        if len(common) and common.iloc[0] * 2 >= len(g):
            rows.append((common.index[0], -len(g), outlet))
    rename = {}
    for domain, group in pd.DataFrame(rows, columns=["d", "n", "o"]).sort_values(["d", "n", "o"]).groupby("d"):
        keep = group["o"].iloc[0]
        for other in group["o"].iloc[1:]:
            rename[other] = keep
            warnings.warn(f"{source}: outlets {other!r} and {keep!r} share the site {domain}: merged as {keep!r} "
                          f"(an 'outlets:' mapping in the manifest decides instead, e.g. outlets: "
                          f"{{{other!r}: {keep!r}}}, or {{{other!r}: {other!r}}} to keep it apart)", stacklevel=3)
    return articles.assign(outlet=articles["outlet"].map(lambda o: rename.get(o, o))) if rename else articles


def _export_rows(path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """Rows of a .jsonl / .csv export as (source, row) with our column names."""
    if path.suffix == ".jsonl":
        with path.open(encoding="utf-8", errors="replace") as fh:
            for n, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                source = f"{path.name}:{n}"
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    yield source, {"__error__": f"line is not JSON ({exc.msg})"}
                    continue
                if not isinstance(row, dict):
                    yield source, {"__error__": "line is not a JSON object"}
                    continue
                yield source, row
    else:
        with path.open(encoding="utf-8", errors="replace", newline="") as fh:
            csv.field_size_limit(MAX_FILE_BYTES)
            for n, row in enumerate(csv.DictReader(fh), start=2):
                yield f"{path.name}:{n}", row


def _normalise_export_row(row: dict[str, Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in row.items():
        if key is None:
            continue
        name = EXPORT_ALIASES.get(key, key)
        if name in out and key != name:
            continue  # our own column wins over the alias
        out[name] = "" if value is None else str(value)
    return out


# Dates the loader accepts: year first (ISO 8601: 2020-03-12, 2020-03-12T10:00Z,
# 20200312) or with an English month name (RFC 2822 feeds: "Thu, 12 Mar 2020
# 10:00 GMT"; "12 March 2020").  "03/04/2020" is refused because day/month order
# is a guess, and so are words pandas would turn into the run's date ("today").
_YEAR_FIRST = re.compile(r"^\d{4}(?:[-/.]\d{1,2}|\d{4}(?:$|T))")
_MONTH_NAME = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\b|\d)", re.IGNORECASE)


def _parse_date(value: str, source: str) -> pd.Timestamp:
    value = value.strip()
    if not value:
        return pd.NaT
    hint = "write dates as YYYY-MM-DD (time optional)"
    if not (_YEAR_FIRST.match(value) or (_MONTH_NAME.search(value) and re.search(r"\d{4}", value))):
        raise ArticleProblem(source, f"date {value!r} cannot be parsed unambiguously (day/month order or year "
                                     f"unknown)", hint)
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        ts = pd.NaT
    if ts is pd.NaT:
        raise ArticleProblem(source, f"date {value!r} cannot be parsed", hint)
    if ts.tzinfo is not None:
        ts = ts.tz_convert("UTC").tz_localize(None)
    return ts


# --------------------------------------------------------------------------- loading

def _inside(folder: Path, name: str, source: str) -> Path:
    """The path of a manifest's ``file`` entry, refused if it leaves the corpus folder."""
    if not name.strip():
        raise ArticleProblem(source, "the manifest row has no file name", "fill the 'file' column")
    path = (folder / name).resolve()
    if not path.is_relative_to(folder.resolve()):
        raise ArticleProblem(source, f"file {name!r} points outside the corpus folder",
                             "give a path inside the corpus folder")
    return path


def _build_row(meta: dict[str, str], raw: str, encoding: str, source: str, *, raw_mode: bool,
               removed: list[dict]) -> dict[str, Any]:
    doc_id = meta["doc_id"]
    date = _parse_date(meta.get("date", ""), source)
    # The manifest's language, else the one detected from the text ('' when the text says too little).
    language = meta.get("language", "") or detect_language(raw)
    n_removed = 0
    cleaning = "raw" if raw_mode else "cleaned"
    if raw_mode:
        text, credits = normalize_text(raw, keep_offsets=True), []
    else:
        result = clean_text(raw, language=language or None, title=meta.get("title") or None)
        text, credits, n_removed = result.text, result.credits, len(result.removed)
        if not text.strip() and normalize_text(raw).strip():
            # Every line would go: a one-line article, a story the rules do not recognise.  A good
            # article is never dropped, so it is kept as it came, and flagged.
            text, credits, n_removed, cleaning = normalize_text(raw).strip(), [], 0, KEPT_WHOLE
            log.warning("%s: %s", source, KEPT_WHOLE)
        else:
            removed.extend({"doc_id": doc_id, "line_no": r.line_no, "text": r.text, "reason": r.reason}
                           for r in result.removed)
    if not text.strip():
        raise ArticleProblem(source, "article is empty after boilerplate removal",
                             "check the file holds the story text (see corpus.removed for what was dropped)",
                             doc_id)
    wire = meta.get("wire", "") or _credit_agency(credits)
    row = dict(meta)
    row.update(doc_id=doc_id, outlet=meta.get("outlet") or UNKNOWN_OUTLET, date=date,
               title=meta.get("title", ""), url=meta.get("url", ""), wire=wire, language=language,
               raw_text=raw, text=text, n_words=len(text.split()), source=source, encoding=encoding,
               n_removed=n_removed, cleaning=cleaning)
    row.pop("file", None)
    return row


def _credit_agency(credits: list[str]) -> str:
    """'Source: AFP' -> 'AFP'."""
    for line in credits:
        name = line.split(":", 1)[-1].strip(" -–—()")
        if name:
            return name
    return ""


def load_corpus(path: str | Path, *, strict: bool = False, raw: bool = False,
                max_chars: int = MAX_ARTICLE_CHARS) -> Corpus:
    """Load a corpus folder (or a single article / export file).

    Args:
        path: the corpus folder, or one ``.txt``/``.html``/``.jsonl``/``.csv`` file.
        strict: fail on the first bad article instead of skipping it.
        raw: skip boilerplate removal; ``text`` is the file's text (newlines
            normalised) so offsets refer to the file exactly.
        max_chars: the longest article text accepted (default 1,000,000,
            spaCy's ``nlp.max_length``); a longer one is a problem.  A
            ``.txt`` file over 4 bytes per allowed character is refused
            before it is read.

    Raises:
        CorpusError: the folder does not exist or the manifest is malformed.
        ArticleProblem: with ``strict``, the first bad article.
    """
    root = Path(path)
    if not root.exists():
        raise CorpusError(f"{root}: no such corpus folder or file")
    return load_files([root] if root.is_file() else None, folder=root if root.is_dir() else None,
                      strict=strict, raw=raw, max_chars=max_chars)


def load_files(files: list[Path] | None, *, folder: Path | None = None, strict: bool = False,
               raw: bool = False, max_chars: int = MAX_ARTICLE_CHARS) -> Corpus:
    """Load articles from a folder (with its manifest) and/or loose files (doc_id = file stem)."""
    rows: list[dict[str, Any]] = []
    removed: list[dict] = []
    problems: list[ArticleProblem] = []
    seen: dict[str, str] = {}

    def add(meta: dict[str, str], load_text, source: str) -> None:
        try:
            meta["doc_id"] = str(meta.get("doc_id", "")).strip()
            if not meta["doc_id"]:
                raise ArticleProblem(source, "no doc_id", "give every article a unique doc_id")
            if meta["doc_id"] in seen:
                raise ArticleProblem(source, f"duplicate doc_id {meta['doc_id']!r} (first in {seen[meta['doc_id']]})",
                                     "make doc_ids unique", meta["doc_id"])
            text, encoding = load_text()
            if len(text) > max_chars:
                raise ArticleProblem(source, f"article text is {len(text):,} characters, over the {max_chars:,} "
                                             f"limit", TOO_LONG_HINT)
            rows.append(_build_row(meta, text, encoding, source, raw_mode=raw, removed=removed))
            seen[meta["doc_id"]] = source
        except ArticleProblem as exc:
            exc.doc_id = exc.doc_id or meta.get("doc_id") or None
            skip(exc)

    def skip(exc: ArticleProblem) -> None:
        if strict:
            raise exc
        log.warning("skipped: %s", exc)
        problems.append(exc)

    def add_file(file: Path, meta: dict[str, str], source: str) -> None:
        suffix = file.suffix.lower()
        if suffix in EXPORT_SUFFIXES:
            for src, row in _export_rows(file):
                if "__error__" in row:
                    add({"doc_id": src}, _raiser(src, row["__error__"]), src)
                    continue
                data = _normalise_export_row(row)
                data = {**{k: v for k, v in meta.items() if k not in ("doc_id", "file") and v}, **data}
                add(data, _row_text(data.pop("text", ""), src), src)
            return

        def load(file=file, source=source):
            if not file.exists():
                raise ArticleProblem(source, f"file {file.name!r} not found", "fix the manifest's 'file' entry")
            # No encoding packs a character into more than 4 bytes: a larger
            # .txt file is over the limit whatever it holds, so skip reading it.
            if suffix == ".txt" and file.is_file() and (size := file.stat().st_size) > 4 * max_chars:
                raise ArticleProblem(source, f"file is {size / 1e6:.1f} MB, too long for one article (at most "
                                             f"{max_chars:,} characters)", TOO_LONG_HINT)
            text, enc = read_text_file(file, source)
            if suffix in (".html", ".htm"):
                text = _html_to_text(text, source)
            return text, enc
        add(meta, load, source)

    manifest_path, title, outlet_aliases = None, None, None
    if folder is not None:
        folder = folder.resolve()
        manifest, manifest_path, title, outlet_aliases = _read_manifest(folder)
        if manifest is None:
            warnings.warn(f"{folder}: no manifest ({' / '.join(MANIFEST_NAMES)}); "
                          f"loading every article file with outlet '{UNKNOWN_OUTLET}'", stacklevel=2)
            for file in sorted(folder.iterdir()):
                if file.is_file() and file.suffix.lower() in ARTICLE_SUFFIXES | EXPORT_SUFFIXES:
                    try:  # a symlink out of the folder is refused here too
                        _inside(folder, file.name, file.name)
                    except ArticleProblem as exc:
                        skip(exc)
                        continue
                    add_file(file, {"doc_id": file.stem}, file.name)
        else:
            listed = set()
            for n, record in enumerate(manifest.to_dict("records"), start=2 if manifest_path.suffix == ".csv" else 1):
                source = f"{manifest_path.name} row {n}"
                try:
                    file = _inside(folder, record["file"], source)
                except ArticleProblem as exc:
                    exc.doc_id = record.get("doc_id") or None
                    listed.add((folder / record["file"]).resolve())  # refused, not unlisted
                    skip(exc)
                    continue
                listed.add(file)
                add_file(file, dict(record), f"{record['file']} ({source})")
            unlisted = [f.name for f in sorted(folder.iterdir())
                        if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES and f.resolve() not in listed]
            if unlisted:
                warnings.warn(f"{manifest_path}: {len(unlisted)} article file(s) not in the manifest were "
                              f"ignored: {', '.join(unlisted[:5])}", stacklevel=2)
    for file in files or []:
        add_file(file, {"doc_id": file.stem}, str(file))

    articles = pd.DataFrame(rows)
    if articles.empty:
        articles = pd.DataFrame(columns=ARTICLE_COLUMNS + ["source", "encoding", "n_removed", "cleaning"])
    front = ARTICLE_COLUMNS + ["source", "encoding", "n_removed", "cleaning"]
    articles = articles[front + [c for c in articles.columns if c not in front]]
    articles["date"] = pd.to_datetime(articles["date"])
    articles["n_words"] = articles["n_words"].astype(int)
    articles = _merge_outlets(articles, outlet_aliases, str(manifest_path or folder or "files"))
    articles = articles.sort_values("doc_id", kind="stable").reset_index(drop=True)
    corpus = Corpus(
        path=folder,
        articles=articles,
        removed=pd.DataFrame(removed, columns=["doc_id", "line_no", "text", "reason"]),
        problems=pd.DataFrame([{"source": p.source, "doc_id": p.doc_id, "problem": p.problem, "hint": p.hint}
                               for p in problems], columns=["source", "doc_id", "problem", "hint"]),
        title=title,
    )
    # Reading and cleaning freed far more than the corpus keeps (PolNeAR train filed four times:
    # 284 MiB resident after loading, 225 MiB after the trim, for 31 MiB of articles).
    release_memory()
    return corpus


def _row_text(body: str, source: str):
    def load():
        if not body.strip():
            raise ArticleProblem(source, "the row has no text", "fill the 'text' column")
        return body, "utf-8"
    return load


def _raiser(source: str, problem: str):
    def fail():
        raise ArticleProblem(source, problem, "fix or remove the line")
    return fail
