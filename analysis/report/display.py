"""Display helpers for notebooks: deterministic, escaped HTML for tables and notes.

pandas' Styler puts a random id in its HTML, which would make the stored
notebooks differ on every run (nbval compares them), so tables are rendered
with ``DataFrame.to_html`` instead.  Cell text is always HTML-escaped: article
text is untrusted input.
"""
from __future__ import annotations

import html
import io
from typing import Iterable, NamedTuple

import pandas as pd
from IPython.display import HTML, Image

__all__ = ["table", "note", "heading", "figure", "heading_label", "Highlight", "HIGHLIGHT_KINDS", "highlight"]


def table(frame: pd.DataFrame, *, decimals: int = 2, max_rows: int | None = 60, max_chars: int | None = 160,
          rename: dict[str, str] | None = None, caption: str | None = None) -> HTML:
    """An HTML table: no index, floats rounded, long text cut, headers readable, text escaped."""
    shown = frame.copy()
    n = len(shown)
    if max_rows is not None and n > max_rows:
        shown = shown.head(max_rows)
    for col in shown.columns:
        if pd.api.types.is_float_dtype(shown[col]):
            shown[col] = shown[col].map(lambda v: "" if pd.isna(v) else f"{v:,.{decimals}f}")
        elif pd.api.types.is_datetime64_any_dtype(shown[col]):
            # U+2011 (non-breaking hyphen): a narrow column never splits a date.
            shown[col] = shown[col].dt.strftime("%Y\u2011%m\u2011%d").fillna("")
        elif max_chars and (pd.api.types.is_object_dtype(shown[col]) or pd.api.types.is_string_dtype(shown[col])):
            shown[col] = shown[col].map(lambda v: _cut(v, max_chars))
    shown = shown.rename(columns=rename or {c: heading_label(c) for c in shown.columns})
    body = shown.to_html(index=False, escape=True, na_rep="", border=0)
    extra = f'<p class="note">Showing {len(shown)} of {n} rows.</p>' if len(shown) < n else ""
    cap = f"<p><strong>{html.escape(caption)}</strong></p>" if caption else ""
    return HTML(cap + body + extra)


def _cut(value, limit: int):
    if isinstance(value, str) and len(value) > limit:
        return value[: limit - 1] + "…"
    return value


def heading_label(column: str) -> str:
    """'n_words' -> 'Words', 'doc_id' -> 'Doc id': column names as an analyst reads them."""
    special = {"doc_id": "Article", "n_words": "Words", "n_articles": "Articles", "n_removed": "Lines removed",
               "per_1000_words": "Per 1,000 words", "url": "URL"}
    if column in special:
        return special[column]
    label = column.replace("_", " ").strip()
    if label.startswith("n "):
        label = label[2:]
    return label[:1].upper() + label[1:]


def note(text: str) -> HTML:
    """A short plain-language note under a figure or table (escaped)."""
    return HTML(f'<p class="figure-note">{html.escape(text)}</p>')


def heading(text: str, *, level: int = 2) -> HTML:
    """A section heading from untrusted text (an article's title), escaped."""
    level = min(max(int(level), 1), 6)
    return HTML(f"<h{level}>{html.escape(str(text))}</h{level}>")


def figure(fig, *, dpi: int = 110) -> Image:
    """A matplotlib Figure as an embedded PNG (no pyplot or inline backend needed)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return Image(data=buffer.getvalue(), format="png")


# --------------------------------------------------------------------------- highlighted article text

class Highlight(NamedTuple):
    """A span of article text to mark: ``text[start:end]``, drawn with the style of ``kind``.

    ``title`` is the tooltip (speaker and cue of a quote, an actor's id);
    ``label`` a short tag shown before the span ("Q3", "S3") to tie a quote to
    its speaker in print, where tooltips do not exist.
    """
    start: int
    end: int
    kind: str
    title: str = ""
    label: str = ""


# kind -> (legend text, CSS declarations).  Outer spans use backgrounds, inner
# ones borders and type, so a hedge inside a quote about an actor stays visible.
HIGHLIGHT_KINDS: dict[str, tuple[str, str]] = {
    "quote": ("quotation", "background:#fff2b3;"),
    "speaker": ("speaker of a quotation", "background:#cfe3ff;font-weight:600;"),
    "actor": ("actor mention", "border-bottom:2px solid #2b6cb0;"),
    "hedge": ("hedge / booster / attribution", "border-bottom:2px dotted #c05621;font-style:italic;"),
    "scare": ("scare quote", "outline:1px dashed #c53030;background:#ffe3e3;"),
    "loaded": ("loaded term", "text-decoration:underline wavy #805ad5;"),
}
_HIGHLIGHT_CSS = (
    ".ol-article{white-space:pre-wrap;line-height:1.7;font-family:Georgia,serif;max-width:46rem;"
    "border-left:3px solid #ddd;padding-left:1rem}"
    ".ol-article .ol-tag{font-size:.65em;vertical-align:super;color:#555;font-family:sans-serif;font-weight:600}"
    ".ol-legend{font-family:sans-serif;font-size:.85rem;margin:.3rem 0 .8rem}"
    ".ol-legend span.ol-hl{margin-right:.9rem;padding:0 .2rem}"
)


def _valid(spans: Iterable, length: int) -> list[Highlight]:
    """Spans clipped to the text; empty, inverted and non-integer spans dropped."""
    out = []
    for sp in spans:
        sp = Highlight(*sp)
        try:
            start, end = max(0, int(sp.start)), min(length, int(sp.end))
        except (TypeError, ValueError):  # NaN offsets from an outer join: nothing to mark
            continue
        if start < end:
            out.append(sp._replace(start=start, end=end))
    return out


def highlight(text: str, spans: Iterable, *, kinds: dict[str, tuple[str, str]] | None = None,
              legend: bool = True) -> HTML:
    """Article text as HTML with ``spans`` (:class:`Highlight` or tuples) marked; every character escaped.

    Spans may overlap and nest (a quote holding an actor mention and a hedge,
    a hedge crossing a quote's edge): the text is cut at every span boundary
    and each piece is wrapped in one ``<mark>`` per span covering it, the
    longest (outermost) first, so the markup is always well formed.  The
    style (a ``<style>`` block, class names ``ol-*``) and a legend of the kinds
    used travel with the output: no external stylesheet.  Spans outside the
    text are clipped; empty ones dropped.  Line breaks are kept (pre-wrap).
    """
    kinds = kinds or HIGHLIGHT_KINDS
    order = {k: i for i, k in enumerate(kinds)}
    valid = _valid(spans, len(text))
    # Outermost first: earlier start, then longer, then the kinds' order.
    valid.sort(key=lambda s: (s.start, -s.end, order.get(s.kind, len(order)), s.title))
    cuts = sorted({0, len(text), *(s.start for s in valid), *(s.end for s in valid)})
    pieces = []
    for a, b in zip(cuts, cuts[1:]):
        covering = [s for s in valid if s.start <= a and s.end >= b]
        tags = "".join(f'<span class="ol-tag">{html.escape(s.label)}</span>' for s in covering
                       if s.start == a and s.label)
        inner = html.escape(text[a:b])
        for s in reversed(covering):
            title = f' title="{html.escape(s.title, quote=True)}"' if s.title else ""
            inner = f'<mark class="ol-hl ol-{_css_name(s.kind)}"{title}>{inner}</mark>'
        pieces.append(tags + inner)
    used = [k for k in kinds if any(s.kind == k for s in valid)]
    # Browsers paint <mark> yellow: reset it, then each kind (two classes outrank mark.ol-hl).
    css = _HIGHLIGHT_CSS + "mark.ol-hl{background:transparent;color:inherit;padding:0}" + \
        "".join(f".ol-hl.ol-{_css_name(k)}{{{kinds[k][1]}}}" for k in kinds)
    key = ""
    if legend and used:
        key = '<div class="ol-legend">' + "".join(
            f'<span class="ol-hl ol-{_css_name(k)}">{html.escape(kinds[k][0])}</span>' for k in used) + "</div>"
    return HTML(f"<style>{css}</style>{key}<div class=\"ol-article\">{''.join(pieces)}</div>")


def _css_name(kind: str) -> str:
    """A kind as a CSS class suffix: letters, digits and hyphens only (kinds are code, but be safe)."""
    return "".join(c if c.isalnum() or c == "-" else "-" for c in str(kind)) or "x"
