"""Sources (credits, datelines, media, officials, anonymous), wire copy, copied-and-quoted (analysis.tables.sources)."""
from __future__ import annotations

import pandas as pd

from analysis.core.corpus import Corpus
from analysis.tables.reuse import copied_and_quoted
from analysis.tables.sources import source_summary, sources, wire_copy


def _corpus(texts: dict[str, tuple[str, str]], removed: list[dict] = ()) -> Corpus:
    rows = [{"doc_id": d, "outlet": o, "text": t, "title": "", "wire": "", "n_words": len(t.split())}
            for d, (o, t) in sorted(texts.items())]
    return Corpus(None, pd.DataFrame(rows), pd.DataFrame(list(removed), columns=["doc_id", "line_no", "text", "reason"]))


STORY = ('BEIRUT (Reuters) - Fighting flared near the border on Tuesday, it was reported.\n\n'
         '"We will hold the line," General Ahmad Karimi told Sputnik.\n\n'
         'A military source said the army had withdrawn, according to the Washington Post.\n\n'
         'The ministry said in a statement that the strikes would continue.\n\n'
         'The Gazeta daily said the talks had failed.')


def test_sources_kinds():
    corpus = _corpus({"a": ("Outlet", STORY)})
    table = sources(corpus)
    got = {(r.source, r.source_type, r.how) for r in table.itertuples()}
    assert ("Reuters", "wire", "dateline") in got
    assert ("Sputnik", "wire", "attribution") in got
    assert ("Washington Post", "media", "attribution") in got
    assert ("", "unattributed", "attribution") in got
    assert any(t == "anonymous" and h == "quote" for _, t, h in got)
    assert any(t == "media" and "Gazeta" in s for s, t, _ in got)
    statement = table[table.medium == "statement"]
    assert len(statement) == 1 and statement.iloc[0].source_type == "official"
    for r in table.dropna(subset=["start"]).itertuples():
        assert 0 <= r.start < r.end <= len(STORY)
    summary = source_summary(table)
    assert summary[summary.source_type == "wire"].citations.iloc[0] == 2


def test_credit_lines_removed_kept_or_from_manifest():
    removed = [{"doc_id": "a", "line_no": 9, "text": "Source: AFP", "reason": "wire credit"}]
    corpus = _corpus({"a": ("Copy", "The talks went on."), "b": ("Other", "The talks went on.\n-- Reuters\n"),
                      "c": ("Third", "Nothing credited here.")}, removed)
    corpus.articles.loc[corpus.articles.doc_id == "c", "wire"] = "dpa"
    table = wire_copy(corpus)
    assert list(zip(table.doc_id, table.agency, table.how)) == [("a", "AFP", "credit"), ("b", "Reuters", "credit"),
                                                                ("c", "dpa", "manifest")]
    assert "Source: AFP" in table.iloc[0].evidence


WIRE = ("The defence ministry said on Tuesday that its forces had pushed back an attack near the river crossing "
        "and that several fighters had been captured by its units in the area.")


def test_copied_and_quoted_one_table():
    a = (WIRE + '\n\n"Our aviation will treat any aircraft west of the river as a target," the ministry said.')
    b = ("Reposted. " + WIRE + '\n\n"Any aircraft west of the river will be treated by our aviation as a target,"'
         ' the ministry announced.')
    removed = [{"doc_id": "1", "line_no": 5, "text": "Source: AFP", "reason": "wire credit"}]
    corpus = _corpus({"1": ("Wire Daily", a), "2": ("Reposter", b)}, removed)
    table = copied_and_quoted(corpus)
    assert set(table.relation) == {"copied", "quoted"}
    copied = table[table.relation == "copied"].iloc[0]
    assert copied.text == a[copied.start:copied.end] and copied.n_words >= 20 and not copied.in_quote
    quoted = table[table.relation == "quoted"].iloc[0]
    assert quoted.text == a[quoted.start:quoted.end] and quoted.text_b == b[quoted.start_b:quoted.end_b]
    assert quoted.score >= 60 and quoted.in_quote
    assert set(table.credit) == {"AFP"} and set(table.credit_b) == {""}
    assert copied_and_quoted(corpus, min_score=101).relation.tolist() == ["copied"]


def test_seed_sources_show_afp_copy_and_cited_media(seeds_corpus):
    copy = wire_copy(seeds_corpus)
    assert ("Arab Today", "AFP", "credit") in set(zip(copy.outlet, copy.agency, copy.how))
    table = sources(seeds_corpus)
    rt = table[table.outlet == "RT"]
    assert {"Sputnik"} <= set(rt[rt.source_type == "wire"].source)
    assert rt[rt.source_type == "media"].shape[0] >= 2


def test_seed_ministry_statement_quoted_alike(seeds_corpus):
    table = copied_and_quoted(seeds_corpus)
    quoted = table[(table.relation == "quoted") & (table.doc_id == "000") & (table.doc_id_b == "001")]
    assert (quoted.score >= 90).any()
    assert quoted.text.str.contains("Russian aviation is conducting combat missions").any()


def test_typed_quotes_types_every_quote_with_a_source_row(seeds_corpus):
    """One row per quote, in the quotes table's order; a typed speaker's group is its sources row's type."""
    from analysis import quotes, sources, typed_quotes

    q, typed, src = quotes(seeds_corpus), typed_quotes(seeds_corpus), sources(seeds_corpus)
    assert len(typed) == len(q) and list(typed["start"]) == list(q["start"])
    assert set(typed["group"]) <= set(src["source_type"]) | {"unknown"}
    named = typed[typed["group"] == "person"]
    assert len(named) and named["speaker"].notna().all()
