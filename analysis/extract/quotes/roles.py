"""Who a speaker is: the people an article names, with the titles, appositions, parentheticals
and modifiers it gives them; a speaker's role class and affiliation read off those words.

Method: every PERSON entity outside quotation marks is a :class:`Person` with
the words around it that describe it (a title before the name, "Gov. Rick
Perry", "SDF Spokesman, Talal Selo"; an apposition, "Selo, a spokesman for the
SDF"; a party parenthetical, "(R-Minn.)"; a gender read off a courtesy title,
a gendered noun, or the first "he"/"she" after the name with no other person
between), in the spirit of the name-and-description pairs of Pouliquen et al.
(2007) and the appositive role extraction of textacy's ``extract.triples``.
:func:`speaker_role` classifies a speaker with ``data/speaker_roles.yml`` (the
source classes of quote-based news studies: Tiffen et al. 2014), from the
mention's own words first, then from every description of that person in the
article; :func:`speaker_affiliation` is the party, country or organisation as
the text writes it.  Words inside quotation marks never describe anyone.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

from ...core.lexicons import affiliations, nominal_persons, speaker_nouns, speaker_roles, titles
from ...nlp import doc_memo, doc_text, ents_in
from ..quotemarks import QuoteIndex

__all__ = ["Person", "people", "speaker_role", "speaker_affiliation", "role_words", "one_role_per_speaker",
           "affiliation_key", "ROLES"]

ROLES = ("government official", "politician", "military", "expert", "advocate", "business", "citizen",
         "journalist or media", "anonymous", "unknown")

_PARTY_PAREN = re.compile(r"\s*\(\s*([RDI])\s*[-–]\s*([A-Z][A-Za-z. ]{1,20}?)\s*\)")
_PARTY_LETTER = {"R": "republican", "D": "democrat", "I": "independent"}
_PRONOUN_GENDER = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female", "hers": "female"}


class Person(NamedTuple):
    """One mention of a named person outside quotation marks and the words describing it."""
    start: int                 # character offsets of the name
    end: int
    name: str
    words: frozenset[str]      # lower-cased describing words without dots ("gov", "senator", "republican")
    gender: str | None         # "female" | "male" | None
    affiliation: str | None    # as written: "R-Minn.", "SDF", "Republican", "the Obama campaign"


def _org_text(doc, e) -> str | None:
    """An organisation entity as written, without a leading 'the' or a trailing person noun the
    model ran into it ('SDF Spokesman' -> 'SDF')."""
    words = [w for w in e if not w.is_punct]
    while words and words[0].lower_ == "the":
        words = words[1:]
    person = speaker_nouns().person | speaker_nouns().anonymous
    while len(words) > 1 and words[-1].lemma_.lower() in person:
        words = words[:-1]
    return doc[words[0].i:words[-1].i + 1].text if words else None


def _role_keys() -> frozenset[str]:
    return frozenset(speaker_roles().roles) | frozenset(speaker_roles().equivalent)


def _key(tok) -> str:
    return tok.lower_.replace(".", "")


def _phrases(words: list[str]) -> set[str]:
    """Words and the two- and three-word phrases they make ("foreign minister", "vice president")."""
    out = set(words)
    out.update(" ".join(words[i:i + 2]) for i in range(len(words) - 1))
    out.update(" ".join(words[i:i + 3]) for i in range(len(words) - 2))
    return out


def _title_tokens(doc, start: int, sent_start: int) -> list:
    """The words written right before a name that belong to its noun phrase ('Republican presidential
    candidate', 'Russian Foreign Minister', 'Gov.')."""
    out = []
    k = start - 1
    while k >= sent_start:
        t = doc[k]
        # an infix hyphen ('front-runner', 'Austin-based') and an organisation's possessive ('ABC's
        # George Stephanopoulos') stay inside the title
        infix = t.text in ("-", "–") and not t.whitespace_ and k > sent_start and not doc[k - 1].whitespace_
        owner = t.tag_ == "POS" and k > sent_start and doc[k - 1].ent_type_ in ("ORG", "NORP", "GPE")
        if not (infix or owner) and ("\n" in t.text or t.is_punct and t.text not in (".",)
                                     or t.pos_ in ("VERB", "AUX", "ADP", "DET", "PRON", "CCONJ", "SCONJ", "PART", "NUM")):
            break
        if t.ent_type_ in ("DATE", "TIME", "CARDINAL", "PERSON"):
            break
        out.append(t)
        k -= 1
        if k > sent_start and doc[k].lower_ == "of" and _key(doc[k - 1]) in titles() | _role_keys():
            # 'Secretary of State Rex Tillerson', 'Chairman of the Joint Chiefs'
            out.append(doc[k])
            k -= 1
    return out[::-1]


def _describing(doc, ent, marks: QuoteIndex) -> tuple[list, list]:
    """(title tokens, apposition tokens) of a name: the words before it in its noun phrase, and an
    apposition set off by commas after it ('Selo, the SDF spokesman,') or before it ('SDF Spokesman,
    Talal Selo')."""
    sent = ent.sent
    title = _title_tokens(doc, ent.start, sent.start)
    root = ent.root
    appos = []
    for c in root.children:
        if c.dep_ == "appos" and c.i >= ent.end and c.ent_type_ != "PERSON":
            appos.extend(t for t in _phrase(c) if not marks.contains(t.idx, t.idx + 1))
    if root.dep_ == "appos" and root.head.i < ent.start and root.head.pos_ in ("NOUN", "PROPN") \
            and root.head.ent_type_ != "PERSON":
        head = root.head
        appos.extend(t for t in doc[head.left_edge.i:head.i + 1] if not marks.contains(t.idx, t.idx + 1))
    if root.dep_ == "nsubj" and any(c.dep_ == "attr" for c in root.head.children) and root.head.lemma_ == "be":
        # 'Selo is the spokesman for the SDF'
        attr = next(c for c in root.head.children if c.dep_ == "attr")
        if attr.pos_ == "NOUN":
            appos.extend(t for t in _phrase(attr) if not marks.contains(t.idx, t.idx + 1))
    return title, appos


def _phrase(tok) -> list:
    """A noun phrase without the clauses inside it: 'a supporter of X's instincts, which the
    candidate has made clear ...' describes by 'a supporter of X's instincts' only."""
    clause = {x.i for d in tok.subtree if d.i != tok.i and d.dep_ in ("relcl", "acl", "advcl", "ccomp")
              for x in d.subtree}
    return [t for t in tok.subtree if t.i not in clause]


def _affiliation_of(doc, ent, title, appos) -> str | None:
    """Party, country or organisation as written: a party parenthetical ('R-Minn.'), an organisation
    in the title or apposition ('SDF', 'the Obama campaign'), else a party or nationality word."""
    text = doc_text(doc)  # doc.text rebuilds the string on every call
    m = _PARTY_PAREN.match(text, ent.end_char)
    if m:
        return f"{m.group(1)}-{m.group(2).strip()}"
    adjectives = affiliations().adjectives
    for toks in (appos, title):
        if not toks:
            continue
        ids = {t.i for t in toks}
        # 'spokesman for the Obama campaign', 'a Democrat of Massachusetts'
        for t in toks:
            if t.dep_ == "prep" and t.lower_ in ("for", "of", "at", "with", "from") and t.head.i in ids:
                objs = [g for g in t.children if g.dep_ == "pobj" and g.i in ids]
                if " ".join(_key(x) for x in doc[t.head.i:t.i + 2]) in titles():
                    continue  # 'Secretary of State' is a title, not an affiliation
                if objs and (objs[0].ent_type_ in ("ORG", "GPE", "NORP") or objs[0].pos_ == "PROPN"
                             or objs[0].lemma_.lower() in ("campaign", "party", "group", "committee")):
                    head = t.head
                    o = objs[0]
                    if head.lower_ in ("democrat", "republican", "independent") or head.ent_type_ == "NORP":
                        return doc[head.i:o.right_edge.i + 1].text
                    return doc[o.left_edge.i:o.right_edge.i + 1].text
        for e in ents_in(doc, min(ids), max(ids) + 1):
            if e.label_ in ("ORG", "NORP", "GPE") and e.start >= min(ids) and e.end <= max(ids) + 1:
                org = _org_text(doc, e)
                if org:
                    return org
        for t in toks:
            if t.lower_ in adjectives or t.lower_ in affiliations().members or t.lower_ in ("democrat", "republican"):
                return t.text
    return None


def _gender(doc, ent, words: set[str], person_starts: list[int]) -> str | None:
    gender = speaker_roles().gender
    found = {gender[w] for w in words if w in gender and w not in _PRONOUN_GENDER}
    if len(found) == 1:
        return found.pop()
    # the first personal pronoun after the name, before any other person is named, within the
    # name's sentence and the next one
    sent = ent.sent
    stop = sent.end
    if stop < len(doc):
        stop = doc[stop].sent.end
    k = bisect_right(person_starts, ent.start)
    if k < len(person_starts):
        stop = min(stop, person_starts[k])
    for t in doc[ent.end:stop]:
        if t.pos_ == "PROPN" and t.ent_type_ in ("", "PERSON", "ORG") and t.tag_ != "POS":
            return None  # another name the model did not tag as a person may own the pronoun
        g = _PRONOUN_GENDER.get(t.lower_)
        if g:
            return g
    return None


def people(doc, marks: QuoteIndex) -> list[Person]:
    """Every PERSON entity outside quotation marks, in text order, with its describing words."""
    ents = [e for e in ents_in(doc, 0, len(doc)) if e.label_ == "PERSON" and not marks.contains(e.start_char, e.start_char + 1)]
    starts = [e.start for e in ents]
    out = []
    for e in ents:
        title, appos = _describing(doc, e, marks)
        words = _phrases([_key(t) for t in title]) | _phrases([_key(t) for t in appos])
        # the name's own leading title ('Gov. Rick Perry' tagged whole as a PERSON)
        own = [_key(t) for t in e if _key(t) in titles() or _key(t) + "." in titles()]
        words |= set(own)
        m = _PARTY_PAREN.match(doc_text(doc), e.end_char)
        if m:
            words.add(_PARTY_LETTER[m.group(1)])
        out.append(Person(e.start_char, e.end_char, e.text, frozenset(words), _gender(doc, e, words, starts),
                          _affiliation_of(doc, e, title, appos)))
    return out


def role_words(span) -> frozenset[str]:
    """The describing words of a mention itself ('the Texas governor', 'a senior Pentagon official');
    a person's name is no describing word ('Marine Le Pen' is no marine), a title inside it is ('Gov.
    Rick Perry')."""
    toks = [t for t in span if not t.is_punct]
    described = [t for t in toks if t.ent_type_ != "PERSON" or _key(t) in titles() or _key(t) + "." in titles()]
    # a mention that is a name alone keeps it ('Politico', which the model may take for a person)
    toks = described or toks
    # a past office ('a former Treasury official', 'then-lieutenant governor') is kept apart, marked
    # 'past:', so that what the person is now decides first ('... who is now a senior fellow')
    past = _past_tokens(span)
    now = _phrases([_key(t) for t in toks if t.i not in past])
    before = {f"past:{w}" for w in _phrases([_key(t) for t in toks if t.i in past and t.lower_ not in _PAST])}
    return frozenset(now | before)


_PAST = frozenset({"former", "ex", "then", "onetime", "one-time", "erstwhile", "retired"})


def _past_tokens(span) -> set[int]:
    """Token indices of the past offices in a mention: from 'former' (or 'ex', 'then' ...) to the
    noun it modifies ('a former Treasury official')."""
    past: set[int] = set()
    for t in span:
        if t.lower_ in _PAST and t.head.i > t.i:
            head = t.head
            while head.dep_ == "compound" and head.head.i > head.i and head.head.i < span.end:
                head = head.head
            past.update(range(t.i, min(head.i, span.end - 1) + 1))
    return past


def _class_of(words, *, weak: bool = False) -> str | None:
    """The class of a set of role words: of its strong words (``weak=False``) or of its weak words only
    (``data/speaker_roles.yml``); the class listed first wins."""
    roles = speaker_roles()
    found = {roles.roles[w] for w in words if w in roles.roles and (w in roles.weak) == weak}
    if not found:
        return None
    return min(found, key=roles.order.index)


def _vote(profile: list[Person], *, weak: bool) -> str | None:
    """The class most descriptions of a person give (ties: the class listed first), so that one
    stray word ('former secretary of state') does not outweigh what the article says most."""
    order = speaker_roles().order
    votes: dict[str, int] = {}
    for p in profile:
        cls = _class_of(p.words, weak=weak)
        if cls:
            votes[cls] = votes.get(cls, 0) + 1
    return min(votes, key=lambda c: (-votes[c], order.index(c))) if votes else None


def same_person(name: str, other: str) -> bool:
    """Whether two names of a person match: the same last word ('Rick Perry', 'Perry')."""
    a, b = name.split(), other.split()
    return bool(a and b) and a[-1].lower().strip("'’s") == b[-1].lower().strip("'’s")


_AGE = re.compile(r"^(1[4-9]|[2-9][0-9])$")


def speaker_role(mention_words: frozenset[str], profile: list[Person], *, anonymous: bool,
                 speaker: str | None = None) -> str:
    """The speaker's role class.

    An anonymous mention is ``anonymous`` unless its own words name a role ('a Russian military
    spokesman' is military, 'a Treasury official' stays anonymous).  Otherwise, in order: the
    class of the mention's own role words, a past office left aside ('a former Treasury official
    who is now a senior fellow' is a fellow; a mention resolved to a body that is no named person
    adds that body's words: ``speaker``); the class most descriptions of that person in the
    article give; the mention's past office; the same three with the weak words (party labels,
    generic heads: ``weak`` in ``data/speaker_roles.yml``); ``citizen`` for a person described by
    an age alone ('Cory James, 22, of Flint' -- the vox-pop form of news copy); else ``unknown``."""
    if anonymous:
        # an unnamed spokesman, commander, analyst ... is read by role; an unnamed official or
        # source stays anonymous ('local sources', 'a Treasury official')
        named_role = mention_words & (speaker_nouns().anonymous - speaker_roles().informants)
        return (_class_of(mention_words) if named_role else None) or "anonymous"
    if speaker and not profile:
        # a mention resolved to a body ('the ministry', 'it' -> 'the Russian Defense Ministry')
        mention_words = mention_words | _phrases(speaker.lower().replace(".", "").split())
    past = frozenset(w[5:] for w in mention_words if w.startswith("past:"))
    if profile and mention_words & speaker_roles().equivalent["spokesman"]:
        # 'a spokesman for Bernie Sanders' -> Sanders: the staff of a politician, a minister or a
        # company speak in that person's role (the labelling guide: a campaign's staff are politicians);
        # unknown when the article does not say what that person is (the corpus's other articles may)
        return _vote(profile, weak=False) or _vote(profile, weak=True) or "unknown"
    cls = (_class_of(mention_words) or _vote(profile, weak=False) or _class_of(past)
           or _class_of(mention_words, weak=True) or _vote(profile, weak=True) or _class_of(past, weak=True))
    if cls:
        return cls
    if any(_AGE.match(w) for w in mention_words):
        return "citizen"
    return "unknown"


# A party after a name set off by commas, AP style: 'Sen. Marco Rubio, R-Fla., said'.
_PARTY_COMMA = re.compile(r",\s*([RDI])\s*[-–]\s*([A-Z][A-Za-z.]{1,12}(?: [A-Z][A-Za-z.]{1,12})?)\s*[,.;)]")
# Legislative chambers name where a politician sits, not whom they belong to.
_CHAMBERS = frozenset({"house", "senate", "congress", "parliament"})


def _ent_labels(doc) -> dict[str, str]:
    """Entity text -> label, over the Doc (the first label a text gets)."""
    out: dict[str, str] = {}
    for e in ents_in(doc, 0, len(doc)):
        if out.get(e.text) != "PERSON":  # a name the model once took for a person is a person's
            out[e.text] = e.label_ if e.label_ == "PERSON" else out.get(e.text, e.label_)
    return out


def _affiliation_rank(text: str, doc) -> int | None:
    """How telling an affiliation is: a party (0), an organisation (1), a nationality or country (2),
    a place (3); None for a chamber ('House') or a group word that is neither party nor nation
    ('Muslim', 'conservative')."""
    low = text.lower().removeprefix("the ").strip()
    aff = affiliations()
    words = low.replace("’", "'").split()
    if not words or low in _CHAMBERS:
        return None
    if re.match(r"^[rdi]\s*[-–]\s*[a-z]", low) or any(w in aff.members or aff.adjectives.get(w, "").endswith("Party")
                                                      for w in words):
        return 0
    if low in aff.adjectives or text in aff.adjectives.values():
        return 2
    label = doc_memo(doc, "roles.ent_labels", _ent_labels).get(text)
    if label in ("GPE", "LOC", "FAC"):
        return 3
    if label in ("NORP", "PERSON"):
        return None  # a religion or movement ('Muslim'), or a name the model took for a body
    return 1


def _named_bodies(doc, start: int, end: int) -> list[str]:
    """Proper nouns compounded with a role noun in ``doc[start:end]`` that no entity covers: the
    body a person works for ('RT contributor', 'Almasdar news', 'Kommersant daily')."""
    roles = speaker_roles().roles
    out = []
    for t in doc[start:end]:
        if t.pos_ == "PROPN" and not t.ent_type_ and t.dep_ in ("compound", "poss", "nmod") \
                and start <= t.head.i < end and _key(t.head) in roles \
                and f"{_key(t)} {_key(t.head)}" not in roles and f"{_key(t)} {_key(t.head)}" not in titles() \
                and _key(t) not in titles() and _key(t) + "." not in titles():
            # ('Foreign Minister', 'Vice President' are titles, not bodies)
            first = t.left_edge.i if t.left_edge.i >= start else t.i
            out.append(doc[first:t.i + 1].text)
    return out


def speaker_affiliation(span, profile: list[Person], speaker: str | None = None) -> str | None:
    """Party, country or organisation as written, from the mention itself ('Russian officials',
    'the SDF spokesman') and every description of that person in the article (a title, an
    apposition, a party parenthetical '(R-Minn.)', a party set off by commas ', R-Fla.,', a party
    word; for a mention resolved to a body, that body: ``speaker``).  The
    most telling one wins: a party, then an organisation, then a nationality, then a place
    (:func:`_affiliation_rank`); among equals, the mention's own, then the earliest description."""
    if span is None:
        return None
    doc = span.doc
    found: list[str] = []
    former: list[str] = []  # the body of a past office ('a former Treasury official'), after the others
    past = _past_tokens(span)
    for e in ents_in(doc, span.start, span.end):
        if e.label_ in ("ORG", "NORP", "GPE") and e.start >= span.start and e.end <= span.end:
            org = _org_text(doc, e)
            if org:  # the body itself ('the Russian Defense Ministry') or its member's body
                (former if e.start in past else found).append(org)
    adjectives = affiliations().adjectives
    for t in span:
        if t.i != span.root.i and (t.lower_ in adjectives or t.lower_ in ("democrat", "republican")):
            found.append(t.text)
    found.extend(_named_bodies(doc, span.start, span.end))
    if span.root.dep_ == "appos" and span.root.head.ent_type_ in ("ORG", "NORP"):
        # 'Our Principles PAC, a group set up to ...': the group is the body it is in apposition to
        head = span.root.head
        found.extend(_org_text(doc, e) or e.text for e in ents_in(doc, head.i, head.i + 1))
    text = doc_text(doc)
    for p in profile:
        m = _PARTY_COMMA.match(text, p.end)
        if m:
            found.append(f"{m.group(1)}-{m.group(2)}")
        if p.affiliation:
            found.append(p.affiliation)
        name = doc.char_span(p.start, p.end, alignment_mode="expand")
        if name is not None:
            found.extend(_named_bodies(doc, name.root.left_edge.i, name.start))
        # a party word anywhere in the person's descriptions ('Senator Bob Corker, a Tennessee
        # Republican who met Mr. Trump': the party, not the organisation the model saw)
        found.extend(w.capitalize() for w in sorted(p.words) if w in ("republican", "democrat", "gop")
                     or w in affiliations().members)
    root = span.root
    roles = speaker_roles().roles
    if root.lemma_.lower() in ("campaign", "camp") and any(t.ent_type_ == "PERSON" for t in span):
        # 'Ryan's campaign', 'the Obama campaign': the campaign is the body
        return re.sub(r"^(?:the|The)\s+", "", span.text)
    named = None
    if root.pos_ == "PROPN" and (_key(root) in roles or not found and not profile and root.ent_type_ != "PERSON"):
        # a body named by the mention itself that the model tagged as no organisation, or even as a
        # person ('Politico', a name of the role lexicon's news organisations)
        # a role noun written capitalised is not part of the body ('SDF Spokesman' -> 'SDF')
        people = nominal_persons()
        end = root.i if root.lemma_.lower() in people.described_only | people.epithets else root.i + 1
        first = max(span.start, root.left_edge.i)
        named = doc[first:end].text.removeprefix("the ").removeprefix("The ") if end > first else None
    if not found and speaker and not profile:
        # a mention resolved to a body ('the ministry' -> 'the Russian Defense Ministry')
        body = re.sub(r"^(?:the|The)\s+", "", speaker)
        labels = doc_memo(doc, "roles.ent_labels", _ent_labels)
        if (labels.get(body) or labels.get(speaker)) in ("ORG", "GPE", "NORP"):
            found.append(body)
    ranked = [(r, i, a) for i, a in enumerate(found) if (r := _affiliation_rank(a, doc)) is not None]
    ranked += [(r + 0.5, i, a) for i, a in enumerate(former) if (r := _affiliation_rank(a, doc)) is not None]
    if named:
        ranked.append((1, -1, named))
    return min(ranked)[2] if ranked else None


# Party abbreviations and party bodies that stand for the party (AP style: "R-Minn.", "GOP").
_PARTY_CODES = {"r": "Republican Party", "gop": "Republican Party", "rnc": "Republican Party",
                "d": "Democratic Party", "dnc": "Democratic Party", "dem": "Democratic Party",
                "dems": "Democratic Party", "i": "independent"}
_COUNTRY_CODES = {"us": "United States", "u.s.": "United States", "usa": "United States",
                  "american": "United States", "united states": "United States", "uk": "Britain",
                  "u.k.": "Britain"}
_CAMPAIGN = re.compile(r"^(?:\w+ )?(\w+?)(?:'s|’s)? (?:campaign|campaigns|camp|officials|\d{4} campaigns?)$")


def affiliation_key(affiliation: str | None) -> str:
    """One comparable form of an affiliation as written ('' for none), so that the many ways news
    writes one party or country count as one.

    - lower case, a leading 'the' and a possessive dropped ('The Washington Post' = 'Washington Post');
    - a party in any form is the party: 'R-Minn.', 'GOP', 'Republican', 'Republicans', 'Tennessee
      Republican', 'Republican of Arizona', 'Republican National Committee', 'RNC' -> 'Republican
      Party' (a party's bodies speak for the party; adjectives and members from data/affiliations.yml);
    - a nationality adjective or a country's short form alone is the country ('Russian' = 'Russia',
      'U.S.' = 'United States'); an organisation that starts with one stays itself ('Russian Defense
      Ministry');
    - a candidate's campaign, camp or officials is '<surname> campaign' ('Hillary Clinton's
      campaign', 'the Clinton camp', 'Clinton officials' -> 'clinton campaign').
    """
    if not isinstance(affiliation, str) or not affiliation:  # None, or a table's NaN
        return ""
    s = affiliation.strip().strip(",.;:").replace("’", "'")
    s = re.sub(r"^(?:the)\s+", "", s, flags=re.I)
    low = s.lower()
    m = re.match(r"^([rdi])\s*[-–]\s*\S", low)
    if m or low in _PARTY_CODES:
        return _PARTY_CODES[m.group(1) if m else low]
    aff = affiliations()
    for w in re.findall(r"[a-z][a-z.']*", low):
        party = aff.members.get(w) or (aff.adjectives.get(w) if aff.adjectives.get(w, "").endswith("Party") else None)
        if party or w in ("gop", "rnc", "dnc"):
            return party or _PARTY_CODES[w]
    if low in _COUNTRY_CODES:
        return _COUNTRY_CODES[low]
    if low in aff.adjectives:
        return aff.adjectives[low].lower()
    m = _CAMPAIGN.match(low)
    if m:
        return f"{m.group(1)} campaign"
    return re.sub(r"'s\b", "", low)


def _speaker_key(speaker: str, full_names: dict[str, list[str]]) -> str:
    """A speaker's name, a surname alone taken as the one full name of the article that ends with it."""
    words = speaker.split()
    if len(words) == 1:
        full = full_names.get(words[0].lower().strip("'’s"), [])
        if len(full) == 1:
            return full[0]
    return speaker


def one_role_per_speaker(quotes: list) -> list:
    """Quotes of one named speaker in one article share what the article says about them: a quote
    whose role is ``unknown`` takes the role most of that speaker's other quotes have (ties: the
    earliest), one with no affiliation the first affiliation another quote found ('Sanders said ...'
    after 'the Democratic presidential candidate said ...').  Known roles and affiliations are
    kept; anonymous quotes are left alone.  One pass over the quotes and one over the speakers."""
    named = [q for q in quotes if q.speaker and not q.anonymous]
    full_names: dict[str, list[str]] = {}
    for sp in dict.fromkeys(q.speaker for q in named if len(q.speaker.split()) > 1):
        full_names.setdefault(sp.split()[-1].lower().strip("'’s"), []).append(sp)
    roles: dict[str, dict[str, int]] = {}
    affiliation: dict[str, str] = {}
    for q in named:
        key = _speaker_key(q.speaker, full_names)
        if q.speaker_role != "unknown":
            votes = roles.setdefault(key, {})
            votes[q.speaker_role] = votes.get(q.speaker_role, 0) + 1
        if q.speaker_affiliation:
            affiliation.setdefault(key, q.speaker_affiliation)
    out = []
    for q in quotes:
        if q.speaker and not q.anonymous:
            key = _speaker_key(q.speaker, full_names)
            votes = roles.get(key)
            if q.speaker_role == "unknown" and votes:
                q = q._replace(speaker_role=max(votes, key=votes.get))  # dicts keep first-seen order for ties
            if not q.speaker_affiliation and key in affiliation:
                q = q._replace(speaker_affiliation=affiliation[key])
        out.append(q)
    return out
