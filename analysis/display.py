"""Display helpers for notebooks: deterministic, escaped HTML for tables and notes.

pandas' Styler puts a random id in its HTML, which would make the stored
notebooks differ on every run (nbval compares them), so tables are rendered
with ``DataFrame.to_html`` instead.  Cell text is always HTML-escaped: article
text is untrusted input.
"""
from __future__ import annotations

import html
import io

import pandas as pd
from IPython.display import HTML, Image

__all__ = ["table", "note", "figure", "heading_label"]


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


def figure(fig, *, dpi: int = 110) -> Image:
    """A matplotlib Figure as an embedded PNG (no pyplot or inline backend needed)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return Image(data=buffer.getvalue(), format="png")
