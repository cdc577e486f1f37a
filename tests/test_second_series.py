"""A second, invented series runs the whole answer path with no change to the code.

``tests/series/harbour-lights.yaml`` has other names, two specials, no
soundtrack and no ratings; its own words (a relation word, a name for the
series) are in ``harbour-lights.lexicon.yaml`` beside it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.answers import Answer, Status
from bot.engine.engine import Engine

FILE = Path(__file__).resolve().parent / "series" / "harbour-lights.yaml"
SHIPPED = Engine.from_path()


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_path(FILE)


def text_of(answer: Answer) -> str:
    return "\n".join([answer.title, *answer.lines, *(f"{f.name}: {f.value}" for f in answer.facts)])


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("who played Kaito?", "Hayashi Jun"),
        ("かいとを演じたのは", "Hayashi Jun"),  # a kana reading made from the romanised name
        ("when did episode 2 air", "13 April 1999"),
        ("which episode aired on 20 April", "The storm"),
        ("「嵐」は第何話", "Episode 3"),
        ("how many episodes are there", "4 episodes"),
        ("when did the winter special air", "2 January 2000"),
        ("when did the summer special air", "10 August 2000"),
        ("who is Kaito's grandma", "Kuroda Mei"),  # the series' own relation word
        ("織田海斗の祖母は誰", "Oda Fumi"),
        ("what is the lighthouse drama about", "lighthouse"),  # the series' own name for itself
        ("who directed it", "Mori Ren"),
        ("who is the lead", "Oda Kaito"),
        ("the young lighthouse keeper", "Oda Kaito"),  # by description
        # An episode by what happens in it (the last point of a long plot).
        ("which episode does Kaito tow a stranded trawler", "The storm"),
        ("Kaito's father who died", "Oda Sōta"),  # the role its description says so of
        # Japanese as fans type it, from this file's names and the general lexicon alone:
        ("黒田さんの役", "Oda Fumi"),  # a family name in kanji, with a title after it
        ("かいとくんを演じたのは", "Hayashi Jun"),
        ("かいとのやくしゃ", "Hayashi Jun"),  # the lexicon's words by their kana reading
        ("kaito no yaku wa dare ga enjita", "Hayashi Jun"),  # and in romaji
        ("酒井鈴の役", "Hoshino Aki"),  # one kanji off in a short name
    ],
)
def test_answers(engine: Engine, question: str, expected: str) -> None:
    answer = engine.ask(question)
    assert answer.status is not Status.NOT_FOUND, engine.read(question).explain()
    assert expected in text_of(answer)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # Asked for a date of death, the role's description is not the answer.
        ("when did Kaito's father die", "when they died"),
        # A word of some episode's plot names no episode unless one is asked for.
        ("what did Kaito tow", "Kaito"),
    ],
)
def test_not_on_record(engine: Engine, question: str, expected: str) -> None:
    answer = engine.ask(question)
    assert answer.status is Status.NOT_FOUND, engine.read(question).explain()
    assert expected in text_of(answer)


@pytest.mark.parametrize(
    "question",
    [
        "what is the soundtrack",
        "track 1",
        "who sings the theme song",
        "who played Haruto",  # a name of the shipped series means nothing here
        "at dinner k lol",
        "is Kuroda Mei married",
    ],
)
def test_declines(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.status is Status.NOT_FOUND
    assert answer.hint


@pytest.mark.parametrize(
    ("question", "rule", "expected"),
    [
        # A role by what is said of it and whom it is tied to.
        ("the schoolteacher who likes Kaito", "character-by-description", "Hoshino Aki"),
        # The series' own wording ("sweet on") for what its description says ("drawn to").
        ("the schoolteacher who is sweet on Kaito", "character-by-description", "Hoshino Aki"),
        ("who played the young fisherman in the summer special", "", "Kondō Taichi"),
        # Told in episode 3 and recalled in episode 4: the first telling.
        ("when does Kaito tow the trawler home", "episode-by-plot", "The storm"),
        # 「何話」 said of someone named: the same plot search as "which episode does …".
        ("織田海斗が漁船を曳くのは何話", "episode-by-plot", "The storm"),
        # A verb in another form than the plot's, "when" for "which episode", a scene
        # told at length, a word such as "after" inside the scene.
        ("when does Kaito climb the tower", "", "The storm"),
        ("which episode does Kaito rowed out alone", "", "The storm"),
        ("which episode does Kaito row out alone at midnight in a bad wind", "", "The storm"),
        ("what episode does Fumi count the boats after the warning", "", "The storm"),
        ("the episode after Kaito climbs the tower", "", "Morning tide"),
        ("which episode comes after the one where Kaito climbs the tower", "", "Morning tide"),
        # A point that names nobody is about whom the point before it names.
        ("which episode does Kaito see the schoolteacher knock at the door", "", "The storm"),
        # After a comma, words that fit the one named describe it.
        ("who played Aki, the schoolteacher who plays the organ", "", "Sakai Rin"),
        ("who played Ken, Aki's younger brother on the trawler fleet", "", "Kondō Taichi"),
        # The series' own country asks nothing more.
        ("when did it first air in Japan", "", "1999"),
        ("what kind of brother is Ken", "", "Hoshino Ken"),
        # Numbers with a slash are a date.
        ("which episode aired 4/13", "episode-by-date", "Fog over the pier"),
        ("what was on 20/4/1999", "episode-by-date", "The storm"),
    ],
)
def test_found_by_description(engine: Engine, question: str, rule: str, expected: str) -> None:
    answer = engine.ask(question)
    reading = engine.read(question)
    assert answer.status is Status.FOUND, reading.explain()
    assert expected in text_of(answer)
    assert not rule or reading.rule == rule
    assert not reading.unexplained


@pytest.mark.parametrize(
    "question",
    [
        "which club is Kaito in",  # a detail of Kaito, not someone tied to him
        "who played Ken, the schoolteacher",  # the words fit Aki, not Ken
        "when did it first air in Korea",  # another country than the series' own
        "what kind of teacher is Ken",  # Ken is no teacher
        "who played Aki, Kaito's grandmother",  # a relation Aki does not have
        "who played Ken, Kaito's brother",  # Ken is Aki's brother, not Kaito's
        "the fisherman who likes Fumi",  # nobody so described is tied to Fumi
        "who played the fisherman in the winter special",  # the fisherman is not in it
        "which episode has the zoo scene",
        "the girl who plays the piano",
        "the organist's brother",  # "organist" is nowhere in the knowledge
    ],
)
def test_not_found_by_description(engine: Engine, question: str) -> None:
    answer = engine.ask(question)
    assert answer.status is Status.NOT_FOUND, engine.read(question).explain()


def test_its_own_kinds_of_detail_need_no_code(engine: Engine) -> None:
    # "boat" is a facet kind declared by this file and named by its own lexicon.
    boat = engine.ask("what is Kaito's boat called")
    assert boat.status is Status.FOUND, engine.read("what is Kaito's boat called").explain()
    assert "Kamome" in boat.lines[0] and boat.sources
    assert "Kamome" in text_of(engine.ask("織田海斗の船"))
    # Nobody else holds one: the one named is known, the detail is not on record.
    fumi = engine.ask("what is Fumi's boat called")
    assert fumi.status is Status.NOT_FOUND and "boat" in text_of(fumi)
    # Asked of nobody, the only holder answers.
    assert "Kamome" in text_of(engine.ask("what is the boat called"))


def test_a_spoiling_detail_is_masked(engine: Engine) -> None:
    answer = engine.ask("does the lamp go out")
    assert answer.status is Status.FOUND, engine.read("does the lamp go out").explain()
    hidden = [f for f in answer.facts if f.spoiler]
    assert hidden and "switched off" in hidden[0].value
    shown = "\n".join(
        [answer.title, *answer.lines, *(f.value for f in answer.facts if not f.spoiler)]
    )
    assert "switched off" not in shown


def test_a_detail_no_source_gives_is_said_to_be_unknown(engine: Engine) -> None:
    answer = engine.ask("which school did Kaito go to")
    assert answer.status is Status.NOT_FOUND
    assert "No source gives the school of Oda Kaito" in answer.title
    assert "never says where he went to school" in text_of(answer)


def test_the_shipped_series_kinds_of_detail_are_not_read_here(engine: Engine) -> None:
    # The shipped file declares "club"; this one does not, so the word asks nothing here.
    answer = engine.ask("what club is Kaito in")
    assert answer.status is Status.NOT_FOUND
    assert answer.title.startswith("I don't know the answer"), answer.title


def test_no_ratings_are_said_to_be_unknown(engine: Engine) -> None:
    answer = engine.ask("what was the rating of episode 2")
    assert "not known" in text_of(answer) and "%" not in text_of(answer)
    assert engine.ask("ratings").status is Status.NOT_FOUND


def test_two_specials_are_both_offered(engine: Engine) -> None:
    answer = engine.ask("tell me about the special")
    assert answer.status is Status.AMBIGUOUS
    assert "Harbour Lights: Summer" in answer.alternatives


def test_help_and_hints_come_from_the_series_files(engine: Engine) -> None:
    assert "/cast Kaito" in text_of(engine.help())
    assert "Kaito" in (engine.cast("nobody at all").hint or "")
    shipped = {c.name for c in SHIPPED.knowledge.characters} | {
        s.title for s in SHIPPED.knowledge.songs
    }
    for answer in (engine.help(), engine.cast("nobody at all"), engine.ask("what")):
        body = text_of(answer) + (answer.hint or "")
        assert not any(name in body for name in shipped)


def test_the_shipped_series_words_stay_with_it(engine: Engine) -> None:
    # The shipped series' own lexicon (its illness) is not read into this one.
    assert engine.read("what is spinocerebellar ataxia").unexplained
