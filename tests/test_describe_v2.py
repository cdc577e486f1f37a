"""The v2 cards on a small invented series: plots, relations, music, works, awards, production.

Nothing here is from the shipped knowledge, so these tests pin down how each
part is said (with its sources, its gaps and its disagreements) whatever the
real file holds, and show that the engine names nothing of one series.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import console
from bot.engine.answers import Answer, Status
from bot.engine.engine import Engine
from bot.knowledge.models import ReceptionKind, RelationKind, WorkRelation

LANTERNS = """\
schema_version: 2
sources:
  - {id: official, title: The official site, url: "https://example.org/official"}
  - {id: blog, title: A fan's blog, url: "https://example.org/blog"}
  - {id: news, title: A news item, url: "https://example.org/news"}
series:
  id: lanterns
  title: The Lantern Keepers
  country: Nowhere
  year: 2010
  type: Series
  first_aired: 2010-01-05
  last_aired: 2010-01-12
  episode_count: 2
  broadcaster: Harbour TV
  time_slot: Tuesdays 21:00
  synopsis: Two keepers tend the last lighthouse on the coast.
  based_on: [logbook]
  sources: [official]
credits:
  - {job: Director, people: [kai-ren], sources: [official]}
people:
  - {id: mora-lin, name: Mora Lin, native: 森凛, sources: [official]}
  - {id: tess-vale, name: Tess Vale, sources: [official]}
  - id: kai-ren
    name: Kai Ren
    birth_date: 1950-03-01
    birthplace: Port Sel
    schools:
      - {name: Port Sel School, entered: "1962", sources: [blog], confidence: medium}
    known_for: [the first lighthouse film]
    disagreements:
      - {field: birth_date, value: "1950-03-11", sources: [blog], note: Only in a caption.}
    sources: [official]
  - id: old-keeper
    name: Ansel Dray
    relations: [{kind: parent, of: kai-ren}]
    sources: [official]
characters:
  - id: keeper-ada
    name: Ada Keel
    reading: えいだ きーる
    played_by: mora-lin
    description: The younger keeper.
    appears_in: [lanterns, storm-special]
    ages: {start: 17, end: 19, sources: [blog], confidence: medium}
    sources: [official]
  - id: keeper-bram
    name: Bram Keel
    played_by: tess-vale
    description: The older keeper.
    appears_in: [lanterns]
    relations:
      - {kind: parent, of: keeper-ada}
      - {kind: teacher, of: keeper-ada, note: She learns the lamp from him.}
    sources: [official]
  - id: stranger
    name: The stranger
    description: A traveller in the special.
    appears_in: [storm-special]
    unknown: [{field: played_by, note: The credits are not online.}]
    sources: [official]
episodes:
  - number: 1
    title: First light
    aired: 2010-01-05
    extended_minutes: 10
    rating: {value: 12.5, sources: [news]}
    regional_ratings:
      - {value: 14.0, region: North, sources: [blog], confidence: medium}
    staff:
      - {job: Screenplay, people: [kai-ren], sources: [blog], confidence: medium}
    plot:
      - {text: Ada arrives at the lighthouse and meets Bram., sources: [official]}
      - {text: A ship runs aground in the fog., sources: [official]}
      - {text: Bram loses his sight to the lamp's glare., spoiler: true, sources: [official]}
    sources: [official]
  - number: 2
    title: Last light
    aired: 2010-01-12
    unknown: [{field: rating}]
    plot:
      - {text: The lighthouse is switched off for good., spoiler: true, sources: [official]}
    sources: [official]
ratings:
  measured_by: Counters Inc
  region: South
  average:
    value: 13.0
    sources: [news]
    disagreements: [{field: value, value: "13.4", sources: [blog], note: A later post.}]
  partial_averages:
    - {first_episode: 1, last_episode: 2, value: 12.9, sources: [blog], confidence: medium}
songs:
  - id: beacon
    title: Beacon
    native_title: 灯
    artist: The Gulls
    use: theme song
    writers: [Ines Gull]
    release:
      date: 2010-01-20
      label: Tide Records
      ordinal: the band's third single
      b_sides: [Fog Horn]
      sources: [official]
    charts:
      - chart: Weekly singles
        entry: 9
        peak: 3
        weeks: {value: 12, bound: over}
        weekly_positions: [9, 5, 3, 4]
        sources: [blog]
        confidence: medium
        note: The run is from one fan's list.
    sales:
      - {amount: {value: 300000, bound: about}, sources: [news], confidence: medium}
    sources: [official]
soundtrack:
  title: Lantern Keepers Soundtrack
  composer: kai-ren
  track_count: 3
  tracks:
    - {number: 1, title: Main Theme}
    - {number: 3, title: Beacon (Harp), song: beacon, version: harp}
  unknown:
    - {field: tracks, which: [2]}
    - {field: label, note: No page names the label.}
    - {field: released, note: Shops list only the tracks.}
  sources: [official]
specials:
  - id: storm-special
    title: The Storm Night
    aliases: [the special]
    aired: 2011-02-01
    runtime_minutes: 120
    setting: A year after the lighthouse goes dark.
    description: Ada looks back on the last winter at the lighthouse.
    songs: [beacon]
    staff:
      - {job: Producer, people: [tess-vale], sources: [official]}
    unknown: [{field: rating}]
    disagreements:
      - {field: setting, value: Ten years after the lighthouse goes dark, sources: [blog]}
    plot:
      - {text: Ada finds Bram's old logbook., sources: [official]}
      - {text: Ada learns Bram wrote to her every winter., spoiler: true, sources: [official]}
    sources: [official]
works:
  - id: logbook
    kind: diary
    relation: source
    title: The Keeper's Log
    authors: [old-keeper]
    released: "1990"
    editions:
      - {publisher: Harbour Books, published: 2009-05, pages: 210, sources: [official]}
    sales:
      - {amount: {value: 1000000, bound: over}, as_of: "2010", sources: [news]}
    description: The logbook the series is drawn from.
    sources: [official]
  - id: lamp-film
    kind: film
    relation: adaptation
    title: The Lamp (film)
    released: "2005"
    runtime_minutes: 95
    staff:
      - {job: Director, people: [kai-ren], sources: [official]}
    cast:
      - {person: mora-lin, role: The keeper, sources: [official]}
    releases:
      - {what: premiere, date: 2005-06-01, place: Port Sel, sources: [official]}
    disagreements: [{field: runtime_minutes, value: 98 minutes, sources: [blog]}]
    description: An earlier film of the same logbook.
    sources: [official]
  - id: copy-show
    kind: tv-series
    relation: similar
    title: Beacon Hearts
    country: Elsewhere
    released: "2012"
    episode_count: 15
    description: A series abroad that fans found very close to this one.
    sources: [blog]
    confidence: medium
reception:
  - kind: award
    name: Harbour Drama Prize
    year: 2010
    category: Newcomer
    result: won
    recipient: mora-lin
    description: A prize for the year's best newcomers.
    sources: [news]
  - kind: poll
    name: Most tearful drama
    year: 2015
    rank: 1
    description: A readers' poll.
    sources: [blog]
    confidence: medium
production:
  broadcasts:
    - work: lanterns
      scope: regional
      region: The islands
      channel: Isle TV
      delay: three weeks late
      sources: [blog]
      confidence: medium
  sequences:
    - {kind: opening, description: A lamp is lit in the dark., sources: [official]}
  arcs:
    - first_episode: 1
      last_episode: 1
      summary: {text: The keepers' first winter together., sources: [blog]}
    - first_episode: 2
      last_episode: 2
      summary: {text: The light goes out for ever., spoiler: true, sources: [blog]}
  locations:
    - {name: Cape Sel, used_for: the lighthouse, sources: [blog], confidence: medium}
    - {used_for: the keepers' cottage, unknown: [{field: name}], sources: [blog]}
  home_video:
    - {title: DVD box, format: DVD, discs: 2, unknown: [{field: released}], sources: [official]}
  promotions:
    - {title: Before the light, aired: 2010-01-04, work: lanterns, sources: [official]}
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path: Path = tmp_path_factory.mktemp("lanterns") / "lanterns.yaml"
    path.write_text(LANTERNS, encoding="utf-8")
    return Engine.from_path(path)


def fact(answer: Answer, name: str) -> str:
    return next(f.value for f in answer.facts if f.name == name)


def source_ids(answer: Answer) -> set[str]:
    return {s.id for s in answer.sources}


def text_of(answer: Answer) -> str:
    return "\n".join([answer.title, *answer.lines, *(f"{f.name}: {f.value}" for f in answer.facts)])


# Plots


def test_an_episode_card_carries_its_plot_with_spoilers_flagged(engine: Engine) -> None:
    answer = engine.episode("1")
    plot = [f for f in answer.facts if f.name.startswith("Plot ")]
    assert [f.spoiler for f in plot] == [False, False, True]
    assert plot[2].value == "Bram loses his sight to the lamp's glare."
    assert "glare" not in " ".join([answer.title, *answer.lines])
    assert fact(answer, "Rating (North)") == "14% (one source only)"
    assert fact(answer, "Screenplay") == "Kai Ren (one source only)"
    assert "It ran 10 minutes longer than the usual slot." in answer.lines
    assert {"official", "news", "blog"} <= source_ids(answer)


def test_plot_leads_with_what_happens(engine: Engine) -> None:
    answer = engine.plot(1)
    assert answer.lines[0] == (
        "What happens in episode 1, in 3 points; "
        "one of them gives away the story and is marked as a spoiler."
    )
    assert answer.facts[0].name == "Plot 1"
    assert engine.plot("finale").title.startswith("Episode 2")
    assert engine.plot("episode 2").facts[0].spoiler


def test_plot_of_a_special_by_id_or_name(engine: Engine) -> None:
    for which in ("storm-special", "The Storm Night", "the special"):
        answer = engine.plot(which)
        assert answer.kind == "special", which
        assert answer.lines[0].startswith("What happens in The Storm Night, in 2 points")
    assert engine.plot(9).status is Status.NOT_FOUND


def test_the_special_card(engine: Engine) -> None:
    answer = engine.special()
    assert fact(answer, "Length") == "120 minutes"
    assert fact(answer, "Producer") == "Tess Vale"
    assert fact(answer, "Songs") == "Beacon (灯) (The Gulls)"
    assert fact(answer, "Rating") == "Not known: no source gives a figure for it"
    setting = [f for f in answer.facts if f.name.startswith("Setting")]
    assert [(f.name, f.spoiler) for f in setting] == [
        ("Setting", True),
        ("Setting, other sources", True),
    ]
    assert "Ten years" not in " ".join(answer.lines)
    assert engine.special("rating").lines[0] == (
        "Its rating is not known: none of our sources gives it."
    )


# Ratings and what no source gives


def test_ratings_say_which_figures_no_source_gives(engine: Engine) -> None:
    answer = engine.ratings()
    assert "No figure in our sources for episodes 2." in answer.lines
    assert "No source gives a figure for The Storm Night." in answer.lines
    assert "Episodes 1–2 averaged 12.9% (one source only)." in answer.lines
    assert "Episode 1 in North: 14% (one source only)." in answer.lines
    i = answer.lines.index("Sources differ on the average: others give 13.4%.")
    assert answer.lines[i + 1] == "A later post."
    assert {"news", "blog"} <= source_ids(answer)


def test_rating_of_one_episode(engine: Engine) -> None:
    assert engine.rating(1).lines[0] == "Episode 1 had a rating of 12.5% (Counters Inc, South)."
    assert engine.rating(2).lines[0] == (
        "Episode 2's rating is not known: none of our sources gives it."
    )
    assert fact(engine.rating(2), "Rating") == "Not known: none of our sources gives a figure"
    assert engine.rating("storm-special").kind == "special"


def test_soundtrack_gaps_are_said(engine: Engine) -> None:
    answer = engine.soundtrack()
    assert "No source gives the titles of tracks 02." in answer.lines
    assert "No source gives the label of the soundtrack album." in answer.lines
    i = answer.lines.index("No source gives the release date of the soundtrack album.")
    assert answer.lines[i + 1] == "Shops list only the tracks."
    # A gap's note that only says it again ("No page names it") is not repeated.
    assert not [line for line in answer.lines if line.startswith("No page")]


# Music


def test_song_card_release_charts_and_sales(engine: Engine) -> None:
    answer = engine.song("Beacon")
    assert fact(answer, "Released") == "Wednesday 20 January 2010, Tide Records"
    assert fact(answer, "Release") == "the band's third single"
    assert fact(answer, "B-side") == "Fog Horn"
    assert fact(answer, "Written by") == "Ines Gull"
    assert fact(answer, "Weekly singles chart") == (
        "entered at No. 9; peak No. 3; over 12 weeks on the chart; "
        "week by week 9 → 5 → 3 → 4 (one source only)"
    )
    assert fact(answer, "Sales") == "about 300,000 copies (one source only)"
    assert "Not certain: The run is from one fan's list." in answer.lines
    assert engine.song("Beacon", "chart").lines[0] == (
        "“Beacon” peaked at No. 3 on the Weekly singles chart."
    )
    assert engine.song("Beacon", "release").lines[0] == (
        "“Beacon” was released on Wednesday 20 January 2010 on Tide Records."
    )
    assert engine.song("Beacon", "sales").lines[0] == (
        "Sales of “Beacon”: about 300,000 copies (one source only)."
    )
    assert {"official", "blog", "news"} <= source_ids(answer)


# People and relations


def test_character_card_relations_written_and_derived(engine: Engine) -> None:
    ada = engine.person("character:keeper-ada")
    assert fact(ada, "Appears in") == "The Lantern Keepers; The Storm Night"
    assert fact(ada, "Child of") == "Bram Keel"  # derived from Bram's "parent" relation
    assert fact(ada, "Student of") == "Bram Keel (She learns the lamp from him)"
    assert fact(ada, "Reading") == "えいだ きーる"
    assert fact(ada, "Age") == "17 when first seen, 19 when last seen (one source only)"
    bram = engine.person("character:keeper-bram")
    assert fact(bram, "Parent of") == "Ada Keel"
    assert fact(bram, "Teacher of") == "Ada Keel (She learns the lamp from him)"


def test_an_unnamed_actor_is_said_plainly(engine: Engine) -> None:
    answer = engine.person("character:stranger")
    assert fact(answer, "Actor") == "an actor no source names"
    assert "The credits are not online." in answer.lines


def test_relations_by_kind(engine: Engine) -> None:
    answer = engine.relations("Ada Keel", RelationKind.PARENT)
    assert answer.title == "Ada Keel's parents"
    assert answer.lines == ("Bram Keel, played by Tess Vale.",)
    spouse = engine.relations("Ada", RelationKind.SPOUSE)
    assert spouse.lines == ("No source names Ada Keel's spouse.",)
    assert spouse.title == "Ada Keel's spouse" and spouse.sources
    everyone = engine.relations("Bram Keel")
    assert everyone.lines == (
        "Parent of Ada Keel.",
        "Teacher of Ada Keel (She learns the lamp from him).",
    )


def test_real_person_card(engine: Engine) -> None:
    answer = engine.person("person:kai-ren")
    assert fact(answer, "Born") == "Wednesday 1 March 1950"
    assert fact(answer, "Birthplace") == "Port Sel"
    assert fact(answer, "Schools") == "Port Sel School (entered 1962)"
    assert fact(answer, "Child of") == "Ansel Dray"
    assert fact(answer, "Known for") == "the first lighthouse film"
    assert "Sources differ on the date of birth: others give “1950-03-11”." in answer.lines
    assert "Credited for: Director (the series); Director (The Lamp (film))." in answer.lines
    assert {"official", "blog"} <= source_ids(answer)


# Related works, awards, production


def test_related_works_list_and_cards(engine: Engine) -> None:
    listing = engine.works()
    assert listing.lines == (
        "The Keeper's Log (diary, 1990): The series is based on it.",
        "The Lamp (film) (film, 2005): Another telling of the same story.",
        "Beacon Hearts (TV series, 2012): Not an official adaptation: "
        "its likeness to the series is reported, not licensed.",
    )
    assert engine.works(WorkRelation.SIMILAR).lines == listing.lines[2:]
    film = engine.work("the lamp")
    assert fact(film, "Director") == "Kai Ren"
    assert fact(film, "Cast") == "Mora Lin (森凛) as The keeper"
    assert fact(film, "Running time") == "95 minutes"
    assert fact(film, "Releases") == "Wednesday 1 June 2005, premiere, Port Sel"
    assert "Sources differ on the running time: others give “98 minutes”." in film.lines
    log = engine.work("diary")
    assert fact(log, "By") == "Ansel Dray"
    assert fact(log, "Editions") == "2009-05, Harbour Books, 210 pages"
    assert fact(log, "Sales") == "over 1,000,000 copies (as of 2010)"
    assert engine.work("2012 tv series").title == "Beacon Hearts"
    assert engine.work("zzzz").status is Status.NOT_FOUND


def test_awards_list_and_one_award(engine: Engine) -> None:
    listing = engine.awards()
    assert listing.lines == (
        "2010 · Harbour Drama Prize: Newcomer: won (Mora Lin)",
        "2015 · Most tearful drama: No. 1 (one source only)",
    )
    assert engine.awards(ReceptionKind.POLL).lines == listing.lines[1:]
    assert engine.awards(ReceptionKind.RECORD).status is Status.NOT_FOUND
    prize = engine.award("harbour prize")
    assert prize.title == "Harbour Drama Prize (2010)"
    assert fact(prize, "Result") == "won"
    assert fact(prize, "Recipient") == "Mora Lin"
    assert source_ids(prize) == {"news"}


def test_production(engine: Engine) -> None:
    answer = engine.production()
    assert (
        fact(answer, "Time slot") == "Harbour TV, Tuesdays 21:00\nEpisode 1 ran 10 minutes longer."
    )
    assert fact(answer, "Other broadcasts") == (
        "The islands, Isle TV, three weeks late (one source only)"
    )
    assert fact(answer, "Filming locations") == (
        "Cape Sel (the lighthouse) (one source only)\n"
        "Not known: no source gives it (the keepers' cottage)"
    )
    story = [f for f in answer.facts if f.name.startswith("Story")]
    assert [(f.name, f.value, f.spoiler) for f in story] == [
        ("Story, episode 1", "The keepers' first winter together.", False),
        ("Story, episode 2", "The light goes out for ever.", True),
    ]
    assert engine.production("arcs").lines[0] == "The story in 2 parts."
    assert engine.production("arcs").facts[0].name == "Story, episode 1"
    assert "No source gives the release date of DVD box." in answer.lines
    located = engine.production("locations")
    assert located.lines[:2] == (
        "Filming locations:",
        "Cape Sel (the lighthouse) (one source only)",
    )


def test_console_json_and_reveal_on_the_invented_series(engine: Engine) -> None:
    answer = engine.plot(2)
    assert "switched off" not in console.render(answer)
    assert "switched off" in console.render(answer, reveal_spoilers=True)
    assert '"spoiler":true' in answer.model_dump_json()
