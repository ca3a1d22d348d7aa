"""Speakers: the source of a cue, the medium apart from it, and the resolved speaker.

The source is the cue's subject (or the subject of the verb it depends on),
the passive agent, or the object of "according to"; never words inside the
quote (PolNeAR's conventions: Newell, Margolin & Ruths 2018; Pareti 2016's
PARC scheme).  A medium ("a statement", "the newspaper") is kept apart from the
body behind it.  Pronouns and nominal mentions resolve to the nearest
preceding compatible named mention (a salience rule in the spirit of Lappin &
Leass 1994); anonymous sources are marked with their affiliation.  The noun
lists are ``data/speaker_nouns.yml`` (:func:`analysis.core.lexicons.speaker_nouns`).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from functools import lru_cache

from ...core.lexicons import affiliations, nominal_persons, speaker_nouns, speaker_roles
from ...nlp import ents_in, sentence_of, sentence_starts
from ..mentions import NAME_PARTICLES, name_key
from ..quotemarks import QuoteSpan, doc_marks
from .base import _DASHES, _QUOTE_CHARS, _SUBJ, _paragraph_apart, _trim
from .cues import _is_medium
from .roles import _PRONOUN_GENDER, _class_of, role_words


def _source_of(cue) -> tuple[int, int] | None:
    """Token span of the cue's source: subject, passive agent, or the governing verb's subject."""
    if cue.lower_ == "according":
        for to in cue.children:
            if to.lower_ == "to":
                objs = [c for c in to.children if c.dep_ == "pobj"]
                if objs:
                    return _mention_span(objs[0])
        return None
    node = cue
    for _ in range(6):
        # A dash the tagger reads as a noun (U+2015 "―") is no subject.
        subj = [c for c in node.children if c.dep_ in _SUBJ and c.text not in _DASHES]
        if len(subj) > 1:
            # Two subjects: the parser ran a label or a dateline into the clause ('The Latest:
            # Trump urges ...', 'LONDON (Reuters) - Donald Trump said ...').
            # A dash counts when spaced: 'R-Wis.' is a name.
            subj = [c for c in subj if not any(t.text == ":" or t.text in _DASHES and t.whitespace_
                                               for t in node.doc[c.i:node.i])] or subj
        agent = [g for c in node.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if agent:
            return _mention_span(agent[0])
        if subj:
            s = subj[0]
            if s.lower_ in ("it", "there") and s.dep_ == "nsubjpass":
                return None  # "it was reported that": no source
            if s.tag_ in ("WDT", "WP") or s.lower_ in ("who", "which", "that"):
                noun = node.head
                if s.lower_ in ("which", "that") and node.dep_ == "relcl" and noun.dep_ == "dobj" and not _can_speak(noun) \
                        and noun.head.pos_ == "VERB" and any(c.dep_ in _SUBJ for c in noun.head.children):
                    # 'X released data that suggest ...', 'ran a piece that noted ...': the
                    # thing is X's channel, X speaks.
                    return _source_of(noun.head)
                # "Lavrov, who said ...": PolNeAR marks the relative pronoun;
                # the speaker is resolved to the head noun later.
                return (s.i, s.i + 1)
            return _mention_span(s)
        if node.dep_ in ("xcomp", "conj", "advcl", "ccomp", "parataxis", "acomp") \
                and node.head.pos_ in ("VERB", "AUX", "ADJ") \
                and node.head != node:
            # "went so far as to say", "are more likely to say", "..., adding that"
            adjunct = node.dep_ == "advcl" and node.tag_ == "VBG" and node.left_edge.i > 0 \
                and node.doc[node.left_edge.i - 1].text == ","
            node = node.head
            while adjunct and node.dep_ == "ccomp" and node.head.pos_ == "VERB" \
                    and not doc_marks(node.doc).contains(node.head.idx, node.head.idx + 1):
                # 'Carson said he plans a strategy, insisting that ...': a participle set off
                # by a comma tells what the main clause's subject did, not the reported one's.
                node = node.head
            continue
        if node.dep_ in ("pcomp", "pobj") and node.head.dep_ == "prep" and node.head.head.pos_ in ("VERB", "AUX", "ADJ"):
            # "shut down such questions by rejecting ...", "was devoted to criticizing ..."
            node = node.head.head
            continue
        if node.dep_ in ("acl", "relcl") and node.head.pos_ in ("NOUN", "PROPN"):
            noun = node.head
            if _is_medium(noun) and noun.dep_ in ("dobj", "pobj"):
                # "the campaign issued a statement saying ...": the issuer speaks.
                verb = noun.head if noun.dep_ == "dobj" else noun.head.head
                if verb.pos_ in ("VERB", "AUX") and any(c.dep_ in _SUBJ for c in verb.children):
                    node = verb
                    continue
            if not _can_speak(noun) and noun.dep_ in ("dobj", "pobj", "attr", "npadvmod"):
                # 'the council approved a resolution condemning ...', 'pointed to a case to say
                # ...': a thing that cannot speak stands for the clause's subject.
                verb = noun.head.head if noun.dep_ == "pobj" else noun.head
                up = _source_of(verb) if verb.pos_ in ("VERB", "AUX") else None
                if up is not None:
                    return up
            return _mention_span(noun)
        break
    return None


@lru_cache(maxsize=1)
def _speaking_nouns() -> frozenset[str]:
    """Person, anonymous-source and group nouns: a common noun that can be a source."""
    nouns = speaker_nouns()
    return nouns.person | nouns.anonymous | nouns.group


def _can_speak(noun) -> bool:
    """Whether a noun can be a source: a name, a person or group noun, a pronoun."""
    return (noun.pos_ in ("PROPN", "PRON") or noun.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
            or noun.lemma_.lower() in _speaking_nouns())



def _source_outside_quote(cue, quote: QuoteSpan) -> tuple[int, int] | None:
    """The nearest noun phrase between a quote and its cue ('“...,” Trump said'), or right after
    the cue ('“...,” said the senator'), never inside the quote."""
    doc = cue.doc
    sent = sentence_of(doc, cue.i)
    if quote.end <= cue.idx:
        between = [t for t in doc[sent.start:cue.i] if t.idx >= quote.end and t.pos_ in ("PROPN", "NOUN", "PRON")]
        if between:
            a, b = _mention_span(between[-1].head if between[-1].dep_ == "compound" else between[-1])
            a = max(a, between[0].i)
            return a, max(b, a + 1)
    for t in doc[cue.i + 1:sent.end]:
        if t.idx >= quote.start and t.idx < quote.end or t.is_punct:
            break
        if t.pos_ in ("PROPN", "NOUN", "PRON"):
            return _mention_span(t)
    return None


def _fallback_source(cue, content: tuple[int, int]) -> tuple[int, int] | None:
    """The source when the parse gives the cue no subject: the sentence's first subject
    before the cue ('Jeffrey Salkin, a rabbi helping ..., said', which the small model
    often parses as a clause), else the first noun after it ('..., added a Democrat').
    Words inside the content never count."""
    doc = cue.doc
    sent = sentence_of(doc, cue.i)
    marks = doc_marks(doc)

    # A split quote's content runs over its frame ('“A,” added a Democrat. “B.”'): there only
    # the words inside quotation marks are content.
    split = content[0] <= cue.idx < content[1]

    def outside(t) -> bool:
        return not content[0] <= t.idx < content[1] or split and not marks.contains(t.idx, t.idx + 1)

    # The frame starts at its paragraph and outside quotation marks: the parser runs a quote
    # paragraph into the next sentence ('"We need a leader!"\n\nSen. Doe, appearing ..., said').
    first = sent.start
    for k in range(cue.i - 1, sent.start - 1, -1):
        if "\n" in doc[k].text:
            first = k + 1
            break
    lead = [t for t in doc[first:cue.i] if outside(t) and not marks.contains(t.idx, t.idx + 1)]
    subjectless = not any(c.dep_ in _SUBJ for c in cue.children)
    k = cue.i - 1  # the frame's last word before the cue, adverbs and auxiliaries aside
    while k >= first and doc[k].pos_ in ("ADV", "AUX", "PART"):
        k -= 1
    if subjectless and any(t.i == k for t in lead) and doc[k].pos_ in ("PROPN", "NOUN") and _can_speak(doc[k]) \
            and doc[k].ent_type_ not in ("DATE", "TIME"):
        # '..., the Democratic presidential candidate stated', '... Obama and Clinton call': the
        # parser hangs the name just before the cue on the phrase before it (an apposition,
        # an object of 'with').
        a, b = _mention_span(doc[k])
        dashes = [t.i for t in doc[a:doc[k].i] if t.text in _DASHES and t.whitespace_]
        return (dashes[-1] + 1 if dashes else a), b
    for t in lead:
        if t.dep_ in _SUBJ and t.pos_ in ("PROPN", "NOUN", "PRON") and t.lower_ not in ("it", "there"):
            return _mention_span(t)
    for t in lead:
        # No subject: the noun phrase opening the frame, before any verb, is its subject
        # ('Earlier this week, it was reported' has none).
        if t.pos_ in ("VERB", "AUX", "ADP"):
            break
        if t.pos_ in ("PROPN", "NOUN") and t.ent_type_ not in ("DATE", "TIME") \
                and (t.dep_ not in ("compound", "poss", "amod", "nmod", "npadvmod") or t.head.i == cue.i):
            # A compound on the cue itself is its subject: the parser read '“...,” Conway
            # notes' as a noun phrase.
            return _mention_span(t)
    if k >= 0 and doc[k].text == "," and subjectless:
        # 'In his plea, Marcel Lazar, 44, said ...': the parser hangs the name set off by commas
        # on the phrase before it; the first such apposition is the frame's subject.
        for t in lead:
            if t.dep_ == "appos" and t.pos_ in ("PROPN", "NOUN") and t.ent_type_ not in ("DATE", "TIME"):
                return _mention_span(t)
    for t in doc[cue.i + 1:sent.end]:
        if t.dep_ in ("nsubj", "dobj", "attr", "appos") and t.pos_ in ("PROPN", "NOUN") and outside(t):
            return _mention_span(t)
        if not outside(t):
            break
    return None


def _split_medium(doc, src, cue) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(speaker span, medium span): a statement, report or newspaper apart from who is behind it.

    The medium is the source itself when it names a body too ("a Pentagon
    statement", "the ministry's statement", "a report by the UN" -> the
    body speaks), a channel of the cue ("said in a statement", "told the
    newspaper", "wrote on Twitter") or of the verb the cue hangs off ("issued
    a statement saying").
    """
    medium = None
    if src is not None:
        root = doc[src[0]:src[1]].root
        if _is_medium(root):
            medium = src
            body = [c for c in root.children if c.dep_ == "poss"
                    or (c.dep_ == "compound" and c.pos_ == "PROPN") or (c.dep_ == "amod" and c.ent_type_ == "NORP")]
            body += [g for c in root.children if c.dep_ == "prep" and c.lower_ in ("by", "from", "of")
                     for g in c.children if g.dep_ == "pobj" and not _is_medium(g)]
            if body:
                b = body[0]
                src = _mention_span(b) if b.dep_ != "compound" else _compound_span(b)
    if medium is None:
        for node in (cue, cue.head if cue.dep_ == "acl" else None):
            if node is None:
                continue
            if node is not cue and _is_medium(node):
                medium = _mention_span(node)
                break
            for c in node.children:
                objs = [g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" and \
                    c.lower_ in ("in", "on", "through", "via", "to") else [c] if c.dep_ in ("dative", "dobj") else []
                for o in objs:
                    if _is_medium(o) and o.i != cue.i:
                        medium = _mention_span(o)
                        break
                if medium:
                    break
    return src, medium


def _compound_span(tok) -> tuple[int, int]:
    """A compound modifier with its own compounds ('Pentagon', 'White House' in 'a White House statement')."""
    return tok.left_edge.i, tok.i + 1


def _mention_span(tok) -> tuple[int, int]:
    """The noun phrase of a mention without relative clauses, appositions after commas, or 'and ...'."""
    doc = tok.doc
    a = tok.left_edge.i
    b = tok.i + 1
    for c in tok.rights:
        if c.dep_ in ("relcl", "acl", "advcl"):
            break
        b = c.right_edge.i + 1
    # A mention never crosses a paragraph break: the parser runs headlines and the end of
    # the previous paragraph (its closing quotation mark) into the next sentence's subject.
    for k in range(tok.i - 1, a - 1, -1):
        if "\n" in doc[k].text:
            a = k + 1
            break
    for k in range(tok.i + 1, b):
        if "\n" in doc[k].text:
            b = k
            break
    a, b = _trim(doc, a, b)
    while a < tok.i and doc[a].text in _QUOTE_CHARS:  # a stray closing mark of the quote before
        a = _trim(doc, a + 1, b)[0]
    if b <= a:
        a, b = tok.i, tok.i + 1
    return a, b


def _noun_source(cue) -> tuple[int, int] | None:
    """Who holds a noun cue's content: 'his claim', 'the claim by X', 'a Clinton proposal', or the
    subject of the verb the noun belongs to ('Trump voiced support for ...')."""
    for c in cue.children:
        if c.dep_ == "poss":
            return _mention_span(c)
    for c in cue.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            for g in c.children:
                if g.dep_ == "pobj":
                    return _mention_span(g)
    for c in cue.children:
        if c.dep_ in ("compound", "amod") and c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
            return c.left_edge.i, c.i + 1
    head = cue.head.head if cue.dep_ == "pobj" else cue.head
    if cue.dep_ in ("dobj", "nsubj", "attr", "pobj") and head.pos_ in ("VERB", "AUX"):
        return _source_of(head)
    return None


def _construction_source(cue, content: tuple[int, int]) -> tuple[int, int] | None:
    """Source token span of a construction candidate's cue: a noun's holder, a verb's subject."""
    src = _noun_source(cue) if cue.pos_ == "NOUN" else _source_of(cue)
    if src is not None and _paragraph_apart(cue.doc, src, cue.i):
        src = None
    if src is None and cue.pos_ == "VERB":
        src = _fallback_source(cue, content)
    return src


def _source_type(doc, src: tuple[int, int] | None) -> str:
    """Coarse type of a source mention: person, org (ORG/GPE/NORP), pron, propn, noun_person, noun, other, none."""
    if src is None:
        return "none"
    head = doc[src[0]:src[1]].root
    if head.ent_type_ == "PERSON":
        return "person"
    if head.ent_type_ in ("ORG", "GPE", "NORP"):
        return "org"
    if head.pos_ == "PRON" or head.lower_ in ("who", "which", "that"):
        return "pron"
    if head.pos_ == "PROPN":
        return "propn"
    if head.pos_ == "NOUN":
        return "noun_person" if head.lemma_.lower() in (speaker_nouns().person | speaker_nouns().anonymous) else "noun"
    return "other"


_PERSON_PRON = {"he", "she", "him", "her", "i", "me", "we", "us", "you"}


_ORG_PRON = {"it", "they", "them"}


# Salience of a named mention (after Lappin & Leass 1994's factor weights): recency, plus subject,
# object or other argument, plus head-noun emphasis (not a possessive or compound inside another
# noun phrase); times _DECAY for each sentence back, over the sentences of the window.  The
# subject weight, _DECAY, _PROMINENCE and _MATCH_FACTOR were chosen by a small grid (subject 80
# or 200, decay 0.5 or 0.7, prominence 0, 5 or 20, match 2, 4 or 8, window 6 or 10 sentences) on
# the development rows of tools/data/nominal_speakers.tsv (the first two thirds of its articles),
# never on the held-out third; Lappin & Leass's own subject weight (80) and halving cost 4 points
# of recall there.
_RECENCY, _HEAD = 100, 80
_ROLE_WEIGHT = {"nsubj": 200, "nsubjpass": 200, "dobj": 50, "dative": 40, "pobj": 40, "attr": 40}
_WINDOW_SENTENCES = 10
# The subject of the sentence's main clause outranks a subject inside a subordinate or reported
# clause ('Donald Trump said that ... had Hillary Clinton congratulated him'): Kameyama 1998,
# 'Intrasentential centering', a matrix clause's subject is the sentence's centre.
_MATRIX = 100
_DECAY = 0.7
# Every earlier mention of a person anywhere in the article adds this much: the article's
# protagonist is the focus an epithet most often refers to (Poesio & Vieira 1998).
_PROMINENCE = 5
# A description that shares an office or a word with how the text described a person
# ('the Florida senator' -> 'Florida Sen. Marco Rubio') multiplies that person's salience.
_MATCH_FACTOR = 8.0


def _plain(word: str) -> str:
    """A describing word without a plural 's' ('hosts' -> 'host'), to meet the description's noun."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _nominal_antecedent(span, persons) -> str | None:
    """The person a definite description refers back to (``persons``: :class:`~.roles.Person`
    mentions before it, outside quotation marks), or None when no one fits.

    An epithet ('the senator', 'the billionaire businessman', ``data/nominal_persons.yml``)
    picks the most salient person named in the last few sentences (Lappin & Leass 1994's
    salience, summed over the person's mentions, halved per sentence back); a person whose titles,
    appositions or role nouns share the description's office or words ('the Florida senator' ->
    'Florida Sen. Marco Rubio'; ``data/speaker_roles.yml`` equivalences) counts several times
    over.  A role noun news uses for people it does not name ('the spokesman', 'the man', 'the
    source') refers only to a person the text described with it, as does a description tied to
    someone else by a possessive ('the prime minister's spokesman').  A person of the other gender
    never fits.  A definite description refers to its antecedent by a shared head noun, a synonym,
    or as an epithet of the focus (Poesio & Vieira 1998).
    """
    head = span.root
    if not any(t.dep_ == "det" and t.lower_ in ("the", "this", "that") for t in span):
        return None
    doc = span.doc
    roles = speaker_roles()
    nominal = nominal_persons()
    key = head.lower_.replace(".", "")
    lemma = head.lemma_.lower()
    if head.i >= 2 and doc[head.i - 1].text == "-" and not doc[head.i - 2].whitespace_:
        # a hyphenated noun the tokenizer split ('front-runner'): the lists hold it whole
        key = lemma = f"{doc[head.i - 2].lower_}-{lemma}"
    office = roles.equivalent.get(key) or roles.equivalent.get(lemma) or frozenset()
    # an epithet ('the Russian leader') is no anonymous role noun, though 'a leader' may be one
    compounds = {f"{t.lower_} {lemma}" for t in head.children if t.dep_ == "compound"}  # 'the team leader'
    strict = lemma in nominal.described_only or bool(compounds & nominal.described_only) \
        or (lemma in speaker_nouns().anonymous and lemma not in nominal.epithets) \
        or any(t.dep_ == "poss" for t in head.children)
    if not strict and not office and lemma not in nominal.epithets:
        return None
    gender = roles.gender.get(key) or roles.gender.get(lemma) or nominal.gender.get(lemma) or _pronoun_gender(span)
    wanted = office | {lemma, key}
    modifiers = {_key(t) for t in span if t.i != head.i and t.dep_ in ("amod", "compound", "nmod")
                 and not t.is_punct} - {"the"}
    stated = _attributes(modifiers)
    wanted_class = _class_of(role_words(span))
    starts = sentence_starts(doc)
    here = bisect_right(starts, head.i)
    first = starts[max(0, here - _WINDOW_SENTENCES)] if starts else 0
    sentence_start = doc[starts[here - 1]].idx if starts else 0
    key_at, key_of = _person_keys(persons)
    groups: dict[str, list] = {}
    for p in persons:
        groups.setdefault(key_of(p), []).append(p)
    # Every mention of a known surname in the window counts, whatever the model's entity label
    # ('Sanders' tagged ORG or nothing): one pass over the window's words.
    marks = doc_marks(doc)
    said: dict[str, list] = defaultdict(list)

    def salience(tokens, at: int) -> float:
        return sum((_RECENCY + _ROLE_WEIGHT.get(t.dep_, 0) + (0 if t.dep_ in ("poss", "compound") else _HEAD)
                    + (_MATRIX if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" else 0))
                   * _DECAY ** (at - bisect_right(starts, t.i)) for t in tokens)

    for tok in doc[first:span.start]:
        if (tok.pos_ == "PROPN" or tok.pos_ == "NOUN" and tok.is_title) and not marks.contains(tok.idx, tok.idx + 1) \
                and (tok.i + 1 == len(doc) or doc[tok.i + 1].pos_ != "PROPN" or doc[tok.i + 1].tag_ == "POS"):
            name = key_at(_POSSESSIVE.sub("", tok.lower_), tok.idx)
            if name in groups:
                said[name].append(tok)
    # The subject of a clause that holds the description is someone else: a description, like a
    # name, is never bound in its sentence (Chomsky 1981, binding principle C): 'Mr. Trump took on
    # Hillary Clinton after the Democratic front-runner had said ...'.
    # Not across coordination: in 'Christie attacked Rubio, and the New Jersey governor tripped him
    # up' the first conjunct's subject does not c-command the second's.
    ancestors = set()
    t = head
    while t.head.i != t.i and t.dep_ != "conj":
        t = t.head
        ancestors.add(t)
    bound = {name for name, toks in said.items()
             for t in toks if t.dep_ in ("nsubj", "nsubjpass") and t.head in ancestors}

    def described(mentions) -> frozenset[str] | None:
        """How the text described a person before the description's sentence (the parser hangs
        a description on a name before it: 'hosts X and Y, the Democratic candidate stated'), or
        None when the person cannot be meant: the other gender (by most of the pronouns after its
        mentions), another party or country ('the Republican nominee' is no Democrat)."""
        earlier = [q for q in mentions if q.start < sentence_start]
        words = frozenset().union(*(q.words for q in earlier)) if earlier else frozenset()
        words |= {_plain(w) for w in words}
        told = Counter(q.gender for q in mentions if q.gender).most_common()
        if gender and told and told[0][0] != gender and (len(told) == 1 or told[0][1] > told[1][1]):
            return None
        # another party, country or state: 'the Florida senator' is no 'Sen. Joni Ernst, R-Iowa'
        sides = _attributes(words)
        if any(stated.get(k) and sides.get(k) and not stated[k] & sides[k] for k in stated):
            return None
        return words

    best, best_score = None, 0.0
    for name, mentions in groups.items():
        recent = said.get(name)
        if not recent or name in bound:
            continue
        words = described(mentions)
        if words is None:
            continue
        match = bool(words & wanted)
        if strict and not match:
            continue
        score = _PROMINENCE * len(mentions) + salience(recent, here)
        if match:
            score *= _MATCH_FACTOR
        if any(f"{m} {w}" in words for m in modifiers for w in wanted):
            score *= _MATCH_FACTOR  # 'the Florida senator' -> 'Florida Sen. Marco Rubio'
        if any(stated[k] & _attributes(words).get(k, set()) for k in stated if k != "state"):
            # 'the Russian leader' -> 'the Russian president, Vladimir V. Putin'; a state only rules out
            # ('Florida primary winner Donald Trump' is no Florida senator)
            score *= _MATCH_FACTOR
        if not match and (wanted_class and _class_of(words) not in (None, wanted_class)
                          or office and words & _specific_offices()):
            # described as something else, another class or another office: 'CNN's Gloria Borger' is
            # not 'the senator', 'campaign chairman Paul Manafort' not 'the candidate'
            score /= _MATCH_FACTOR
        if score > best_score:
            best, best_score = mentions, score
    if best is None and office and not strict:
        # No one named in the last sentences: the nearest person the article gave that office
        # ('President Obama' in the opening line, 'the president' paragraphs later).
        for p in reversed(persons):
            if p.words & office:
                same = groups[key_of(p)]
                best = same if described(same) is not None else None
                break
    if best is None:
        return None
    return max((_POSSESSIVE.sub("", q.name) for q in best), key=len)


_POSSESSIVE = re.compile(r"\s*['’]s?$")


@lru_cache(maxsize=1)
def _specific_offices() -> frozenset[str]:
    """The office words that tell one office from another: not the generic 'leader', 'chief', 'head',
    'director', nor a candidacy (a senator, a governor and a mayor run for office too)."""
    equivalent = speaker_roles().equivalent
    generic = set().union(*(equivalent[w] for w in ("leader", "director", "candidate")))
    return frozenset(w for w in equivalent if w not in generic)


def _attributes(words) -> dict[str, set[str]]:
    """The parties, countries and US states a set of describing words gives, by kind."""
    aff = affiliations()
    out: dict[str, set[str]] = {}
    for w in words:
        if w in aff.adjectives:
            value = aff.adjectives[w]
            out.setdefault("party" if value in aff.parties else "country", set()).add(value)
        if w in aff.states:
            out.setdefault("state", set()).add(aff.states[w])
    return out


def _person_keys(persons):
    """Who is who among the named people of an article, by name: ``key_at(surname, offset)`` is the
    person a surname written at ``offset`` stands for, ``key_of(person)`` a mention's person.  A
    given name and a surname make a person ('Bill Clinton' and 'Hillary Clinton' are two, 'Donald J.
    Trump' and 'Donald Trump' one); a surname alone, or with a title ('Mr. Trump', 'Sen. Rubio'), is
    the last person of that surname named in full before it (the first after it, for a headline),
    else the surname."""
    full: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for p in persons:
        words = name_key(p.name, person=True).split()  # titles off: 'Sen. Ted Cruz' -> 'ted cruz'
        given = words[0].strip(".") if len(words) > 1 else ""
        if len(given) > 1 and given not in NAME_PARTICLES:  # 'De Blasio' is Bill de Blasio
            full[_surname(p.name)].append((p.start, f"{given} {_surname(p.name)}"))
    starts = {surname: [start for start, _ in named] for surname, named in full.items()}

    def key_at(surname: str, offset: int) -> str:
        named = full.get(surname)
        if not named:
            return surname
        i = bisect_right(starts[surname], offset)
        return named[i - 1][1] if i else named[0][1]

    return key_at, lambda p: key_at(_surname(p.name), p.start)


def _medium_issuer(span) -> str | None:
    """Who is behind 'the statement', 'the ad', 'the letter': the subject of the verb that had the
    same medium noun as its object a few sentences before ('the Holocaust Museum issued a
    statement ... the statement urged'; 'Sanders is releasing a new ad ... The ad says'), or the
    agent it was issued by ('a statement (was) issued by the Sanders campaign').  A name only: a pronoun
    or a common noun subject leaves the medium as it is.  Direct anaphora (Poesio & Vieira 1998)."""
    head = span.root
    if not _is_medium(head) or not any(t.dep_ == "det" and t.lower_ in ("the", "this", "that") for t in span):
        return None
    doc = span.doc
    starts = sentence_starts(doc)
    here = bisect_right(starts, head.i)
    first = starts[max(0, here - _WINDOW_SENTENCES)] if starts else 0
    lemma = head.lemma_.lower()
    for tok in reversed(doc[first:span.start]):
        if tok.lemma_.lower() != lemma or tok.pos_ != "NOUN":
            continue
        verbs = [c for c in tok.children if c.dep_ == "acl"] + ([tok.head] if tok.dep_ == "nsubjpass" else [])
        agents = [g for v in verbs for a in v.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
        subjects = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")] \
            if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" else []
        for who in agents + subjects:
            named = [e for e in ents_in(doc, who.i, who.i + 1) if e.label_ in ("PERSON", "ORG", "NORP", "GPE")]
            if named:
                return _trim_det(named[0].text)
            phrase = doc[who.left_edge.i:who.i + 1]
            if any(t.pos_ == "PROPN" for t in phrase):  # 'the Holocaust Museum', 'the Sanders campaign'
                return _trim_det(phrase.text)
        return None  # the nearest same medium decides
    return None


def _trim_det(text: str) -> str:
    return re.sub(r"^(?:the|The)\s+", "", text)


def _pronoun_gender(span) -> str | None:
    """The gender of the first 'he'/'his'/'she'/'her' after a mention, in its sentence or the next,
    before any other person is named: 'the senator has vowed to take his campaign ...'."""
    doc = span.doc
    stop = sentence_of(doc, span.end - 1).end
    if stop < len(doc):
        stop = sentence_of(doc, stop).end
    for t in doc[span.end:stop]:
        if t.ent_type_ == "PERSON":
            return None
        if t.dep_ in ("dobj", "dative") and t.head == span.root.head and span.root.dep_ in ("nsubj", "nsubjpass"):
            # the object of the description's own verb is someone else ('the president told her'):
            # a pronoun is free in its clause (Chomsky 1981, binding principle B)
            continue
        g = _PRONOUN_GENDER.get(t.lower_)
        if g:
            return g
    return None


def _surname(name: str) -> str:
    """The last word of a name, without a possessive or a suffix ('Harris Jr.' -> 'harris')."""
    words = [_POSSESSIVE.sub("", w).strip(".,").lower() for w in name.split()]
    words = [w for w in words if w and w not in ("jr", "sr", "ii", "iii")]
    return words[-1] if words else name.lower()


def _key(tok) -> str:
    return tok.lower_.replace(".", "")


def _speaker_info(doc, src: tuple[int, int] | None, history: list[tuple[str, str]], people=()):
    """(mention, resolved speaker, anonymous, affiliation) for a source token span;
    ``people``: the named people before it (:func:`.roles.people`), for definite descriptions."""
    if src is None:
        return None, None, False, None
    a, b = src
    span = doc[a:b]
    mention = span.text
    head = span.root
    # A common-noun apposition describes the source ("The SDF, an alliance of Kurd and Arab
    # fighters"); names inside it are not the speaker.
    aside = {t.i for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN" for t in c.subtree}
    ents = [e for e in ents_in(doc, a, b) if e.label_ in ("PERSON", "ORG", "NORP", "GPE") and e.start not in aside]
    persons = [e for e in ents if e.label_ == "PERSON"]
    if persons:
        return mention, persons[-1].text, False, None
    low = head.lower_
    if low in ("who", "which", "that") and head.head.dep_ == "relcl":
        noun = head.head.head
        n = [e for e in ents_in(doc, noun.i, noun.i + 1) if e.start <= noun.i < e.end]
        return mention, (n[0].text if n else noun.text), False, None
    if head.pos_ == "PRON" or low in _PERSON_PRON | _ORG_PRON:
        want = "PERSON" if low in ("he", "she", "him", "her") else "ORG" if low in _ORG_PRON else None
        if want is None:
            return mention, mention, False, None
        for name, kind in reversed(history):
            # 'it' is never a nationality adjective ('Russian aviation'); 'they' may be ('the Russians').
            if kind == want or (want == "ORG" and kind == "NORP" and low in ("they", "them")):
                return mention, name, False, None
        return mention, mention, False, None
    orgs = [e for e in ents if e.label_ == "ORG"]
    determiners = {t.lower_ for t in span if t.dep_ == "det"}
    affiliation = next((e.text for e in ents if e.label_ in ("ORG", "NORP", "GPE")), None)
    if affiliation is None:
        adj = [t for t in span if t.dep_ == "amod" and t.ent_type_ in ("NORP", "GPE")]
        affiliation = adj[0].text if adj else None
    hl = head.lemma_.lower()
    if hl in speaker_nouns().anonymous and (determiners & {"a", "an", "some", "several", "two", "three", "many"}
                              or (head.tag_ == "NNS" and not determiners) or hl == "source"):
        return mention, mention, True, affiliation
    if orgs and head.ent_type_:
        return mention, orgs[-1].text, False, None
    if head.pos_ in ("NOUN", "PROPN") and not head.ent_type_ == "PERSON":
        person = _nominal_antecedent(span, people) or _medium_issuer(span)
        if person:
            return mention, person, False, None
    if "the" in determiners and head.pos_ == "NOUN":
        want = "PERSON" if hl in speaker_nouns().person else "ORG"
        for name, kind in reversed(history[-8:]):
            if kind == want and head.lower_ in name.lower():
                return mention, name, False, None
    return mention, mention, False, None


_SALIENT_CHARS = 1200  # about two news paragraphs


def _speaker_kind(doc, src: tuple[int, int]) -> str:
    """'PERSON' or 'ORG': which pronoun ('he'/'she' or 'it'/'they') can refer back to a source."""
    head = doc[src[0]:src[1]].root
    if head.lower_ in ("it", "they", "them"):
        return "ORG"
    return "PERSON" if _personal_source(doc, src) else "ORG"


def _personal_source(doc, src: tuple[int, int] | None) -> bool:
    """Whether a source mention names a person: a PERSON entity, a personal pronoun or a
    person noun ('the senator')."""
    if src is None:
        return False
    span = doc[src[0]:src[1]]
    head = span.root
    return (any(e.label_ == "PERSON" for e in ents_in(doc, *src))
            or (head.pos_ == "PRON" and head.lower_ in _PERSON_PRON)
            or (head.pos_ == "NOUN" and head.lemma_.lower() in speaker_nouns().person - {"campaign"}))

