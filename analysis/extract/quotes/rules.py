"""Quotes: who gets to speak, in whose words, with which reporting verb.

A textacy-style module (compare ``textacy.extract.triples.direct_quotations``,
which finds only direct quotes next to a speech verb) of small functions over
a spaCy ``Doc`` that yield NamedTuples, plus corpus-level tables.

Method, in order (each step cites what it follows):

1. :func:`quoted_spans` pairs quotation marks in the raw text: curly and
   straight, double and single, ``''``/``\\`\\``` pairs, multi-paragraph quotes
   (an opening mark with no closing mark until a later paragraph that opens
   again -- the typographic convention, Chicago Manual of Style 13.30) and
   unclosed marks (closed at the paragraph's end).  Direction is taken from
   the neighbouring characters, not the glyph, because news text often has
   the wrong curly glyph.
2. :func:`attributions` finds reporting cues (verbs from
   ``data/reporting_verbs.yml``; "according to") and reads the content and
   source off the dependency parse, following the PolNeAR annotation
   conventions (Newell, Margolin & Ruths 2018; Pareti 2016's PARC scheme):
   the content of indirect speech is the clausal complement including
   "that" and without the final full stop; a direct quote's content includes
   its quotation marks; a quote split by the cue ("A," he said, "B.") is one
   content from A to B; a clause's content stops before a trailing aside
   (", who ...", also after a comma inside the closing mark), before a
   reporting verb joined to it by "and" (an attribution of its own) and at
   the paragraph's end; a quote opening inside a verb's object makes the
   object the content; a lower-case quote after a mid-sentence frame
   ('In cases of fraud, it said, "the bank ..."') takes the lead-in words.  The source is the cue's subject
   (or the subject of the verb it depends on: "..., adding that ..."), the
   passive agent, or the object of "according to"; never words inside the
   quote.
3. Quotes no cue governs are attributed to the subject of the clause they
   hang on ('Clinton proclaimed at a press conference, "..."', 'X issued the
   following statement:'), else to the previous speaker when they form a
   paragraph of their own or follow a quote (bare quote paragraphs; Pouliquen
   et al. 2007 "Automatic detection of quotations in multilingual news"), and
   dropped as scare quotes when short (:func:`is_scare_quote`).
4. A learned scorer (:func:`attribution_scorer`, ``data/attribution_model.json``)
   judges attribution *candidates*: the rules' indirect contents without
   quotation marks (dropped when it says no: 'found the car', 'proved
   popular') and, where nothing above found an attribution, every (cue,
   construction) of :func:`cue_constructions` ('accused X of ...', 'his
   claim that ...', 'critical of ...'; added best first).  It is a logistic
   regression over lemma-and-label features (:func:`candidate_features`:
   cue lemma, construction, source type, modality, negation, content length
   and first word ...), trained on PolNeAR train by
   ``tools/train_attributions.py`` -- a supervised attribution classifier
   in the spirit of Pareti 2016, over candidates a parse proposes.
5. Speakers are resolved: pronouns and nominal mentions to the nearest
   preceding compatible named mention (a simple salience rule in the spirit of
   Lappin & Leass 1994), anonymous sources are marked with their affiliation.

Every offset is a character offset into the text that was parsed
(``corpus.articles.text``); ``quote == text[start:end]`` always holds.
"""
from __future__ import annotations

import bisect
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Iterator, NamedTuple

import pandas as pd
import yaml
from spacy.attrs import LEMMA, LOWER, SENT_START

from .quotemarks import QuoteIndex, QuoteSpan, rstrip_at as _rstrip, scan_quotes

__all__ = [
    "QuoteSpan", "Quote", "quoted_spans", "is_scare_quote", "classify_quote_span", "reporting_verbs",
    "verb_class", "attributions", "doc_quotes", "quotes", "share_of_voice", "verb_profile",
    "shared_statements", "QUOTE_COLUMNS", "veto_key", "cue_constructions",
    "candidate_features", "attribution_scorer", "Scorer",
]

QUOTE_COLUMNS = ["doc_id", "outlet", "quote", "kind", "start", "end", "speaker", "speaker_mention",
                 "speaker_start", "speaker_end", "speaker_actor_id", "side", "anonymous", "affiliation",
                 "cue", "verb_class", "n_words", "medium"]

_DATA = Path(__file__).parent / "data" / "reporting_verbs.yml"


# --------------------------------------------------------------------------- lexicon

class _Lexicon(NamedTuple):
    verb_class: dict[str, str]
    phrasal: dict[str, str]
    object_content: frozenset[str]
    media: frozenset[str]
    physical_senses: frozenset[str]


@lru_cache(maxsize=1)
def reporting_verbs() -> _Lexicon:
    """The reporting-verb lexicon from ``data/reporting_verbs.yml`` (loaded once)."""
    data = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    classes = data["classes"]
    out: dict[str, str] = {}
    for cls in data["priority"]:
        for lemma in classes[cls]:
            out.setdefault(lemma.lower(), cls)
    return _Lexicon(out, {k.lower(): v for k, v in data.get("phrasal", {}).items()},
                    frozenset(w.lower() for w in data.get("object_content", [])),
                    frozenset(w.lower() for w in data.get("media", [])),
                    frozenset(w.lower() for w in data.get("physical_senses", [])))


def verb_class(lemma: str | None) -> str | None:
    """The class of a reporting verb ('say' -> 'neutral', 'point out' -> 'endorsing'), None if unknown."""
    if not lemma:
        return None
    lex = reporting_verbs()
    lemma = lemma.lower()
    if lemma in lex.phrasal:
        return lex.phrasal[lemma]
    if lemma == "according to":
        return "neutral"
    return lex.verb_class.get(lemma.split()[0])


# --------------------------------------------------------------------------- quotation marks

# One scanner for the whole package (framing and vocabulary use its top-level
# spans through analysis.quotemarks.QuoteIndex / quoted_spans).
quoted_spans = scan_quotes

# --------------------------------------------------------------------------- scare quotes

_SCARE_PRECEDERS = re.compile(r"(so-called|so called|dubbed|termed|branded|labelled|labeled|the word|"
                              r"the term|the phrase|known as|called)\s*$", re.I)


def is_scare_quote(doc_or_text, start: int, end: int, *, max_words: int = 4) -> bool:
    """Whether the quoted span ``[start, end)`` is a scare quote, not a quotation.

    A scare quote is a short quoted phrase (at most ``max_words`` words) that
    no one is said to have spoken: it follows "so-called" (or "dubbed",
    "known as" ...), or no reporting verb governs it and it is not a whole
    sentence or paragraph.  Works on a spaCy ``Doc`` (uses the parse) or on a
    plain string (uses only the words around the span).  Reusable by the
    framing analysis.
    """
    text = doc_or_text if isinstance(doc_or_text, str) else _text(doc_or_text)
    inner = text[start:end].strip(" \"“”'‘’„«»`")
    words = inner.split()
    before = text[max(0, start - 40):start]
    if _SCARE_PRECEDERS.search(before):
        return True
    if len(words) > max_words:
        return False
    # A short quote that makes a paragraph of its own, or ends in sentence
    # punctuation inside the marks with a cue next to it, is spoken.
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    if not text[line_start:start].strip() and not text[end:line_end].strip(" .,"):
        return False
    if isinstance(doc_or_text, str):
        window = text[max(0, start - 60):start] + " " + text[end:end + 60]
        return not any(w in reporting_verbs().verb_class for w in re.findall(r"[a-z]+", window.lower())
                       if w in ("said", "says", "say", "told", "added", "asked", "wrote"))
    doc = doc_or_text
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return True
    return _governing_cue(span) is None


def classify_quote_span(doc_or_text, start: int, end: int) -> str:
    """'scare' or 'quote' for a quoted span (see :func:`is_scare_quote`)."""
    return "scare" if is_scare_quote(doc_or_text, start, end) else "quote"


def _text(doc) -> str:
    """``doc.text``, cached: spaCy rebuilds it from the tokens on every access."""
    text = doc.user_data.get("_outlet_lens_text")
    if text is None:
        doc.user_data["_outlet_lens_text"] = text = doc.text
    return text


def _ents_in(doc, a: int, b: int) -> list:
    """Entities overlapping tokens [a, b); ``doc.ents`` (and ``Span.ents``) rebuild every Span on each access."""
    ents = doc.user_data.get("_outlet_lens_ents")
    if ents is None:
        ents = list(doc.ents)
        doc.user_data["_outlet_lens_ents"] = ents
        doc.user_data["_outlet_lens_ent_ends"] = [e.end for e in ents]
    k = bisect.bisect_right(doc.user_data["_outlet_lens_ent_ends"], a)
    out = []
    for e in ents[k:]:
        if e.start >= b:
            break
        out.append(e)
    return out


def _sent(doc, i: int):
    """The sentence holding token ``i``.

    ``Token.sent`` re-walks the Doc on every call and ``Doc.sents`` builds a
    Token per word, so the sentence starts are read once from the Doc's array.
    """
    bounds = doc.user_data.get("_outlet_lens_sent_bounds")
    if bounds is None:
        flags = doc.to_array([SENT_START]).ravel().tolist() if len(doc) else []
        starts = [k for k, f in enumerate(flags) if f == 1]
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        doc.user_data["_outlet_lens_sent_bounds"] = bounds = (starts, starts[1:] + [len(doc)])
    starts, ends = bounds
    k = max(0, bisect.bisect_right(starts, i) - 1)
    return doc[starts[k]:ends[k]]


def _governing_cue(span):
    """A reporting verb governing (or adjacent to) a span, or None."""
    sent = _sent(span.doc, span.start)
    for tok in span:
        for anc in tok.ancestors:
            if anc.i < sent.start:
                break
            if anc.pos_ == "VERB" and anc.lemma_.lower() in _SPEECH and anc not in span:
                return anc
    # "“...,” he said": the cue right after the closing mark.
    for tok in span.doc[span.end:min(len(span.doc), span.end + 4)]:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in _SPEECH:
            return tok
        if tok.is_sent_start or tok.text in (".", "?", "!"):
            break
    for tok in reversed(span.doc[max(0, span.start - 3):span.start]):
        if tok.pos_ == "VERB" and tok.lemma_.lower() in _SPEECH:
            return tok
        if tok.text in (".", "?", "!"):
            break
    return None


# Verbs that report speech itself, for the direct-quote and scare-quote tests.
_SPEECH = {"say", "tell", "add", "state", "write", "ask", "reply", "respond", "answer", "explain",
           "declare", "announce", "claim", "insist", "argue", "warn", "urge", "note", "continue",
           "tweet", "post", "quote", "call", "describe", "recall", "admit", "acknowledge", "deny",
           "complain", "joke", "shout", "yell", "conclude", "predict", "promise", "vow", "boast",
           "suggest", "remark", "comment", "observe", "stress", "emphasize", "put", "read", "chant",
           "sing", "exclaim", "retort", "whisper", "muse", "quip", "concede", "confirm", "reveal",
           "assert", "contend", "maintain", "allege", "charge", "caution", "plead", "beg", "demand"}


# --------------------------------------------------------------------------- attributions

class Quote(NamedTuple):
    """One attributed statement in a Doc; offsets are character offsets into ``doc.text``."""
    start: int
    end: int
    kind: str                 # direct | indirect | mixed
    speaker_start: int | None
    speaker_end: int | None
    speaker_mention: str | None
    speaker: str | None
    anonymous: bool
    affiliation: str | None
    cue: str | None           # the cue lemma ("say", "point out", "according to")
    verb_class: str | None
    medium: str | None = None  # the channel: "a statement", "the newspaper", "Twitter"


class _Att(NamedTuple):
    start: int
    end: int
    src: tuple[int, int] | None   # token span of the source mention
    cue: str | None
    cue_i: int | None
    medium: tuple[int, int] | None = None  # token span of the channel ("a statement"), if any


_CLAUSE_DEPS = {"ccomp", "xcomp", "parataxis"}
_SUBJ = {"nsubj", "nsubjpass", "csubj"}
_PUNCT_TRIM = set(".,;:!?—–-") | {"''", "``"}
_QUOTE_CHARS = set("\"“”„«»'‘’`")
_DASHES = {"―", "—", "–", "-", "--"}
_DASH_CHARS = "".join(_DASHES)
_MAX_GAP = 80  # chars allowed between a quote and its cue clause
_MAX_SPLIT_GAP = 120  # ... between the halves of a split quote whose second half opens in lower case
_MAX_JOIN_GAP = 25  # ... between a content and a bare quote that goes on with it
_PREDICATIVE_PREPS = {"as", "for", "of", "over", "with", "about", "into"}


def _is_reporting_verb(tok) -> bool:
    """A verb (not an auxiliary) whose lemma is in the reporting-verb lexicon."""
    return tok.pos_ == "VERB" and tok.lemma_.lower() in reporting_verbs().verb_class


def _cue_tokens(doc) -> Iterator:
    lex = reporting_verbs().verb_class
    # Pre-select by lemma/lower hash over the Doc's arrays: building a Token
    # object for every word costs more than the rest of the extraction.
    strings = doc.vocab.strings
    wanted = {strings.add(w) for w in lex} | {strings.add(w.capitalize()) for w in lex} | {strings.add("according")}
    arr = doc.to_array([LEMMA, LOWER])
    hits = [i for i, (lemma, lower) in enumerate(arr.tolist()) if lemma in wanted or lower in wanted]
    for i in hits:
        tok = doc[i]
        if tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in lex and tok.dep_ != "amod":
            if tok.pos_ == "AUX" and tok.dep_ == "aux":
                continue
            yield tok
        elif tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
            yield tok


def _cue_lemma(tok) -> str:
    if tok.lower_ == "according":
        return "according to"
    lemma = tok.lemma_.lower()
    lexicon = reporting_verbs()
    if lemma not in lexicon.verb_class and lemma + "e" in lexicon.verb_class \
            and tok.lower_ in (lemma + "ing", lemma + "ed", lemma + "s"):
        # The small model's lemmatiser cuts a final e off some verbs ('hoping' -> 'hop').
        lemma += "e"
    phrasal = lexicon.phrasal
    for c in tok.children:
        if c.dep_ in ("prt", "prep") and c.i > tok.i and f"{lemma} {c.lower_}" in phrasal:
            return f"{lemma} {c.lower_}"
    return lemma


def _subtree_span(tok, *, exclude=()) -> tuple[int, int]:
    """Token span [a, b) of a subtree, skipping excluded child subtrees at its edges."""
    a, b = tok.left_edge.i, tok.right_edge.i + 1
    for x in exclude:
        xa, xb = x.left_edge.i, x.right_edge.i + 1
        if xa <= a < xb:
            a = xb
        if xa < b <= xb:
            b = xa
    return a, b


def _trim(doc, a: int, b: int) -> tuple[int, int]:
    """Token span without leading/trailing punctuation and conjunctions (PolNeAR drops the full stop)."""
    while a < b and (doc[a].text in _PUNCT_TRIM or doc[a].dep_ == "cc" or doc[a].is_space):
        a += 1
    while b > a and (doc[b - 1].text in _PUNCT_TRIM or doc[b - 1].is_space or doc[b - 1].dep_ == "cc"):
        b -= 1
    return a, b


def _chars(doc, a: int, b: int) -> tuple[int, int]:
    return doc[a].idx, doc[b - 1].idx + len(doc[b - 1].text)


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
                    and not _marks(node.doc).contains(node.head.idx, node.head.idx + 1):
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


def _can_speak(noun) -> bool:
    """Whether a noun can be a source: a name, a person or group noun, a pronoun."""
    return (noun.pos_ in ("PROPN", "PRON") or noun.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
            or noun.lemma_.lower() in _PERSON_NOUNS | _ANON_HEADS | _GROUP_NOUNS)


# Collective agents that speak as bodies ('a group backing Rubio').
_GROUP_NOUNS = {"group", "committee", "organization", "organisation", "coalition", "council", "board",
                "agency", "party", "government", "administration", "company", "firm", "union", "panel",
                "court", "network", "team", "pac", "ministry", "department", "office", "movement",
                "association", "alliance", "faction", "majority", "minority", "others", "ones"}


def _source_outside_quote(cue, quote: QuoteSpan) -> tuple[int, int] | None:
    """The nearest noun phrase between a quote and its cue ('“...,” Trump said'), or right after
    the cue ('“...,” said the senator'), never inside the quote."""
    doc = cue.doc
    sent = _sent(doc, cue.i)
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
    sent = _sent(doc, cue.i)
    marks = _marks(doc)

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


def _paragraph_apart(doc, src: tuple[int, int], i: int) -> bool:
    """Whether a paragraph break lies between a source mention and token ``i``."""
    lo, hi = (src[1], i) if src[1] <= i else (i + 1, src[0])
    return any("\n" in t.text for t in doc[lo:hi])


def _marks(doc) -> QuoteIndex:
    """The Doc's quotation marks as a :class:`QuoteIndex` (built once per Doc)."""
    marks = doc.user_data.get("_outlet_lens_marks")
    if marks is None:
        doc.user_data["_outlet_lens_marks"] = marks = QuoteIndex.of(_text(doc))
    return marks


def _is_medium(tok) -> bool:
    return tok.lemma_.lower() in reporting_verbs().media or tok.lower_ in reporting_verbs().media


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


def _content_child(cue, starts: list[int] = ()):
    """The clausal complement (or object) of a cue that carries the attributed content
    (``starts``: the sorted start offsets of the text's quotes)."""
    lemma = cue.lemma_.lower()
    # A clause the parser hung on the cue from another paragraph is not what the cue
    # reports: the small model runs sentences on across paragraph breaks.
    kids = [c for c in cue.children if _same_paragraph(cue, c) and _same_paragraph(cue, c.left_edge)]
    ccomp = [c for c in kids if c.dep_ == "ccomp"]
    if ccomp:
        return ccomp[-1]
    # "said in a statement that ...": the parser often hangs the that-clause on the medium.
    for c in kids:
        if c.dep_ == "prep" and c.i > cue.i:
            for o in c.children:
                if o.dep_ == "pobj" and _is_medium(o):
                    clause = [a for a in o.children if a.dep_ in ("acl", "relcl", "ccomp")
                              and any(m.dep_ == "mark" and m.lower_ == "that" for m in a.children)]
                    if clause:
                        return clause[0]
    x = [c for c in kids if c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)]
    if x:
        return x[0]
    for c in kids:
        if c.dep_ == "prep" and c.lower_ in ("for", "on", "upon", "of", "about", "against", "to") \
                and _cue_lemma(cue) in reporting_verbs().phrasal:
            objs = [g for g in c.children if g.dep_ in ("pobj", "pcomp")]
            if objs:
                return objs[0]
    if any(c.dep_ in ("oprd",) for c in kids):
        return cue  # marker: object + complement, see _small_clause
    if lemma == "say":
        # 'says the movement sweeping the country appeals to ...': a that-less clause the
        # parser split into an object and leftovers; "say" takes no plain object.
        objs = [c for c in kids if c.dep_ == "dobj" and c.i > cue.i and c.pos_ in ("NOUN", "PROPN")]
        if objs:
            return cue  # marker: the rest of the sentence, see attributions
    if lemma in reporting_verbs().object_content:
        objs = [c for c in kids if c.dep_ in ("dobj", "obj")]
        if objs and objs[0].lower_ not in ("it", "this", "that", "so", "nothing", "something", "anything"):
            return objs[0]
    # 'noted the "senseless, tragic deaths" of ...': quotation marks in the object show it
    # gives someone's words, whatever the verb does with plain objects ('told reporters').
    objs = [c for c in kids if c.dep_ == "dobj" and c.i > cue.i and _opens_quote(c, starts)]
    if objs:
        return objs[0]
    # "denied targeting the group": a gerund complement.
    pc = [c for c in kids if c.dep_ in ("pcomp", "xcomp") and c.tag_ == "VBG"]
    if pc:
        return pc[0]
    return None


def _opens_quote(tok, starts: list[int]) -> bool:
    """Whether a quote (one of the sorted quote ``starts``) opens inside a token's subtree."""
    a = tok.left_edge.idx
    b = tok.right_edge.idx + len(tok.right_edge.text)
    k = bisect.bisect_left(starts, a)
    return k < len(starts) and starts[k] < b


def _same_paragraph(a, b) -> bool:
    """Whether no paragraph break separates tokens ``a`` and ``b``."""
    text = _text(a.doc)
    lo, hi = sorted((a.idx, b.idx))
    return "\n" not in text[lo:hi]


def _sent_content_for_according(cue) -> tuple[int, int] | None:
    """'According to X, Y.' -> Y: the sentence without the 'according to' phrase."""
    sent = _sent(cue.doc, cue.i)
    a, b = cue.left_edge.i, cue.right_edge.i + 1
    left = _trim(cue.doc, sent.start, a)
    right = _trim(cue.doc, b, sent.end)
    best = max([left, right], key=lambda s: s[1] - s[0])
    return best if best[1] - best[0] >= 3 else None


def attributions(doc, *, spans: list[QuoteSpan] | None = None) -> list[_Att]:
    """Cue-based attributions in a parsed Doc (character content span, source token span, cue lemma)."""
    text = _text(doc)
    spans = quoted_spans(text) if spans is None else spans
    used: set[int] = set()
    out: list[_Att] = []

    def quote_index_overlapping(s: int, e: int, *, share: float) -> int | None:
        for qi, q in enumerate(spans):
            inter = min(q.end, e) - max(q.start, s)
            if inter > 0 and inter >= share * (e - s):
                return qi
        return None

    starts = [q.start for q in spans]
    for cue in _cue_tokens(doc):
        # A cue inside a direct quote ("I believe ...") belongs to the quoted
        # speaker's own words; PolNeAR rarely annotates it, and it would claim
        # the enclosing quote as its content.
        k = bisect.bisect_right(starts, cue.idx) - 1
        if k >= 0 and spans[k].end > cue.idx:
            continue
        lemma = _cue_lemma(cue)
        src = _source_of(cue)
        if cue.dep_ in ("conj", "advcl") and not any(c.dep_ in _SUBJ for c in cue.children):
            # 'said he found Trump "charming" and called ...': the parser joined the second cue
            # to the first one's content (see _cut_coordinated_cue); both share one source.
            outer = [t for t in out if t.start <= cue.head.idx < t.end and t.cue_i < cue.i and t.end <= cue.idx]
            if outer:
                src = outer[-1].src
        content: tuple[int, int] | None = None
        if lemma == "according to":
            tok_span = _sent_content_for_according(cue)
            if tok_span:
                content = _chars(doc, *tok_span)
        else:
            child = _content_child(cue, starts)
            if child is cue and lemma == "say":
                obj = next(c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i)
                a, b = _trim(doc, obj.left_edge.i, _sent(doc, cue.i).end)
                content = _paragraph_part(text, *_chars(doc, a, _cut_trailing_aside(doc, a, b))) if b > a else None
            elif child is cue:
                parts = [c for c in cue.children if c.dep_ in ("dobj", "oprd") and c.i > cue.i]
                a = min(c.left_edge.i for c in parts)
                b = max(c.right_edge.i for c in parts) + 1
                a, b = _trim(doc, a, b)
                content = _chars(doc, a, b) if b > a else None
            elif child is not None and not (child.i < cue.i and child.dep_ in ("dobj",)):
                content = _dependent_content(doc, cue, child)
        qi = None
        if content is not None:
            qi = quote_index_overlapping(*content, share=0.5)
            if qi is not None:
                # The clause and its quote together: PolNeAR's content keeps the
                # unquoted words of a mixed quote ('he "may yet have to ..."').
                content = (min(content[0], spans[qi].start), max(content[1], spans[qi].end))
        if content is None or qi is None:
            near = _adjacent_quotes(doc, cue, spans, used)
            if near and (content is None or _covers(near, content)):
                (qs, qe), qi_list = near
                # A short quote inside a longer clause ('calls Horgos "a mistake"
                # because ...') is part of the content, not all of it.
                if content is None:
                    # 'Sooner or later, he said, "it starts to pay off."': a quote that opens in
                    # lower case goes on with the words before the frame, which the frame
                    # reports too ('In an interview, he said, "It ..."' sets the scene instead).
                    around = _parenthetical_content(cue) if qs > cue.idx and _opens_lowercase(text, qs) else None
                    content = around if around and around[0] < qs and qe <= around[1] \
                        and not any(c in _QUOTE_CHARS for c in text[around[0]:qs]) else (qs, qe)
                else:
                    content = (min(content[0], qs), max(content[1], qe))
                used.update(qi_list)
                qi = None
        if content is None and src is not None:
            content = _parenthetical_content(cue)
        if content is None:
            continue
        if qi is not None:
            used.add(qi)
            if content[0] < spans[qi].start and spans[qi].end <= cue.idx \
                    and text[content[0]:spans[qi].start].rstrip().endswith(":"):
                # 'The senator scolded him: “A,” she said': the parser hangs the colon frame on
                # the later cue; the words before the colon are another frame, not content.
                content = (spans[qi].start, content[1])
            if spans[qi].end <= cue.idx:
                # The other half of a split quote ("A," he said, "B.").
                more = _continuation(doc, cue, spans, qi, used)
                if not more and qi + 1 < len(spans) and qi + 1 not in used \
                        and _opens_split_quote(doc, spans, qi, qi + 1, cue.idx):
                    more = [qi + 1]  # '"A," he said, "and B."' in one sentence
                if more:
                    content = (content[0], spans[more[-1]].end)
                    used.update(more)
            elif qi > 0 and _opens_split_quote(doc, spans, qi - 1, qi, cue.idx) and qi - 1 not in used:
                # '"A," he said, "B."' where the parser made B the complement: A opens the content.
                used.add(qi - 1)
                content = (spans[qi - 1].start, content[1])
        if src is not None and cue.lower_ != "according":
            k = bisect.bisect_right(starts, doc[src[0]].idx) - 1
            if k >= 0 and spans[k].end > doc[src[0]].idx:
                # The parser took words inside the quote for the subject ('“..., Sen. John
                # McCain,” Trump said'): the speaker is named outside the marks.
                # A subject taken from a quote after the cue ('Flynn, a surrogate, said Thursday
                # on “Fox and Friends.”'): the frame's own subject before the cue comes first.
                after = spans[k].start > cue.idx and _fallback_source(cue, (spans[k].start, spans[k].end))
                src = after or _source_outside_quote(cue, spans[k])
        if src is not None and _paragraph_apart(doc, src, cue.i):
            src = None  # the parser ran the previous paragraph into the cue's sentence
        if src is None and cue.lower_ != "according":
            src = _fallback_source(cue, content)
        src, medium = _split_medium(doc, src, cue)
        content = _whole_marks(text, spans, *content)
        content = _with_listed_quotes(text, spans, starts, content, used)
        out.append(_Att(content[0], content[1], src, lemma, cue.i, medium))
    return out


def _whole_marks(text: str, spans: list[QuoteSpan], start: int, end: int) -> tuple[int, int]:
    """A content that stops just short of a quote's closing mark (or starts just after its
    opening mark, punctuation between) takes the mark: the parser leaves '."' outside the clause."""
    for q in spans:
        if q.start < end < q.end and not text[end:q.end].strip(_CLOSING_PUNCT):
            end = q.end
        if q.start < start < q.end and not text[q.start:start].strip(_CLOSING_PUNCT):
            start = q.start
    return start, end


_LIST_GAP = re.compile(r"[ \xa0]*(?:,[ \xa0]*)?(?:(?:and|or|as well as)[ \xa0]+)?")


def _with_listed_quotes(text: str, spans: list[QuoteSpan], starts: list[int], content: tuple[int, int],
                        used: set[int]):
    """A content that ends with a quote goes on through the quotes listed right after it
    ('called it “smart,” “fast” and “cheap”', 'rated it “false” or “pants on fire”'):
    one statement quoted in pieces.  ``starts`` are the spans' starts; the quotes taken are
    marked used."""
    start, end = content
    k = bisect.bisect_right(starts, end - 1) - 1  # the quote holding the content's last character
    if k < 0 or spans[k].end != end:
        return content
    while k + 1 < len(spans) and k + 1 not in used:
        gap = text[spans[k].end:spans[k + 1].start]
        if not gap or not _LIST_GAP.fullmatch(gap):
            break
        k += 1
        used.add(k)
        end = spans[k].end
    return start, end


def _listed_runs(text: str, spans: list[QuoteSpan]) -> list[QuoteSpan]:
    """``spans`` with each list of top-level quotes ('“smart,” “fast” and “cheap”') as one span."""
    out: list[QuoteSpan] = []
    for q in spans:
        if out and q.level == 0 and out[-1].level == 0 and out[-1].end < q.start \
                and _LIST_GAP.fullmatch(text[out[-1].end:q.start]):
            out[-1] = QuoteSpan(out[-1].start, q.end, q.closed, 0)
        else:
            out.append(q)
    return out


_CLOSING_PUNCT = ".,;:!?\"“”'‘’`»« "


def _dependent_content(doc, cue, child) -> tuple[int, int] | None:
    """Character span of what a cue's dependent says: its subtree without edge punctuation.

    A leading "that"/"to" stays (PolNeAR includes it), a cue inside the
    subtree is cut off, a direct object takes the predicate a preposition adds
    ('praised Cruz for showing ...', 'described the country as beset by ...',
    'accused Cruz of being ...'), and the span stops at the paragraph's end.
    """
    if not (_same_paragraph(cue, child) and _same_paragraph(cue, child.left_edge)):
        return None
    a, b = _trim(doc, child.left_edge.i, child.right_edge.i + 1)
    if child.dep_ == "ccomp" and not any(c.dep_ in _SUBJ for c in child.children):
        # 'said supporters of the group were sharing ...': the parser took the clause's
        # subject for the cue's object; the content starts with it.
        objs = [c for c in cue.children if c.dep_ == "dobj" and cue.i < c.i < child.i]
        if objs:
            a = _trim(doc, objs[0].left_edge.i, b)[0]
    if child.dep_ in ("dobj", "obj"):
        pred = [c for c in cue.children if c.dep_ == "prep" and c.i >= b and c.lower_ in _PREDICATIVE_PREPS]
        if pred:
            a, b = _trim(doc, a, pred[0].right_edge.i + 1)
    if a <= cue.i < b:
        a, b = _trim(doc, cue.i + 1, b)
    b = _cut_trailing_aside(doc, a, b)
    b = _cut_coordinated_cue(doc, a, b)
    if b <= a:
        return None
    return _paragraph_part(_text(doc), *_chars(doc, a, b))


def _cut_coordinated_cue(doc, a: int, b: int) -> int:
    """End of a content before '... and asking, "..."' / '... and called ...': a reporting verb
    joined by "and" to the content's last clause is the source's next act (the parser hangs it on
    the content, PolNeAR annotates it as an attribution of its own)."""
    for t in doc[a + 2:b]:
        if t.dep_ == "conj" and t.tag_ in ("VBG", "VBD") and _is_reporting_verb(t) \
                and doc[t.i - 1].dep_ == "cc" and t.head.i >= a and t.right_edge.i + 1 >= b \
                and not any(c.dep_ in _SUBJ for c in t.children):
            return _trim(doc, a, t.i - 1)[1]
    return b


_ASIDE_DEPS = {"relcl", "advcl", "acl", "appos"}


def _cut_trailing_aside(doc, a: int, b: int) -> int:
    """End of a content without a trailing aside set off by a comma or dash
    ('..., who also held a rally', '..., as was the case', '... - the most significant ...'):
    the reporter's addition, not the source's words (PolNeAR's content stops before it)."""
    for t in doc[a + 1:b]:
        if t.dep_ in _ASIDE_DEPS and t.left_edge.i > a + 1 and t.right_edge.i + 1 >= b:
            before = t.left_edge.i - 1
            if doc[before].text in _CLOSING_MARKS and doc[before - 1].text == ",":
                # '... a "distortion," describing ...': the comma sits inside the closing mark.
                return before + 1
            if doc[before].text in (",", "-", "—", "–", "--"):
                return _trim(doc, a, before)[1]
    return b


_CLOSING_MARKS = {'"', "”", "’", "'", "''"}


def _paragraph_part(text: str, start: int, end: int) -> tuple[int, int]:
    """A clause's content cut at its paragraph's end: the parser runs headlines and
    captions into the next line, reported speech does not cross a paragraph break."""
    cut = text.find("\n", start, end)
    return (start, _rstrip(text, start, cut)) if cut > start else (start, end)


def _parenthetical_content(cue) -> tuple[int, int] | None:
    """'A new manager, he said, could set a new tone.' -> the sentence without the frame.

    A speech verb with no complement of its own that hangs off the main clause
    (parataxis, or the root of a sentence the parser split oddly) is a
    parenthetical attribution: what it reports is the rest of the sentence
    (PolNeAR's content, minus the frame when the frame sits at an edge).
    """
    if cue.lemma_.lower() not in _SPEECH or cue.dep_ not in ("parataxis", "ROOT", "advcl", "conj"):
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "oprd") for c in cue.children):
        return None
    doc = cue.doc
    sent = _sent(doc, cue.i)
    a, b = cue.left_edge.i, cue.right_edge.i + 1
    if cue.dep_ == "ROOT" or (a <= sent.start + 1 and b >= sent.end - 1):
        return None
    # The sentence as the parser cut it, within the cue's paragraph.
    start = next(t.i for t in doc[sent.start:cue.i + 1] if _same_paragraph(t, cue))
    end = next((t.i for t in doc[cue.i:sent.end] if not _same_paragraph(t, cue)), sent.end)
    a, b = max(a, start), min(b, end)
    left, right = _trim(doc, start, a), _trim(doc, b, end)
    if left[1] - left[0] >= 3 and right[1] - right[0] >= 3:
        span = (left[0], right[1])  # the frame in the middle: PolNeAR's content spans it
    else:
        span = max(left, right, key=lambda s: s[1] - s[0])
    return _chars(doc, *span) if span[1] - span[0] >= 3 else None


def _opens_lowercase(text: str, start: int) -> bool:
    """Whether the quote opening at ``start`` begins with a lower-case word (a sentence's continuation)."""
    m = re.match(r"[\"“”„«»'‘’`\s]*(\w)", text[start:start + 12])
    return bool(m) and m.group(1).islower()


# The frame of a split quote ends with a comma, colon or dash, and may go on with 'and'
# ('“A,” Mosko wrote in an email, and “B.”').
_SPLIT_GAP_END = re.compile(r"[,:—–-]\s*(?:and\s*)?$")


def _opens_split_quote(doc, spans, k: int, qi: int, cue_at: int) -> bool:
    """Whether quote ``k`` is the first half of a quote the cue splits ('"A," he said, "B."'):
    the frame between them ends with a comma (colon, dash) and holds no second reporting verb
    ('"A," she sings before asking her, "B"': B is the asking's)."""
    text = _text(doc)
    a, b = spans[k], spans[qi]
    gap = text[a.end:b.start]
    inner = text[a.start:a.end].rstrip("\"”’'` ")
    if not (a.end <= cue_at < b.start and inner[-1:] == "," and "\n" not in gap
            and _SPLIT_GAP_END.search(gap)
            and _sentence_stop(doc, a.end, b.start) is None
            and len(gap) <= (_MAX_SPLIT_GAP if _opens_lowercase(text, b.start) else _MAX_GAP)):
        return False
    frame = doc.char_span(a.end, b.start, alignment_mode="contract")
    return frame is None or not any(t.idx != cue_at and _is_reporting_verb(t) for t in frame)


_SENT_PUNCT = re.compile(r"[.!?]+")
_CONNECTIVE = re.compile(r"[ \xa0\t]*(?:[A-Z][a-z]+,[ \xa0\t]*)?")


def _sentence_stop(doc, start: int, end: int | None = None) -> int | None:
    """Character end of the first sentence-final ``.``, ``!`` or ``?`` in ``text[start:end]``.

    Read off the tokens rather than the text: the tokenizer keeps abbreviations
    and initials whole ('said Mr. Jebens', 'Gene B. Sperling', 'Tampa, Fla.'),
    so their points end no sentence.
    """
    end = len(_text(doc)) if end is None else end
    span = doc.char_span(start, end, alignment_mode="contract")  # the tokens wholly inside
    for t in span if span is not None else ():
        if _SENT_PUNCT.fullmatch(t.text):
            return t.idx + len(t.text)
    return None


def _continuation(doc, cue, spans, qi: int, used) -> list[int]:
    """Quotes that go on right after the cue's sentence ('"A," he said on Tuesday. "B."').

    PolNeAR's content then runs from A to the end of B, so B joins A.  The
    frame's end is its first full stop after the cue (:func:`_sentence_stop`):
    the parser often runs the frame's sentence into the next quote.
    """
    text = _text(doc)
    stop = _sentence_stop(doc, max(cue.idx, spans[qi].end))
    ends = [max(_sent(doc, cue.i).end_char, spans[qi].end)] + ([stop] if stop else [])
    for k in range(qi + 1, min(qi + 3, len(spans))):
        if k in used or "\n" in text[spans[qi].end:spans[k].start]:
            break
        if stop is not None and spans[k].end <= stop:
            continue  # a quoted title in the frame ('Trump told NBC's “Today” on Monday. “B.”')
        if stop is not None and spans[k].start < stop <= spans[k].end and not text[stop:spans[k].end].strip("\"”’'` ") \
                and k + 1 < len(spans) and not text[spans[k].end:spans[k + 1].start].strip(" \xa0\t"):
            # The frame ends inside a quoted title ('Christie said on ABC's "This Week." "B."'):
            # the next quote may follow the title.
            ends.append(spans[k].end)
            continue
        if stop is None or stop > spans[k].start:
            # An abbreviation may take the frame's full stop ('said Sen. Lindsey Graham, R-S.C. "B."').
            if text[:spans[k].start].rstrip(" \xa0\t").endswith("."):
                return [k]
        # Between the frame and the next quote: nothing, or a connective ('Trump said. Instead, "B."').
        if not any(spans[k].start >= end and _CONNECTIVE.fullmatch(text, end, spans[k].start) for end in ends):
            break
        return [k]
    return []


def _covers(near, content) -> bool:
    (s, e), _ = near
    return min(e, content[1]) - max(s, content[0]) > 0


def _adjacent_quotes(doc, cue, spans, used) -> tuple[tuple[int, int], list[int]] | None:
    """Unused quotes right before and/or right after the cue's clause (gap without sentence breaks)."""
    text = _text(doc)
    marks = _marks(doc)
    # The clause's words before the cue; a word inside a quote is the parser running the quote
    # into the clause ('"Did he lose 20 minutes? Probably," said one official').
    c_start = min([cue.idx] + [t.idx for t in cue.children if t.dep_ in _SUBJ | {"agent", "advmod"}
                               for t in [t.left_edge] if not marks.contains(t.idx, t.idx + 1)])
    c_end = cue.idx + len(cue.text)
    for t in cue.children:
        if t.i > cue.i and t.dep_ in ("nsubj", "dobj", "dative", "prt", "npadvmod", "prep", "advmod", "agent") \
                and not any(ch.dep_ in ("relcl",) for ch in t.children):
            t_end = t.right_edge.idx + len(t.right_edge.text)
            if any(t.left_edge.idx <= q.start < t_end for q in spans):
                break  # the parser ran the object into the quote ('joked, “Bernie or Bust people ...”')
            if any(_is_reporting_verb(w) for w in t.subtree):
                break  # '“A,” she sings before asking her, “B”': B is the second verb's
            c_end = max(c_end, t_end)
    before = after = None
    for qi, q in enumerate(spans):
        if qi in used:
            continue
        if q.end <= c_start and c_start - q.end <= _MAX_GAP:
            gap = text[q.end:c_start]
            if "\n" not in gap and not re.search(r"[.!?]\s", gap.lstrip(" ,.!?—–-")):
                before = qi
        elif q.start >= c_end and q.start - c_end <= _MAX_GAP and after is None:
            gap = text[c_end:q.start]
            if ("\n" not in gap or gap.strip() == ":") and not re.search(r"[.!?]\s|[a-z]{3,}", gap.strip(" ,:—–-\n")):
                after = qi
    picked = [qi for qi in (before, after) if qi is not None]
    if not picked:
        return None
    if after is None and before is not None:
        picked.extend(_continuation(doc, cue, spans, before, used))

    return (min(spans[qi].start for qi in picked), max(spans[qi].end for qi in picked)), picked


# --------------------------------------------------------------------------- attribution candidates

def veto_key(doc, start: int, end: int, cue: str | None, spans: list[QuoteSpan]) -> str | None:
    """``"lemma construction"`` of an indirect attribution read by the lexicon rules, else None.

    The construction is the dependency label of the content's head word
    ('ccomp' for 'said that ...', 'dobj' for 'found the car', 'oprd' for
    'proved popular').  Contents with quotation marks (direct and mixed
    quotes) and quotes without a cue have no key: they are never vetoed.
    ``spans`` are the Doc's quoted spans (:func:`quoted_spans`).
    """
    if cue is None or any(q.start < end and start < q.end for q in spans):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    return f"{cue} {span.root.dep_}"


# Dependents that can carry a cue's content, per part of speech of the cue
# (clauses, objects, prepositional objects: 'hopes to', 'his claim that',
# 'support for', 'critical of').
_CONSTRUCTION_DEPS = {"VERB": {"ccomp", "xcomp", "dobj", "pcomp"}, "NOUN": {"acl", "ccomp"},
                      "ADJ": {"ccomp", "xcomp"}}


def cue_constructions(doc, *, lemmas: set[str] | None = None) -> Iterator[tuple]:
    """``(cue token, "lemma POS construction", dependent)`` for every verb, noun and adjective.

    The construction is the dependency label of the dependent that would
    carry the content (``ccomp``, ``xcomp``, ``dobj``, ``acl`` ...) or
    ``prep_<word>`` for a prepositional object.  With ``lemmas``, only cues
    with those lemmas are read (selected over the Doc's lemma array).
    """
    if lemmas is None:
        toks = doc
    else:
        strings = doc.vocab.strings
        wanted = {strings.add(w) for w in lemmas}
        toks = [doc[i] for i, lemma in enumerate(doc.to_array([LEMMA]).tolist()) if lemma in wanted]
    for tok in toks:
        deps = _CONSTRUCTION_DEPS.get(tok.pos_)
        if deps is None:
            continue
        if tok.lower_ == "order" and tok.i > 0 and doc[tok.i - 1].lower_ == "in":
            continue  # 'in order to': a purpose, no order given
        stem = f"{tok.lemma_.lower()} {tok.pos_} "
        for c in tok.children:
            if c.dep_ in deps:
                yield tok, stem + c.dep_, c
            elif c.dep_ == "prep":
                for g in c.children:
                    if g.dep_ in ("pobj", "pcomp"):
                        yield tok, stem + "prep_" + c.lower_, g


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


def _learned_attributions(doc, atts: list[_Att]) -> list[_Att]:
    """Attributions the scorer adds (:func:`attribution_scorer`; none without a model file)."""
    scorer = attribution_scorer()
    return [] if scorer is None else _scored_constructions(doc, atts, scorer)

# --------------------------------------------------------------------------- attribution scorer

_MODEL = Path(__file__).parent / "data" / "attribution_model.json"
_MODALS = {"will": "will", "'ll": "will", "wo": "will", "would": "would", "'d": "would", "could": "could",
           "can": "can", "ca": "can", "may": "may", "might": "may", "should": "should", "must": "must"}
_WH = {"what", "how", "why", "whether", "if", "who", "whom", "which", "when", "where"}
_LEN_BUCKETS = (1, 2, 4, 8, 16, 32)


class Scorer(NamedTuple):
    """A logistic-regression attribution scorer: feature -> weight, plus bias and decision thresholds
    (construction candidates are added at ``threshold``, the rules' own kept at ``rule_threshold``)."""
    weights: dict[str, float]
    bias: float
    threshold: float
    rule_threshold: float
    lemmas: frozenset[str]   # cue lemmas with a weight of their own: the only construction cues read

    def score(self, features) -> float:
        """The candidate's log-odds of matching an annotated attribution (a dot product over active features)."""
        w = self.weights
        return self.bias + sum(w.get(f, 0.0) for f in features)


@lru_cache(maxsize=1)
def attribution_scorer() -> Scorer | None:
    """The scorer in ``data/attribution_model.json`` (made by ``tools/train_attributions.py``), or None when absent."""
    if not _MODEL.exists():
        return None
    data = json.loads(_MODEL.read_text(encoding="utf-8"))
    weights = {k: float(v) for k, v in data["weights"].items()}
    lemmas = frozenset(k[len("lemma="):] for k in weights if k.startswith("lemma="))
    return Scorer(weights, float(data["bias"]), float(data["threshold"]), float(data["rule_threshold"]), lemmas)


def _kept_rule_attributions(doc, atts: list[_Att], spans: list[QuoteSpan]) -> list[_Att]:
    """The rules' attributions without those the scorer rejects (all kept without a model file).

    Only indirect contents without quotation marks are judged (:func:`veto_key`):
    'found the car', 'proved popular' go, 'said that ...' stays.
    """
    scorer = attribution_scorer()
    if scorer is None:
        return atts
    others = [(t.start, t.end) for t in atts]
    marks = QuoteIndex(spans)
    out = []
    for t in atts:
        key = veto_key(doc, t.start, t.end, t.cue, spans)
        if key is not None and t.cue_i is not None:
            feats = candidate_features(doc, doc[t.cue_i], t.start, t.end, t.src, "rule_" + key.rsplit(" ", 1)[1],
                                       others=others, quotes=marks)
            if scorer.score(feats) < scorer.rule_threshold:
                continue
        out.append(t)
    return out


def _scored_constructions(doc, atts: list[_Att], scorer: Scorer) -> list[_Att]:
    """Construction candidates with a source that the scorer accepts where no other attribution
    covers the text: best first, one per cue token, none overlapping."""
    others = [(t.start, t.end) for t in atts]
    text = _text(doc)
    marks = _marks(doc)
    # Bare quotes (no cue) may be taken into a content that contains them whole.
    bare = bare_quote_spans(atts, marks)
    taken = [s for s in others if s not in bare]
    # Characters inside the rules' contents, for an O(length) overlap test per candidate.
    covered = bytearray(len(text) + 1)
    for a, b in taken:
        covered[a:b] = b"\x01" * (b - a)
    cands = []
    for cue, key, child in cue_constructions(doc, lemmas=scorer.lemmas):
        span = _dependent_content(doc, cue, child)
        if span is None or 1 in covered[span[0]:span[1]]:
            continue
        if cuts_into(span, bare):
            continue
        src = _construction_source(cue, span)
        if src is None:  # a content nobody holds is rarely annotated, and its speaker would be wrong
            continue
        score = scorer.score(candidate_features(doc, cue, *span, src, key.rsplit(" ", 1)[1],
                                                others=others, quotes=marks))
        if score >= scorer.threshold:
            cands.append((-score, span, cue.i, _Att(span[0], span[1], src, _cue_lemma(cue), cue.i)))
    fired, out = set(), []
    for _, (s, e), ci, att in sorted(cands, key=lambda c: (c[0], c[1])):
        if ci in fired or any(min(e, b) > max(s, a) for a, b in taken):
            continue
        if _physical_reading(doc, att) or _when_only(doc, att):
            continue
        fired.add(ci)
        taken.append((s, e))
        out.append(att)
    return out


def bare_quote_spans(atts, marks: QuoteIndex) -> list[tuple[int, int]]:
    """Spans of the whole quotes among ``atts`` (anything with ``start, end, cue``) that no cue
    frames: a quoted phrase in a clause ('acting as "the judge and the jury" in ...') until
    a candidate content takes it in."""
    return [(t.start, t.end) for t in atts if t.cue is None and marks.exact(t.start, t.end)]


def cuts_into(span: tuple[int, int], quotes: list[tuple[int, int]]) -> bool:
    """Whether ``span`` overlaps one of ``quotes`` without containing it whole."""
    return any(min(span[1], b) > max(span[0], a) and not (span[0] <= a and b <= span[1]) for a, b in quotes)


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
        return "noun_person" if head.lemma_.lower() in _PERSON_NOUNS | _ANON_HEADS else "noun"
    return "other"


def candidate_features(doc, cue, start: int, end: int, src: tuple[int, int] | None, construction: str, *,
                       others=(), quotes: QuoteIndex | None = None) -> list[str]:
    """Features of one attribution candidate: cue token, character content span, source token span.

    ``construction`` is the dependency construction that carries the
    content (:func:`cue_constructions`: 'ccomp', 'prep_of' ...) or
    ``rule_<dep>`` for the hand-written rules' own indirect attributions
    (the content head's label, as :func:`veto_key`).  Names are lemmas and
    labels only: 'lemma=accuse', 'cons=prep_of', 'lc=accuse prep_of',
    'src=person', 'modal=would', 'neg', 'question', 'len=8', 'first=that' ...
    ``others`` are the character spans of the other attributions ('nested':
    the cue sits in one's content), ``quotes`` the Doc's quoted spans
    ('cue_quoted': the cue is someone's quoted words).
    """
    lemma = _cue_lemma(cue) if construction.startswith("rule_") else cue.lemma_.lower()
    span = doc.char_span(start, end, alignment_mode="expand")
    n = len(span) if span is not None else 0
    first = span[0] if n else None
    first_kind = ("that" if first.lower_ == "that" else "to" if first.lower_ == "to" else
                  "wh" if first.lower_ in _WH else first.pos_) if first is not None else "none"
    # Modality and aspect live on the cue's auxiliaries, or on the verb a noun/xcomp cue hangs off.
    verb = cue if cue.pos_ in ("VERB", "AUX") else cue.head
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg")]
    modal = next((_MODALS[c.lower_] for c in aux if c.lower_ in _MODALS), "none")
    src_type = _source_type(doc, src)
    length = next((str(b) for b in _LEN_BUCKETS if n <= b), "long")
    sent = _sent(doc, cue.i)
    quoted = any(c in _QUOTE_CHARS - {"'", "’"} for c in _text(doc)[start:end])
    feats = [
        f"lemma={lemma}", f"pos={cue.pos_}", f"cons={construction}", f"lc={lemma} {construction}",
        f"tag={cue.tag_}", f"dep={cue.dep_}", f"src={src_type}", f"lsrc={lemma} {src_type}",
        f"csrc={construction} {src_type}", f"modal={modal}", f"len={length}", f"first={first_kind}",
        f"cfirst={construction} {first_kind}", f"lfirst={lemma} {first_kind}",
        f"root={span.root.dep_ if n else 'none'}", f"after={start >= cue.idx}",
    ]
    if any(c.dep_ == "neg" for c in aux) or any(c.dep_ == "neg" for c in cue.children):
        feats.append("neg")
    if any(c.dep_ == "auxpass" for c in aux):
        feats.append("passive")
    if sent.text.rstrip().rstrip("\"”’'").endswith("?"):
        feats.append("question")
    if quoted:
        feats.append("quoted")
    if any(a <= cue.idx < b and (a, b) != (start, end) for a, b in others):
        feats.append("nested")
    if quotes is not None and quotes.contains(cue.idx, cue.idx + 1):
        feats.append("cue_quoted")
    vclass = verb_class(lemma) or "none"
    feats += [f"vclass={vclass}", f"lpos={lemma} {cue.pos_}",
              f"clause={any(w.pos_ in ('VERB', 'AUX') for w in span) if n else False}"]
    return feats


# --------------------------------------------------------------------------- speakers

_PERSON_PRON = {"he", "she", "him", "her", "i", "me", "we", "us", "you"}
_ORG_PRON = {"it", "they", "them"}
_PERSON_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "minister", "official", "president", "senator",
                 "candidate", "secretary", "commander", "general", "diplomat", "ambassador", "leader",
                 "chief", "governor", "mayor", "director", "representative", "lawmaker", "congressman",
                 "congresswoman", "aide", "adviser", "advisor", "analyst", "expert", "man", "woman",
                 "officer", "source", "witness", "activist", "resident", "chairman", "chairwoman", "head",
                 "speaker", "author", "professor", "researcher", "strategist", "nominee", "campaign"}
_ANON_HEADS = {"source", "official", "spokesman", "spokeswoman", "spokesperson", "commander", "diplomat",
               "analyst", "expert", "witness", "resident", "activist", "aide", "adviser", "advisor",
               "officer", "insider", "person", "people", "observer", "critic", "member", "staffer",
               "representative", "lawmaker", "leader"}


def _speaker_info(doc, src: tuple[int, int] | None, history: list[tuple[str, str]]):
    """(mention, resolved speaker, anonymous, affiliation) for a source token span."""
    if src is None:
        return None, None, False, None
    a, b = src
    span = doc[a:b]
    mention = span.text
    head = span.root
    # A common-noun apposition describes the source ("The SDF, an alliance of Kurd and Arab
    # fighters"); names inside it are not the speaker.
    aside = {t.i for c in head.children if c.dep_ == "appos" and c.pos_ == "NOUN" for t in c.subtree}
    ents = [e for e in _ents_in(doc, a, b) if e.label_ in ("PERSON", "ORG", "NORP", "GPE") and e.start not in aside]
    persons = [e for e in ents if e.label_ == "PERSON"]
    if persons:
        return mention, persons[-1].text, False, None
    low = head.lower_
    if low in ("who", "which", "that") and head.head.dep_ == "relcl":
        noun = head.head.head
        n = [e for e in _ents_in(doc, noun.i, noun.i + 1) if e.start <= noun.i < e.end]
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
    if hl in _ANON_HEADS and (determiners & {"a", "an", "some", "several", "two", "three", "many"}
                              or (head.tag_ == "NNS" and not determiners) or hl == "source"):
        return mention, mention, True, affiliation
    if orgs and head.ent_type_:
        return mention, orgs[-1].text, False, None
    if "the" in determiners and head.pos_ == "NOUN":
        want = "PERSON" if hl in _PERSON_NOUNS else "ORG"
        for name, kind in reversed(history[-8:]):
            if kind == want and head.lower_ in name.lower():
                return mention, name, False, None
    return mention, mention, False, None


def doc_quotes(doc, *, learned: bool = True) -> list[Quote]:
    """All quotes in a parsed Doc, in text order (see the module docstring for the method).

    ``learned=False`` leaves out the attribution scorer (:func:`attribution_scorer`),
    as its training does.
    """
    text = _text(doc)
    if not text.strip():
        return []
    spans = quoted_spans(text)
    atts = attributions(doc, spans=spans)
    if learned:
        atts = _kept_rule_attributions(doc, atts, spans)

    atts.extend(_colon_attributions(doc, atts))
    atts = _drop_nested_attitudes(doc, atts)
    # A credited line is one quote, whatever attributions lie inside it; one that another
    # attribution cuts into is not taken.
    taken = [(t.start, t.end) for t in atts]
    atts.extend(c for c in _credit_lines(doc) if not cuts_into((c.start, c.end), taken))
    covered = [(t.start, t.end) for t in atts]
    # Bare quotes: inherit the previous attribution's source.
    for q in _listed_runs(text, [q for q in spans if not any(min(q.end, e) > max(q.start, s) for s, e in covered)]):
        if any(min(q.end, e) - max(q.start, s) > 0 for s, e in covered):
            continue
        framed = _characterisation(doc, q) or _frame_attribution(doc, q)
        if framed is not None:
            atts.append(framed)
            covered.append((framed.start, framed.end))
            continue
        if is_scare_quote(doc, q.start, q.end):
            continue
        src = _frame_subject(doc, q)
        if src is None:
            prev = sorted((t for t in atts if t.end <= q.start and t.src is not None and not _nested(doc, t, atts)),
                          key=lambda t: t.end)
            src = prev[-1].src if prev else None
            if prev and q.start - prev[-1].end > 1500:
                src = None
        atts.append(_Att(q.start, q.end, src, None, None))
    if learned:
        added = _learned_attributions(doc, atts)
        # A bare quoted phrase inside an added content is part of it ('accused Comey of acting
        # as "the judge and the jury" in ...'): the clause replaces the phrase.
        taken_in = {(s, e) for s, e in bare_quote_spans(atts, _marks(doc)) if any(a.start <= s and e <= a.end for a in added)}
        atts = [t for t in atts if (t.start, t.end) not in taken_in or t.cue is not None]
        atts.extend(added)
    atts = [t for t in atts if not _physical_reading(doc, t) and not _when_only(doc, t)]
    atts = _drop_nested_reports(atts, text, spans)
    atts.sort(key=lambda t: (t.start, t.end))
    atts = _join_following_quotes(doc, atts)

    # Named mentions so far, for resolving pronouns and nominals.
    # Names inside quotation marks are what a speaker talks about, not candidate speakers.
    marks = QuoteIndex(spans)
    ents = sorted((e.start_char, e.text, "PERSON" if e.label_ == "PERSON" else "NORP" if e.label_ == "NORP" else "ORG")
                  for e in _ents_in(doc, 0, len(doc))
                  if e.label_ in ("PERSON", "ORG", "NORP", "GPE") and not marks.contains(e.start_char, e.start_char + 1))
    # Earlier named speakers count too: the small model misses many names.
    for t in atts:
        if t.src:
            span = doc[t.src[0]:t.src[1]]
            if span.root.pos_ == "PROPN" and not any(e.label_ == "PERSON" for e in _ents_in(doc, *t.src)):
                # A named subject of a speech verb is most likely a person,
                # whatever the small model's entity label says.
                kind = "ORG" if span.root.ent_type_ in ("GPE", "NORP") else "PERSON"
                ents.append((span.start_char, span.text, kind))
    ents.sort()
    out = []
    previous = None  # (char offset, resolved speaker, kind) of the last attribution with a source
    for t in atts:
        anchor = doc[t.src[0]].idx if t.src else t.start
        history = [(name, kind) for s, name, kind in ents if s < anchor]
        if previous is not None and previous[0] <= anchor and anchor - previous[0] < _SALIENT_CHARS:
            # The last speaker is the most salient antecedent for 'he' / 'it' (subjects rank
            # first in Lappin & Leass 1994's salience weights), ahead of names inside its quote.
            history.append(previous[1:])
        mention, speaker, anon, aff = _speaker_info(doc, t.src, history)
        if t.src and speaker and not anon:
            previous = (anchor, speaker, _speaker_kind(doc, t.src))
        s_start = s_end = None
        if t.src:
            s_start, s_end = _chars(doc, *t.src)
            # A credit dash glued to the name ('-Ann Reed') is one token, not part of the name.
            glued = len(mention) - len(mention.lstrip(_DASH_CHARS))
            if glued:
                s_start, mention, speaker = s_start + glued, mention[glued:], speaker.lstrip(_DASH_CHARS)
        kind = _kind(text, t.start, t.end, spans, None if t.cue_i is None else doc[t.cue_i].idx)
        # A cue outside the lexicon (found by its reporting frame) is of the class 'other'.
        v_class = (verb_class(t.cue) or "other") if t.cue else None
        medium = doc[t.medium[0]:t.medium[1]].text if t.medium else None
        out.append(Quote(t.start, t.end, kind, s_start, s_end, mention, speaker, anon, aff, t.cue,
                         v_class, medium))
    return out


def _join_following_quotes(doc, atts: list[_Att]) -> list[_Att]:
    """Bare quotes that go straight on from the content before them join it.

    'insisted that the state budget was balanced, "down to the last cent."',
    'that refugees "cannot come into this country" but others "can come in so
    easily."': PolNeAR marks the report and the quote that carries it on as
    one content (train: of the bare quotes that follow a content in the same
    paragraph, 128 are one content with it, 16 apart).  The quote must have
    inherited that content's source, and the words between (at most
    ``_MAX_JOIN_GAP`` characters, no line break) must hold neither that
    source nor a verb: '..., which he declared "a total disaster"' is a
    second statement (train: 67 fewer outputs for 4 fewer matches).  Direct
    quotes split by their own frame are joined earlier (:func:`_continuation`).
    """
    text = _text(doc)
    out: list[_Att] = []
    for t in atts:
        prev = out[-1] if out else None
        if prev is not None and t.cue is None and t.cue_i is None and t.src == prev.src \
                and prev.end <= t.start <= prev.end + _MAX_JOIN_GAP and "\n" not in text[prev.end:t.start]:
            between = doc.char_span(prev.end, t.start, alignment_mode="contract")
            own_frame = t.src is not None and prev.end <= doc[t.src[0]].idx < t.start
            if not own_frame and not (between is not None and any(w.pos_ == "VERB" for w in between)):
                out[-1] = prev._replace(end=t.end)
                continue
        out.append(t)
    return out


def _nested(doc, t: _Att, atts: list[_Att]) -> bool:
    """Whether an attribution's cue lies inside another attribution's content ('Carter said
    that some critics had predicted ...'): the inner source is not the one who goes on
    speaking in the next bare quote, the outer one is."""
    if t.cue_i is None:
        return False
    at = doc[t.cue_i].idx
    return any(o is not t and o.start <= at < o.end for o in atts)


_FRAME_STOP = {".", "!", "?", "“", "\"", "‘", "''", "``", ";"}


def _frame_subject(doc, q: QuoteSpan) -> tuple[int, int] | None:
    """The subject of the clause a quote hangs on in its sentence ('Clinton proclaimed at a
    press conference, “I did not ...”'): the nearest verb's subject before the quote, outside it."""
    text = _text(doc)
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None:
        return None
    sent = _sent(doc, span.start)
    para = text.rfind("\n", 0, q.start) + 1
    lead_end = len(text[:para].rstrip())
    if not text[para:q.start].strip() and text[lead_end - 1:lead_end] == ":":
        # 'Trump issued the following statement:' closing the paragraph before.
        colon = doc.char_span(lead_end - 1, lead_end, alignment_mode="expand")
        if colon is not None:
            lead = doc[_sent(doc, colon.start).start:colon.start]
            subj = [t for t in lead if t.dep_ in _SUBJ and t.head.i < colon.start and t.head.pos_ in ("VERB", "AUX")]
            if subj and subj[0].lower_ not in ("it", "there"):
                return _mention_span(subj[0])
    for t in reversed(doc[sent.start:span.start]):
        if t.idx < para or text[t.idx:t.idx + 1] in _QUOTE_CHARS:
            break
        if t.dep_ in ("nsubj", "nsubjpass") and t.head.pos_ in ("VERB", "AUX") and t.lower_ not in ("it", "there"):
            a, b = _mention_span(_reporting_subject(t, sent.start, span.start) or t)
            # The parser may hang the frame's subject on a verb inside the quote, and with it
            # the colon and the opening mark.
            return _trim(doc, a, min(b, span.start))
    return None


def _reporting_subject(subj, sent_start: int, quote_start: int):
    """The subject of the outermost reporting verb above a subject's clause in its sentence
    ('Mr. A said that a deal might be possible: “...”' -> 'Mr. A', not 'a deal'): a quote
    hanging on a reported clause continues the reporter's words."""
    verb = _reporting_ancestor(subj.head, sent_start, quote_start)
    if verb is None:
        return None
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < quote_start
                 and c.lower_ not in ("it", "there")), None)


def _reporting_ancestor(tok, lo: int, hi: int):
    """The outermost reporting verb with a subject that embeds ``tok``'s clause, within tokens
    [lo, hi); only clauses embedded in one another count, not coordinated ones."""
    found = None
    node = tok
    while node.dep_ not in ("ROOT", "conj", "parataxis") and node.head is not node:
        node = node.head
        if not lo <= node.i < hi:
            break
        if _is_reporting_verb(node) and \
                any(c.dep_ in ("nsubj", "nsubjpass") and c.i < hi and c.lower_ not in ("it", "there")
                    for c in node.children):
            found = node
    return found


def _frame_attribution(doc, q: QuoteSpan) -> _Att | None:
    """A quote in a reporting frame whose verb is not in the lexicon.

    '“…,” Smith barked.' and 'Smith interjected: “…”': the comma (or ?, !)
    closing the quote, or the colon opening it, marks the clause next to it as
    the reporting frame (the AP convention for attributions), whatever its
    verb.  The frame's verb is the cue and its subject the source.
    """
    text = _text(doc)
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    inner_end = text[q.start:q.end].rstrip("\"”’'` ")
    candidates = []
    if q.closed and inner_end[-1:] in (",", "?", "!", "—"):
        frame = []
        for tok in doc[span.end:span.end + 40]:
            if tok.text in _FRAME_STOP or "\n" in tok.text:
                break
            frame.append(tok)
        candidates = [t for t in frame if t.pos_ == "VERB"]
    else:
        before = text[max(0, q.start - 3):q.start].rstrip()
        sent = _sent(doc, span.start)
        if before.endswith(":") and sent.start < span.start:
            candidates = [t for t in doc[sent.start:span.start] if t.pos_ == "VERB"][-1:]
            # 'X noted that a deal might be possible: “...”' -- the reporting verb frames the quote.
            candidates = [_reporting_ancestor(t, sent.start, span.start) or t for t in candidates]
    for verb in candidates:
        # The parser may take a word inside the quote for a second subject.
        outside = [c for c in verb.children if c.dep_ in _SUBJ and not span.start <= c.i < span.end]
        src = _mention_span(outside[-1]) if outside else _source_of(verb)
        if src is None:
            # Inverted frames: '“…,” said the senator' puts the subject after the verb.
            after = [c for c in verb.rights if c.dep_ in ("nsubj", "dobj", "attr") and c.pos_ in ("PROPN", "NOUN", "PRON")]
            src = _mention_span(after[0]) if after else None
            if src is None and verb.dep_ == "compound" and verb.head.i > verb.i and verb.head.pos_ in ("PROPN", "NOUN"):
                # 'Said Ellis: “...”', parsed as a name with the verb for a modifier.
                src = _trim(doc, verb.i + 1, min(_mention_span(verb.head)[1], span.start))
        if src is not None and not (span.start <= src[0] < span.end):
            return _Att(q.start, q.end, src, _cue_lemma(verb), verb.i)
    return None


def _characterisation(doc, q: QuoteSpan) -> _Att | None:
    """A quoted label given to an object ('pounding Trump as a “con artist”', 'rated 22% of
    claims as “entirely true”'): the verb characterises its object in the quote's words,
    whatever the verb, so the object and the quote are the content, the verb is the cue and
    its subject the source (PolNeAR annotates these as one attribution)."""
    span = doc.char_span(q.start, q.end, alignment_mode="expand")
    if span is None or span.start == 0:
        return None
    k = span.start - 1
    while k > 0 and doc[k].pos_ == "DET":
        k -= 1
    as_ = doc[k]
    if as_.lower_ != "as" or as_.dep_ not in ("prep", "mark"):
        return None
    head = as_.head
    while as_.dep_ == "mark" and head.dep_ != "ROOT" and (span.start <= head.i < span.end or not head.text[0].isalpha()):
        # 'as' read as a subordinator of a clause made of the quote, or of a dash the tagger
        # took for a verb ('pounding Trump as a “con artist” ― just as ...').
        head = head.head
    if head.pos_ == "VERB":
        verb = head
        # The object, or a prepositional one ('going after Trump as “unfit”').
        objs = [c for c in verb.children if c.dep_ == "dobj" and c.i < as_.i] + \
               [g for c in verb.children if c.dep_ == "prep" and c.i < as_.i for g in c.children if g.dep_ == "pobj"]
        obj = objs[0] if objs else None
    elif head.dep_ == "dobj" and head.head.pos_ == "VERB":
        verb, obj = head.head, head
    else:
        return None
    if obj is None or obj.tag_ in ("WP", "WDT") or verb.dep_ == "relcl":
        # 'recalled the teacher, who she visited often, as “...”': the parser hangs the label
        # on the relative clause, whose object is the relative pronoun.
        return None
    src = _source_of(verb)
    root = doc[src[0]:src[1]].root if src is not None else None
    if root is not None and root.pos_ == "NOUN" and not _can_speak(root):
        src = None  # 'The choice was between going after Trump as “...”' names no speaker
    start = obj.left_edge.idx
    if src is not None and src[0] <= obj.left_edge.i < src[1] or "\n" in _text(doc)[start:q.start]:
        return None
    return _Att(start, q.end, src, _cue_lemma(verb), verb.i)


# '” ― Sonya Herridge', '”\n\n-Michelle Marks, Philadelphia.': a dash after the closing mark
# (on the same line or opening one of the next two), then the credited name and at most a
# short description, to the end of the line.
_CREDIT_RE = re.compile(r"[ \t\xa0]*(?:\n[ \t\xa0]*){0,2}(?:―|—|–|--?)[ \t\xa0]*"
                        r"(?P<name>[A-Z](?:[^\n,;:.!?]|(?<=\b[A-Z])\.){1,60}?)(?P<desc>,[^\n]{0,80}?)?[ \t\xa0.]*(?:\n|$)")
_INITIAL = re.compile(r"[A-Z]\.?")


_CREDITED_LINE = re.compile(r"^[ \t\xa0]*[\"“”]", re.M)
_CREDIT_CLOSE = re.compile(r"[\"”]")


def _credit_lines(doc) -> Iterator[_Att]:
    """Quotes that fill their line, credited on a dash line ('“…” ― Sonya Herridge'): the form
    of epigraphs (the Chicago Manual of Style credits an epigraph's source on a line of its
    own, after a dash), readers' comments and vox-pop round-ups.

    The content runs from the line's opening mark to the closing mark before the credit,
    whatever marks come between: readers' comments often nest quotes with the same marks
    ('“I'd rather live in what he calls “hell” than …” ― Adriana Rodarte'), which pairing
    marks cannot read.  The credit must be a name the parser tags as a proper noun, so a
    dash before an ordinary clause ('“…” -- That was the last ...') is not one."""
    text = _text(doc)
    for line in _CREDITED_LINE.finditer(text):
        start = line.end() - 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        for close in _CREDIT_CLOSE.finditer(text, start + 1, end):
            m = _CREDIT_RE.match(text, close.end())
            if m is None:
                continue
            name = doc.char_span(m.start("name"), m.end("name"), alignment_mode="expand")
            # A dash glued to the name ("-Ann") is one token: it counts as part of the name,
            # as do initials, which the tagger may read as nouns ('Julie A. Diaz').
            if name is not None and len(name) <= 6 and all(
                    t.pos_ == "PROPN" or t.is_punct or t.idx < m.start("name") or _INITIAL.fullmatch(t.text)
                    for t in name):
                yield _Att(start, close.end(), (name.start, name.end), None, None)
            break


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
    return (any(e.label_ == "PERSON" for e in _ents_in(doc, *src))
            or (head.pos_ == "PRON" and head.lower_ in _PERSON_PRON)
            or (head.pos_ == "NOUN" and head.lemma_.lower() in _PERSON_NOUNS - {"campaign"}))


def _when_only(doc, t: _Att) -> bool:
    """A content that is only a date or time ('said in a statement on Sunday' read as
    'statement on -> Sunday') says nothing."""
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is None:
        return False
    words = [w for w in span if not w.is_punct]
    return bool(words) and all(w.ent_type_ in ("DATE", "TIME") for w in words)


def _physical_reading(doc, t: _Att) -> bool:
    """An attribution read off a verb or noun that also names a physical act ('government
    forces attacked ISIS positions', 'the US aviation attack against an Su-22') rather than
    speech ('Trump attacked Rubio').

    Only where the content is a bare object (no clause, no quotation marks) and the source is
    not a person: armies, aircraft and states attack physically far more often than they
    criticise.  The verbs are listed under ``physical_senses`` in ``data/reporting_verbs.yml``.
    """
    if t.cue is None or t.cue.split()[0] not in reporting_verbs().physical_senses:
        return False
    text = _text(doc)
    content = text[t.start:t.end]
    if any(c in _QUOTE_CHARS - {"'", "’"} for c in content):
        return False
    span = doc.char_span(t.start, t.end, alignment_mode="expand")
    if span is not None and (span.root.dep_ in _CLAUSE_DEPS or span[0].lower_ == "that"):
        return False
    return not _personal_source(doc, t.src)


def _drop_nested_attitudes(doc, atts: list[_Att]) -> list[_Att]:
    """Drop attributions whose cue is not a plain speech verb and sits inside another's content.

    In 'Sanders said he was supporting Clinton' the support is part of what
    Sanders said; PolNeAR annotators mostly mark only the outer attribution
    (measured on its train split: dropping the inner non-neutral ones raises
    precision by 6 points for 0.7 points of recall).
    """
    cue_at = {t.cue_i: doc[t.cue_i].idx for t in atts if t.cue_i is not None}
    spans = sorted((t.start, t.end) for t in atts)
    starts = [s for s, _ in spans]
    out = []
    for t in atts:
        if t.cue_i is not None and verb_class(t.cue) != "neutral":
            ci = cue_at[t.cue_i]
            k = bisect.bisect_right(starts, ci)
            if any(s <= ci < e and (s, e) != (t.start, t.end) for s, e in spans[max(0, k - 20):k]):
                continue
        out.append(t)
    return out


def _drop_nested_reports(atts: list[_Att], text: str, spans: list[QuoteSpan]) -> list[_Att]:
    """Drop unquoted contents that lie inside another attribution's content, whatever their cue.

    'Police have said they have no plans to release ..., according to ...',
    'found that 74 percent of likely voters said Mr. Trump should release ...':
    the inner report is part of what the outer source says, and PolNeAR marks
    only the outer one, also where the inner content is partly quoted (a mixed
    quote: PolNeAR train, 60 fewer outputs for 4 fewer matches).  A wholly
    quoted content stays: a quote keeps its own speaker.
    (:func:`_drop_nested_attitudes` drops the inner attitudes earlier, before
    the bare quotes inherit a speaker.)
    """
    out, reach, group = [], -1, None
    for t in sorted(atts, key=lambda t: (t.start, -t.end)):
        if (t.start, t.end) != group:
            # 'reach': the furthest end of the other spans, which all start at or before this one
            reach, group = max(reach, group[1]) if group else reach, (t.start, t.end)
        if reach < t.end or _kind(text, t.start, t.end, spans) == "direct":
            out.append(t)
    return out


_COLON_RE = re.compile(r"^[\"“]?(?P<src>[A-Z][\w.’'\-]*(?:[ \xa0][A-Z][\w.’'\-]*|[ \xa0](?:and|of|the|for)){0,5}):[ \xa0]+(?=\S)",
                       re.M)


def _proper_nouns(doc) -> set[str]:
    """Words the tagger reads as a proper noun somewhere in the document: a headline's
    'Sanders:' may be tagged a noun where the body's 'Bernie Sanders' is not."""
    return {t.text for t in doc if t.pos_ == "PROPN"}


def _colon_attributions(doc, atts) -> list[_Att]:
    """'NAME: text' lines (interview transcripts, headlines "McCain: ...") and
    'Name and Name: “...”' -- the colon is the cue, the rest of the line the content,
    which must have a verb (a statement, not a list or a label).  A transcript quoted
    paragraph by paragraph opens each line with a quotation mark ('"WALLACE: ...')."""
    text = _text(doc)
    taken = [(t.start, t.end) for t in atts]
    out = []
    names = None  # the document's proper nouns, when first needed
    for m in _COLON_RE.finditer(text):
        src = m.group("src")
        if src.split()[0].lower() in ("the", "update", "note", "editor", "read", "watch", "source", "photo",
                                      "related", "transcript", "advertisement", "q", "a"):
            continue
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        start, end = m.end(), _rstrip(text, m.end(), line_end)
        while end > start and text[end - 1] in ".,;:":
            end -= 1
        if end - start < 3 or any(min(e, end) - max(s, start) > 0 for s, e in taken):
            continue
        sa = doc.char_span(m.start("src"), m.end("src"), alignment_mode="expand")
        said = doc.char_span(start, end, alignment_mode="expand")
        if sa is None or said is None:
            continue
        # A line in quotation marks is a statement whatever the tagger makes of its words
        # ('Reid: 'Never, ever underestimate Trump.'', with 'Reid' a noun and no verb).
        quoted = _marks(doc).exact(start, end)
        if not (quoted or any(t.pos_ == "PROPN" for t in sa)):
            names = _proper_nouns(doc) if names is None else names
            if sa[-1].text not in names:
                continue
        if not (quoted or any(t.pos_ in ("VERB", "AUX") for t in said)):
            # A label, not a statement: 'Iowa: Tim Albrecht, Brad Anderson, ...',
            # 'Twitter: @handle', 'Carson: A miracle' (verbless in 23 of 26 such
            # lines on PolNeAR train, of which 3 annotated).
            continue
        out.append(_Att(start, end, (sa.start, sa.end), None, None))
    return out


def _kind(text: str, start: int, end: int, spans: list[QuoteSpan], cue_at: int | None = None) -> str:
    """direct, mixed or indirect.  A split quote ('“A,” he said. “B.”') is direct: its content
    opens and closes with quotation marks and the words between them are the cue's frame."""
    inside = [q for q in spans if q.start >= start and q.end <= end]
    if any(q.start <= start + 1 and q.end >= end - 1 for q in spans if q.start <= start + 1):
        return "direct"
    if cue_at is not None and inside and inside[0].start <= start + 1 and inside[-1].end >= end - 1 \
            and any(a.end <= cue_at < b.start for a, b in zip(inside, inside[1:])):
        return "direct"
    return "mixed" if inside else "indirect"


# --------------------------------------------------------------------------- corpus tables

def _docs(corpus, *, model: str | None = None, batch_size: int = 32):
    """Parsed Docs of the corpus, in article order: the one shared parse of :func:`analysis.nlp.parse`."""
    from .nlp import parse

    docs = parse(corpus, model=model, batch_size=batch_size)
    return [docs[doc_id] for doc_id in corpus.articles["doc_id"]]


def _quoted_words(content: str, kind: str) -> int:
    """Words a quote gives its speaker: in a split direct quote ('“A,” he said. “B.”') only the
    words inside quotation marks, not the frame's."""
    if kind == "direct":
        parts = [q for q in quoted_spans(content) if q.level == 0]
        # Marks that pair up otherwise than the quote ('“A “b” c.”' read as two quotes) keep the
        # whole count.
        if len(parts) > 1 and parts[0].start == 0 and parts[-1].end == len(content.rstrip()):
            return sum(len(content[q.start:q.end].split()) for q in parts)
    return len(content.split())


def quotes(corpus, *, model: str | None = None) -> pd.DataFrame:
    """One row per quote in the corpus.

    Columns: ``doc_id, outlet, quote, kind (direct|indirect|mixed), start,
    end, speaker, speaker_mention, speaker_start, speaker_end,
    speaker_actor_id, side, anonymous, affiliation, cue, verb_class,
    n_words, medium``.  Offsets are into ``corpus.articles.text``;
    ``quote == text[start:end]``.  ``speaker_mention`` is the words naming the
    source where it is written ("he", "the ministry"); ``speaker`` the
    resolved name; ``cue`` the reporting verb's lemma; ``medium`` the
    channel the text names apart from the speaker ("a statement", "the
    newspaper"), else None.  Sorted by doc_id and
    start.
    """
    key = ("quotes_table", model)
    if key in corpus.cache:
        return corpus.cache[key].copy()
    from .store import stored_quotes

    rows = []
    # Per-article quotes precomputed by analysis.extract when a store is attached (analysis/store.py).
    per_doc = stored_quotes(corpus, model=model)
    if per_doc is None:
        docs = _docs(corpus, model=model)
        for doc, text in zip(docs, corpus.articles["text"]):
            # The Doc's text is the article's text; spaCy would rebuild it from the tokens.
            doc.user_data.setdefault("_outlet_lens_text", text)
        per_doc = ((_text(doc), doc_quotes(doc)) for doc in docs)
    for art, (text, doc_qs) in zip(corpus.articles.itertuples(index=False), per_doc):
        for q in doc_qs:
            rows.append({"doc_id": art.doc_id, "outlet": art.outlet, "quote": text[q.start:q.end],
                         "kind": q.kind, "start": q.start, "end": q.end, "speaker": q.speaker,
                         "speaker_mention": q.speaker_mention, "speaker_start": q.speaker_start,
                         "speaker_end": q.speaker_end, "speaker_actor_id": None, "side": None,
                         "anonymous": bool(q.anonymous), "affiliation": q.affiliation, "cue": q.cue,
                         "verb_class": q.verb_class, "n_words": _quoted_words(text[q.start:q.end], q.kind),
                         "medium": q.medium})
    frame = pd.DataFrame(rows, columns=QUOTE_COLUMNS)
    frame = frame.astype({"start": int, "end": int, "n_words": int, "anonymous": bool})
    for col in ("speaker_start", "speaker_end"):
        frame[col] = frame[col].astype("Int64")
    frame = _link_speakers_to_actors(frame, corpus)
    frame = frame.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)
    corpus.cache[key] = frame
    return frame.copy()


def _link_speakers_to_actors(quotes_df: pd.DataFrame, corpus) -> pd.DataFrame:
    """Fill ``speaker_actor_id`` and ``side`` from the actors table.

    The actor mention that overlaps the speaker's words most wins ("spokesman
    Sean Spicer" -> sean-spicer); for a pronoun or a nominal mention, the
    resolved speaker name is looked up among the article's actor mentions,
    then among the corpus's actor names.
    """
    from .actors import actors as actor_table

    if quotes_df.empty:
        return quotes_df
    mentions = actor_table(corpus)
    # Plain sorted lists per document: a pandas filter per quote costs more than extracting the quotes.
    by_doc: dict[str, list[tuple[int, int, str, str]]] = {}
    by_name: dict[str, tuple[str, str]] = {}
    for row in mentions[["doc_id", "start", "end", "actor_id", "side", "surface", "actor_name"]].itertuples(index=False):
        by_doc.setdefault(row.doc_id, []).append((int(row.start), int(row.end), row.actor_id, row.side))
        for key in (str(row.surface).casefold(), str(row.actor_name).casefold()):
            by_name.setdefault(key, (row.actor_id, row.side))
    for rows in by_doc.values():
        rows.sort(key=lambda r: (r[0], r[1]))
    starts_of = {d: [r[0] for r in rows] for d, rows in by_doc.items()}
    longest = max((r[1] - r[0] for rows in by_doc.values() for r in rows), default=0)
    ids, sides = [], []
    for q in quotes_df[["doc_id", "speaker_start", "speaker_end", "speaker"]].itertuples(index=False):
        found = None
        rows = by_doc.get(q.doc_id)
        if rows and pd.notna(q.speaker_start):
            s0, s1 = int(q.speaker_start), int(q.speaker_end)
            lo = bisect.bisect_left(starts_of[q.doc_id], s0 - longest)
            hi = bisect.bisect_left(starts_of[q.doc_id], s1)
            best = 0
            for start, end, actor_id, side in rows[lo:hi]:
                overlap = min(end, s1) - max(start, s0)
                if overlap > best:
                    best, found = overlap, (actor_id, side)
        if found is None and isinstance(q.speaker, str) and q.speaker:
            found = by_name.get(q.speaker.casefold())
        ids.append(found[0] if found else None)
        sides.append(found[1] if found else None)
    quotes_df = quotes_df.copy()
    quotes_df["speaker_actor_id"] = ids
    quotes_df["side"] = sides
    return quotes_df


def share_of_voice(corpus, *, by_actor: bool = False) -> pd.DataFrame:
    """Who gets to speak, per outlet and side (and actor with ``by_actor``).

    Columns: ``outlet, side[, speaker_actor_id], quotes, quoted_words,
    direct, indirect, mixed, named, anonymous, share_quotes, share_words``
    (shares of the outlet's quotes / quoted words, rounded to 3 places).
    Quotes without a side fall under side ``unknown``.
    """
    q = quotes(corpus)
    q["side"] = q["side"].fillna("unknown").replace("", "unknown")
    keys = ["outlet", "side"] + (["speaker_actor_id"] if by_actor else [])
    if by_actor:
        q["speaker_actor_id"] = q["speaker_actor_id"].fillna("")
    cols = keys + ["quotes", "quoted_words", "direct", "indirect", "mixed", "named", "anonymous",
                   "share_quotes", "share_words"]
    if q.empty:
        return pd.DataFrame(columns=cols)
    g = q.groupby(keys, dropna=False)
    out = g.agg(quotes=("quote", "size"), quoted_words=("n_words", "sum"),
                direct=("kind", lambda s: int((s == "direct").sum())),
                indirect=("kind", lambda s: int((s == "indirect").sum())),
                mixed=("kind", lambda s: int((s == "mixed").sum())),
                anonymous=("anonymous", "sum")).reset_index()
    out["named"] = out["quotes"] - out["anonymous"]
    tot = out.groupby("outlet")[["quotes", "quoted_words"]].transform("sum")
    out["share_quotes"] = (out["quotes"] / tot["quotes"]).round(3)
    out["share_words"] = (out["quoted_words"] / tot["quoted_words"].where(tot["quoted_words"] > 0)).round(3)
    out = out.astype({c: int for c in ("quotes", "quoted_words", "direct", "indirect", "mixed", "named",
                                       "anonymous")})
    return out[cols].sort_values(keys, kind="stable").reset_index(drop=True)


def verb_profile(corpus) -> pd.DataFrame:
    """Reporting-verb class by speaker side and outlet (who gets "said", who gets "claimed").

    Columns: ``outlet, side, verb_class, quotes, share`` -- share of the
    (outlet, side)'s cued quotes, rounded to 3 places.  Quotes without a cue
    (bare quotes) are left out.
    """
    q = quotes(corpus)
    q = q[q["verb_class"].notna()].copy()
    cols = ["outlet", "side", "verb_class", "quotes", "share"]
    if q.empty:
        return pd.DataFrame(columns=cols)
    q["side"] = q["side"].fillna("unknown").replace("", "unknown")
    out = q.groupby(["outlet", "side", "verb_class"]).size().rename("quotes").reset_index()
    out["share"] = (out["quotes"] / out.groupby(["outlet", "side"])["quotes"].transform("sum")).round(3)
    return out[cols].sort_values(["outlet", "side", "verb_class"], kind="stable").reset_index(drop=True)


# --------------------------------------------------------------------------- shared statements

def _statement_key(doc, start: int, end: int) -> str:
    """Content lemmas, names and numbers of a quote, lowercased and sorted (order-free matching)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return ""
    words = []
    for t in span:
        if t.like_num or t.ent_type_ or (t.pos_ in ("NOUN", "PROPN", "VERB", "ADJ", "NUM") and not t.is_stop):
            words.append(t.lemma_.lower() if not t.like_num else t.text.lower())
    return " ".join(sorted(set(words)))


def shared_statements(corpus, *, threshold: float = 55.0, min_words: int = 6) -> pd.DataFrame:
    """The same statement quoted by several outlets, also in different English words.

    Each pair of quotes from different documents (and outlets when the corpus
    has several) is scored with rapidfuzz's ``token_set_ratio`` over the
    quotes' content lemmas, names and numbers (lemmas absorb part of the
    translation differences: "conducting"/"conducts"); pairs scoring at least
    ``threshold`` (0-100) are kept.

    Columns: ``doc_id_a, outlet_a, start_a, end_a, quote_a, speaker_a,
    doc_id_b, outlet_b, start_b, end_b, quote_b, speaker_b, score`` sorted by
    score (descending), then doc ids and offsets.
    """
    from rapidfuzz import fuzz

    q = quotes(corpus)
    cols = ["doc_id_a", "outlet_a", "start_a", "end_a", "quote_a", "speaker_a",
            "doc_id_b", "outlet_b", "start_b", "end_b", "quote_b", "speaker_b", "score"]
    q = q[q["n_words"] >= min_words].reset_index(drop=True)
    from .store import stored_statement_keys

    keys = stored_statement_keys(corpus, q)  # precomputed by analysis.extract (analysis/store.py)
    if keys is None:
        docs = dict(zip(corpus.articles["doc_id"], _docs(corpus)))
        keys = [_statement_key(docs[r.doc_id], r.start, r.end) for r in q.itertuples()]
    several_outlets = q["outlet"].nunique() > 1
    rows = []
    recs = list(q.itertuples())
    for i, a in enumerate(recs):
        for j in range(i + 1, len(recs)):
            b = recs[j]
            if a.doc_id == b.doc_id or (several_outlets and a.outlet == b.outlet):
                continue
            if not keys[i] or not keys[j]:
                continue
            # token_set_ratio rewards the shared core; weigh by token_sort to punish a tiny subset match.
            score = 0.5 * fuzz.token_set_ratio(keys[i], keys[j]) + 0.5 * fuzz.token_sort_ratio(keys[i], keys[j])
            if score >= threshold:
                rows.append([a.doc_id, a.outlet, a.start, a.end, a.quote, a.speaker,
                             b.doc_id, b.outlet, b.start, b.end, b.quote, b.speaker, round(score, 1)])
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["score", "doc_id_a", "start_a", "doc_id_b", "start_b"],
                           ascending=[False, True, True, True, True], kind="stable").reset_index(drop=True)
