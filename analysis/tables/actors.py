"""Actors: who appears in each outlet's story, and the words each outlet uses to name them.

The per-article mentions come from :mod:`analysis.extract.mentions` (read
back from the extraction store, or from the shared parse:
:func:`analysis.store.article_rows`); this module unifies people across the corpus
(:func:`cluster_person_names`, :func:`_resolve`: one person, one actor) and builds the tables:
:func:`actors` (one row per mention), :func:`actor_coverage`,
:func:`naming`, :func:`cooccurrence`, :func:`discovered_actors`.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from functools import lru_cache
from typing import TYPE_CHECKING, Iterable, NamedTuple

import pandas as pd
import yaml
from rapidfuzz import fuzz

from ..core.dictionary import ActorDictionary, corpus_dictionary
from ..core.lexicons import affiliations, house_style_words, nicknames
from ..extract.mentions import POSSESSIVE, DISCOVERED_TYPES, name_key
from ..extract.rows import rows_to_mentions
from ..store import article_rows, table

if TYPE_CHECKING:
    from ..core.corpus import Corpus

__all__ = ["MENTION_COLUMNS", "cluster_person_names", "actors", "actor_coverage", "naming", "cooccurrence",
           "discovered_actors", "main_actors"]

MENTION_COLUMNS = ["doc_id", "outlet", "actor_id", "actor_name", "actor_type", "side", "surface", "start",
                   "end", "sentence", "in_quote", "source", "affiliation", "ambiguous"]


def _same_given_name(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:  # an initial
        return a[0] == b[0]
    if a.split("-")[0] == b or b.split("-")[0] == a:  # a compound given name cut: "abdel-fattah" / "abdel"
        return True
    nick = nicknames()
    if nick.get(a, frozenset({a})) & nick.get(b, frozenset({b})):
        return True
    return fuzz.ratio(a, b) >= 80  # transliteration variants: sergey / sergei


# The Arabic article of a surname, transliterated either way ("el-Sissi", "al-Sisi").
_ARTICLE = re.compile(r"^(?:al|el)-")


class _Name(NamedTuple):
    given: str
    middles: tuple[str, ...]   # initials only ("w", "hw"): a spelled middle name ("rodham") is ignored
    surname: str
    suffix: str                # "jr", "sr", "ii" or ""


@lru_cache(maxsize=1 << 16)
def _parts(name: str) -> _Name:
    """Given name, middle initials, surname and suffix of a normalised full name
    ("george h.w. bush" -> george, (hw,), bush, "")."""
    words = name.split()
    suffix = ""
    suffixes = house_style_words().suffixes
    if len(words) > 2 and words[-1].strip(".,") in suffixes:
        suffix = words[-1].strip(".,")
        words = words[:-1]
    middles = tuple(w.replace(".", "") for w in words[1:-1] if len(w.replace(".", "")) <= 2)
    return _Name(words[0], middles, words[-1], suffix)


def _same_person(a: _Name, b: _Name) -> bool:
    """Two full names with one surname are one person: given names agree (:func:`_same_given_name`),
    suffixes agree (Donald Trump / Donald Trump Jr. are two), and middle initials, where both
    give them, agree (George W. Bush / George H.W. Bush are two)."""
    if a.suffix != b.suffix or not _same_given_name(a.given, b.given):
        return False
    return not (a.middles and b.middles and a.middles != b.middles)


def descriptor_names(full_names: Iterable[str]) -> dict[str, str]:
    """Full names with a descriptor the title list lacks ("comedian sarah silverman") -> the name
    ("sarah silverman"): the rest is a full name of the same list and the first word is neither a
    given name of another full name there nor in ``nicknames.csv``."""
    full = set(full_names)
    given = {n.split()[0] for n in full if len(n.split()) == 2}
    out = {}
    for n in full:
        words = n.split()
        if len(words) > 2 and " ".join(words[1:]) in full and words[0] not in given and words[0] not in nicknames():
            out[n] = " ".join(words[1:])
    return out


def cluster_person_names(names: Iterable[str], *, anchors: dict[str, str] | None = None) -> dict[str, str]:
    """Cluster normalised person names; returns ``name -> cluster representative``.

    * Full names (two words or more) with the same surname, or surnames within
      a rapidfuzz ratio of 85 sharing their first two letters (an Arabic
      article "al-"/"el-" set aside) (the blocking
      that keeps this near-linear), are one person when :func:`_same_person`
      holds: given names equal, an initial, a nickname pair
      (``nicknames.csv``) or a rapidfuzz ratio >= 80 (transliterations);
      suffixes (Jr.) equal; middle initials equal where both names give them.
    * A descriptor before a full name ("comedian sarah silverman") is dropped
      when the rest is a full name of the corpus and the first word is no
      given name of another full name.
    * A surname alone joins the one person with that surname, if there is
      exactly one (corpus-wide; :func:`_resolve` first tries the article).
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
    for n, core in descriptor_names(full).items():
        union(core, n)
    spaced: dict[str, str] = {}
    for n in full:  # "alaa abdel-fattah" = "alaa abdel fattah"
        union(spaced.setdefault(n.replace("-", " "), n), n)
    parts = {n: _parts(n) for n in full}
    by_surname: dict[str, list[str]] = defaultdict(list)
    for n in full:
        by_surname[parts[n].surname].append(n)
    # Near-identical surnames (Gerasimov / Gerassimov) share a block.
    blocks: dict[str, list[str]] = defaultdict(list)
    for s in by_surname:
        blocks[_ARTICLE.sub("", s)[:2]].append(s)
    surname_root = {s: s for s in by_surname}
    for members in blocks.values():
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                if fuzz.ratio(_ARTICLE.sub("", a), _ARTICLE.sub("", b)) >= 85:
                    surname_root[b] = surname_root[a]
    groups: dict[str, list[str]] = defaultdict(list)
    for s, ns in by_surname.items():
        groups[surname_root[s]].extend(ns)
    for members in groups.values():
        # Most specific names first (middle initials, suffix, then longer); a name joins a cluster only
        # when it fits every name there, and a less specific name ("george bush") that fits several
        # clusters (George W. / George H.W.) joins none: union-find would chain them.
        # ("jean-marc ayrault" is more specific than "jean ayrault": hyphenated parts count as words)
        members = sorted(members, key=lambda m: (-len(parts[m].middles), -len(m.replace("-", " ").split()), m))
        clusters_here: list[list[str]] = []
        for m in members:
            fits = [c for c in clusters_here if all(_same_person(parts[m], parts[x]) for x in c)]
            if len(fits) == 1:
                fits[0].append(m)
                union(fits[0][0], m)
            elif not fits or len({find(c[0]) for c in fits}) > 1:
                clusters_here.append([m])
    for n in names:
        if len(n.split()) == 1 and n in by_surname:
            roots = {find(m) for m in groups[surname_root[n]] if parts[m].surname == n}
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


# A surname that several people of the corpus share goes, in an article naming none of them in
# full, to the one who takes at least this share of its in-article resolutions (and at least
# DOMINANT_MIN of them): "Trump" in 2016 politics news.  Otherwise it stays ambiguous.
DOMINANT_SHARE = 0.9
DOMINANT_MIN = 20

# A one-word name the model never tags PERSON alone but tags otherwise this often ("House",
# "Republicans") is no surname, whatever full "person" name ends in it ("Obama White House").
NOT_A_SURNAME_MIN = 3


def _person_keys(raw: list, by_id: dict) -> tuple[dict[str, str], dict[str, set[str]], set[str], set[str]]:
    """Corpus-wide person clusters: ``full name -> representative``, ``surname -> representatives``,
    the one-word names that are no surname (:data:`NOT_A_SURNAME_MIN`) and those the model tags
    PERSON in under a fifth of their bare uses (which join a person only inside an article)."""
    anchors = {}
    for actor in by_id.values():
        if actor.type == "person":
            for alias in (actor.name, *(a.text for a in actor.aliases if a.text)):
                if len(alias.split()) > 1:  # full names only: a bare surname must not anchor
                    anchors[name_key(alias, person=True)] = actor.id
    bare: dict[str, Counter] = defaultdict(Counter)
    full = set()
    for _, _, m, _, _ in raw:
        if ":" not in m.key or m.source == "nominal":
            continue
        label, name = m.key.split(":", 1)
        if " " in name:
            if label == "PERSON":
                full.add(name)
        else:
            bare[name][label == "PERSON"] += 1
    not_surname = {w for w, c in bare.items() if c[True] == 0 and c[False] >= NOT_A_SURNAME_MIN}
    rep = cluster_person_names(full, anchors=anchors)
    surname_reps: dict[str, set[str]] = defaultdict(set)
    for name, r in rep.items():
        if " " in name:
            surname = _parts(name).surname
            if surname not in not_surname:
                surname_reps[surname].add(r)
    return rep, surname_reps, not_surname, {w for w, c in bare.items() if c[True] * 4 < c[False]}


def _person_index(rep: dict[str, str]) -> dict[str, list[_Name]]:
    """Representative -> the parts of its full names (built once, read per article)."""
    out: dict[str, list[_Name]] = defaultdict(list)
    for name, r in rep.items():
        if " " in name:
            out[r].append(_parts(name))
    return out


def _article_people(rows: list, rep: dict[str, str], index: dict[str, list[_Name]],
                    not_surname: set[str]) -> tuple[dict, dict]:
    """One article's people named in full: ``surname -> [(representative, first row)]`` and
    ``given name -> representatives``."""
    first: dict[str, int] = {}
    for i, (_, _, m, _, _) in enumerate(rows):
        if m.key.startswith("PERSON:") and " " in m.key and m.source != "nominal":
            r = rep.get(m.key[7:])
            if r is not None and r not in first and _parts(m.key[7:]).surname not in not_surname:
                first[r] = i
    by_surname: dict[str, list] = defaultdict(list)
    by_given: dict[str, set] = defaultdict(set)
    for r, i in first.items():
        for p in index[r]:
            if (r, i) not in by_surname[p.surname]:
                by_surname[p.surname].append((r, i))
            by_given[p.given].add(r)
    return by_surname, by_given


# The diminutive endings English hypocorisms add to a clipped given name ("Condi", "Bernie", "Freddy"):
# the morphology of pet names (Hanks, Hardcastle & Hodges, "A Dictionary of First Names", Oxford 2006,
# introduction; the same source as nicknames.csv).  A rule of word formation, not a list of names.
_DIMINUTIVE_ENDINGS = ("ie", "ey", "y", "i")


def _given_fits(word: str, given: str) -> bool:
    """A given name alone ("Hillary", "Condi", "Bernie") fits a full name's given name: equal, a nickname
    pair (``nicknames.csv``), or a clipping of it to three letters or more, with or without a diminutive
    ending ("Max" of "Maximilian", "Condi" of "Condoleezza", "Bernie" of "Bernard"): clipping is how
    most English hypocorisms are made, so it covers those the list lacks.  Written by hand: no library
    we use matches hypocorisms."""
    if word == given:
        return True
    if given in nicknames().get(word, ()):
        return True
    stems = {word} | {word[:-len(e)] for e in _DIMINUTIVE_ENDINGS if word.endswith(e)}
    stems |= {st[:-1] for st in stems if len(st) > 3 and st[-1] == st[-2]}  # "freddie" -> "fred"
    return any(len(st) >= 3 and len(given) > len(st) and given.startswith(st) for st in stems)


def _given_person(word: str, by_given: dict[str, set], article_surnames: set[str],
                  surname_reps: dict[str, set[str]], index: dict[str, list[_Name]]) -> str | None:
    """The one person a given name alone stands for in an article: among the people it names in full
    (:func:`_given_fits`), else among the corpus's people whose surname the article uses alone
    ("Congratulating the Verstappen family ... 'Max was outstanding'"); None unless exactly one."""
    found = {r for g, reps in by_given.items() if _given_fits(word, g) for r in reps}
    if not found:
        found = {r for s in article_surnames for r in surname_reps.get(s, ())
                 if any(p.surname == s and _given_fits(word, p.given) for p in index[r])}
    return next(iter(found)) if len(found) == 1 else None


def _pick(candidates: list) -> str:
    """Of several people of one surname named in the article, the one named in full first: news
    style names its subject first and re-names relatives in full ("his brother Eric Paddock").

    Chosen on the development gold (tools/score_actors.py, B-cubed P/R over both corpora): first
    named 0.972/0.901; named in full most often 0.941/0.870; the nearest full name in this or the
    previous sentence, else first named 0.963/0.887 (else most often 0.945/0.867)."""
    return min(candidates, key=lambda c: c[1])[0]


def _display_form(surface: str, person: bool, descriptors: dict[str, str]) -> str:
    """A surface as a name: spaces collapsed, no possessive, and for a person no title or descriptor."""
    name = " ".join(surface.split())
    name = POSSESSIVE.sub("", name) if not name.endswith("s's") else name
    if person:
        words = name.split()
        keyed = name_key(name, person=True)
        keyed = descriptors.get(keyed, keyed).split()
        name = " ".join(words[len(words) - len(keyed):]) if keyed else name
    return name


def _resolve(raw: list, actor_dict: ActorDictionary | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Map mention keys to actors: dictionary ids as they are, discovered names clustered corpus-wide.

    People: full names cluster corpus-wide (:func:`cluster_person_names`).  A one-word name
    (surname, "Mr. Paddock", a surname the model tagged ORG) is first read in its article: the
    person of that surname named in full there (:func:`_pick` when several: Bill and Hillary
    Clinton); a given name alone ("Hillary") likewise.  Otherwise, corpus-wide, the one person
    with that surname; with several, the one who takes :data:`DOMINANT_SHARE` of the surname's
    in-article resolutions, else it stays its own actor, flagged ``ambiguous``.  A one-word
    name that is no surname (:data:`NOT_A_SURNAME_MIN`) never joins a person, so "House" is not
    "Obama White House".
    """
    by_id = actor_dict.by_id if actor_dict else {}
    person_rep, surname_reps, not_surname, mostly_other = _person_keys(raw, by_id)
    descriptors = descriptor_names(person_rep)
    index = _person_index(person_rep)

    def corpus_cluster(key: str) -> str:
        if key in by_id:
            return key
        label, name = key.split(":", 1)
        if " " in name:
            if label == "PERSON" and _parts(name).surname not in not_surname:
                return "P:" + person_rep[name]
            return "N:" + name  # "Obama White House" tagged PERSON is no person
        reps = surname_reps.get(name, ())
        if len(reps) == 1 and (label == "PERSON" or name not in mostly_other):
            return "P:" + next(iter(reps))
        if len(reps) > 1 and (label == "PERSON" or name not in mostly_other):
            top = resolved[name].most_common(1)
            total = sum(resolved[name].values())
            if top and total >= DOMINANT_MIN and top[0][1] >= DOMINANT_SHARE * total:
                return "P:" + top[0][0]
            return "A:" + name  # Bill or Hillary Clinton: an actor of its own, flagged ambiguous
        # A lone one-word "person" with no full name anywhere is as likely a mis-tagged place
        # ("Tabqah"): it shares the non-person cluster of its name.
        return "N:" + name

    by_doc: dict[str, list] = defaultdict(list)
    for row in raw:
        by_doc[row[0]].append(row)
    cluster_at: dict[tuple[str, int, int, str], str | None] = {}
    resolved: dict[str, Counter] = defaultdict(Counter)  # surname -> person -> in-article resolutions
    for doc_id, rows in by_doc.items():
        by_surname, by_given = _article_people(rows, person_rep, index, not_surname)
        alone = {m.key.split(":", 1)[1] for _, _, m, _, _ in rows if m.key.startswith(("PERSON:", "ORG:", "GPE:"))
                 and " " not in m.key and m.source != "nominal"}
        for _, _, m, sent, _ in rows:
            c = None
            if m.key not in by_id and ":" in m.key:
                label, name = m.key.split(":", 1)
                if " " not in name and label in ("PERSON", "ORG", "GPE") and name not in not_surname:
                    if by_surname.get(name):
                        c = "P:" + _pick(by_surname[name])
                        resolved[name][c[2:]] += 1
                    elif label == "PERSON" and (r := _given_person(name, by_given, alone - {name}, surname_reps,
                                                                   index)) is not None:
                        c = "P:" + r
            cluster_at[(doc_id, m.start, m.end, m.key)] = c

    def cluster_of(doc_id: str, m) -> str:
        key = (doc_id, m.start, m.end, m.key)
        if cluster_at[key] is None:
            cluster_at[key] = corpus_cluster(m.key)
        return cluster_at[key]

    form_of: dict[tuple[str, bool], str] = {}
    forms: dict[str, Counter] = defaultdict(Counter)
    labels: dict[str, Counter] = defaultdict(Counter)
    for doc_id, _, m, _, _ in raw:
        c = cluster_of(doc_id, m)
        if c in by_id or m.source == "nominal":
            continue
        label = m.key.split(":", 1)[0]
        labels[c][label] += 1
        person = c[:2] in ("P:", "A:")
        name = form_of.get((m.surface, person))
        if name is None:
            name = form_of[(m.surface, person)] = _display_form(m.surface, person, descriptors)
        forms[c][name] += 1
    info: dict[str, tuple[str, str, str, str, str]] = {}
    for aid, actor in by_id.items():
        info[aid] = (aid, actor.name, actor.type, actor.side, "dictionary")
    used = set(by_id)
    parties = {p.lower(): p for p in affiliations().members.values()}  # "Republicans" is the Republican Party
    for c in sorted(forms):
        if c.startswith("P:") and c[2:] in by_id:
            continue  # a name variant of a dictionary person
        # A full form (two words or more) before a single word; the most frequent, then the longer
        # spelling (Joseph over Joe): "Donald Trump" over "Donald J. Trump" and "Trump".
        best = sorted(forms[c].items(), key=lambda kv: (len(kv[0].split()) < 2, -kv[1], -len(kv[0]), kv[0]))[0][0]
        best = parties.get(c[2:], best) if c.startswith("N:") else best
        slug = base = _slug(best)
        n = 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        label = "PERSON" if c[:2] in ("P:", "A:") else sorted(labels[c].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        info[c] = (slug, best, DISCOVERED_TYPES[label], "unknown", "discovered")
    rows = []
    for doc_id, outlet, m, sent, in_quote in raw:
        c = cluster_of(doc_id, m)
        if c.startswith("P:") and c[2:] in by_id:
            c = c[2:]
        aid, name, atype, side, src = info[c]
        source = "nominal" if m.source == "nominal" else src
        rows.append((doc_id, outlet, aid, name, atype, side, m.surface, m.start, m.end, sent, in_quote, source,
                     m.affiliation or "", c.startswith("A:")))
    table = pd.DataFrame(rows, columns=MENTION_COLUMNS)
    table = table.sort_values(["doc_id", "start", "end", "actor_id"], kind="stable").reset_index(drop=True)
    table = table.astype({"start": int, "end": int, "sentence": int, "in_quote": bool, "ambiguous": bool})
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
    or ``nominal`` (a definite description such as "the ministry"),
    ``affiliation`` (the country or party of a nationality or party adjective
    modifying the mention: "Russian Foreign Minister Sergey Lavrov" -> Russia;
    "" when none; the adjectives themselves are no actors) and ``ambiguous``
    (a surname that several people of the corpus carry, in an article naming
    none of them in full: its own actor, not counted as any of them).
    People are unified across the corpus (:func:`_resolve`).
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
    entry with the name variants as aliases).  A surname left ambiguous
    (``actors``' ``ambiguous``) is no entry.  Sorted by mentions
    (descending), actor_id.
    """
    ex = _mention_tables(corpus, options.pop("dictionary", None), **options)
    m, clusters = ex["mentions"], ex["clusters"]
    rows = []
    by_actor = dict(tuple(m.groupby("actor_id", sort=False)))
    for c in clusters.itertuples(index=False):
        g = by_actor.get(c.actor_id)
        if g is None or g["ambiguous"].all():
            continue  # a surname several people carry is no entry to paste: its people are listed
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


def _abbreviation(name: str) -> tuple[str, bool]:
    """``(form, is_abbreviation)``: "U.S." -> ("US", True); "United States" -> ("US", False), its initials."""
    compact = name.replace(".", "").replace(" ", "")
    if compact.isupper() and compact.isalpha():
        return compact, True
    words = [w for w in re.split(r"[\s\-]+", name) if w and w.lower() not in ("of", "the", "and", "for")]
    return ("".join(w[0] for w in words).upper() if len(words) > 1 else ""), False


def main_actors(corpus: "Corpus", *, n: int = 8, **options) -> list[str]:
    """Ids of the ``n`` most mentioned actors across the corpus (ties by id): the default focus list.

    After person unification (:func:`actors`); a surname left ambiguous (Bill or Hillary Clinton)
    is no focus actor, and an actor whose name repeats one already listed, or abbreviates it
    ("U.S." after "United States"), is a duplicate and skipped.
    """
    m = actors(corpus, **options)
    if "ambiguous" in m:
        m = m[~m["ambiguous"]]
    counts = m.groupby(["actor_id", "actor_name"]).size().reset_index(name="mentions")
    counts = counts.sort_values(["mentions", "actor_id"], ascending=[False, True])
    out: list[str] = []
    names: set[str] = set()
    abbreviations: set[str] = set()   # "US" of "U.S."
    initials: set[str] = set()        # "US" of "United States"
    for aid, name in zip(counts["actor_id"], counts["actor_name"]):
        form, is_abbreviation = _abbreviation(str(name))
        if str(name).casefold() in names or (form and form in abbreviations) or \
                (is_abbreviation and form in initials):
            continue
        names.add(str(name).casefold())
        if form:
            (abbreviations if is_abbreviation else initials).add(form)
        out.append(aid)
        if len(out) == n:
            break
    return out
