"""Display helpers for notebooks: deterministic, escaped HTML for tables and notes.

pandas' Styler puts a random id in its HTML, which would make the stored
notebooks differ on every run (nbval compares them), so tables are rendered
with ``DataFrame.to_html`` instead.  Cell text is always HTML-escaped: article
text is untrusted input.
"""
from __future__ import annotations

import base64
import gzip
import html
import io
import re
from typing import Iterable, NamedTuple

import pandas as pd
from IPython.display import HTML, Image

from ..core.memory import release_memory

__all__ = ["table", "note", "heading", "figure", "heading_label", "Highlight", "HIGHLIGHT_KINDS", "highlight",
           "data_table", "csv_link", "examples", "screen_only"]


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


# --------------------------------------------------------------------------- evidence on demand (HTML only)
# itables is not installed (and would add a dependency for one widget): a small table of our own.  The rows
# are ordinary escaped HTML; the script below only reorders and hides them.  It is a constant of this
# module (no article text is ever put in a script), finds its table through document.currentScript (no ids,
# so the stored notebooks stay deterministic) and requests nothing.  In print (the PDF) the widget is hidden.

_TABLE_JS = """(function(){var box=document.currentScript.parentNode,t=box.querySelector('table'),
b=t.tBodies[0],q=box.querySelector('input'),n=box.querySelector('.ol-count');
function show(){var s=q.value.toLowerCase(),k=0;Array.prototype.forEach.call(b.rows,function(r){
var on=!s||r.textContent.toLowerCase().indexOf(s)>=0;r.style.display=on?'':'none';if(on)k++;});
n.textContent=k+' of '+b.rows.length+' rows';}
q.addEventListener('input',show);
Array.prototype.forEach.call(t.tHead.rows[0].cells,function(h,i){h.style.cursor='pointer';
h.title='Sort';h.addEventListener('click',function(){var d=h.getAttribute('aria-sort')==='ascending'?-1:1;
Array.prototype.forEach.call(t.tHead.rows[0].cells,function(o){o.removeAttribute('aria-sort');});
h.setAttribute('aria-sort',d>0?'ascending':'descending');
var rows=Array.prototype.slice.call(b.rows);rows.sort(function(x,y){
var a=x.cells[i].textContent.trim(),c=y.cells[i].textContent.trim(),
u=parseFloat(a.replace(/,/g,'')),v=parseFloat(c.replace(/,/g,''));
var num=/^-?[\\d,.]+%?$/.test(a)&&/^-?[\\d,.]+%?$/.test(c);
return d*(num?u-v:a.localeCompare(c));});rows.forEach(function(r){b.appendChild(r);});});});
show();})();"""
_TABLE_CSS = ("@media print{.ol-screen{display:none!important}}"
              ".ol-dt{margin:.4rem 0 1rem}.ol-dt .ol-scroll{max-height:26rem;overflow:auto;border:1px solid #ddd}"
              ".ol-dt input{margin:.2rem .6rem .3rem 0;padding:.15rem .3rem}.ol-dt .ol-count{font-size:.85em;color:#555}"
              ".ol-dt th[aria-sort=ascending]::after{content:' \\25B2'}.ol-dt th[aria-sort=descending]::after{content:' \\25BC'}")


def _file_name(name: str) -> str:
    """A safe download name: letters, digits, dots, hyphens and underscores only."""
    return (re.sub(r"[^A-Za-z0-9._-]+", "_", str(name)).strip("._") or "table")[:80]


# The CSV of a data table travels gzip-compressed: every quote of 840 articles is 28 MB of CSV, 37 MB in
# base64, and made the comparison report 80 MB (WeasyPrint then took 3 GB to print it); gzip cuts CSV
# text about fivefold.  The link saves the .csv.gz as it is; this script (a constant: no article
# text) turns a click into the plain .csv with the browser's own DecompressionStream where there
# is one.  mtime=0 keeps the bytes, and so the stored notebooks, deterministic.
_CSV_JS = """(function(){var a=document.currentScript.previousElementSibling;
if(typeof DecompressionStream==='undefined')return;
a.addEventListener('click',function(e){e.preventDefault();var s=atob(a.href.split(',')[1]),
u=new Uint8Array(s.length);for(var i=0;i<s.length;i++)u[i]=s.charCodeAt(i);
new Response(new Blob([u]).stream().pipeThrough(new DecompressionStream('gzip'))).blob().then(function(b){
var l=document.createElement('a');l.href=URL.createObjectURL(new Blob([b],{type:'text/csv'}));
l.download=a.getAttribute('data-csv');document.body.appendChild(l);l.click();l.remove();});});})();"""


def csv_link(frame: pd.DataFrame, name: str, *, text: str | None = None) -> str:
    """An HTML link that saves ``frame`` as CSV (UTF-8, all rows and columns), held gzip-compressed
    in a data: URL: the report stays one self-contained file and the link requests nothing until it
    is clicked; a click saves ``<name>.csv`` (``<name>.csv.gz`` in a browser without
    DecompressionStream)."""
    # Written through gzip a chunk of rows at a time: the whole CSV text is never held (every shared
    # statement of PolNeAR train filed four times is over 100 MB of it, twice over as str and bytes).
    packed = io.BytesIO()
    with gzip.GzipFile(fileobj=packed, mode="wb", mtime=0) as gz, \
            io.TextIOWrapper(gz, encoding="utf-8", newline="") as out:
        frame.to_csv(out, index=False)
    data = base64.b64encode(packed.getvalue()).decode("ascii")
    del packed
    # Writing the rows made a Python string of every cell: give that heap back before the kernel
    # goes on (the comparison of PolNeAR train filed four times writes 70,000 quotes this way).
    release_memory()
    file = _file_name(name if str(name).endswith(".csv") else f"{name}.csv")
    label = html.escape(text or f"Download all {len(frame):,} rows as CSV ({file})")
    return (f'<a class="ol-csv" download="{file}.gz" data-csv="{file}" href="data:application/gzip;base64,{data}">'
            f'{label}</a><script>{_CSV_JS}</script>')


def screen_only(content: str) -> HTML:
    """HTML shown on screen and left out of print (the PDF)."""
    return HTML(f"{SCREEN_ONLY[0]}<style>{_TABLE_CSS}</style><div class=\"ol-screen\">{content}</div>{SCREEN_ONLY[1]}")


# Marks around screen-only content, so that the PDF step drops it before WeasyPrint parses it
# (analysis.report.execute.html_to_pdf): a hidden table still costs WeasyPrint its layout tree.
# Article text never holds them: every cell is escaped ('<' is '&lt;').
SCREEN_ONLY = ("<!--ol-screen-->", "<!--/ol-screen-->")


DATA_TABLE_ROWS = 1000  # rows a data table shows in the page; its CSV download carries them all


def data_table(frame: pd.DataFrame, *, name: str, caption: str | None = None, decimals: int = 2,
               max_chars: int | None = 400, max_rows: int | None = DATA_TABLE_ROWS) -> HTML:
    """The full table for the HTML report: sortable (click a header) and searchable (type in the box),
    with a CSV download of every row; left out of the PDF (which shows examples instead).

    The page shows the first ``max_rows`` rows (in the frame's order) and says so: on a corpus of
    hundreds of articles a table of every copied passage or citation ran to thousands of rows and
    made a comparison report of 6 MB (300 synthetic articles); the CSV, a third of the size of the
    same rows in HTML, still holds them all.  Cells are escaped like :func:`table`'s; the script is
    this module's constant and runs offline.
    """
    body = table(frame, decimals=decimals, max_rows=max_rows, max_chars=max_chars).data
    if max_rows is not None and len(frame) > max_rows:
        body = body.replace(f'<p class="note">Showing {max_rows} of {len(frame)} rows.</p>',
                            f'<p class="note">Showing the first {max_rows:,} of {len(frame):,} rows; '
                            f'the CSV has every row.</p>')
    cap = f"<p><strong>{html.escape(caption)}</strong></p>" if caption else ""
    widget = (f'<div class="ol-dt">{cap}<input type="search" placeholder="Search these rows" '
              f'aria-label="Search"><span class="ol-count"></span> {csv_link(frame, name)}'
              f'<div class="ol-scroll">{body}</div><script>{_TABLE_JS}</script></div>')
    return screen_only(widget)


def print_only(content: str) -> HTML:
    """HTML in print (the PDF) and hidden on screen, where a :func:`data_table` shows every row."""
    return HTML(f"<style>@media screen{{.ol-print{{display:none!important}}}}</style>"
                f"<div class=\"ol-print\">{content}</div>")


PRINT_ROWS = 20  # rows of an evidence table in print; the HTML report's data table has the rest


def evidence_table(frame: pd.DataFrame, *, name: str, caption: str | None = None, max_chars: int | None = 240,
                   print_rows: int = PRINT_ROWS) -> HTML:
    """A long table of evidence (every quotation of an actor, every co-occurring actor): in print
    its first ``print_rows`` rows, saying how many there are; on screen the :func:`data_table` with a
    CSV of every row.  An actor profile of a much-quoted person listed all 1,472 of his quotations in
    its PDF (PolNeAR train, 840 articles)."""
    shown = table(frame, max_rows=print_rows, max_chars=max_chars, caption=caption).data
    if len(frame) > print_rows:
        shown = shown.replace(f'<p class="note">Showing {print_rows} of {len(frame)} rows.</p>',
                              f'<p class="note">Showing the first {print_rows} of {len(frame):,} rows; the HTML '
                              f'report lists them all, with a CSV download.</p>')
    return HTML(print_only(shown).data + data_table(frame, name=name, caption=caption, max_chars=max_chars).data)


def examples(frame: pd.DataFrame, *, caption: str | None = None, max_rows: int | None = 30) -> HTML:
    """Examples for print and screen: outlet, article title and the sentence with its marked words in bold
    (``outlet, title, sentence, marked`` columns; the first occurrence of ``marked`` is marked).  Escaped."""
    rows = []
    shown = frame if max_rows is None else frame.head(max_rows)
    for r in shown.itertuples():
        sentence, marked = str(r.sentence), str(r.marked)
        at = sentence.find(marked) if marked else -1
        if at >= 0:
            text = (html.escape(sentence[:at]) + "<mark>" + html.escape(marked) + "</mark>"
                    + html.escape(sentence[at + len(marked):]))
        else:
            text = html.escape(sentence)
        rows.append(f"<tr><td>{html.escape(str(r.outlet))}</td><td>{html.escape(str(r.title))}</td>"
                    f"<td>{text}</td></tr>")
    cap = f"<p><strong>{html.escape(caption)}</strong></p>" if caption else ""
    extra = f'<p class="note">Showing {len(shown)} of {len(frame)} examples.</p>' if len(shown) < len(frame) else ""
    return HTML(f"{cap}<table><thead><tr><th>Outlet</th><th>Article</th><th>Words in context</th></tr></thead>"
                f"<tbody>{''.join(rows)}</tbody></table>{extra}")
