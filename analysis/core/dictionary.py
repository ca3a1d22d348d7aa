"""The actor dictionary: analyst data that belongs to a corpus (``actors.yml``).

Format (YAML; a mapping with an ``actors`` list, or the list itself)::

    actors:
      - id: islamic-state            # slug: lower case, digits, - _ .
        name: Islamic State          # display name; also matched, case-insensitively
        type: armed group            # one of ACTOR_TYPES
        side: Islamic State          # free label chosen by the analyst
        aliases:
          - ISIS                     # literal phrase, case-insensitive
          - {text: IS, case_sensitive: true}          # "IS" but never "is"
          - {pattern: [{LOWER: islamic}, {LOWER: state}, {LOWER: group}]}  # spaCy token pattern

Token patterns are spaCy ``Matcher`` patterns
(https://spacy.io/usage/rule-based-matching#adding-patterns) and are checked
with the Matcher's own validator.  Every error names the file, the actor (index
and id) and the field.
"""
from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

__all__ = ["ACTOR_TYPES", "Alias", "Actor", "ActorDictionary", "DictionaryError", "DICTIONARY_FILE",
           "load_dictionary", "corpus_dictionary", "ruler_patterns"]

DICTIONARY_FILE = "actors.yml"
ACTOR_TYPES = ("state", "government", "military", "armed group", "person", "organisation", "media",
               "international body")
ActorType = Literal["state", "government", "military", "armed group", "person", "organisation", "media",
                    "international body"]
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
# Ruler labels: the model's own NER labels, so downstream code that asks
# "is this a person / an organisation?" keeps working on dictionary matches.
_TYPE_LABEL = {"person": "PERSON", "state": "GPE"}


class DictionaryError(ValueError):
    """A malformed actor dictionary; the message names file, actor and field."""


class Alias(BaseModel):
    """One way of naming an actor: a literal phrase or a spaCy token pattern."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    text: str | None = None
    case_sensitive: bool = False
    pattern: list[dict[str, Any]] | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> "Alias":
        if (self.text is None) == (self.pattern is None):
            raise ValueError("give exactly one of 'text' (a phrase) or 'pattern' (a token pattern)")
        if self.text is not None and not self.text.strip():
            raise ValueError("empty alias")
        if self.pattern is not None:
            _check_pattern(self.pattern)
        return self


def _check_pattern(pattern: list[dict[str, Any]]) -> None:
    from spacy.errors import MatchPatternError
    from spacy.matcher import Matcher
    from spacy.vocab import Vocab

    if not pattern or not all(isinstance(t, dict) and t for t in pattern):
        raise ValueError("invalid token pattern: a non-empty list of non-empty token mappings is needed")
    try:
        Matcher(Vocab(), validate=True).add("check", [pattern])
    except (MatchPatternError, ValueError, TypeError, re.error) as exc:  # re.error: a bad REGEX value
        raise ValueError(f"invalid token pattern: {' '.join(str(exc).split())}") from None


class Actor(BaseModel):
    """One actor: ``id``, display ``name``, ``type``, ``side`` and ``aliases``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    name: str = Field(min_length=1)
    type: ActorType
    side: str = "unknown"
    aliases: tuple[Alias, ...] = ()

    @field_validator("name")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the name is blank")
        return value

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError(f"id {value!r} is not a slug (lower-case letters, digits, '-', '_', '.')")
        return value

    @field_validator("aliases", mode="before")
    @classmethod
    def _plain_strings(cls, value: Any) -> Any:
        if value is None:
            return ()
        if not isinstance(value, (list, tuple)):
            raise ValueError("aliases must be a list (one phrase or pattern mapping per item)")
        for i, v in enumerate(value):
            if not isinstance(v, (str, dict)):
                raise ValueError(f"alias {i} is {type(v).__name__}: give a phrase or a mapping with "
                                 f"'text' or 'pattern'")
        return [{"text": v} if isinstance(v, str) else v for v in value]


class ActorDictionary(BaseModel):
    """The validated dictionary; ``source`` is the file it came from (or '<memory>')."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    actors: tuple[Actor, ...] = ()
    source: str = "<memory>"

    @model_validator(mode="after")
    def _unique_ids(self) -> "ActorDictionary":
        seen: dict[str, int] = {}
        for i, actor in enumerate(self.actors):
            if actor.id in seen:
                raise ValueError(f"actor {i} (id {actor.id!r}): duplicate id (first used by actor {seen[actor.id]})")
            seen[actor.id] = i
        return self

    @property
    def by_id(self) -> dict[str, Actor]:
        return {a.id: a for a in self.actors}

    def digest(self) -> str:
        """A stable hash of the content (not the file name): the pipeline cache key."""
        payload = json.dumps(self.model_dump(exclude={"source"}), sort_keys=True, ensure_ascii=False)
        return hashlib.sha1(payload.encode("utf-8")).hexdigest()[:16]

    @classmethod
    def from_data(cls, data: Any, source: str = "<memory>") -> "ActorDictionary":
        """Validate parsed YAML/JSON data; raises DictionaryError naming source, actor and field."""
        rows = data.get("actors") if isinstance(data, dict) else data
        if rows is None:
            rows = []
        if not isinstance(rows, list):
            raise DictionaryError(f"{source}: expected a list of actors (or a mapping with an 'actors' list)")
        try:
            return cls(actors=rows, source=source)
        except ValidationError as exc:
            raise DictionaryError(_explain(exc, rows, source)) from None


def _explain(exc: ValidationError, rows: list, source: str) -> str:
    lines = []
    for err in exc.errors():
        loc = list(err["loc"])
        where = ""
        if len(loc) >= 2 and loc[0] == "actors" and isinstance(loc[1], int):
            i = loc[1]
            ident = rows[i].get("id") if i < len(rows) and isinstance(rows[i], dict) else None
            where = f"actor {i}" + (f" (id {ident!r})" if ident else "")
            field = ".".join(str(p) for p in loc[2:] if p not in ("function-after[_one_kind()]",))
            where += f", field {field!r}" if field else ""
        msg = err["msg"].removeprefix("Value error, ")
        lines.append(f"{source}: {where + ': ' if where else ''}{msg}")
    return "\n".join(lines)


def load_dictionary(path: str | Path) -> ActorDictionary:
    """Read and validate an actor dictionary file."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DictionaryError(f"{path}: cannot read the actor dictionary ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise DictionaryError(f"{path}: not UTF-8 text (byte {exc.start}); save the dictionary as UTF-8") from None
    except yaml.YAMLError as exc:
        raise DictionaryError(f"{path}: not valid YAML: {exc}") from None
    return ActorDictionary.from_data(data, str(path))


@lru_cache(maxsize=16)
def _load_cached(path: str, mtime: float) -> ActorDictionary:
    return load_dictionary(path)


def corpus_dictionary(corpus, dictionary: "ActorDictionary | str | Path | None" = None) -> ActorDictionary | None:
    """The dictionary to use for ``corpus``: the argument, else ``actors.yml`` in its folder, else None."""
    if isinstance(dictionary, ActorDictionary):
        return dictionary
    if dictionary is not None:
        return load_dictionary(dictionary)
    if corpus.path is None:
        return None
    path = Path(corpus.path) / DICTIONARY_FILE
    if not path.exists():
        return None
    return _load_cached(str(path), path.stat().st_mtime)


def ruler_patterns(dictionary: ActorDictionary, tokenizer) -> list[dict[str, Any]]:
    """EntityRuler patterns: every alias (and each actor's name) with the actor id as ``id``.

    The name is always an alias; an all-capitals name of up to five characters
    is matched case-sensitively.

    Case-insensitive literal phrases stay phrases, for the ruler's
    PhraseMatcher on ``LOWER`` (``phrase_matcher_attr``; a hash lookup per
    token, where every token pattern is tried at every token: the Matcher cost
    about 5% of the parse on news text).  Case-sensitive phrases become
    ``ORTH`` token patterns tokenised with the pipeline's own tokenizer.
    """
    patterns = []
    for actor in dictionary.actors:
        label = _TYPE_LABEL.get(actor.type, "ORG")
        # The name is matched too; an all-capitals short name is an acronym
        # ("RT", "UN") and matched case-sensitively so it never hits a word.
        acronym = actor.name.isupper() and len(actor.name) <= 5
        aliases = (Alias(text=actor.name, case_sensitive=acronym), *actor.aliases)
        for alias in aliases:
            if alias.pattern is not None:
                pattern = alias.pattern
            elif not alias.case_sensitive:
                pattern = " ".join(alias.text.split())
            else:
                pattern = [{"ORTH": t.text} for t in tokenizer(alias.text.strip()) if not t.is_space]
            patterns.append({"label": label, "pattern": pattern, "id": actor.id})
    return patterns
