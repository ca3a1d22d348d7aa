"""Mentions: the actors one parsed Doc names, as :class:`Mention` tuples.

Small functions over a spaCy ``Doc`` in the manner of textacy's ``extract``:
dictionary actors (the EntityRuler compiled from the corpus's ``actors.yml``,
:func:`analysis.nlp.build_pipeline`), the model's own entities, acronyms
defined in the article ("Syrian Democratic Forces (SDF)": Schwartz & Hearst
2003's definition pattern), and nominal mentions ("the ministry") resolved to
the nearest compatible earlier actor (definite descriptions: Poesio & Vieira
1998).  A possessive phrase the model reads as one entity ("Trump's Twitter",
"Obama's State Department") is its owner, plus the body it names when its
last word is a body noun; nationality and party adjectives ("Russian",
"Republican": ``data/affiliations.yml``) are no mentions but the
``affiliation`` of the mention they modify.  Clustering names across
articles and the tables are :mod:`analysis.tables.actors`.
"""
from __future__ import annotations

import bisect
import re
from typing import TYPE_CHECKING, Iterable, Iterator, NamedTuple

from ..core.dictionary import ActorDictionary
from ..core.lexicons import affiliations, house_style_words, nominal_heads, titles
from ..nlp import sentence_starts as _sentence_starts
from .quotemarks import doc_marks

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["Mention", "AcronymDefinition", "DISCOVERED_TYPES", "dictionary_mentions", "entity_mentions",
           "acronym_definitions", "nominal_mentions", "surname_mentions", "attach_affiliations", "doc_mentions",
           "doc_mention_rows",
           "name_key", "POSSESSIVE"]

# Model entity labels kept as discovered actors, with the actor type guessed for them.
# FAC/LOC are places, not actors, and are left out.
DISCOVERED_TYPES = {"PERSON": "person", "ORG": "organisation", "GPE": "state", "NORP": "state"}




# "the statement" stands for whoever issued the last statement: the subject of
# one of these verbs with "statement" nearby, or of "state" itself.
STATEMENT_NOUNS = frozenset({"statement", "communique", "communiqué", "announcement"})


STATEMENT_VERBS = frozenset({"state", "say", "issue", "announce", "release", "publish", "add"})


# How many sentences back a nominal mention may look for its antecedent.
NOMINAL_WINDOW = 3


_DETERMINERS = frozenset({"the", "this", "that"})


# Lower-case words inside personal names ("Ludwig van Beethoven", "Abdel-Fattah el-Sissi").
NAME_PARTICLES = frozenset({"de", "da", "di", "del", "della", "dos", "du", "van", "von", "der", "den", "ter", "la",
                             "le", "bin", "ibn", "al", "el", "y"})


# Dependency labels under which a surname the model tagged NOUN is still read as a name (subject,
# object, owner: "Swers said", "Trump asked", "Sanders' campaign"); not "compound" ("Price increases").
_SURNAME_NOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "nmod"})


_ACRONYM_FILLERS = frozenset({"of", "the", "and", "for", "on", "in", "de", "al", "&"})


class Mention(NamedTuple):
    """One mention in a Doc.  ``key`` is a dictionary actor id, or ``LABEL:normalised name``."""

    start: int          # character offsets into doc.text
    end: int
    surface: str
    key: str
    source: str         # dictionary | discovered | nominal
    token_start: int
    token_end: int
    affiliation: str = ""  # country or party of a nationality/party adjective modifying it ("Russia")


class AcronymDefinition(NamedTuple):
    """``Long Form (ACR)``: the acronym, its long-form span and the parenthesised acronym's span."""

    acronym: str
    long_start: int      # token offsets of the long form
    long_end: int
    acronym_start: int   # token offset of the acronym inside the parentheses


POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$", re.IGNORECASE)


_EDGE_PUNCT = "\"“”‘’'*_()[],.;:"


def name_key(text: str, *, person: bool = False) -> str:
    """The matching form of a name: lower case, no leading "the", no possessive,
    and for people no leading titles ("General", "Secretary of State", "Mr.")."""
    words = [w.strip(_EDGE_PUNCT) if w not in titles() else w for w in text.lower().split()]
    words = [w for w in words if w]
    if words and words[0] == "the":
        words = words[1:]
    if words:
        words[-1] = POSSESSIVE.sub("", words[-1]) or words[-1]
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
    if ent.label_ == "PERSON":
        # A name is capitalised words and particles: "Donald Trump-led", "Trump 47 percent to" end at the name.
        cut = next((i for i in range(start + 1, end) if not (doc[i].text[:1].isupper() or doc[i].lower_ in
                                                              NAME_PARTICLES or doc[i].text in ".-'’")), end)
        # A title-case headline runs on into the verb ("Marco Rubio Responds To Question"): a name is
        # nouns, so it ends at a verb the parser found after two words or more.
        end = next((i for i in range(start + 2, cut) if doc[i].pos_ in ("VERB", "AUX")), cut)
        while end > start and doc[end - 1].text in "-'’":
            end -= 1
    else:
        # A poll figure run into a name ("Clinton led Trump 47 percent to 39"): the name ends at the
        # number that a lower-case word follows inside the entity.
        end = next((i for i in range(start + 1, end - 1) if doc[i].like_num and doc[i + 1].is_alpha
                    and doc[i + 1].is_lower), end)
    if start >= end:
        return None
    span = doc[start:end]
    first_alpha = next((c for c in span.text if c.isalpha()), "")
    return span if first_alpha.isupper() else None


def _is_possessive(tok) -> bool:
    """'s, or the bare apostrophe of a plural possessive ("Fox News' Bret Baier")."""
    if tok.tag_ == "POS" or tok.lower_ in ("'s", "’s"):
        return True
    return tok.text in ("'", "’") and tok.i > 0 and tok.doc[tok.i - 1].lower_.endswith("s") \
        and not tok.doc[tok.i - 1].whitespace_


def _possessive_parts(ent: "Span") -> list[tuple["Span", str]]:
    """``(span, label)`` parts of a model entity: the entity itself, or for a possessive phrase
    ("Trump's Twitter", "Obama's State Department") its owner (with the entity's label) and, when
    the rest ends in a body noun of ``data/nominal_heads.yml`` ("Department"), the rest as an ORG."""
    doc = ent.doc
    cut = next((t.i for t in ent[:-1] if _is_possessive(t) and t.i > ent.start), None)
    if cut is None:
        return [(ent, ent.label_)]
    parts = [(doc[ent.start:cut], ent.label_)]
    rest = doc[cut + 1:ent.end]
    if len(rest) and rest[-1].lower_ in nominal_heads():
        parts.append((rest, "ORG"))
    return parts


def entity_mentions(doc: "Doc", *, labels: Iterable[str] = tuple(DISCOVERED_TYPES)) -> Iterator[Mention]:
    """Model entities of ``labels`` that no dictionary alias covers, keyed ``LABEL:name_key``.

    A possessive phrase yields its owner and the body it names (:func:`_possessive_parts`);
    a nationality or party adjective (NORP "Russian", "Republican") yields nothing (it is an
    attribute, :func:`attach_affiliations`); a party's member noun ("Republicans") is the party."""
    wanted = frozenset(labels)
    aff = affiliations()
    for ent in doc.ents:
        if ent.ent_id_ or ent.label_ not in wanted:
            continue
        for part, label in _possessive_parts(ent):
            mention = _entity_mention(part, label, aff)
            if mention is not None:
                yield mention


def _entity_mention(ent: "Span", label: str, aff) -> Mention | None:
    span = _trim(ent)
    if span is None:
        return None
    plain = name_key(span.text)
    if plain in aff.adjectives:
        return None  # "Russian", "Republican" under any label: an attribute (attach_affiliations)
    if label in ("NORP", "ORG"):
        if plain in aff.members:
            return Mention(span.start_char, span.end_char, span.text, f"ORG:{aff.members[plain].lower()}",
                           "discovered", span.start, span.end)
    key = name_key(span.text, person=label == "PERSON")
    if label != "PERSON":
        # "Major-General Igor Konashenkov" tagged ORG: a title before a full name makes a person.
        as_person = name_key(span.text, person=True)
        if as_person != key and len(as_person.split()) >= 2:
            label, key = "PERSON", as_person
    if not key:
        return None
    return Mention(span.start_char, span.end_char, span.text, f"{label}:{key}", "discovered", span.start, span.end)


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
    type is one the noun can describe (``data/nominal_heads.yml``); "the statement" goes
    to the subject of the last statement verb (``_statement_issuer``).  A
    greedy most-recent-compatible-antecedent rule, the baseline of
    Hobbs-style resolution for definite NPs (Vieira & Poesio, "An empirically
    based system for processing definite descriptions", Computational
    Linguistics 26(4), 2000).
    """
    names = names or {}
    heads = nominal_heads()
    starts = sentence_starts if sentence_starts is not None else _sentence_starts(doc)
    covered = set()
    for m in mentions:
        covered.update(range(m.token_start, m.token_end))
    ordered = sorted(mentions, key=lambda m: m.token_start)
    ordered_starts = [m.token_start for m in ordered]
    found: list[Mention] = []
    for i in range(1, len(doc)):
        tok = doc[i]
        noun = tok.lower_
        if noun not in heads and noun not in STATEMENT_NOUNS:
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
                ok = noun in words or types.get(ante.key) in heads[noun]
            if ok:
                span = doc[i - 1:i + 1]
                m = Mention(span.start_char, span.end_char, span.text, ante.key, "nominal", i - 1, i + 1)
                found.append(m)
                yield m
                break


def surname_mentions(doc: "Doc", mentions: list[Mention]) -> Iterator[Mention]:
    """The surname of a person named in full in the article, where the model tagged it as no
    person entity ("Cruz dropped out", "attacks against Rubio" read as a facility).

    A capitalised proper-noun token equal to the last word of a PERSON mention of two words or
    more, outside every mention, not inside a longer name (no proper noun before it but a title,
    none after it) and not a modifier ("the Clinton campaign", "Trump Tower").  The exact-match
    step of the deterministic coreference sieves (Lee et al., "Deterministic coreference
    resolution based on entity-centric, precision-ranked rules", Computational Linguistics
    39(4), 2013), restricted to surnames.
    """
    suffixes = house_style_words().suffixes
    surnames = {}
    for m in mentions:
        if m.key.startswith("PERSON:") and m.token_end - m.token_start >= 2:
            words = [t for t in doc[m.token_start:m.token_end] if t.is_alpha and t.lower_ not in suffixes]
            if len(words) >= 2 and words[-1].text[:1].isupper():
                surnames.setdefault(words[-1].text, words[-1].lower_)
    if not surnames:
        return
    covered = set()
    for m in mentions:
        covered.update(range(m.token_start, m.token_end))
    for tok in doc:
        if tok.text not in surnames or tok.i in covered:
            continue
        # The small model often reads a sentence-initial surname as a common noun ("Swers said",
        # "Sanders' campaign"): a noun outside every entity counts as the argument of a verb or an owner.
        if tok.pos_ != "PROPN" and not (tok.pos_ == "NOUN" and not tok.ent_type_ and tok.dep_ in _SURNAME_NOUN_DEPS):
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        prev = doc[tok.i - 1] if tok.i else None
        if nxt is not None and nxt.pos_ == "PROPN":
            continue
        if prev is not None and prev.pos_ == "PROPN" and prev.lower_ not in titles() \
                and prev.lower_ + "." not in titles():
            continue
        if tok.dep_ == "compound" and tok.head.pos_ in ("NOUN", "PROPN"):
            continue
        yield Mention(tok.idx, tok.idx + len(tok), tok.text, f"PERSON:{surnames[tok.text]}", "discovered",
                      tok.i, tok.i + 1)


def attach_affiliations(doc: "Doc", mentions: list[Mention]) -> list[Mention]:
    """Each mention with the country or party of a nationality/party adjective that modifies it
    ("Russian Foreign Minister Sergey Lavrov" -> Russia, "Republican Sen. Ted Cruz" -> Republican Party).

    The adjective (an entity, usually NORP, of ``data/affiliations.yml``) modifies the mention its syntactic
    head reaches, following at most three ``amod``/``compound``/``nmod``/``appos`` arcs (the
    noun phrase the parser built); the first mention on the way wins.
    """
    adjectives = affiliations().adjectives
    owner = {}
    for i, m in enumerate(mentions):
        for t in range(m.token_start, m.token_end):
            owner.setdefault(t, i)
    found: dict[int, str] = {}
    for ent in doc.ents:
        if ent.ent_id_:
            continue
        country = adjectives.get(name_key(ent.text))
        if country is None:
            continue
        tok = ent.root
        for _ in range(3):
            if tok.dep_ not in ("amod", "compound", "nmod", "appos", "npadvmod") or tok.head is tok:
                break
            tok = tok.head
            if tok.i in owner and not (ent.start <= tok.i < ent.end):
                found.setdefault(owner[tok.i], country)
                break
    return [m._replace(affiliation=found[i]) if i in found else m for i, m in enumerate(mentions)]


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
    mentions += list(surname_mentions(doc, mentions))
    by_id = dictionary.by_id if dictionary else {}
    types = {m.key: by_id[m.key].type if m.key in by_id else DISCOVERED_TYPES.get(m.key.split(":", 1)[0], "")
             for m in mentions}
    names = {k: a.name for k, a in by_id.items()}
    mentions += list(nominal_mentions(doc, mentions, types=types, names=names))
    mentions = attach_affiliations(doc, mentions)
    mentions.sort(key=lambda m: (m.start, m.end))
    return mentions


def doc_mention_rows(doc: "Doc", *, dictionary: ActorDictionary | None = None
                     ) -> list[tuple[Mention, int, bool]]:
    """One article's mentions with their 0-based sentence index and whether they are inside quoted speech.

    Everything about a mention that depends on its article alone; the
    corpus-wide clustering of discovered names (:mod:`analysis.tables.actors`) comes after.
    """
    quotes = doc_marks(doc)
    starts = _sentence_starts(doc)
    return [(m, bisect.bisect_right(starts, m.token_start) - 1, quotes.contains(m.start, m.end))
            for m in doc_mentions(doc, dictionary=dictionary)]

