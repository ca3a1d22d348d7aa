"""Reporting cues: which tokens report speech or an attitude, and their classes.

The lexicon is ``data/reporting_verbs.yml`` (Bergler 1992; Krestel, Bergler &
Witte 2008; Recasens et al. 2013's assertive and factive classes; cues counted
on PolNeAR train), loaded by :func:`analysis.core.lexicons.reporting_verbs`.
"""
from __future__ import annotations

from typing import Iterator

from spacy.attrs import LEMMA, LOWER

from ...core.lexicons import reporting_verbs
from ...nlp import sentence_of


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


def _governing_cue(span):
    """A reporting verb governing (or adjacent to) a span, or None."""
    sent = sentence_of(span.doc, span.start)
    for tok in span:
        for anc in tok.ancestors:
            if anc.i < sent.start:
                break
            if anc.pos_ == "VERB" and anc.lemma_.lower() in reporting_verbs().speech and anc not in span:
                return anc
    # "“...,” he said": the cue right after the closing mark.
    for tok in span.doc[span.end:min(len(span.doc), span.end + 4)]:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in reporting_verbs().speech:
            return tok
        if tok.is_sent_start or tok.text in (".", "?", "!"):
            break
    for tok in reversed(span.doc[max(0, span.start - 3):span.start]):
        if tok.pos_ == "VERB" and tok.lemma_.lower() in reporting_verbs().speech:
            return tok
        if tok.text in (".", "?", "!"):
            break
    return None



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


def _is_medium(tok) -> bool:
    return tok.lemma_.lower() in reporting_verbs().media or tok.lower_ in reporting_verbs().media

