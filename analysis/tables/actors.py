"""Actors: who appears in each outlet's story, and the words each outlet uses to name them.

Extraction follows textacy's ``extract`` modules: small functions over a
parsed spaCy ``Doc`` that yield NamedTuples.  One parse per article
(:func:`analysis.nlp.parse`) gives dictionary actors (the EntityRuler built
from the corpus's ``actors.yml``) and the model's own entities together;
this module adds acronym definitions, nominal mentions ("the ministry"),
name-variant clustering across articles, and the tables.

Public tables: :func:`actors` (one row per mention), :func:`actor_coverage`,
:func:`naming`, :func:`cooccurrence`, :func:`discovered_actors`.
"""
from __future__ import annotations

import bisect
import csv
import re
from collections import Counter, defaultdict
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple

import pandas as pd
import yaml
from rapidfuzz import fuzz

from .dictionary import ActorDictionary, corpus_dictionary
from .quotemarks import QuoteIndex

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from .corpus import Corpus

__all__ = ["Mention", "AcronymDefinition", "MENTION_COLUMNS", "dictionary_mentions", "entity_mentions",
           "acronym_definitions", "nominal_mentions", "doc_mentions", "doc_mention_rows", "name_key",
           "cluster_person_names",
           "actors", "actor_coverage", "naming", "cooccurrence", "discovered_actors"]

# Model entity labels kept as discovered actors, with the actor type guessed for them.
# FAC/LOC are places, not actors, and are left out.
DISCOVERED_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "state", "NORP": "state"}
# Definite descriptions that can stand for an actor named earlier, with the
# actor types each may refer to; a head word that occurs in the earlier
# actor's name or surface ("the ministry" -> "Russian Defense Ministry") also links.
NOMINAL_HEADS: dict[str, frozenset[str]] = {
    "group": frozenset({"armed group", "organisation"}),
    "organisation": frozenset({"organisation", "international body"}),
    "organization": frozenset({"organisation", "international body"}),
    "alliance": frozenset({"armed group", "international body"}),
    "militia": frozenset({"armed group"}),
    "movement": frozenset({"armed group", "organisation"}),
    "army": frozenset({"military"}),
    "military": frozenset({"military"}),
    "government": frozenset({"government"}),
    "regime": frozenset({"government"}),
    "administration": frozenset({"government"}),
    "ministry": frozenset(), "department": frozenset(), "agency": frozenset(), "coalition": frozenset(),
    "company": frozenset({"organisation"}), "firm": frozenset({"organisation"}),
    "newspaper": frozenset({"media"}), "daily": frozenset({"media"}), "broadcaster": frozenset({"media"}),
    "channel": frozenset({"media"}),
}
# "the statement" stands for whoever issued the last statement: the subject of
# one of these verbs with "statement" nearby, or of "state" itself.
STATEMENT_NOUNS = frozenset({"statement", "communique", "communiqué", "announcement"})
STATEMENT_VERBS = frozenset({"state", "say", "issue", "announce", "release", "publish", "add"})
# How many sentences back a nominal mention may look for its antecedent.
NOMINAL_WINDOW = 3
_DETERMINERS = frozenset({"the", "this", "that"})
_ACRONYM_FILLERS = frozenset({"of", "the", "and", "for", "on", "in", "de", "al", "&"})

MENTION_COLUMNS = ["doc_id", "outlet", "actor_id", "actor_name", "actor_type", "side", "surface", "start",
                   "end", "sentence", "in_quote", "source"]
_CACHE_KEY = "actors.mentions"


class Mention(NamedTuple):
    """One mention in a Doc.  ``key`` is a dictionary actor id, or ``LABEL:normalised name``."""

    start: int          # character offsets into doc.text
    end: int
    surface: str
    key: str
    source: str         # dictionary | discovered | nominal
    token_start: int
    token_end: int


class AcronymDefinition(NamedTuple):
    """``Long Form (ACR)``: the acronym, its long-form span and the parenthesised acronym's span."""

    acronym: str
    long_start: int      # token offsets of the long form
    long_end: int
    acronym_start: int   # token offset of the acronym inside the parentheses


# --------------------------------------------------------------------------- data files

def _data_lines(name: str) -> list[str]:
    text = resources.files("analysis.data").joinpath(name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Lower-cased titles and honorifics (``analysis/data/titles.txt``)."""
    return frozenset(_data_lines("titles.txt"))


@lru_cache(maxsize=1)
def nicknames() -> dict[str, frozenset[str]]:
    """Given name or nickname -> the set of given names it may stand for (``analysis/data/nicknames.csv``)."""
    table: dict[str, set[str]] = defaultdict(set)
    for row in csv.DictReader(_data_lines("nicknames.csv")):
        table[row["nickname"]].add(row["given_name"])
        table[row["given_name"]].add(row["given_name"])
    return {k: frozenset(v) for k, v in table.items()}


# --------------------------------------------------------------------------- names

_POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$", re.IGNORECASE)
_EDGE_PUNCT = "\"“”‘’'*_()[],.;:"


def name_key(text: str, *, person: bool = False) -> str:
    """The matching form of a name: lower case, no leading "the", no possessive,
    and for people no leading titles ("General", "Secretary of State", "Mr.")."""
    words = [w.strip(_EDGE_PUNCT) if w not in titles() else w for w in text.lower().split()]
    words = [w for w in words if w]
    if words and words[0] == "the":
        words = words[1:]
    if words:
        words[-1] = _POSSESSIVE.sub("", words[-1]) or words[-1]
    if person:
        stripped = True
        while stripped and len(words) > 1:
            stripped = False
            for n in (3, 2, 1):
                if len(words) > n and " ".join(words[:n]) in titles():
                    words, stripped = words[n:], True
                    break
                # "Gen." arrives as "gen" after punctuation stripping
                if n == 1 and len(words) > 1 and (words[0] + ".") in titles():
                    words, stripped = words[1:], True
                    break
    return " ".join(words)


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


# --------------------------------------------------------------------------- extraction over one Doc

def dictionary_mentions(doc: "Doc") -> Iterator[Mention]:
    """Entities the dictionary's EntityRuler set (``ent_id_`` is the actor id)."""
    for ent in doc.ents:
        if ent.ent_id_:
            yield Mention(ent.start_char, ent.end_char, ent.text, ent.ent_id_, "dictionary", ent.start, ent.end)


def _trim(ent: "Span") -> "Span | None":
    """Drop a leading determiner and a trailing possessive or punctuation from a model entity."""
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and (doc[start].lower_ in _DETERMINERS or doc[start].is_punct):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    span = doc[start:end]
    first_alpha = next((c for c in span.text if c.isalpha()), "")
    return span if first_alpha.isupper() else None


def entity_mentions(doc: "Doc", *, labels: Iterable[str] = tuple(DISCOVERED_TYPES)) -> Iterator[Mention]:
    """Model entities of ``labels`` that no dictionary alias covers, keyed ``LABEL:name_key``."""
    wanted = frozenset(labels)
    for ent in doc.ents:
        if ent.ent_id_ or ent.label_ not in wanted:
            continue
        span = _trim(ent)
        if span is None:
            continue
        label = ent.label_
        key = name_key(span.text, person=label == "PERSON")
        if label != "PERSON":
            # "Major-General Igor Konashenkov" tagged ORG: a title before a full name makes a person.
            as_person = name_key(span.text, person=True)
            if as_person != key and len(as_person.split()) >= 2:
                label, key = "PERSON", as_person
        if key:
            yield Mention(span.start_char, span.end_char, span.text, f"{label}:{key}", "discovered",
                          span.start, span.end)


def acronym_definitions(doc: "Doc") -> Iterator[AcronymDefinition]:
    """``Syrian Democratic Forces (SDF)``: a capitalised phrase whose initials spell
    the all-capitals word in the parentheses right after it.

    Method: the initial-letter matching of Schwartz & Hearst, "A simple
    algorithm for identifying abbreviation definitions in biomedical text"
    (PSB 2003), restricted to word initials, with function words skipped.
    """
    n = len(doc)
    for i, tok in enumerate(doc):
        if tok.text != "(" or i + 2 >= n or doc[i + 2].text != ")":
            continue
        acr = doc[i + 1].text
        if not (2 <= len(acr) <= 8 and acr.isalpha() and acr.isupper()):
            continue
        letters = acr
        j, k = i - 1, len(letters) - 1
        while j >= 0 and k >= 0:
            word = doc[j].text
            if doc[j].lower_ in _ACRONYM_FILLERS and k < len(letters) - 1:
                j -= 1
                continue
            if word[:1].upper() != letters[k] or not word[:1].isupper():
                break
            k -= 1
            j -= 1
        if k < 0:
            start = j + 1
            while doc[start].lower_ in _ACRONYM_FILLERS:
                start += 1
            yield AcronymDefinition(acr, start, i, i + 1)


def _statement_issuer(doc: "Doc", m: Mention) -> bool:
    head_tok = doc[m.token_end - 1]
    if head_tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = head_tok.head
    if verb.lemma_ == "state":
        return True
    if verb.lemma_ not in STATEMENT_VERBS:
        return False
    return any(t.lower_ in STATEMENT_NOUNS for c in verb.children for t in (c, *c.children))


def nominal_mentions(doc: "Doc", mentions: list[Mention], *, types: dict[str, str],
                     names: dict[str, str] | None = None,
                     sentence_starts: list[int] | None = None) -> Iterator[Mention]:
    """Definite descriptions ("the ministry", "the group", "the statement") tied to
    the nearest earlier actor they can refer to, at most ``NOMINAL_WINDOW`` sentences back.

    An antecedent fits when the head noun occurs in its surface or name, or its
    type is one the noun can describe (``NOMINAL_HEADS``); "the statement" goes
    to the subject of the last statement verb (``_statement_issuer``).  A
    greedy most-recent-compatible-antecedent rule, the baseline of
    Hobbs-style resolution for definite NPs (Vieira & Poesio, "An empirically
    based system for processing definite descriptions", Computational
    Linguistics 26(4), 2000).
    """
    names = names or {}
    starts = sentence_starts if sentence_starts is not None else [s.start for s in doc.sents]
    covered = set()
    for m in mentions:
        covered.update(range(m.token_start, m.token_end))
    ordered = sorted(mentions, key=lambda m: m.token_start)
    ordered_starts = [m.token_start for m in ordered]
    found: list[Mention] = []
    for i in range(1, len(doc)):
        tok = doc[i]
        noun = tok.lower_
        if noun not in NOMINAL_HEADS and noun not in STATEMENT_NOUNS:
            continue
        det = doc[i - 1]
        if det.lower_ not in _DETERMINERS or i in covered or i - 1 in covered or tok.dep_ == "compound":
            continue
        if i + 1 < len(doc) and doc[i + 1].pos_ in ("NOUN", "PROPN"):
            continue  # "the group leader": a different head
        sent = bisect.bisect_right(starts, i) - 1
        window_start = starts[max(0, sent - NOMINAL_WINDOW)]
        lo = bisect.bisect_left(ordered_starts, window_start)
        hi = bisect.bisect_left(ordered_starts, i - 1)
        pool = [m for m in ordered[lo:hi] if m.token_end <= i - 1]
        pool += [m for m in found if window_start <= m.token_start]
        pool.sort(key=lambda m: m.token_start)
        for ante in reversed(pool):
            if noun in STATEMENT_NOUNS:
                ok = ante.source != "nominal" and _statement_issuer(doc, ante)
            else:
                words = set(ante.surface.lower().replace("-", " ").split())
                words |= set(names.get(ante.key, "").lower().split())
                ok = noun in words or types.get(ante.key) in NOMINAL_HEADS[noun]
            if ok:
                span = doc[i - 1:i + 1]
                m = Mention(span.start_char, span.end_char, span.text, ante.key, "nominal", i - 1, i + 1)
                found.append(m)
                yield m
                break


def doc_mentions(doc: "Doc", *, dictionary: ActorDictionary | None = None) -> list[Mention]:
    """All mentions in one Doc: dictionary, discovered (with acronyms defined in the
    article as aliases of their long form) and nominal; sorted by position."""
    mentions = list(dictionary_mentions(doc)) + list(entity_mentions(doc))
    by_token = {}
    for idx, m in enumerate(mentions):
        for t in range(m.token_start, m.token_end):
            by_token[t] = idx
    for d in acronym_definitions(doc):
        owner_idx = by_token.get(d.long_end - 1)
        if owner_idx is not None:
            owner = mentions[owner_idx]
        else:
            span = doc[d.long_start:d.long_end]
            owner = Mention(span.start_char, span.end_char, span.text, f"ORG:{name_key(span.text)}",
                            "discovered", d.long_start, d.long_end)
            mentions.append(owner)
            for t in range(owner.token_start, owner.token_end):
                by_token[t] = len(mentions) - 1
        for tok in doc:
            if tok.text != d.acronym:
                continue
            idx = by_token.get(tok.i)
            if idx is None:
                mentions.append(Mention(tok.idx, tok.idx + len(tok), tok.text, owner.key, owner.source,
                                        tok.i, tok.i + 1))
                by_token[tok.i] = len(mentions) - 1
            elif mentions[idx].source == "discovered" and mentions[idx].key != owner.key:
                # The model's entity around the acronym ("Later NVA"): the acronym is the name.
                mentions[idx] = Mention(tok.idx, tok.idx + len(tok), tok.text, owner.key, owner.source,
                                        tok.i, tok.i + 1)
    by_id = dictionary.by_id if dictionary else {}
    types = {m.key: by_id[m.key].type if m.key in by_id else DISCOVERED_TYPES.get(m.key.split(":", 1)[0], "")
             for m in mentions}
    names = {k: a.name for k, a in by_id.items()}
    mentions += list(nominal_mentions(doc, mentions, types=types, names=names))
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def doc_mention_rows(doc: "Doc", text: str, *, dictionary: ActorDictionary | None = None
                     ) -> list[tuple[Mention, int, bool]]:
    """One article's mentions with their 0-based sentence index and whether they are inside quoted speech.

    Everything about a mention that depends on its article alone; the
    corpus-wide clustering of discovered names (:func:`_resolve`) comes after.
    """
    quotes = QuoteIndex.of(text)
    starts = [s.start for s in doc.sents]
    return [(m, bisect.bisect_right(starts, m.token_start) - 1, quotes.contains(m.start, m.end))
            for m in doc_mentions(doc, dictionary=dictionary)]


# --------------------------------------------------------------------------- corpus tables

def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "actor"


def _extract(corpus: "Corpus", dictionary=None, *, model: str | None = None, n_process: int = 1,
             batch_size: int = 32) -> dict:
    from .nlp import model_name, parse

    actor_dict = corpus_dictionary(corpus, dictionary)
    key = (model_name(model), actor_dict.digest() if actor_dict else "", tuple(corpus.articles["doc_id"]))
    cached = corpus.cache.get(_CACHE_KEY)
    if cached and cached["key"] == key:
        return cached
    from .store import stored_mentions

    # Per-article rows precomputed by analysis.extract, when a store is attached.
    per_doc = stored_mentions(corpus, actor_dict, model=model)
    if per_doc is None:
        docs = parse(corpus, dictionary=actor_dict, model=model, n_process=n_process, batch_size=batch_size)
        per_doc = {doc_id: doc_mention_rows(docs[doc_id], text, dictionary=actor_dict)
                   for doc_id, text in corpus.articles[["doc_id", "text"]].itertuples(index=False)}
    raw = [(doc_id, outlet, m, sentence, in_quote)  # (doc_id, outlet, Mention, sentence, in_quote)
           for doc_id, outlet in corpus.articles[["doc_id", "outlet"]].itertuples(index=False)
           for m, sentence, in_quote in per_doc[doc_id]]
    table, clusters = _resolve(raw, actor_dict)
    result = {"key": key, "mentions": table, "clusters": clusters}
    corpus.cache[_CACHE_KEY] = result
    return result


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
        name = _POSSESSIVE.sub("", name) if not name.endswith("s's") else name
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


def actors(corpus: "Corpus", *, dictionary: "ActorDictionary | str | None" = None, model: str | None = None,
           n_process: int = 1, batch_size: int = 32) -> pd.DataFrame:
    """One row per actor mention.

    Columns: ``doc_id, outlet, actor_id, actor_name, actor_type, side,
    surface`` (the exact text), ``start, end`` (character offsets into
    ``corpus.articles.text``), ``sentence`` (0-based sentence index in the
    article), ``in_quote`` (inside quoted speech, :func:`analysis.quotemarks.quoted_spans`)
    and ``source``: ``dictionary`` (an actor of the dictionary, by an alias or
    a name variant of it), ``discovered`` (a model entity clustered by name)
    or ``nominal`` (a definite description such as "the ministry").
    Sorted by doc_id, start.  The dictionary defaults to the corpus's ``actors.yml``.
    """
    return _extract(corpus, dictionary, model=model, n_process=n_process, batch_size=batch_size)["mentions"].copy()


def _label(surface: str) -> str:
    """A naming label: the surface without a leading "the" and a possessive."""
    words = " ".join(surface.split())
    if words.lower().startswith("the ") and len(words) > 4:
        words = words[4:]
    return _POSSESSIVE.sub("", words) if not words.endswith("s'") else words[:-1]


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


def discovered_actors(corpus: "Corpus", **options) -> pd.DataFrame:
    """Actors found by the model that the dictionary does not list, to grow it.

    Columns: ``actor_id`` (slug), ``name`` (the longest, then most frequent
    full form), ``type`` (guessed from the entity label), ``side``
    (``unknown``), ``mentions, articles, outlets``, ``surfaces`` (distinct
    surface forms, "; "-joined) and ``yaml`` (a ready-to-paste ``actors.yml``
    entry with the name variants as aliases).  Sorted by mentions
    (descending), actor_id.
    """
    ex = _extract(corpus, options.pop("dictionary", None), **options)
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
