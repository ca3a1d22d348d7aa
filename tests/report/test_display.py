"""The article highlighter: escaping, overlapping and nested spans, edges, empty spans."""
from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.report.display import HIGHLIGHT_KINDS, Highlight, heading, highlight

KINDS = list(HIGHLIGHT_KINDS)


class _Walk(HTMLParser):
    """Collects the article's text (labels left out), the tags that open inside it, and checks nesting."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.text, self.in_article, self.in_label, self.tags = [], [], 0, 0, []
        self.marks = []  # (classes, title, text) of every <mark>, one per piece of text

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.stack.append(tag)
        if self.in_article:
            self.tags.append((tag, attrs))
        if "ol-article" in (attrs.get("class") or ""):
            self.in_article = len(self.stack)
        if "ol-tag" in (attrs.get("class") or ""):
            self.in_label = len(self.stack)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        if self.in_label == len(self.stack):
            self.in_label = 0
        if self.in_article == len(self.stack):
            self.in_article = 0
        self.stack.pop()

    def handle_data(self, data):
        if self.in_article and not self.in_label:
            self.text.append(data)


def _walk(out) -> _Walk:
    walker = _Walk()
    walker.feed(out.data)
    walker.close()
    assert walker.stack == [], "unclosed tags"
    return walker


def _marks(out) -> list[tuple[str, str]]:
    """(kind, covered text) for every mark: the kinds covering each piece, outermost first."""
    found = []

    class P(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.open = []

        def handle_starttag(self, tag, attrs):
            cls = dict(attrs).get("class") or ""
            self.open.append(cls.split()[-1][3:] if tag == "mark" else None)

        def handle_endtag(self, tag):
            self.open.pop()

        def handle_data(self, data):
            kinds = tuple(k for k in self.open if k)
            if kinds:
                found.append((kinds, data))
    P().feed(out.data)
    return found


def test_every_character_escaped_and_no_live_markup():
    text = ('<script>window.pwned=1</script> <img src=x onerror="window.pwned=1"> '
            '<a href="javascript:window.pwned=1">x</a> & "quotes" \'single\' <b>bold</b>')
    out = highlight(text, [(0, 8, "quote", 'speaker "<b>" & <script>', "Q1"), (33, 60, "actor", "<img>")])
    assert "".join(_walk(out).text) == text
    for live in ("<script>window", "<img src", "<a href", "<b>bold"):
        assert live not in out.data
    assert "&lt;script&gt;</mark>window.pwned=1&lt;/script&gt;" in out.data  # cut by the quote's end, escaped
    assert 'onerror="' not in out.data and "onerror=&quot;window.p" in out.data
    # Attributes are quoted and escaped: a title cannot close its attribute or open a tag.
    assert 'title="speaker &quot;&lt;b&gt;&quot; &amp; &lt;script&gt;"' in out.data
    assert "javascript:" not in out.data.replace("href=&quot;javascript:", "")


def test_nested_and_crossing_spans_are_well_formed():
    text = "The minister said the so-called regime allegedly fired."
    at = text.index
    quote = (at("the so"), at(" fired"), "quote", "Q1", "Q1")
    actor = (at("the so"), at(" allegedly"), "actor", "", "")    # inside the quote, from its start
    hedge = (at("allegedly"), at(" fired"), "hedge", "", "")      # inside the quote, to its end
    crossing = (at("led regime"), 99, "loaded", "", "")           # from inside the quote to past the text's end
    out = highlight(text, [hedge, crossing, actor, quote])
    walker = _walk(out)
    assert "".join(walker.text) == text
    marks = _marks(out)
    by_text = {data: kinds for kinds, data in marks}
    assert by_text["the so-cal"] == ("quote", "actor")
    assert by_text["led regime"] == ("quote", "actor", "loaded")
    assert by_text["allegedly"] == ("quote", "loaded", "hedge")
    assert by_text[" fired."] == ("loaded",)
    assert "The minister said " not in by_text  # unmarked text is plain


def test_same_range_spans_nest_in_kind_order_and_label_precedes():
    out = highlight("Lavrov said", [(0, 6, "actor", "", ""), (0, 6, "speaker", "of Q1", "S1")])
    assert _marks(out) == [(("speaker", "actor"), "Lavrov")]
    assert out.data.index('<span class="ol-tag">S1</span>') < out.data.index("<mark")


@pytest.mark.parametrize("spans, expected", [
    ([(0, 3, "quote")], [(("quote",), "abc")]),                    # at the start
    ([(7, 10, "quote")], [(("quote",), "hij")]),                   # at the end
    ([(0, 10, "quote")], [(("quote",), "abcdefghij")]),            # the whole text
    ([(-5, 2, "quote"), (8, 99, "actor")], [(("quote",), "ab"), (("actor",), "ij")]),  # clipped
    ([(4, 4, "quote"), (6, 2, "actor"), (20, 30, "hedge")], []),   # empty, inverted, outside: dropped
    ([(float("nan"), 3, "quote"), (None, 2, "actor")], []),        # missing offsets: dropped
])
def test_offsets_at_edges_and_empty_spans(spans, expected):
    out = highlight("abcdefghij", spans)
    assert _marks(out) == expected
    assert "".join(_walk(out).text) == "abcdefghij"


def test_empty_text_and_no_spans():
    assert "".join(_walk(highlight("", [(0, 1, "quote")])).text) == ""
    out = highlight("a <b> c", [])
    assert "".join(_walk(out).text) == "a <b> c"
    assert 'class="ol-legend"' not in out.data  # no kinds used, no legend


def test_legend_lists_the_kinds_used_and_style_is_inline():
    out = highlight("one two", [Highlight(0, 3, "hedge"), Highlight(4, 7, "scare")])
    legend = out.data.split('class="ol-legend"')[1].split("</div>")[0]
    assert HIGHLIGHT_KINDS["hedge"][0] in html.unescape(legend) and HIGHLIGHT_KINDS["scare"][0] in html.unescape(legend)
    assert HIGHLIGHT_KINDS["quote"][0] not in html.unescape(legend)
    assert out.data.startswith("<style>") and "<link" not in out.data and "@import" not in out.data
    assert 'class="ol-legend"' not in highlight("x", [(0, 1, "hedge")], legend=False).data


def test_unknown_kind_gets_a_safe_class_name():
    out = highlight("abc", [(0, 3, 'x" onmouseover="alert(1)')])
    assert "onmouseover=" not in out.data.replace("onmouseover-", "")
    assert _walk(out).tags[0][1]["class"] == "ol-hl ol-x--onmouseover--alert-1-"


def test_heading_escapes():
    assert heading("<img src=x onerror=alert(1)>", level=9).data == \
        "<h6>&lt;img src=x onerror=alert(1)&gt;</h6>"


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=40),
       spans=st.lists(st.tuples(st.integers(-3, 45), st.integers(-3, 45), st.sampled_from(KINDS),
                                st.text(max_size=5), st.text(max_size=3)), max_size=8))
def test_any_spans_keep_the_text_and_the_markup_well_formed(text, spans):
    out = highlight(text, spans)
    walker = _walk(out)
    # Whitespace-only text nodes survive; the parser reports \r as is.
    assert "".join(walker.text) == text
    assert all(tag in ("mark", "span") for tag, _ in walker.tags)


# --------------------------------------------------------------------------- evidence on demand (issue 22)

def test_data_table_escapes_and_carries_every_row_as_csv():
    import base64
    import re

    import pandas as pd

    from analysis.report.display import data_table, examples

    frame = pd.DataFrame({"outlet": ["A", "<b>B</b>"] * 50, "text": ['</script><script>window.pwned=1</script>'] * 100})
    html_text = data_table(frame, name="../evil name", caption="<i>c</i>").data
    assert "<script>window.pwned" not in html_text and "&lt;/script&gt;" in html_text
    assert html_text.count("<tr") == 101  # header + every row, nothing cut
    scripts = re.findall(r"<script>(.*?)</script>", html_text, flags=re.S)
    assert len(scripts) == 2 and not any("pwned" in js for js in scripts)  # the table's and the link's
    link = re.search(r'download="([^"]+)" data-csv="([^"]+)" href="data:application/gzip;base64,([^"]+)"', html_text)
    assert link.group(1, 2) == ("evil_name.csv.gz", "evil_name.csv")
    raw = __import__("gzip").decompress(base64.b64decode(link.group(3)))
    assert pd.read_csv(__import__("io").BytesIO(raw)).equals(frame)
    assert html_text == data_table(frame, name="../evil name", caption="<i>c</i>").data  # deterministic
    assert "@media print{.ol-screen{display:none" in html_text

    ex = examples(pd.DataFrame({"outlet": ["A"], "title": ["<t>"], "sentence": ["a <b> allegedly c"],
                                "marked": ["allegedly"]})).data
    assert "<mark>allegedly</mark>" in ex and "&lt;b&gt;" in ex and "&lt;t&gt;" in ex


def test_evidence_table_prints_a_few_rows_and_shows_every_row_on_screen():
    import re

    import pandas as pd

    from analysis.report.display import PRINT_ROWS, SCREEN_ONLY, evidence_table

    frame = pd.DataFrame({"quote": [f"<b>q{i}</b>" for i in range(150)]})
    out = evidence_table(frame, name="q", caption="Quotes").data
    printed, screen = out.split(SCREEN_ONLY[0], 1)
    assert "@media screen{.ol-print{display:none" in printed
    assert printed.count("<tr") == PRINT_ROWS + 1 and "first 20 of 150 rows" in printed
    assert screen.count("<tr") == 151 and "<b>q" not in out and "&lt;b&gt;q149" in screen
    # what reaches WeasyPrint (analysis.report.execute.html_to_pdf cuts the screen-only blocks)
    pdf_html = re.sub(re.escape(SCREEN_ONLY[0]) + ".*?" + re.escape(SCREEN_ONLY[1]), "", out, flags=re.S)
    assert pdf_html.count("<tr") == PRINT_ROWS + 1
    small = evidence_table(frame.head(5), name="q").data
    assert "Showing" not in small.split(SCREEN_ONLY[0])[0]


def test_a_long_data_table_shows_its_first_rows_and_its_csv_has_every_row():
    import base64
    import io
    import re

    import pandas as pd

    from analysis.report.display import data_table

    frame = pd.DataFrame({"n": range(2500), "text": ["x"] * 2500})
    html_text = data_table(frame, name="long", max_rows=1000).data
    assert html_text.count("<tr") == 1001
    assert "Showing the first 1,000 of 2,500 rows; the CSV has every row." in html_text
    link = re.search(r'href="data:application/gzip;base64,([^"]+)"', html_text)
    csv = __import__("gzip").decompress(base64.b64decode(link.group(1)))
    assert len(pd.read_csv(io.BytesIO(csv))) == 2500
    assert len(link.group(1)) < len(csv) / 2  # compressed: the report stays small


def test_the_pdf_step_drops_screen_only_content_before_weasyprint(monkeypatch, tmp_path):
    """A data table is hidden in print; the PDF step cuts it out of the HTML before WeasyPrint lays it out."""
    import pandas as pd
    import weasyprint

    from analysis.report.display import data_table
    from analysis.report.execute import html_to_pdf

    seen = []

    class Fake:
        def __init__(self, string, url_fetcher):
            seen.append(string)

        def write_pdf(self, target):
            pass

    monkeypatch.setattr(weasyprint, "HTML", Fake)
    table_html = data_table(pd.DataFrame({"a": ["<!--/ol-screen--> escaped", "x"]}), name="t").data
    html_to_pdf(f"<p>before</p>{table_html}<p>after</p>", tmp_path / "x.pdf")
    assert seen == ["<p>before</p><p>after</p>"]


@pytest.mark.parametrize("name", ["article", "outlet_comparison"])
def test_lean_html_export_is_nbconverts_page(name):
    """The exporter without nbconvert's BeautifulSoup pass makes the same page: the same elements,
    attributes (image alt texts, focusable outputs) and text, on the stored notebooks."""
    import nbformat
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    from analysis.report.execute import _template_dir, notebook_to_html

    from ..conftest import ROOT

    nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    theirs, _ = HTMLExporter(template_name="outlet_lens", extra_template_basedirs=[str(_template_dir())],
                             exclude_input=True, exclude_input_prompt=True,
                             exclude_output_prompt=True).from_notebook_node(nb)
    ours = notebook_to_html(nb)

    def dom(page: str) -> list:
        soup = BeautifulSoup(page, "html.parser")
        return [(t.name, sorted((k, str(v)) for k, v in t.attrs.items())) for t in soup.find_all()] + [soup.get_text()]

    assert dom(ours) == dom(theirs)
    assert 'tabindex="0"' in ours
