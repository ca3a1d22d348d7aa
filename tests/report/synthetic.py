"""A synthetic corpus a new user might bring: 300 articles, three outlets, 30 stories, no actor dictionary.

Short articles (a few sentences each) built from templates with known
differences between the outlets, so the comparison report has something to
find and something it must not find:

* ``Daily Ledger`` hedges in its own voice ("reportedly", "allegedly") about
  three times as often as the others;
* ``Morning Post`` quotes directly far more often (the others mostly
  paraphrase);
* ``Evening Star`` is like the average of the two on both.

Outlet names come two ways, as real exports do: some Daily Ledger rows say
``DL`` (mapped by the manifest's ``outlets:``), some Morning Post rows say
``The Morning Post`` (same site, merged by its registered domain).
Article text is invented here; nothing is copied from a data set.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

OUTLETS = {"Daily Ledger": "https://www.dailyledger.com", "Morning Post": "https://morningpost.co.uk",
           "Evening Star": "https://news.eveningstar.com"}
PEOPLE = ["Maria Lopez", "John Carter", "Aisha Rahman", "Peter Novak", "Lena Fischer", "Omar Haddad"]
BODIES = ["the Interior Ministry", "the United Nations", "the city council", "the Health Ministry"]
ANONYMOUS = ["an official who asked not to be named", "a source close to the talks"]
MEDIA = ["the newspaper Il Giornale", "the broadcaster NHK"]
PLACES = ["Northport", "Easton", "Westfield", "Southbay", "Riverton", "Lakeside", "Hillcrest", "Stonebridge",
          "Maplewood", "Fairhaven"]
EVENTS = ["flood", "strike", "election", "fire"]
CLAIMS = ["the {event} in {place} had been expected for weeks", "more help for {place} would arrive soon",
          "the response to the {event} was too slow", "the {event} had cost {place} dearly",
          "talks on the {event} would continue on Friday", "nobody had warned residents of {place}"]
NEUTRAL = ["Residents of {place} gathered near the town hall on {day}.",
           "The {event} in {place} closed schools and shops for two days.",
           "Roads into {place} reopened late on {day}, officials confirmed.",
           "Local businesses in {place} counted the cost of the {event}."]
HEDGED = ["The {event} in {place} reportedly left hundreds without power.",
          "Officials allegedly ignored warnings before the {event} in {place}.",
          "The damage in {place} was apparently worse than first thought."]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday"]

# outlet -> (chance an own-voice sentence is hedged, chance a quote is direct)
PROFILE = {"Daily Ledger": (0.45, 0.35), "Morning Post": (0.15, 0.85), "Evening Star": (0.15, 0.35)}


def _speaker(rng: np.random.Generator) -> str:
    kind = rng.choice(4, p=[0.45, 0.3, 0.15, 0.1])
    pool = [PEOPLE, BODIES, ANONYMOUS, MEDIA][kind]
    return str(rng.choice(pool))


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _article(rng: np.random.Generator, outlet: str, story: int) -> tuple[str, str]:
    hedge_p, direct_p = PROFILE[outlet]
    place, event = PLACES[story % len(PLACES)], EVENTS[story % len(EVENTS)]
    fill = {"place": place, "event": event, "day": str(rng.choice(DAYS))}
    title = f"{event.capitalize()} in {place}: day {story // len(PLACES) + 1}"
    lines = []
    for _ in range(int(rng.integers(3, 6))):
        if rng.random() < 0.5:
            claim = str(rng.choice(CLAIMS)).format(**fill)
            who = _speaker(rng)
            if rng.random() < direct_p:
                lines.append(f"\u201c{_cap(claim)},\u201d {who} said.")
            else:
                lines.append(f"{_cap(who)} said that {claim}.")
        else:
            pool = HEDGED if rng.random() < hedge_p else NEUTRAL
            lines.append(str(rng.choice(pool)).format(**fill))
    return title, "\n\n".join(lines) + "\n"


def write_corpus(folder: Path, *, n: int = 300, seed: int = 22) -> Path:
    """Write the corpus into ``folder`` (created) and return it."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    names = list(OUTLETS)
    rows = []
    for i in range(n):
        outlet = names[i % 3]
        story = (i // 3) % 30
        title, text = _article(rng, outlet, story)
        doc_id = f"a{i:03d}"
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        shown = outlet
        if outlet == "Daily Ledger" and i % 2:
            shown = "DL"
        elif outlet == "Morning Post" and i % 4 == 1:
            shown = "The Morning Post"
        rows.append({"doc_id": doc_id, "file": f"{doc_id}.txt", "outlet": shown,
                     "date": f"2021-03-{1 + story % 28:02d}", "title": title, "story": f"s{story:02d}",
                     "url": f"{OUTLETS[outlet]}/2021/{doc_id}.html", "language": "en"})
    manifest = {"name": "synthetic", "outlets": {"DL": "Daily Ledger"}, "articles": rows}
    (folder / "manifest.yml").write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False),
                                         encoding="utf-8")
    return folder
