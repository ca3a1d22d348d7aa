"""Actors: dictionary aliases, acronyms, name variants, nominal mentions, quotes, and the seed tables."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis import actor_coverage, actors, cooccurrence, discovered_actors, naming
from analysis.actors import cluster_person_names, name_key
from analysis.corpus import Corpus
from analysis.dictionary import ActorDictionary, DictionaryError, load_dictionary
from analysis.quotemarks import quoted_spans

DICT = ActorDictionary.from_data({"actors": [
    {"id": "islamic-state", "name": "Islamic State", "type": "armed group", "side": "IS",
     "aliases": ["Daesh", {"text": "IS", "case_sensitive": True}]},
    {"id": "regime", "name": "Syrian government", "type": "government", "side": "Damascus",
     "aliases": [{"pattern": [{"LOWER": {"IN": ["regime", "government"]}}, {"LOWER": {"IN": ["troops", "forces"]}}]}]},
    {"id": "mod", "name": "Russian Defense Ministry", "type": "government", "side": "Russia"},
    {"id": "pentagon", "name": "Pentagon", "type": "government", "side": "US", "aliases": ["the Pentagon"]},
]})


def make_corpus(*texts: str, outlets: list[str] | None = None) -> Corpus:
    outlets = outlets or ["Outlet A"] * len(texts)
    arts = pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "outlet": outlets,
                         "title": [""] * len(texts), "text": list(texts),
                         "n_words": [len(t.split()) for t in texts]})
    return Corpus(None, arts)


def rows(corpus, **kw):
    return actors(corpus, dictionary=kw.pop("dictionary", DICT), **kw)


def test_literal_alias_is_case_insensitive_and_offsets_are_exact():
    c = make_corpus("Fighters of daesh fled. DAESH lost the town.")
    m = rows(c)
    hits = m[m.actor_id == "islamic-state"]
    assert list(hits.surface) == ["daesh", "DAESH"]
    text = c.articles.text[0]
    assert all(text[s:e] == sur for s, e, sur in zip(hits.start, hits.end, hits.surface))
    assert set(hits.source) == {"dictionary"}


def test_case_sensitive_alias_ignores_the_word_is():
    c = make_corpus("The town is quiet now that IS fighters have left, and it is safe.")
    m = rows(c)
    hits = m[m.actor_id == "islamic-state"]
    assert list(hits.surface) == ["IS"]


def test_token_pattern_alias():
    c = make_corpus("Regime troops advanced while government forces shelled the hills.")
    hits = rows(c).query("actor_id == 'regime'")
    assert list(hits.surface) == ["Regime troops", "government forces"]


def test_acronym_defined_in_parentheses_becomes_an_alias():
    c = make_corpus("The Northern Valley Alliance (NVA) said it held the bridge. "
                    "Later NVA commanders met reporters in the square.")
    m = rows(c)
    nva = m[m.surface.isin(["Northern Valley Alliance", "NVA"])]
    assert len(nva) == 3
    assert nva.actor_id.nunique() == 1
    assert nva.actor_name.iloc[0] == "Northern Valley Alliance"


def test_name_variants_cluster_across_articles():
    c = make_corpus("General Joe Dunford spoke to reporters on Monday in Washington.",
                    "Joseph Dunford met Sergey Lavrov in Moscow on Tuesday.",
                    "Dunford said the talks with Sergei Lavrov went well.")
    m = rows(c)
    dunford = m[m.surface.str.contains("Dunford")]
    lavrov = m[m.surface.str.contains("Lavrov")]
    assert len(dunford) == 3 and dunford.actor_id.nunique() == 1
    assert len(lavrov) == 2 and lavrov.actor_id.nunique() == 1
    assert set(dunford.source) == {"discovered"}
    # a title is stripped from the name; the nickname yields to the full given name
    assert dunford.actor_name.iloc[0] == "Joseph Dunford"
    found = discovered_actors(c, dictionary=DICT)
    entry = found[found.actor_id == dunford.actor_id.iloc[0]]
    loaded = ActorDictionary.from_data(__import__("yaml").safe_load(entry.yaml.iloc[0]))
    assert loaded.actors[0].type == "person" and loaded.actors[0].side == "unknown"


def test_cluster_person_names_rules():
    reps = cluster_person_names(["joe dunford", "joseph dunford", "dunford", "sergey lavrov", "sergei lavrov",
                                 "john smith", "jane smith", "smith"])
    assert reps["joe dunford"] == reps["joseph dunford"] == reps["dunford"]
    assert reps["sergey lavrov"] == reps["sergei lavrov"]
    assert reps["john smith"] != reps["jane smith"]
    assert reps["smith"] == "smith"  # two Smiths: a bare surname stays apart
    assert name_key("Secretary of State Rex Tillerson's", person=True) == "rex tillerson"
    assert name_key("Mr. Putin", person=True) == "putin"


def test_nominal_mentions_tie_to_the_actor_named_before():
    c = make_corpus('The Russian Defense Ministry denied the report. "We did not strike," the ministry said. '
                    "The Pentagon stated on Saturday that a strike took place. "
                    '"Advisers were present," the statement added.')
    m = rows(c)
    nominal = m[m.source == "nominal"]
    assert list(zip(nominal.surface, nominal.actor_id)) == [("the ministry", "mod"), ("the statement", "pentagon")]


def test_nominal_group_needs_a_compatible_antecedent():
    c = make_corpus("Islamic State fighters attacked the town. The group later withdrew.",
                    "The Pentagon spoke on Monday. The group later withdrew.")
    m = rows(c)
    nominal = m[m.source == "nominal"]
    assert list(zip(nominal.doc_id, nominal.actor_id)) == [("d0", "islamic-state")]


def test_in_quote_flags():
    c = make_corpus('Officials said Daesh was beaten. "Daesh is finished," the Pentagon said.\n'
                    "\u201cThe Syrian government will win and Daesh\n"
                    "Daesh is outside quotes here.")
    hits = rows(c).query("actor_id == 'islamic-state'")
    assert list(hits.in_quote) == [False, True, True, False]


def test_quoted_spans_marks():
    text = 'He said "yes" and \u201cno\u201d.\n\u201cOpen to the end\nclosed later,\u201d she said. Odd " mark'
    spans = quoted_spans(text)
    assert [text[s:e] for s, e in spans] == ['"yes"', "\u201cno\u201d", "\u201cOpen to the end",
                                             "closed later,\u201d", '" mark']
    assert quoted_spans("") == [] and quoted_spans('"""\u201d\u201c') is not None


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


# --------------------------------------------------------------------------- seeds

PEOPLE = {"Spicer": ["000"], "Lavrov": ["000", "002"], "Selo": ["001"], "Dunford": ["002", "003"],
          "Gerasimov": ["002", "003"], "Tillerson": ["002"], "Konashenkov": ["003"], "Cunningham": ["003"]}


@pytest.mark.parametrize("with_dictionary", [True, False])
def test_seed_people_are_one_actor_each_across_articles(seeds_corpus, with_dictionary):
    if with_dictionary:
        m = actors(seeds_corpus)
    else:
        m = actors(seeds_corpus, dictionary=ActorDictionary.from_data([]))
    for surname, docs in PEOPLE.items():
        hits = m[m.surface.str.contains(surname) & (m.source != "nominal")]
        assert sorted(set(hits.doc_id)) == docs, surname
        assert hits.actor_id.nunique() == 1, (surname, sorted(set(hits.actor_id)))
        assert (hits.actor_type == "person").all(), surname
    ids = {surname: m[m.surface.str.contains(surname)].actor_id.iloc[0] for surname in PEOPLE}
    assert len(set(ids.values())) == len(PEOPLE)


def test_seed_naming_matrix_shows_each_outlets_labels(seeds_corpus):
    n = naming(seeds_corpus)
    labels = {o: set(g.label) for o, g in n[n.actor_id == "islamic-state"].groupby("outlet")}
    assert "Daesh" in labels["Milli Gazete (English edition)"]
    assert "ISIS" in labels["Global Research"]
    assert {"Islamic State group", "IS"} <= labels["Arab Today"]
    assert {"IS", "Islamic State"} <= labels["RT"]
    gov = {o: set(g.label) for o, g in n[n.actor_id == "syrian-government"].groupby("outlet")}
    assert set(gov) == set(seeds_corpus.outlets)
    assert "Syrian regime" in gov["Milli Gazete (English edition)"]
    assert "legitimate Syrian government forces" in gov["RT"]
    assert "Damascus" in gov["Global Research"]
    assert "Regime troops" in gov["Arab Today"]
    rt_is = n[(n.actor_id == "islamic-state") & (n.outlet == "RT")]
    assert rt_is.quoted.sum() > 0 and rt_is.own.sum() > 0
    assert (n.own + n.quoted == n.total).all()


def test_seed_tables_are_consistent(seeds_corpus):
    m = actors(seeds_corpus)
    text = dict(zip(seeds_corpus.articles.doc_id, seeds_corpus.articles.text))
    assert all(text[d][s:e] == sur for d, s, e, sur in zip(m.doc_id, m.start, m.end, m.surface))
    assert list(m.columns) == ["doc_id", "outlet", "actor_id", "actor_name", "actor_type", "side", "surface",
                               "start", "end", "sentence", "in_quote", "source"]
    assert set(m.source) == {"dictionary", "discovered", "nominal"}
    cov = actor_coverage(seeds_corpus)
    sdf = cov[(cov.actor_id == "sdf")]
    assert set(sdf.outlet) == set(seeds_corpus.outlets) and (sdf.share_of_articles == 1.0).all()
    russia = cov[(cov.actor_id == "russia") & (cov.outlet == "Milli Gazete (English edition)")].iloc[0]
    assert russia.in_headline == 1 and russia.in_lead == 1 and russia.first_sentence == 0
    co = cooccurrence(seeds_corpus)
    assert ((co.actor_a < co.actor_b) & (co.sentences >= co.articles)).all()
    pair = co[(co.outlet == "Arab Today") & (co.actor_a == "joseph-dunford") & (co.actor_b == "valery-gerasimov")]
    assert len(pair) == 1
    assert m.equals(actors(seeds_corpus))  # cached and deterministic


def test_cli_actors_prints_csv(capsys):
    from analysis.cli import main
    from tests.conftest import SEEDS

    assert main(["actors", str(SEEDS), "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("doc_id,outlet,actor_id,") and "talal-selo" in out


def test_headline_match_respects_case_sensitive_acronyms():
    c = make_corpus("IS fighters left the town. Daesh lost.", "Daesh lost the town.")
    c.articles["title"] = ["It is over", "Daesh is beaten"]
    cov = actor_coverage(c, dictionary=DICT)
    row = cov[cov.actor_id == "islamic-state"].iloc[0]
    assert row.articles == 2 and row.in_headline == 1 and row.in_lead == 2
