"""The per-article and per-actor views: spans, tables, unknown ids, zero rows for silent outlets."""
from __future__ import annotations

import pandas as pd
import pytest
import yaml

from analysis import load_corpus
from analysis.report.views import NotInCorpusError, actor_profile, article_view, resolve_actor, scare_quote_marks

from ..conftest import ROOT, write_manifest

ACTORS = {"actors": [
    {"id": "acme-ministry", "name": "Acme Defence Ministry", "type": "government", "side": "Acme",
     "aliases": ["Acme ministry"]},
    {"id": "john-doe", "name": "John Doe", "type": "person", "side": "Acme"},
    {"id": "river-front", "name": "River Front", "type": "armed group", "side": "rebels"},
]}
STORY_A = [
    "The Acme Defence Ministry said on Tuesday that River Front fighters had attacked a border post overnight.",
    '"We will respond to every attack on our soldiers," John Doe told reporters in the capital on Tuesday.',
    "River Front allegedly fired on Acme Defence Ministry positions near the so-called \"buffer zone\" of the valley.",
    "The group denied the accusation in a statement posted online.",
]
STORY_B = [
    "Heavy rain fell on the capital on Tuesday and flooded several streets near the main market square.",
    "Farmers said the harvest would be late this year because of the weather in the northern valleys.",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("views")
    (folder / "a.txt").write_text("\n\n".join(STORY_A) + "\n", encoding="utf-8")
    (folder / "b.txt").write_text("\n\n".join(STORY_B) + "\n", encoding="utf-8")
    (folder / "actors.yml").write_text(yaml.safe_dump(ACTORS), encoding="utf-8")
    write_manifest(folder, [
        {"doc_id": "a1", "file": "a.txt", "outlet": "Outlet One", "date": "2020-01-01", "title": "<b>Attack</b>",
         "url": "javascript:alert(1)"},
        {"doc_id": "b1", "file": "b.txt", "outlet": "Outlet Two", "date": "2020-01-02", "title": "Rain"},
    ])
    return load_corpus(folder)


def test_article_view_spans_and_tables(corpus):
    view = article_view(corpus, "a1")
    assert (view.doc_id, view.outlet, view.title, view.url) == ("a1", "Outlet One", "<b>Attack</b>",
                                                                "javascript:alert(1)")
    spans = view.spans
    assert list(spans.columns) == ["start", "end", "kind", "title", "label"]
    assert ((spans.start >= 0) & (spans.end <= len(view.text)) & (spans.start < spans.end)).all()
    assert {"quote", "speaker", "actor", "hedge", "scare"} <= set(spans.kind)
    # Quotes: numbered in text order; each has a Q span with that label over exactly its text.
    assert view.quotes.quote_no.tolist() == list(range(1, len(view.quotes) + 1))
    q_spans = spans[spans.kind == "quote"].sort_values("start")
    assert q_spans.label.tolist() == [f"Q{n}" for n in view.quotes.quote_no]
    assert [view.text[s:e] for s, e in zip(q_spans.start, q_spans.end)] == view.quotes.quote.tolist()
    direct = view.quotes[view.quotes.quote.str.contains("We will respond")]
    assert direct.speaker.tolist() == ["John Doe"] and direct.cue.tolist() == ["tell"]
    n = int(direct.quote_no.iloc[0])
    speaker = spans[(spans.kind == "speaker") & spans.label.str.contains(rf"S(?:.*,)?{n}(?:,|$)")]
    assert view.text[speaker.start.iloc[0]:speaker.end.iloc[0]] == "John Doe"
    # Actors, hedges, scare quotes.
    assert {"acme-ministry", "john-doe", "river-front"} <= set(view.actors.actor_id)
    ministry = view.actors.set_index("actor_id").loc["acme-ministry"]
    assert ministry.mentions >= 2 and ministry.first_sentence == 0
    assert "allegedly" in set(view.framing.term)
    assert view.scare_quotes.quote.tolist() == ['"buffer zone"']


def test_article_view_with_a_store_shows_the_corpus_tables_rows(tmp_path):
    """With a store (a report run), a page shows its article's rows of the corpus-wide tables: the
    actor ids and speaker roles of every other report, not those of the article read alone."""
    from analysis import actors, open_corpus, quotes

    texts = {"a": "Senator Jane Doe of Ohio spoke in Columbus on Monday.\n\n\"The bill will pass,\" Doe said.\n",
             "b": "Senator Jane Doe visited a plant on Tuesday.\n\n\"Jobs are coming back,\" Doe said.\n",
             "c": "Doe was in Dayton on Friday.\n\n\"We will win this state,\" Doe said.\n"}
    for d, text in texts.items():
        (tmp_path / f"{d}.txt").write_text(text, encoding="utf-8")
    write_manifest(tmp_path, [{"doc_id": d, "file": f"{d}.txt", "outlet": "X"} for d in texts])
    lens = open_corpus(tmp_path, store=tmp_path / "store")
    view = article_view(lens, "c")
    q = quotes(lens)
    q = q[q["doc_id"] == "c"].reset_index(drop=True)
    assert list(view.quotes["speaker_role"]) == list(q["speaker_role"]) == ["politician"]  # read in a and b
    m = actors(lens)
    assert set(view.actors["actor_id"]) == set(m.loc[m["doc_id"] == "c", "actor_id"])
    # the same page without a store: the article alone (nothing says what Doe is), the same quotes
    alone = article_view(load_corpus(tmp_path), "c")
    assert alone.text == view.text and list(alone.quotes["quote"]) == list(view.quotes["quote"])
    assert list(alone.quotes["speaker_role"]) == ["unknown"]


def test_article_view_default_and_unknown_ids(corpus):
    assert article_view(corpus, "").doc_id == "a1"  # the first by doc_id
    assert article_view(corpus, None).doc_id == "a1"
    with pytest.raises(NotInCorpusError, match=r"no article with doc_id 'zz'.*doc_ids: a1, b1"):
        article_view(corpus, "zz")
    with pytest.raises(NotInCorpusError, match="leading zeros"):
        article_view(corpus, 7)


def test_article_without_dictionary_actors_or_scare_quotes(corpus):
    view = article_view(corpus, "b1")
    assert not {"acme-ministry", "john-doe", "river-front"} & set(view.actors.actor_id)
    assert "scare" not in set(view.spans.kind) and view.scare_quotes.empty


def test_resolve_actor_by_id_name_alias_and_errors(corpus):
    assert resolve_actor(corpus, "acme-ministry") == "acme-ministry"
    assert resolve_actor(corpus, "acme defence ministry") == "acme-ministry"
    assert resolve_actor(corpus, "River Front") == "river-front"
    assert resolve_actor(corpus, "John Doe") == "john-doe"
    with pytest.raises(NotInCorpusError, match="close matches: .*John Doe"):
        resolve_actor(corpus, "Jon Doe")
    with pytest.raises(NotInCorpusError, match="no actor 'qqqqqq'") as err:
        resolve_actor(corpus, "qqqqqq")
    assert "close matches" not in str(err.value)


def test_actor_profile_tables(corpus):
    p = actor_profile(corpus, "Acme ministry")
    assert (p.actor_id, p.name, p.type, p.side) == ("acme-ministry", "Acme Defence Ministry", "government", "Acme")
    # One row per outlet, the silent one with zeros.
    assert p.coverage.outlet.tolist() == ["Outlet One", "Outlet Two"]
    assert p.coverage.set_index("outlet").loc["Outlet Two", "mentions"] == 0
    assert p.coverage.set_index("outlet").loc["Outlet One", "mentions"] >= 2
    assert p.voice.outlet.tolist() == ["Outlet One", "Outlet Two"]
    assert p.voice.set_index("outlet").loc["Outlet One", "quotes_by"] >= 1
    assert p.voice.set_index("outlet").loc["Outlet Two"].drop("quoted_words").sum() == 0
    assert set(p.voice_long.quotes) == {"by the actor", "naming the actor"}
    assert (p.quotes.outlet == "Outlet One").all() and "say" in set(p.verbs.cue)
    assert set(p.naming.label) >= {"Acme Defence Ministry"}
    # Framing: "allegedly" stands in a sentence naming the ministry; evidence carries the sentence.
    assert "allegedly" in set(p.framing_evidence.term)
    alleged = p.framing_evidence[p.framing_evidence.term == "allegedly"]
    assert alleged.sentence.str.contains("River Front allegedly fired on Acme Defence Ministry").all()
    assert "Farmers" not in " ".join(p.framing_evidence.sentence)  # only sentences naming the actor
    assert "river-front" in set(p.cooccurring.actor_id)
    for frame in (p.coverage, p.naming, p.voice, p.verbs, p.quotes, p.quoted_about, p.framing,
                  p.framing_evidence, p.cooccurring, p.descriptions):
        assert isinstance(frame, pd.DataFrame)


def test_actor_profile_quotes_about(corpus):
    p = actor_profile(corpus, "river-front")
    # The ministry's statement names River Front: a quote about it by another speaker.
    assert p.voice.set_index("outlet").loc["Outlet One", "quotes_about"] >= 1
    assert (p.quoted_about.speaker != "River Front").all()


def test_scare_quotes_table(corpus):
    table = scare_quote_marks(corpus)
    assert list(table.columns) == ["doc_id", "outlet", "start", "end", "quote", "voice", "attributed_to"]
    text = corpus.articles.set_index("doc_id").loc["a1", "text"]
    assert [text[s:e] for s, e in zip(table.start, table.end)] == table.quote.tolist() == ['"buffer zone"']


def test_seed_profiles_cover_every_outlet(seeds_corpus):
    from analysis import actors
    from analysis.tables.actors import main_actors

    mentions = actors(seeds_corpus)
    for actor in main_actors(seeds_corpus, n=3):
        p = actor_profile(seeds_corpus, actor)
        assert p.coverage.outlet.tolist() == seeds_corpus.outlets
        assert p.coverage.mentions.sum() == (mentions.actor_id == actor).sum()


def test_story_view_sets_the_outlets_of_one_story_side_by_side():
    from analysis import load_corpus, story_view
    from analysis.report.views import NotInCorpusError

    corpus = load_corpus(ROOT / "seeds")
    view = story_view(corpus)  # the largest story
    assert len(view.articles) == 2 and view.coverage["articles"].sum() == 2
    assert set(view.coverage.outlet) == set(view.articles.outlet)
    assert set(view.speakers.outlet) <= set(view.articles.outlet)
    quoted = set(zip(view.shared.outlet_a, view.shared.quote_a)) | set(zip(view.shared.outlet_b, view.shared.quote_b))
    assert not quoted & set(zip(view.unique.outlet, view.unique.quote))  # unique means no other outlet quotes it
    other = story_view(corpus, next(s for s in __import__("analysis").stories(corpus).story_id if s != view.story_id))
    assert set(other.articles.doc_id).isdisjoint(view.articles.doc_id)
    with pytest.raises(NotInCorpusError, match="no story"):
        story_view(corpus, "story-none")
