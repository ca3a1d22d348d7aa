"""Actors: who appears in each outlet's story, and the words each outlet uses to name them.

The per-article mentions come from :mod:`analysis.extract.mentions` (read
back from the extraction store, or from the shared parse:
:func:`analysis.store.article_rows`); this module clusters discovered names
across the corpus (:func:`cluster_person_names`) and builds the tables:
:func:`actors` (one row per mention), :func:`actor_coverage`,
:func:`naming`, :func:`cooccurrence`, :func:`discovered_actors`.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Iterable

import pandas as pd
import yaml
from rapidfuzz import fuzz

from ..core.dictionary import ActorDictionary, corpus_dictionary
from ..core.lexicons import nicknames
from ..extract.mentions import POSSESSIVE, DISCOVERED_TYPES, name_key
from ..extract.rows import rows_to_mentions
from ..store import article_rows, table

if TYPE_CHECKING:
    from ..core.corpus import Corpus

__all__ = ["MENTION_COLUMNS", "cluster_person_names", "actors", "actor_coverage", "naming", "cooccurrence",
           "discovered_actors", "main_actors"]

MENTION_COLUMNS = ["doc_id", "outlet", "actor_id", "actor_name", "actor_type", "side", "surface", "start",
                   "end", "sentence", "in_quote", "source"]


def _same_given_name(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    nick = nicknames()
    if nick.get(a, frozenset({a})) & nick.get(b, frozenset({b})):
        return True
    return fuzz.ratio(a, b) >= 80  # transliteration variants: sergey / sergei


def cluster_person_names(names: Iterable[str], *, anchors: dict[str, str] | None = None) -> dict[str, str]:
    """Cluster normalised person names; returns ``name -> cluster representative``.

    * Full names (two words or more) with the same surname, or surnames within
      a rapidfuzz ratio of 90 sharing their first two letters (the blocking
      that keeps this near-linear), are one person when their given names
      agree: equal, an initial, a nickname pair (``nicknames.csv``), or a
      rapidfuzz ratio >= 80 (transliterations).
    * A surname alone joins the one person with that surname, if there is
      exactly one.
    * ``anchors`` maps names to dictionary actor ids; a cluster holding one is
      represented by that id.  Otherwise the representative is the cluster's
      longest name (then alphabetical).

    Method: surname blocking plus string similarity, as in record-linkage
    practice (Christen, *Data Matching*, Springer 2012, ch. 4-5).
    """
    anchors = anchors or {}
    names = sorted(set(names) | set(anchors))
    parent = {n: n for n in names}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    full = [n for n in names if len(n.split()) > 1]
    by_surname: dict[str, list[str]] = defaultdict(list)
    for n in full:
        by_surname[n.split()[-1]].append(n)
    # Near-identical surnames (Gerasimov / Gerassimov) share a block.
    blocks: dict[str, list[str]] = defaultdict(list)
    for s in by_surname:
        blocks[s[:2]].append(s)
    surname_root = {s: s for s in by_surname}
    for members in blocks.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if fuzz.ratio(a, b) >= 90:
                    surname_root[b] = surname_root[a]
    groups: dict[str, list[str]] = defaultdict(list)
    for s, ns in by_surname.items():
        groups[surname_root[s]].extend(ns)
    for members in groups.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if _same_given_name(a.split()[0], b.split()[0]):
                    union(a, b)
    for n in names:
        if len(n.split()) == 1 and n in by_surname:
            roots = {find(m) for m in groups[surname_root[n]] if m.split()[-1] == n}
            if len(roots) == 1:
                union(n, roots.pop())
    clusters: dict[str, list[str]] = defaultdict(list)
    for n in names:
        clusters[find(n)].append(n)
    out: dict[str, str] = {}
    for members in clusters.values():
        ids = sorted(anchors[m] for m in members if m in anchors)
        rep = ids[0] if ids else sorted(members, key=lambda m: (-len(m.split()), -len(m), m))[0]
        for m in members:
            out[m] = rep
    return out


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "actor"


@table(persist=False)
def _mention_tables(corpus: "Corpus", dictionary=None, *, model: str | None = None, n_process: int = 1,
                    batch_size: int = 32) -> dict[str, pd.DataFrame]:
    """The mentions table and the discovered clusters, resolved over the corpus's per-article mentions."""
    actor_dict = corpus_dictionary(corpus, dictionary)
    per_doc = article_rows(corpus, "mentions", dictionary=actor_dict, model=model, n_process=n_process,
                           batch_size=batch_size)
    raw = [(doc_id, outlet, m, sentence, in_quote)  # (doc_id, outlet, Mention, sentence, in_quote)
           for doc_id, outlet in corpus.articles[["doc_id", "outlet"]].itertuples(index=False)
           for m, sentence, in_quote in rows_to_mentions(per_doc[doc_id])]
    table_, clusters = _resolve(raw, actor_dict)
    return {"mentions": table_, "clusters": clusters}


def _resolve(raw: list, actor_dict: ActorDictionary | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Map mention keys to actors: dictionary ids as they are, discovered names clustered corpus-wide."""
    by_id = actor_dict.by_id if actor_dict else {}
    anchors = {}
    for actor in by_id.values():
        if actor.type == "person":
            for alias in (actor.name, *(a.text for a in actor.aliases if a.text)):
                if len(alias.split()) > 1:  # full names only: a bare surname must not anchor
                    anchors[name_key(alias, person=True)] = actor.id
    person_names = {m.key.split(":", 1)[1] for _, _, m, _, _ in raw if m.key.startswith("PERSON:")}
    person_rep = cluster_person_names(person_names, anchors=anchors)

    # The model often gives a bare surname another label ("meet Lavrov" as ORG):
    # a one-word name that is the surname of exactly one person joins that person.
    surname_reps: dict[str, set[str]] = defaultdict(set)
    for name, rep in person_rep.items():
        if len(name.split()) > 1:
            surname_reps[name.split()[-1]].add(rep)
    singletons = Counter(person_rep.values())

    def cluster_of(key: str) -> str:
        if key in by_id:
            return key
        label, name = key.split(":", 1)
        if label == "PERSON":
            rep = person_rep[name]
            # A lone one-word "person" with no full name anywhere is as likely a
            # mis-tagged place ("Tabqah"): it shares the non-person cluster of its name.
            if len(name.split()) == 1 and rep == name and singletons[rep] == 1:
                return "N:" + name
            return "P:" + rep
        if " " not in name and len(surname_reps.get(name, ())) == 1:
            return "P:" + next(iter(surname_reps[name]))
        return "N:" + name

    forms: dict[str, Counter] = defaultdict(Counter)
    labels: dict[str, Counter] = defaultdict(Counter)
    for _, _, m, _, _ in raw:
        c = cluster_of(m.key)
        if c in by_id or m.source == "nominal":
            continue
        label = m.key.split(":", 1)[0]
        labels[c][label] += 1
        name = " ".join(m.surface.split())
        name = POSSESSIVE.sub("", name) if not name.endswith("s's") else name
        if c.startswith("P:"):
            words = name.split()
            keyed = name_key(name, person=True).split()
            name = " ".join(words[len(words) - len(keyed):]) if keyed else name
        forms[c][name] += 1
    info: dict[str, tuple[str, str, str, str, str]] = {}
    for aid, actor in by_id.items():
        info[aid] = (aid, actor.name, actor.type, actor.side, "dictionary")
    used = set(by_id)
    for c in sorted(forms):
        if c.startswith("P:") and c[2:] in by_id:
            continue  # a name variant of a dictionary person
        # The longest full form, then the most frequent, then the longer spelling (Joseph over Joe).
        best = sorted(forms[c].items(), key=lambda kv: (-len(kv[0].split()), -kv[1], -len(kv[0]), kv[0]))[0][0]
        slug = base = _slug(best)
        n = 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        label = "PERSON" if c.startswith("P:") else sorted(labels[c].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        info[c] = (slug, best, DISCOVERED_TYPES[label], "unknown", "discovered")
    rows = []
    for doc_id, outlet, m, sent, in_quote in raw:
        c = cluster_of(m.key)
        if c.startswith("P:") and c[2:] in by_id:
            c = c[2:]
        aid, name, atype, side, src = info[c]
        source = "nominal" if m.source == "nominal" else src
        rows.append((doc_id, outlet, aid, name, atype, side, m.surface, m.start, m.end, sent, in_quote, source))
    table = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    table = table.sort_values(["doc_id", "start", "end", "actor_id"], kind="stable").reset_index(drop=True)
    table = table.astype({"start": int, "end": int, "sentence": int, "in_quote": bool})
    clusters = pd.DataFrame([(aid, name, atype, side, forms.get(c, Counter()))
                             for c, (aid, name, atype, side, src) in info.items() if src == "discovered"],
                            columns=["actor_id", "name", "type", "side", "forms"])
    return table, clusters


@table
def actors(corpus: "Corpus", *, dictionary: "ActorDictionary | str | None" = None, model: str | None = None,
           n_process: int = 1, batch_size: int = 32) -> pd.DataFrame:
    """One row per actor mention.

    Columns: ``doc_id, outlet, actor_id, actor_name, actor_type, side,
    surface`` (the exact text), ``start, end`` (character offsets into
    ``corpus.articles.text``), ``sentence`` (0-based sentence index in the
    article), ``in_quote`` (inside quoted speech, :func:`analysis.extract.quotemarks.quoted_spans`)
    and ``source``: ``dictionary`` (an actor of the dictionary, by an alias or
    a name variant of it), ``discovered`` (a model entity clustered by name)
    or ``nominal`` (a definite description such as "the ministry").
    Sorted by doc_id, start.  The dictionary defaults to the corpus's ``actors.yml``.
    """
    return _mention_tables(corpus, dictionary, model=model, n_process=n_process, batch_size=batch_size)["mentions"]


def _label(surface: str) -> str:
    """A naming label: the surface without a leading "the" and a possessive."""
    words = " ".join(surface.split())
    if words.lower().startswith("the ") and len(words) > 4:
        words = words[4:]
    return POSSESSIVE.sub("", words) if not words.endswith("s'") else words[:-1]


@table
def actor_coverage(corpus: "Corpus", **options) -> pd.DataFrame:
    """Actor x outlet coverage.

    Columns: ``actor_id, actor_name, actor_type, side, outlet, mentions,
    per_1000_words`` (mentions per 1,000 words of the outlet's articles),
    ``articles`` (articles naming the actor), ``share_of_articles``,
    ``first_sentence`` (mean 0-based sentence index of the first mention, over
    the articles naming the actor), ``in_headline`` (articles whose title names
    it: one of the actor's surfaces in the corpus occurs in the title) and
    ``in_lead`` (articles naming it in the first two sentences).  Nominal
    mentions count as mentions.  Sorted by actor_name, outlet.
    """
    m = actors(corpus, **options)
    arts = corpus.articles
    words = arts.groupby("outlet")["n_words"].sum()
    n_articles = arts.groupby("outlet")["doc_id"].count()
    titles_by_doc = dict(zip(arts["doc_id"], arts["title"].fillna("")))

    def title_pattern(labels) -> re.Pattern:
        # Acronyms ("IS", "US") match case-sensitively, so "is" in a headline is not Islamic State.
        parts = [rf"(?-i:{re.escape(x)})" if x.isupper() and len(x) <= 5 else re.escape(x) for x in sorted(labels)]
        return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)", re.IGNORECASE)

    surfaces = m[m["source"] != "nominal"].groupby("actor_id")["surface"].agg(
        lambda s: title_pattern({_label(x) for x in s}))
    cols = ["actor_id", "actor_name", "actor_type", "side", "outlet", "mentions", "per_1000_words", "articles",
            "share_of_articles", "first_sentence", "in_headline", "in_lead"]
    if m.empty:
        return pd.DataFrame(columns=cols)
    # One grouped pass, not a groupby per (actor, outlet): report time over a stored corpus is aggregation.
    keys = ["actor_id", "outlet"]
    firsts = m.groupby(keys + ["doc_id"], sort=True)["sentence"].min().reset_index()
    firsts["headline"] = [bool(p.search(titles_by_doc[d])) if (p := surfaces.get(a)) is not None else False
                          for a, d in zip(firsts["actor_id"], firsts["doc_id"])]
    firsts["lead"] = firsts["sentence"] < 2
    per_doc = firsts.groupby(keys, sort=True).agg(articles=("doc_id", "size"), first_sentence=("sentence", "mean"),
                                                  in_headline=("headline", "sum"), in_lead=("lead", "sum"))
    grouped = m.groupby(keys, sort=True)
    out = grouped[["actor_name", "actor_type", "side"]].first()
    out["mentions"] = grouped.size()
    out = out.join(per_doc).reset_index()
    # Python's round on each value, as the tables have always been rounded.
    out["per_1000_words"] = [round(1000 * n / max(int(words[o]), 1), 2) for n, o in zip(out["mentions"], out["outlet"])]
    out["share_of_articles"] = [round(n / n_articles[o], 3) for n, o in zip(out["articles"], out["outlet"])]
    out["first_sentence"] = [round(float(x), 2) for x in out["first_sentence"]]
    out = out.astype({"mentions": int, "articles": int, "in_headline": int, "in_lead": int})[cols]
    return out.sort_values(["actor_name", "outlet"], kind="stable").reset_index(drop=True)


@table
def naming(corpus: "Corpus", **options) -> pd.DataFrame:
    """The naming-choice matrix: actor x outlet x label counts, own voice and in quotes apart.

    Columns: ``actor_id, actor_name, side, outlet, label`` (the surface
    without a leading "the" or a possessive; case kept), ``own`` (mentions in
    the outlet's own voice), ``quoted`` (inside quoted speech) and ``total``.
    Nominal mentions ("the ministry") are left out: they are not names.
    Sorted by actor_name, outlet, total (descending), label.
    """
    m = actors(corpus, **options)
    m = m[m["source"] != "nominal"].assign(label=lambda d: d["surface"].map(_label))
    cols = ["actor_id", "actor_name", "side", "outlet", "label", "own", "quoted", "total"]
    if m.empty:
        return pd.DataFrame(columns=cols)
    g = (m.groupby(["actor_id", "actor_name", "side", "outlet", "label"])["in_quote"]
         .agg(quoted="sum", total="count").reset_index())
    g["quoted"] = g["quoted"].astype(int)
    g["own"] = g["total"] - g["quoted"]
    g = g[cols].sort_values(["actor_name", "outlet", "total", "label"], ascending=[True, True, False, True],
                            kind="stable")
    return g.reset_index(drop=True)


@table
def cooccurrence(corpus: "Corpus", **options) -> pd.DataFrame:
    """Actor pairs named in the same sentence, by outlet.

    Columns: ``outlet, actor_a, actor_a_name, actor_b, actor_b_name``
    (``actor_a < actor_b`` by id), ``sentences`` (sentences naming both) and
    ``articles``.  Sorted by outlet, sentences (descending), actor_a, actor_b.
    """
    m = actors(corpus, **options)
    names = dict(zip(m["actor_id"], m["actor_name"]))
    counts: Counter = Counter()
    docs: dict[tuple, set] = defaultdict(set)
    for (outlet, doc_id, _), ids in m.groupby(["outlet", "doc_id", "sentence"])["actor_id"]:
        unique = sorted(set(ids))
        for i, a in enumerate(unique):
            for b in unique[i + 1:]:
                counts[(outlet, a, b)] += 1
                docs[(outlet, a, b)].add(doc_id)
    rows = [(o, a, names[a], b, names[b], n, len(docs[(o, a, b)])) for (o, a, b), n in counts.items()]
    out = pd.DataFrame(rows, columns=["outlet", "actor_a", "actor_a_name", "actor_b", "actor_b_name",
                                      "sentences", "articles"])
    return out.sort_values(["outlet", "sentences", "actor_a", "actor_b"], ascending=[True, False, True, True],
                           kind="stable").reset_index(drop=True)


@table
def discovered_actors(corpus: "Corpus", **options) -> pd.DataFrame:
    """Actors found by the model that the dictionary does not list, to grow it.

    Columns: ``actor_id`` (slug), ``name`` (the longest, then most frequent
    full form), ``type`` (guessed from the entity label), ``side``
    (``unknown``), ``mentions, articles, outlets``, ``surfaces`` (distinct
    surface forms, "; "-joined) and ``yaml`` (a ready-to-paste ``actors.yml``
    entry with the name variants as aliases).  Sorted by mentions
    (descending), actor_id.
    """
    ex = _mention_tables(corpus, options.pop("dictionary", None), **options)
    m, clusters = ex["mentions"], ex["clusters"]
    rows = []
    by_actor = dict(tuple(m.groupby("actor_id", sort=False)))
    for c in clusters.itertuples(index=False):
        g = by_actor.get(c.actor_id)
        if g is None:
            continue
        surfaces = sorted(set(g.loc[g["source"] != "nominal", "surface"]))
        aliases = sorted({f for f in c.forms if f != c.name})
        entry = {"id": c.actor_id, "name": c.name, "type": c.type, "side": c.side}
        if aliases:
            entry["aliases"] = aliases
        rows.append({"actor_id": c.actor_id, "name": c.name, "type": c.type, "side": c.side,
                     "mentions": len(g), "articles": g["doc_id"].nunique(), "outlets": g["outlet"].nunique(),
                     "surfaces": "; ".join(surfaces),
                     "yaml": yaml.safe_dump([entry], allow_unicode=True, sort_keys=False)})
    out = pd.DataFrame(rows, columns=["actor_id", "name", "type", "side", "mentions", "articles", "outlets",
                                      "surfaces", "yaml"])
    return out.sort_values(["mentions", "actor_id"], ascending=[False, True], kind="stable").reset_index(drop=True)


def main_actors(corpus: "Corpus", *, n: int = 8, **options) -> list[str]:
    """Ids of the ``n`` actors with the most mentions across the corpus (ties by id): a default focus list."""
    m = actors(corpus, **options)
    counts = m.groupby("actor_id").size().reset_index(name="mentions")
    return counts.sort_values(["mentions", "actor_id"], ascending=[False, True])["actor_id"].head(n).tolist()

