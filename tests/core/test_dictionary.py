"""The actor dictionary: schema errors and unreadable files name the file, the actor and the field
(analysis.core.dictionary)."""
from __future__ import annotations

import re

import pytest
import yaml

from analysis.core.dictionary import DictionaryError, load_dictionary


@pytest.mark.parametrize("data, message", [
    ({"actors": [{"id": "a", "name": "A", "type": "state"}, {"id": "a", "name": "B", "type": "state"}]},
     r"actor 1 \(id 'a'\): duplicate id"),
    ({"actors": [{"id": "a", "name": "A", "type": "state", "aliases": ["  "]}]},
     r"actor 0 \(id 'a'\), field 'aliases.0'.*empty alias"),
    ({"actors": [{"id": "a", "name": "A", "type": "planet"}]}, r"actor 0 \(id 'a'\), field 'type'"),
    ({"actors": [{"id": "a", "name": "A", "type": "state", "aliases": [{"pattern": [{"LOWR": "x"}]}]}]},
     r"actor 0 \(id 'a'\), field 'aliases.0'.*invalid token pattern"),
    ({"actors": [{"id": "Not A Slug", "name": "A", "type": "state"}]}, r"field 'id'.*not a slug"),
])
def test_dictionary_schema_errors(tmp_path, data, message):
    import yaml

    path = tmp_path / "actors.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DictionaryError, match=message) as info:
        load_dictionary(path)
    assert str(path) in str(info.value)


def _actor(**fields) -> dict:
    return {"id": "a", "name": "A", "type": "state", **fields}


@pytest.mark.parametrize("data, where, message", [
    ({"actors": [_actor(name=123)]}, "actor 0 (id 'a'), field 'name'", "valid string"),
    ({"actors": [_actor(name="  ")]}, "actor 0 (id 'a'), field 'name'", "blank"),
    ({"actors": [_actor(type=5)]}, "actor 0 (id 'a'), field 'type'", "Input should be"),
    ({"actors": [_actor(aliases="ISIS")]}, "actor 0 (id 'a'), field 'aliases'", "must be a list"),
    ({"actors": [_actor(aliases=[5])]}, "actor 0 (id 'a'), field 'aliases'", "alias 0 is int"),
    ({"actors": [_actor(aliases=[""])]}, "actor 0 (id 'a'), field 'aliases.0'", "empty alias"),
    ({"actors": [_actor(side=["x"])]}, "actor 0 (id 'a'), field 'side'", "valid string"),
    ({"actors": [_actor(), _actor(name="B")]}, "actor 1 (id 'a')", "duplicate id (first used by actor 0)"),
    ({"actors": [_actor(aliases=[{"pattern": [{"LOWER": {"REGEX": "(("}}]}])]},
     "actor 0 (id 'a'), field 'aliases.0'", "invalid token pattern"),
    ({"actors": [_actor(aliases=[{"pattern": [{"LOWR": "x"}]}])]}, "actor 0 (id 'a'), field 'aliases.0'",
     "invalid token pattern"),
    ({"actors": [_actor(aliases=[{"pattern": []}])]}, "actor 0 (id 'a'), field 'aliases.0'", "invalid token pattern"),
    ({"actors": [_actor(aliases=[{"text": "x", "pattern": [{"LOWER": "x"}]}])]}, "field 'aliases.0'",
     "exactly one of"),
    ({"actors": [{"name": "A", "type": "state"}]}, "actor 0, field 'id'", "Field required"),
    ({"actors": ["just a string"]}, "actor 0", "valid dictionary"),
    ({"actors": {"a": {}}}, "", "expected a list of actors"),
])
def test_malformed_dictionary_names_file_actor_and_field(tmp_path, data, where, message):
    path = tmp_path / "actors.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(DictionaryError) as info:
        load_dictionary(path)
    text = str(info.value)
    assert text.startswith(f"{path}: ") and where in text and message in text


@pytest.mark.parametrize("content, message", [
    (b"actors: [unclosed", "not valid YAML"),
    (b"actors: !!python/object/apply:os.system [echo pwned]", "not valid YAML"),
    ("actors:\n  - {id: a, name: \xc9tat, type: state}\n".encode("latin-1"), "not UTF-8"),
])
def test_unreadable_dictionary_file(tmp_path, content, message):
    path = tmp_path / "actors.yml"
    path.write_bytes(content)
    with pytest.raises(DictionaryError, match=re.escape(f"{path}: {message}")):
        load_dictionary(path)
