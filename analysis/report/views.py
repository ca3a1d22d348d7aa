"""Focused views for the per-article, per-actor and per-story reports: tidy tables, no display.

:func:`article_view` gathers one article's quotes, speakers, actor mentions,
hedges, loaded terms and scare quotes as highlight spans plus tables (the
``article`` notebook draws them with :func:`analysis.report.display.highlight`);
:func:`actor_profile` gathers how each outlet names, quotes and frames one
actor (the ``actor_profile`` notebook).  Both only combine the public tables
of :mod:`analysis.tables` (cached: :func:`analysis.store.table`) and read
sentences from the extraction store when one is attached; neither parses.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from rapidfuzz import fuzz, process

from ..core.corpus import Corpus
from ..core.dictionary import corpus_dictionary
from ..store import article_rows, attached_store, subset
from ..tables.actors import actor_coverage, actors, cooccurrence, main_actors, naming
from ..tables.framing import MATCH_COLUMNS, hedges, loaded_terms, scare_quotes as framing_scare_quotes
from ..tables.quotes import quotes, shared_statements, speaker_label, top_speakers
from ..tables.stories import stories, story_corpus

__all__ = ["NotInCorpusError", "ArticleView", "ActorProfile", "StoryView", "SPAN_COLUMNS", "one_article",
           "scare_quote_marks", "article_view", "resolve_actor", "actor_profile", "largest_story", "story_view"]

# The columns of ArticleView.spans, in analysis.report.display.Highlight's field order.
SPAN_COLUMNS = ["start", "end", "kind", "title", "label"]


class NotInCorpusError(LookupError):
    """An article or actor the corpus does not hold; the message lists what it does hold."""


# --------------------------------------------------------------------------- shared helpers

def one_article(corpus: Corpus, doc_id: Any) -> Corpus:
    """A corpus holding only article ``doc_id`` (same folder, so the same ``actors.yml``).

    The per-article report works on the article alone: a job per article then
    parses one article, not the whole corpus (name variants are still linked
    inside the article and to the dictionary).
    """
    ids = [str(d) for d in corpus.articles["doc_id"]]
    wanted = str(doc_id)
    if wanted not in ids:
        shown = ", ".join(ids[:20]) + (" ..." if len(ids) > 20 else "")
        hint = " (a YAML number loses leading zeros: quote it, doc_id: \"000\")" if wanted.isdigit() else ""
        raise NotInCorpusError(f"{corpus.name}: no article with doc_id {wanted!r}{hint}; doc_ids: {shown}")
    return subset(corpus, [wanted])


def scare_quote_marks(corpus: Corpus) -> pd.DataFrame:
    """Scare quotes as the article view marks them: ``doc_id, outlet, start, end, quote`` (marks
    included), ``voice`` (own | quoted) and ``attributed_to`` (the speaker, for a scare quote inside a
    quotation), from :func:`analysis.tables.framing.scare_quotes`.  Sorted by article and position.
    """
    cols = ["doc_id", "outlet", "start", "end", "quote", "voice", "attributed_to"]
    table = framing_scare_quotes(corpus)
    texts = dict(zip(corpus.articles["doc_id"], corpus.articles["text"]))
    table = table.assign(quote=[texts[d][int(a):int(b)] for d, a, b in zip(table["doc_id"], table["start"],
                                                                          table["end"])],
                         attributed_to=table["attributed_to"].fillna(""))
    return table[cols].sort_values(["doc_id", "start"], kind="stable").reset_index(drop=True)


def _framing_matches(corpus: Corpus) -> pd.DataFrame:
    """Hedges and loaded terms together, with a ``lexicon`` column (hedge | loaded)."""

    frames = [hedges(corpus).assign(lexicon="hedge"), loaded_terms(corpus).assign(lexicon="loaded")]
    return pd.concat(frames, ignore_index=True)[["lexicon", *MATCH_COLUMNS]]


# --------------------------------------------------------------------------- one article

@dataclass
class ArticleView:
    """One article, ready to show.

    Attributes:
        doc_id, outlet, title, date, url: the manifest's fields (as text; the
            url is never made a link: manifest fields are untrusted too).
        text: the cleaned text every offset refers to.
        spans: ``start, end, kind, title, label`` (kinds: quote, speaker,
            actor, hedge, loaded, scare), for :func:`analysis.report.display.highlight`.
        quotes: ``quote_no, kind, speaker, speaker_mention, speaker_role, side,
            anonymous, cue, verb_class, n_words, quote`` (``quote_no`` is the Q number
            shown in the text; the speaker's words carry the same number as S).
        actors: ``actor_name, actor_id, actor_type, side, mentions, in_quote,
            surfaces, first_sentence`` (one row per actor).
        framing: ``lexicon, category, term, surface, voice, start`` (hedges
            and loaded terms, one row per occurrence).
        scare_quotes: ``start, end, quote, voice, attributed_to`` (see :func:`scare_quote_marks`).
    """

    doc_id: str
    outlet: str
    title: str
    date: str
    url: str
    text: str
    spans: pd.DataFrame
    quotes: pd.DataFrame
    actors: pd.DataFrame
    framing: pd.DataFrame
    scare_quotes: pd.DataFrame


def _quote_spans(q: pd.DataFrame) -> list[tuple]:
    spans = []
    speakers: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for row in q.itertuples():
        who = row.speaker if isinstance(row.speaker, str) and row.speaker else "speaker not found"
        spans.append((row.start, row.end, "quote",
                      f"Q{row.quote_no} ({row.kind}): {who}; cue: {row.cue or '-'} ({row.verb_class or '-'})",
                      f"Q{row.quote_no}"))
        if pd.notna(row.speaker_start) and pd.notna(row.speaker_end):
            speakers.setdefault((int(row.speaker_start), int(row.speaker_end)), []).append((row.quote_no, who))
    # One speaker mention may head several quotes ("it said ... It added ..."): one span, all numbers.
    for (start, end), quoted in speakers.items():
        numbers = ",".join(str(n) for n, _ in quoted)
        spans.append((start, end, "speaker", f"speaker of Q{numbers}: {quoted[0][1]}", f"S{numbers}"))
    return spans


def article_view(corpus: Corpus, doc_id: Any = None) -> ArticleView:
    """Everything the per-article report shows for ``doc_id`` (None or "": the first article by doc_id).

    Raises :class:`NotInCorpusError` (listing the doc_ids) for an unknown id.
    """
    if doc_id is None or str(doc_id) == "":
        if corpus.articles.empty:
            raise NotInCorpusError(f"{corpus.name}: the corpus holds no article")
        doc_id = sorted(corpus.articles["doc_id"].astype(str))[0]
    single = one_article(corpus, doc_id)
    art = single.articles.iloc[0]
    # With a store (a report run, open_corpus(store=...)), the article's rows of the corpus's own tables:
    # the same actor ids, roles and framing as every other report, and each table read once per kernel
    # for all the pages.  Without one, the article alone, so that a page never parses the whole corpus.
    whole = attached_store(corpus) is not None
    source = corpus if whole else single

    def mine(frame: pd.DataFrame) -> pd.DataFrame:
        return (frame[frame["doc_id"].astype(str) == str(art["doc_id"])] if whole else frame).reset_index(drop=True)

    q = mine(quotes(source))
    q.insert(0, "quote_no", range(1, len(q) + 1))
    mentions = mine(actors(source))
    matches = mine(_framing_matches(source))
    scare = mine(scare_quote_marks(source))

    spans = _quote_spans(q)
    spans += [(m.start, m.end, "actor", f"{m.actor_name} ({m.actor_id}; side: {m.side}; {m.source})", "")
              for m in mentions.itertuples()]
    spans += [(m.start, m.end, m.lexicon, f"{m.category}: {m.term} ({m.voice} voice)", "")
              for m in matches.itertuples()]
    spans += [(s.start, s.end, "scare", "scare quote: no one is said to have spoken it" + (
        f" (inside {s.attributed_to}'s quotation)" if s.voice == "quoted" and s.attributed_to else ""), "")
              for s in scare.itertuples()]
    span_table = pd.DataFrame(spans, columns=SPAN_COLUMNS).astype({"start": int, "end": int})
    span_table = span_table.sort_values(["start", "end", "kind"], ascending=[True, False, True],
                                        kind="stable").reset_index(drop=True)

    quote_table = q[["quote_no", "kind", "speaker", "speaker_mention", "speaker_role", "side", "anonymous", "cue",
                     "verb_class", "n_words", "quote"]]
    if mentions.empty:
        actor_table = pd.DataFrame(columns=["actor_name", "actor_id", "actor_type", "side", "mentions", "in_quote",
                                            "surfaces", "first_sentence"])
    else:
        actor_table = (mentions.groupby(["actor_name", "actor_id", "actor_type", "side"], sort=True)
                       .agg(mentions=("start", "size"), in_quote=("in_quote", "sum"),
                            surfaces=("surface", lambda s: "; ".join(sorted(set(" ".join(x.split()) for x in s)))),
                            first_sentence=("sentence", "min"))
                       .reset_index()
                       .astype({"in_quote": int})
                       .sort_values(["first_sentence", "actor_name"], kind="stable").reset_index(drop=True))
    framing_table = matches[["lexicon", "category", "term", "surface", "voice", "start"]] \
        .sort_values(["start", "lexicon", "category"], kind="stable").reset_index(drop=True)
    date = art["date"]
    return ArticleView(
        doc_id=str(art["doc_id"]), outlet=str(art["outlet"]), title=_text(art.get("title")),
        date=date.strftime("%Y-%m-%d") if pd.notna(date) and hasattr(date, "strftime") else _text(date),
        url=_text(art.get("url")), text=str(art["text"]), spans=span_table, quotes=quote_table,
        actors=actor_table, framing=framing_table, scare_quotes=scare[["start", "end", "quote", "voice",
                                                                        "attributed_to"]])


def _text(value) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


# --------------------------------------------------------------------------- one actor

@dataclass
class ActorProfile:
    """How each outlet names, quotes and frames one actor.

    Every table has one row per outlet of the corpus where that makes sense,
    zeros included, so an outlet that ignores the actor shows as such.

    Attributes:
        actor_id, name, type, side: the actor (``type``/``side`` from the
            dictionary or the model's guess).
        coverage: ``outlet, mentions, per_1000_words, articles,
            share_of_articles, first_sentence, in_headline, in_lead``
            (:func:`analysis.actor_coverage`).
        naming: ``outlet, label, own, quoted, total``: the names each outlet
            uses (own voice / inside quotations; :func:`analysis.naming`).
        descriptions: ``outlet, surface, mentions``: definite descriptions
            tied to the actor ("the ministry").
        voice: ``outlet, quotes_by, quoted_words, direct, indirect, mixed,
            quotes_about``: quotes the actor speaks, and quotes by others
            that name the actor.
        verbs: ``outlet, verb_class, cue, quotes``: the reporting verbs
            introducing the actor's quotes (who gets "said", who "claimed").
        quotes: ``doc_id, outlet, kind, speaker_mention, cue, verb_class,
            quote``: the actor's quotes.
        quoted_about: ``doc_id, outlet, speaker, side, cue, verb_class,
            quote``: other speakers' quotes naming the actor.
        framing: ``outlet, lexicon, category, voice, matches, terms``: hedges
            and loaded terms in sentences naming the actor.
        framing_evidence: ``doc_id, outlet, lexicon, category, term, voice,
            sentence``: those matches with their sentences.
        cooccurring: ``outlet, actor_id, actor_name, sentences, articles``:
            actors named in the same sentences.
    """

    actor_id: str
    name: str
    type: str
    side: str
    coverage: pd.DataFrame
    naming: pd.DataFrame
    descriptions: pd.DataFrame
    voice: pd.DataFrame
    verbs: pd.DataFrame
    quotes: pd.DataFrame
    quoted_about: pd.DataFrame
    framing: pd.DataFrame
    framing_evidence: pd.DataFrame
    cooccurring: pd.DataFrame
    outlets: list[str] = field(default_factory=list)

    @property
    def voice_long(self) -> pd.DataFrame:
        """``outlet, quotes, n``: quotes by the actor and about it per outlet, long form for a bar chart."""
        long = self.voice.melt(id_vars="outlet", value_vars=["quotes_by", "quotes_about"], var_name="quotes",
                               value_name="n")
        long["quotes"] = long["quotes"].map({"quotes_by": "by the actor", "quotes_about": "naming the actor"})
        return long.sort_values(["outlet", "quotes"], kind="stable").reset_index(drop=True)


def resolve_actor(corpus: Corpus, actor: str, **options) -> str:
    """The actor id for ``actor``: an id, a name or a surface form (case-insensitive).

    Checked in that order against the corpus's mentions and its dictionary
    (ids, names, dictionary aliases, then the words of any mention).
    Raises :class:`NotInCorpusError` listing close matches (rapidfuzz) when
    nothing fits.
    """
    m = actors(corpus, **options)
    names: dict[str, str] = dict(zip(m["actor_id"], m["actor_name"]))
    dictionary = corpus_dictionary(corpus, options.get("dictionary"))
    aliases: dict[str, str] = {}
    for a in (dictionary.actors if dictionary else ()):
        names.setdefault(a.id, a.name)
        for alias in a.aliases:
            if alias.text:
                aliases.setdefault(" ".join(alias.text.split()).casefold(), a.id)
    wanted = str(actor).strip()
    if wanted in names:
        return wanted
    folded = " ".join(wanted.split()).casefold()
    for table in ({i.casefold(): i for i in names}, {n.casefold(): i for i, n in sorted(names.items())}, aliases):
        if folded in table:
            return table[folded]
    # A surface form: the actor it names most often.
    hits = m[m["surface"].map(lambda s: " ".join(str(s).split()).casefold()) == folded]
    if len(hits):
        counts = hits.groupby("actor_id").size()
        return str(counts.sort_values(ascending=False, kind="stable").index[0])
    choices = {}  # one spelling per case-folded form
    for c in sorted({*names, *names.values(), *m.loc[m["source"] != "nominal", "surface"], *aliases}):
        choices.setdefault(" ".join(c.split()).casefold(), c)
    close = [choices[c] for c, _, _ in process.extract(folded, list(choices), scorer=fuzz.WRatio, limit=5,
                                                        score_cutoff=70)]
    hint = f"; close matches: {', '.join(close)}" if close else ""
    raise NotInCorpusError(f"{corpus.name}: no actor {wanted!r} (give an actor id, name or alias){hint}")


def _sentence_index(corpus: Corpus, frame: pd.DataFrame) -> pd.Series:
    """The 0-based sentence holding each row's ``start``, as in the actors table (the ``sentences`` rows:
    read from the store when one is attached)."""
    starts = {d: [r["start"] for r in rows] for d, rows in article_rows(corpus, "sentences").items()}
    return pd.Series([bisect.bisect_right(starts[d], s) - 1 for d, s in zip(frame["doc_id"], frame["start"])],
                     index=frame.index, dtype=int)


def actor_profile(corpus: Corpus, actor: str, **options) -> ActorProfile:
    """Everything the actor report shows for ``actor`` (id, name or alias; see :func:`resolve_actor`)."""
    aid = resolve_actor(corpus, actor, **options)
    outlets = corpus.outlets
    m = actors(corpus, **options)
    mine = m[m["actor_id"] == aid]
    info = _actor_info(corpus, aid, mine, options.get("dictionary"))

    cov_cols = ["outlet", "mentions", "per_1000_words", "articles", "share_of_articles", "first_sentence",
                "in_headline", "in_lead"]
    cov = actor_coverage(corpus, **options)
    cov = cov[cov["actor_id"] == aid].set_index("outlet").reindex(outlets)
    zero = {c: 0 for c in cov_cols[1:] if c != "first_sentence"}
    coverage = cov.fillna(zero).reset_index()[cov_cols].astype(
        {"mentions": int, "articles": int, "in_headline": int, "in_lead": int})

    names = naming(corpus, **options)
    naming_table = names[names["actor_id"] == aid][["outlet", "label", "own", "quoted", "total"]] \
        .reset_index(drop=True)
    nominal = mine[mine["source"] == "nominal"]
    descriptions = (nominal.assign(surface=nominal["surface"].map(lambda s: " ".join(s.split())))
                    .groupby(["outlet", "surface"]).size().reset_index(name="mentions")
                    .sort_values(["outlet", "mentions", "surface"], ascending=[True, False, True], kind="stable")
                    .reset_index(drop=True))

    q = quotes(corpus)
    by = q[q["speaker_actor_id"] == aid]
    # Quotes about the actor: another speaker's quote whose span holds a mention of the actor.
    starts = {d: sorted(g) for d, g in mine.groupby("doc_id")["start"]}
    about = q[[sid != aid and bisect.bisect_left(starts.get(d, []), a) < bisect.bisect_left(starts.get(d, []), b)
               for d, a, b, sid in zip(q["doc_id"], q["start"], q["end"], q["speaker_actor_id"])]]
    voice = pd.DataFrame({"outlet": outlets}).merge(
        by.groupby("outlet").agg(quotes_by=("quote", "size"), quoted_words=("n_words", "sum"),
                                 direct=("kind", lambda s: int((s == "direct").sum())),
                                 indirect=("kind", lambda s: int((s == "indirect").sum())),
                                 mixed=("kind", lambda s: int((s == "mixed").sum()))).reset_index(),
        on="outlet", how="left").merge(about.groupby("outlet").size().rename("quotes_about").reset_index(),
                                       on="outlet", how="left")
    voice = voice.fillna(0).astype({c: int for c in voice.columns if c != "outlet"})
    verbs = (by.assign(cue=by["cue"].fillna(""), verb_class=by["verb_class"].fillna("unknown"))
             .groupby(["outlet", "verb_class", "cue"]).size().reset_index(name="quotes")
             .sort_values(["outlet", "quotes", "verb_class", "cue"], ascending=[True, False, True, True],
                          kind="stable").reset_index(drop=True))
    quote_rows = by[["doc_id", "outlet", "kind", "speaker_mention", "cue", "verb_class", "quote"]] \
        .reset_index(drop=True)
    about_rows = about[["doc_id", "outlet", "speaker", "side", "cue", "verb_class", "quote"]].reset_index(drop=True)

    framing, evidence = _framing_near(corpus, mine)
    pairs = cooccurrence(corpus, **options)
    a_side = pairs[pairs["actor_a"] == aid].rename(columns={"actor_b": "actor_id", "actor_b_name": "actor_name"})
    b_side = pairs[pairs["actor_b"] == aid].rename(columns={"actor_a": "actor_id", "actor_a_name": "actor_name"})
    cols = ["outlet", "actor_id", "actor_name", "sentences", "articles"]
    co = pd.concat([a_side[cols], b_side[cols]], ignore_index=True) \
        .sort_values(["outlet", "sentences", "actor_id"], ascending=[True, False, True], kind="stable") \
        .reset_index(drop=True)
    return ActorProfile(aid, *info, coverage=coverage, naming=naming_table, descriptions=descriptions,
                        voice=voice, verbs=verbs, quotes=quote_rows, quoted_about=about_rows, framing=framing,
                        framing_evidence=evidence, cooccurring=co, outlets=outlets)


def _actor_info(corpus: Corpus, aid: str, mine: pd.DataFrame, dictionary) -> tuple[str, str, str]:
    if len(mine):
        first = mine.iloc[0]
        return str(first["actor_name"]), str(first["actor_type"]), str(first["side"])
    d = corpus_dictionary(corpus, dictionary)
    a = d.by_id[aid]  # resolve_actor only returns ids that are mentioned or in the dictionary
    return a.name, a.type, a.side


def _framing_near(corpus: Corpus, mine: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hedges and loaded terms in the sentences that name the actor: per outlet, and the evidence rows."""
    matches = _framing_matches(corpus)
    ev_cols = ["doc_id", "outlet", "lexicon", "category", "term", "voice", "sentence"]
    sum_cols = ["outlet", "lexicon", "category", "voice", "matches", "terms"]
    if matches.empty or mine.empty:
        return pd.DataFrame(columns=sum_cols), pd.DataFrame(columns=ev_cols)
    matches = matches.assign(sent_no=_sentence_index(corpus, matches))
    named = set(zip(mine["doc_id"], mine["sentence"]))
    near = matches[[(d, s) in named for d, s in zip(matches["doc_id"], matches["sent_no"])]]
    evidence = near.assign(sentence=near["sentence"].map(lambda s: " ".join(str(s).split())))[ev_cols] \
        .sort_values(["doc_id", "lexicon", "category", "term"], kind="stable").reset_index(drop=True)
    summary = (near.groupby(["outlet", "lexicon", "category", "voice"])
               .agg(matches=("term", "size"), terms=("term", lambda t: ", ".join(sorted(set(t)))))
               .reset_index().sort_values(["outlet", "lexicon", "category", "voice"], kind="stable")
               .reset_index(drop=True))
    return summary[sum_cols], evidence


# --------------------------------------------------------------------------- one story

@dataclass
class StoryView:
    """One story's outlets side by side.

    Attributes:
        story_id, label: the story (:func:`analysis.tables.stories.stories`).
        articles: ``outlet, date, title, n_words, doc_id``, by date.
        coverage: ``outlet, articles, words, first, last``: each outlet's articles on the story.
        speakers: ``outlet, rank, speaker, quotes, quoted_words, direct, anonymous``: who each outlet quotes.
        naming: ``actor_name, outlet, label, total``: the words each outlet names the story's main actors with.
        shared: statements two outlets quote alike: ``outlet_a, speaker_a, quote_a, outlet_b, quote_b, score``.
        unique: quotes no other outlet of the story quotes alike: ``outlet, speaker, quote``.
    """

    story_id: str
    label: str
    articles: pd.DataFrame
    coverage: pd.DataFrame
    speakers: pd.DataFrame
    naming: pd.DataFrame
    shared: pd.DataFrame
    unique: pd.DataFrame


def largest_story(corpus: Corpus) -> str:
    """The story with the most articles (ties: most outlets, then id)."""
    st = stories(corpus).merge(corpus.articles[["doc_id", "outlet"]], on="doc_id")
    size = st.groupby("story_id").agg(n=("doc_id", "size"), outlets=("outlet", "nunique")).reset_index()
    if size.empty:
        raise NotInCorpusError(f"{corpus.name}: the corpus holds no article")
    return str(size.sort_values(["n", "outlets", "story_id"], ascending=[False, False, True]).iloc[0]["story_id"])


def story_view(corpus: Corpus, story_id: str = "", *, n_actors: int = 5) -> StoryView:
    """Everything the story report shows for ``story_id`` (empty: the largest story).

    Raises :class:`NotInCorpusError` for a story the corpus does not hold.
    """
    sid = str(story_id) or largest_story(corpus)
    table_ = stories(corpus)
    if sid not in set(table_["story_id"]):
        raise NotInCorpusError(f"{corpus.name}: no story {sid!r} (see the stories table)")
    part = story_corpus(corpus, sid)
    label = str(table_.loc[table_["story_id"] == sid, "story_label"].iloc[0])
    arts = part.articles.assign(date=part.articles["date"].map(
        lambda d: d.strftime("%Y-%m-%d") if pd.notna(d) and hasattr(d, "strftime") else ""))
    articles = arts[["outlet", "date", "title", "n_words", "doc_id"]].sort_values(
        ["date", "outlet", "doc_id"], kind="stable").reset_index(drop=True)
    coverage = (arts.groupby("outlet").agg(articles=("doc_id", "size"), words=("n_words", "sum"),
                                           first=("date", "min"), last=("date", "max"))
                .reset_index().sort_values(["articles", "outlet"], ascending=[False, True], kind="stable")
                .reset_index(drop=True))
    speakers = top_speakers(part, n=5)[["outlet", "rank", "speaker", "quotes", "quoted_words", "direct",
                                        "anonymous"]]
    names = naming(part)
    focus = main_actors(part, n=n_actors)
    naming_table = names[names["actor_id"].isin(focus)][["actor_name", "outlet", "label", "total"]] \
        .reset_index(drop=True)
    pairs = shared_statements(part)
    shared = pairs[["outlet_a", "speaker_a", "quote_a", "outlet_b", "quote_b", "score"]].reset_index(drop=True)
    q = quotes(part)
    q = q[q["n_words"] >= 6]
    matched = set(zip(pairs["doc_id_a"], pairs["start_a"])) | set(zip(pairs["doc_id_b"], pairs["start_b"]))
    alone = q[[(d, s) not in matched for d, s in zip(q["doc_id"], q["start"])]]
    unique = alone.assign(speaker=speaker_label(alone))[["outlet", "speaker", "quote"]] \
        .sort_values(["outlet", "speaker", "quote"], kind="stable").reset_index(drop=True)
    return StoryView(sid, label, articles, coverage, speakers, naming_table, shared, unique)
