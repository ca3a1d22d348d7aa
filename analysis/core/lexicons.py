"""Every data file of ``analysis/data/``, loaded in one place (each once per process).

Each file says where its lists come from.  The code that uses a list asks for
it here, so a lexicon is read, parsed and compiled once, and a list has one
home:

=========================  ==================================================
``reporting_verbs.yml``    :func:`reporting_verbs`: cue verbs and their classes, phrasal cues,
                           object-content verbs, media nouns, physical senses, speech verbs
``speaker_nouns.yml``      :func:`speaker_nouns`: person, anonymous-source and group nouns,
                           official words
``nominal_heads.yml``      :func:`nominal_heads`: definite descriptions and the actor types they
                           may stand for
``media_sources.yml``      :func:`source_cues`: wire agencies, media and document cues
``boilerplate.yml``        :func:`boilerplate`: the cleaner's line patterns
``epistemic_markers.yml``, ``loaded_terms.yml``
                           :func:`framing_lexicon`: hedges, boosters, loaded labels
``titles.txt``             :func:`titles`: titles and honorifics
``nicknames.csv``          :func:`nicknames`: given names and their nicknames
``house_style.yml``        :func:`house_style_words`: courtesy titles, title words, name suffixes and
                           attribution verbs the distinctive vocabulary leaves out
``attribution_model.json`` :func:`attribution_model`: the quote extractor's learned weights
``affiliations.yml``       :func:`affiliations`: nationality and party adjectives (mention attributes)
``speaker_roles.yml``      :func:`speaker_roles`: title equivalences, gendered nouns, speaker-role classes
``nominal_persons.yml``    :func:`nominal_persons`: epithets and described-only nouns of definite descriptions
=========================  ==================================================
"""
from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

import yaml

__all__ = ["data_text", "data_lines", "ReportingVerbs", "reporting_verbs", "SpeakerNouns", "speaker_nouns",
           "nominal_heads", "SourceCues", "alternatives", "source_cues", "boilerplate", "framing_lexicon",
           "titles", "nicknames", "attribution_model", "HouseStyleWords", "house_style_words", "Affiliations",
           "affiliations", "SpeakerRoles", "speaker_roles", "NominalPersons", "nominal_persons"]

DATA_PACKAGE = "analysis.data"


def data_text(name: str) -> str:
    """The text of ``analysis/data/<name>``."""
    return resources.files(DATA_PACKAGE).joinpath(name).read_text(encoding="utf-8")


def data_lines(name: str) -> list[str]:
    """The non-blank, non-comment lines of a line-per-entry data file, stripped."""
    return [line.strip() for line in data_text(name).splitlines() if line.strip() and not line.startswith("#")]


def _yaml(name: str) -> Any:
    return yaml.safe_load(data_text(name))


def _lower(words) -> frozenset[str]:
    return frozenset(str(w).lower() for w in words or ())


# --------------------------------------------------------------------------- quotes and speakers

class ReportingVerbs(NamedTuple):
    verb_class: dict[str, str]      # lemma -> class (neutral, endorsing, doubting ...)
    phrasal: dict[str, str]         # "point out" -> class
    object_content: frozenset[str]  # verbs whose direct object is the content ("denied the allegations")
    media: frozenset[str]           # nouns for the channel a statement came through
    physical_senses: frozenset[str]  # cue verbs that also name a physical act ("attack")
    speech: frozenset[str]          # verbs that report speech itself (direct and scare-quote tests)


@lru_cache(maxsize=1)
def reporting_verbs() -> ReportingVerbs:
    """The reporting-verb lexicon, ``data/reporting_verbs.yml``."""
    data = _yaml("reporting_verbs.yml")
    classes = data["classes"]
    out: dict[str, str] = {}
    for cls in data["priority"]:
        for lemma in classes[cls]:
            out.setdefault(lemma.lower(), cls)
    return ReportingVerbs(out, {k.lower(): v for k, v in data.get("phrasal", {}).items()},
                          _lower(data.get("object_content")), _lower(data.get("media")),
                          _lower(data.get("physical_senses")), _lower(data.get("speech")))


class SpeakerNouns(NamedTuple):
    person: frozenset[str]      # a person by role: "the senator"
    anonymous: frozenset[str]   # heads of anonymous sources: "a senior official"
    group: frozenset[str]       # bodies that speak: "the committee"
    official: re.Pattern        # words that mark a speaker as speaking for a state


@lru_cache(maxsize=1)
def speaker_nouns() -> SpeakerNouns:
    """The speaker nouns of ``data/speaker_nouns.yml``."""
    data = _yaml("speaker_nouns.yml")
    official = re.compile(r"\b(" + "|".join(re.escape(w) for w in data["official_words"]) + r")\b", re.IGNORECASE)
    return SpeakerNouns(_lower(data["person_nouns"]), _lower(data["anonymous_heads"]), _lower(data["group_nouns"]),
                        official)


@lru_cache(maxsize=1)
def nominal_heads() -> dict[str, frozenset[str]]:
    """Definite-description heads and the actor types each may stand for (``data/nominal_heads.yml``)."""
    return {str(k): frozenset(v or ()) for k, v in _yaml("nominal_heads.yml").items()}


@lru_cache(maxsize=1)
def attribution_model() -> dict[str, Any] | None:
    """The attribution scorer's weights (``data/attribution_model.json``), or None when the file is absent."""
    try:
        return json.loads(data_text("attribution_model.json"))
    except FileNotFoundError:
        return None


# --------------------------------------------------------------------------- sources and boilerplate

class SourceCues(NamedTuple):
    agencies: dict[str, str]           # written form -> canonical agency name
    agency_pattern: re.Pattern         # any agency form, case-sensitive, whole word
    media_pattern: re.Pattern          # a media cue or media-name word, case-insensitive
    media_cue_pattern: re.Pattern      # a media cue only ("daily", "newspaper"): names a medium by itself
    document_pattern: re.Pattern       # a document cue ("a statement")
    unattributed_pattern: re.Pattern   # "it was reported", "reportedly"


def alternatives(forms) -> str:
    """A regex alternation of literal ``forms``, longest first, any run of spaces matching a space."""
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(set(forms), key=len, reverse=True))


@lru_cache(maxsize=1)
def source_cues() -> SourceCues:
    """The cues of ``data/media_sources.yml``, compiled once."""
    raw = _yaml("media_sources.yml")
    agencies = {form: name for name, forms in raw["wire_agencies"].items() for form in forms}
    unattributed = [form for entry in raw["unattributed"] for form in str(entry).split("|")]
    return SourceCues(
        agencies,
        re.compile(rf"(?<![\w-])(?:{alternatives(agencies)})(?![\w-])"),
        re.compile(rf"(?<![\w-])(?:{alternatives(raw['media_cues'] + raw['media_name_words'])})(?![\w-])",
                   re.IGNORECASE),
        re.compile(rf"(?<![\w-])(?:{alternatives(raw['media_cues'])})(?![\w-])", re.IGNORECASE),
        re.compile(rf"(?<![\w-])(?:{alternatives(raw['document_cues'])})s?(?![\w-])", re.IGNORECASE),
        re.compile(rf"(?<![\w-])(?:{alternatives(unattributed)})(?![\w-])", re.IGNORECASE),
    )


@lru_cache(maxsize=1)
def boilerplate() -> dict[str, list[tuple[re.Pattern, str]]]:
    """The cleaner's ``inline`` and ``trailer`` line patterns (``data/boilerplate.yml``), compiled,
    each with its reason; ``{wire_agencies}`` in a pattern is any agency form of :func:`source_cues`."""
    agencies = alternatives(source_cues().agencies)
    raw = _yaml("boilerplate.yml")
    return {
        kind: [(re.compile(e["pattern"].replace("{wire_agencies}", agencies), re.IGNORECASE), e["reason"])
               for e in raw[kind]]
        for kind in ("inline", "trailer")
    }


# --------------------------------------------------------------------------- framing and names

@lru_cache(maxsize=8)
def framing_lexicon(name: str) -> dict[str, list[list[str]]]:
    """A framing lexicon (``epistemic_markers``, ``loaded_terms``): category -> entries, each a list of
    written-out forms."""
    raw = _yaml(f"{name}.yml")
    return {cat: [str(entry).split("|") for entry in entries] for cat, entries in raw.items()}


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """Lower-cased titles and honorifics (``data/titles.txt``)."""
    return frozenset(data_lines("titles.txt"))


@lru_cache(maxsize=1)
def nicknames() -> dict[str, frozenset[str]]:
    """Given name or nickname -> the set of given names it may stand for (``data/nicknames.csv``)."""
    table: dict[str, set[str]] = defaultdict(set)
    for row in csv.DictReader(data_lines("nicknames.csv")):
        table[row["nickname"]].add(row["given_name"])
        table[row["given_name"]].add(row["given_name"])
    return {k: frozenset(v) for k, v in table.items()}


class HouseStyleWords(NamedTuple):
    courtesy: frozenset[str]             # always titles: "mr", "sen" (titles.txt's abbreviations and more)
    titles: frozenset[tuple[str, ...]]   # titles before a name, as word tuples: ("secretary", "of", "state")
    suffixes: frozenset[str]             # name suffixes: "jr"
    attribution: dict[str, str]          # written form -> attribution verb: "said" -> "say"


@lru_cache(maxsize=1)
def house_style_words() -> HouseStyleWords:
    """The house-style words (``data/house_style.yml``) joined with :func:`titles`: every title as a
    tuple of its words without dots, and the courtesy titles (every title ``titles.txt`` lists with a
    dot, plus the file's own)."""
    raw = _yaml("house_style.yml")
    listed = titles() | _lower(raw["title_words"])
    courtesy = {t.rstrip(".") for t in titles() if t.endswith(".") and " " not in t} | _lower(raw["courtesy_titles"])
    as_words = frozenset(tuple(w for w in re.split(r"[\s.]+", t) if w) for t in listed | courtesy)
    attribution = {str(form).lower(): str(verb) for verb, forms in raw["attribution_verbs"].items() for form in forms}
    return HouseStyleWords(frozenset(courtesy), as_words, _lower(raw["name_suffixes"]), attribution)


class Affiliations(NamedTuple):
    adjectives: dict[str, str]   # lower-cased adjective -> country or party: "russian" -> "Russia"
    members: dict[str, str]      # lower-cased plural member noun -> party: "republicans" -> "Republican Party"
    parties: frozenset[str] = frozenset()  # the party names (the other adjectives' values are countries)
    states: dict[str, str] = {}  # lower-cased US state name or AP abbreviation -> state: "fla" -> "Florida"


@lru_cache(maxsize=1)
def affiliations() -> Affiliations:
    """Nationality and party adjectives and party member nouns (``data/affiliations.yml``)."""
    raw = _yaml("affiliations.yml")
    adjectives = {str(a).lower(): str(country) for country, forms in raw["nationalities"].items() for a in forms}
    members = {}
    for party, forms in raw["parties"].items():
        adjectives.update({str(a).lower(): str(party) for a in forms.get("adjectives") or ()})
        members.update({str(m).lower(): str(party) for m in forms.get("members") or ()})
    states = {str(f).lower(): str(state) for state, forms in (raw.get("us_states") or {}).items() for f in forms}
    return Affiliations(adjectives, members, frozenset(map(str, raw["parties"])), states)


class SpeakerRoles(NamedTuple):
    equivalent: dict[str, frozenset[str]]  # title or role word -> every word of the same office
    gender: dict[str, str]                 # gendered noun, title or pronoun -> "female" | "male"
    roles: dict[str, str]                  # role word or phrase -> speaker_role class (first class listed wins)
    order: tuple[str, ...]                 # the role classes, in the file's order
    weak: frozenset[str] = frozenset()     # role words that decide a class only when no other role word does
    informants: frozenset[str] = frozenset()  # anonymous-source nouns that name no role ('source', 'official')


@lru_cache(maxsize=1)
def speaker_roles() -> SpeakerRoles:
    """Title equivalences, gendered nouns and speaker-role classes (``data/speaker_roles.yml``)."""
    raw = _yaml("speaker_roles.yml")
    equivalent: dict[str, set[str]] = defaultdict(set)
    for group in raw["equivalent"]:
        words = _lower(group)
        for w in words:
            equivalent[w] |= words
    gender = {w: g for g, words in raw["gender"].items() for w in _lower(words)}
    roles: dict[str, str] = {}
    for cls, words in raw["roles"].items():
        for w in _lower(words):
            roles.setdefault(w, str(cls))
    return SpeakerRoles({k: frozenset(v) for k, v in equivalent.items()}, gender, roles, tuple(raw["roles"]),
                        _lower(raw.get("weak") or ()), _lower(raw.get("informants") or ()))


class NominalPersons(NamedTuple):
    epithets: frozenset[str]        # heads that may stand for the most salient person named before
    described_only: frozenset[str]  # heads that refer only to a person described with the same noun
    gender: dict[str, str]          # gendered epithet -> "female" | "male"


@lru_cache(maxsize=1)
def nominal_persons() -> NominalPersons:
    """Definite descriptions of a person: epithets, described-only role nouns, gendered epithets
    (``data/nominal_persons.yml``)."""
    raw = _yaml("nominal_persons.yml")
    gender = {w: str(g) for g, words in raw["gender"].items() for w in _lower(words)}
    return NominalPersons(_lower(raw["epithets"]), _lower(raw["described_only"]), gender)
