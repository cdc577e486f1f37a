"""The question reader: typed readings, every shape handled, noise declined, bounded work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import lexicon
from bot.engine.answers import Answer, Status
from bot.engine.engine import Engine
from bot.engine.lexicon import Attribute, Modifier, RelationSense, Topic
from bot.engine.linker import MAX_READ, DescriptionIndex, tokenize
from bot.engine.questions import (
    Candidate,
    Command,
    Date,
    Decline,
    EntityKind,
    How,
    Intent,
    Link,
    Number,
    Question,
)
from bot.engine.reverse import Bond, Clue, Finder, Found, Relation, Target

REPO = Path(__file__).resolve().parents[1]
ENGINE = Engine.from_path()
EMBED_DESCRIPTION = 4096
EMBED_TITLE = 256


def valid(answer: Answer) -> None:
    assert isinstance(answer, Answer)
    assert answer.title and len(answer.title) <= EMBED_TITLE
    assert len(answer.suggestions) <= 3
    assert sum(len(line) + 1 for line in answer.lines) <= EMBED_DESCRIPTION * 2
    if answer.status is Status.NOT_FOUND:
        assert answer.hint
    assert Answer.model_validate_json(answer.model_dump_json()) == answer


# The reading


def test_reading_is_typed_with_spans_and_lexicon_entries() -> None:
    q = ENGINE.read("who played Aya's mum?")
    assert q.intent is Intent.RELATION and q.rule == "relation"
    assert q.relation is not None and (q.relation.value, q.relation.word) == ("parent", "mother")
    assert q.attribute is Attribute.ACTOR
    [link] = q.links
    assert q.read[link.start : link.end] == "aya"
    assert (link.best.key, link.best.kind, link.best.how) == (
        "character:ikeuchi-aya",
        EntityKind.CHARACTER,
        How.EXACT,
    )
    assert {"a-actor", "r-mother"} <= set(q.lexicon)
    assert q.unexplained == ()


def test_unexplained_words_are_recorded_and_declined() -> None:
    q = ENGINE.read("is Narumi Riko married")
    assert q.intent is Intent.DECLINE and q.decline is Decline.UNEXPLAINED
    assert q.unexplained == ("married",)
    answer = ENGINE.answer(q)
    assert answer.status is Status.NOT_FOUND
    # The known part is said: who she is, and that the rest is not on record.
    assert any("Narumi Riko" in line for line in answer.lines)
    assert any("married" in line for line in answer.lines)


@pytest.mark.parametrize(
    ("question", "fixed"),
    [("soundtrak", "soundtrack"), ("who is the direcor", "director"), ("spcial", "special")],
)
def test_misspelt_topic_words_are_respelled(question: str, fixed: str) -> None:
    q = ENGINE.read(question)
    assert q.intent is not Intent.DECLINE
    # Both sides are folded alike ("sound" is read "sond"), so compare folded words.
    assert tokenize(fixed)[0].text in [after for _, after in q.corrections]


def test_short_names_need_the_rest_of_the_question() -> None:
    assert ENGINE.read("k thanks").intent is Intent.DECLINE
    assert ENGINE.ask("k thanks").status is Status.NOT_FOUND
    assert ENGINE.ask("lol k").status is Status.NOT_FOUND
    who = ENGINE.read("who is K")
    assert who.intent is Intent.ENTITY and who.links[0].best.key == "song:only-human"


def test_explain_names_every_part() -> None:
    text = ENGINE.read("when did episode 3 air").explain()
    for part in ("intent: episode", "rule: episode-number", "attribute: aired", "number: 3"):
        assert part in text
    assert "unexplained: -" in text


def test_ask_carries_the_reading_for_the_miss_log() -> None:
    answer = ENGINE.ask("what is Jinnai Takanori's star sign")
    assert answer.status is Status.NOT_FOUND
    assert answer.reading and "unexplained=sign" in answer.reading


# Every shape a reading can take has a handler that answers it.

LINKS = {
    kind: Link("x", 0, 1, (Candidate(key, kind, How.EXACT, 0),))
    for kind, key in [
        (EntityKind.SERIES, "series"),
        (EntityKind.EPISODE, "episode:3"),
        (EntityKind.TRACK, "track:22"),
        (EntityKind.SONG, "song:konayuki"),
        (EntityKind.SPECIAL, f"special:{ENGINE.knowledge.specials[0].id}"),
        (EntityKind.WORK, f"work:{ENGINE.knowledge.works[0].id}"),
        (EntityKind.AWARD, "reception:0"),
        (EntityKind.CHARACTER, "character:ikeuchi-aya"),
        (EntityKind.PERSON, "person:sawajiri-erika"),
    ]
}


def test_every_intent_has_a_handler() -> None:
    assert set(ENGINE.handlers) == set(Intent)
    assert set(LINKS) == set(EntityKind)


@pytest.mark.parametrize("intent", list(Intent))
def test_every_shape_is_answered(intent: Intent) -> None:
    for kind in EntityKind:
        for attribute in (None, *Attribute):
            for links in ((), (LINKS[kind],)):
                valid(ENGINE.answer(_shape(intent, links, attribute)))


def _shape(intent: Intent, links: tuple[Link, ...], attribute: Attribute | None) -> Question:
    return Question(
        intent,
        read="x",
        links=links,
        attribute=attribute,
        relation=RelationSense(kind="relation", value="parent", word="mother"),
        number=Number(3, "3"),
        date=Date(11, 1),
        command=Command.EPISODE,
        argument="3",
        song_role="theme song",
        credit="Director",
        decline=Decline.UNEXPLAINED,
        topic=Topic.EPISODE,
        modifiers=(Modifier.HIGHEST,),
    )


# Lexicon files: one schema, no list-specific code.


def test_lexicon_schema_file_is_current_and_both_files_validate() -> None:
    schema: dict[str, Any] = json.loads((REPO / "knowledge" / "lexicon.schema.json").read_text())
    assert schema == json.loads(json.dumps(lexicon.json_schema()))
    for name in ("lexicon.yaml", "one-litre-of-tears.lexicon.yaml"):
        data = yaml.safe_load((REPO / "knowledge" / name).read_text(encoding="utf-8"))
        jsonschema.validate(data, schema)
        lexicon.Lexicon.model_validate(data)


def test_a_broken_lexicon_is_reported_not_raised(tmp_path: Path) -> None:
    from bot.knowledge import loader

    knowledge = tmp_path / "series.yaml"
    knowledge.write_text((REPO / "knowledge" / "one-litre-of-tears.yaml").read_text("utf-8"))
    (tmp_path / "series.lexicon.yaml").write_text("entries:\n  - id: x\n    sense: {kind: nope}\n")
    with pytest.raises(loader.KnowledgeError) as err:
        Engine.from_path(knowledge)
    assert "series.lexicon.yaml" in str(err.value)


# Determinism: the same answers whatever the hash seed.

QUERIES = [
    "aya",
    "aso",
    "who played Haruto",
    "1リットルの涙",
    "the basketball senior",
    "only human",
    "who is the doctor",
    "Aya's sisters",
    "k",
    "episode",
]
_SCRIPT = """
import json, sys
from bot.engine.engine import Engine
e = Engine.from_path()
out = [e.ask(q).model_dump(mode="json") for q in json.loads(sys.argv[1])]
out += [[c.name for c in e.suggest(kind, q)] for kind in ("person", "track") for q in ("a", "ko")]
print(json.dumps(out, ensure_ascii=False))
"""


def test_answers_do_not_depend_on_the_hash_seed() -> None:
    runs = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT, json.dumps(QUERIES)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        )
        runs.append(done.stdout)
    assert runs[0] == runs[1]


# Bounded work on any input: every step reads at most MAX_READ characters.

ADVERSARIAL = [
    " " * 1600 + "x",
    " " * 5999 + "x",
    "1" * 6000,
    "1." * 3000,
    "a" * 6000,
    "episode " * 750,
    "第" * 6000,
    "aya's " * 1000,
    "#" + " " * 5998 + "1",
    "-" * 3000 + "1" * 3000,
    "ｱ" * 6000,
    "🙂" * 6000,
]


@pytest.mark.parametrize("text", ADVERSARIAL)
def test_long_inputs_answer_and_read_only_the_cap(text: str) -> None:
    for lookup in (ENGINE.ask, ENGINE.episode, ENGINE.track, ENGINE.cast, ENGINE.song):
        valid(lookup(text))
    assert ENGINE.ask(text).status is Status.NOT_FOUND
    for kind in ("episode", "track", "person"):
        assert len(ENGINE.suggest(kind, text)) <= 25  # type: ignore[arg-type]
    # What is read is a prefix of bounded size, whatever follows it.
    assert sum(len(t.text) for t in tokenize(text)) <= MAX_READ
    assert tokenize(text) == tokenize(text[:MAX_READ] + "zzz" * 1000)[: len(tokenize(text))]


# Noise is never answered.

WORDS = st.sampled_from(
    [
        "banana",
        "river",
        "purple",
        "quickly",
        "window",
        "seventeenth",
        "keyboard",
        "asdf",
        "qwerty",
        "zxcv",
        "lorem",
        "ipsum",
        "dolor",
        "amet",
        "xyzzy",
        "blorp",
        "frobnicate",
        "teapot",
        "cucumber",
        "volcano",
        "gravity",
        "penguin",
    ]
)
NOISE = st.one_of(
    st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=6),
    st.text(alphabet=st.characters(min_codepoint=0xC0, max_codepoint=0xFF), min_size=1),
    st.text(alphabet=st.characters(min_codepoint=0x1F300, max_codepoint=0x1F64F), min_size=1),
    st.text(alphabet=st.characters(min_codepoint=0x0400, max_codepoint=0x04FF), min_size=1),
    st.lists(WORDS, min_size=1, max_size=12).map(" ".join),
    st.tuples(st.text(alphabet="ﾇﾈﾍﾎﾑﾒｦ", min_size=1, max_size=5), st.lists(WORDS, max_size=3)).map(
        lambda t: t[0] + " " + " ".join(t[1])
    ),
)
NOISY = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)


@NOISY
@given(text=NOISE)
def test_noise_is_never_found(text: str) -> None:
    answer = ENGINE.ask(text)
    valid(answer)
    assert answer.status is Status.NOT_FOUND, (text, ENGINE.read(text).explain())


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=6000))
def test_any_text_answers_validly(text: str) -> None:
    valid(ENGINE.ask(text))


# /cast takes a description through the same linking as free text.


def test_cast_by_description() -> None:
    answer = ENGINE.cast("the basketball club senior")
    assert answer.status is Status.FOUND
    assert answer.title.startswith("Kawamoto")


def _finder() -> Finder:
    index = DescriptionIndex(
        [
            ("character:ann", "A classmate who keeps bees and is drawn to Ben."),
            ("character:ben", "A boy who keeps goats."),
            ("character:cal", "A classmate who keeps bees."),
            ("episode:1", "Ann finds the hive at the fair."),
            ("episode:2", "Ann remembers the hive."),
            ("episode:3", "The hive is moved."),
        ],
        {"a", "the", "who", "and", "is", "to", "at"},
        {"likes": (("drawn",),)},
    )
    points = DescriptionIndex(
        [
            ("episode:1#0", "Ann finds the hive at the fair."),
            ("episode:2#1", "Ann remembers the hive."),
            ("episode:3#2", "The hive is moved."),
        ],
        {"a", "the", "who", "and", "is", "to", "at"},
    )
    ties = {"character:ann": frozenset({("admirer", "character:ben")})}
    related = {"character:ann": frozenset({"admirer"}), "character:cal": frozenset()}
    names = {"character:ben": ["ben"], "character:ann": ["ann"]}
    return Finder(index, points, ties, related, names)


def test_the_finder_wants_every_word_and_one_answer() -> None:
    finder = _finder()
    # Both keep bees: the words alone do not say which.
    both = finder.find(Clue(("bees",), (), (), Target.CHARACTER))
    assert both.keys == () and set(both.candidates) == {"character:ann", "character:cal"}
    # A wording ("likes" for "drawn") and a name the answer is tied to.
    assert finder.find(Clue(("bees", "likes"), (), (), Target.CHARACTER)).keys == ("character:ann",)
    assert finder.find(Clue(("bees",), (), ("character:ben",), Target.CHARACTER)).keys == (
        "character:ann",
    )
    # A relation word said without an owner narrows by the knowledge's relations.
    admirer = Relation("admirer")
    assert finder.find(Clue(("bees",), (admirer,), (), Target.CHARACTER)).keys == ("character:ann",)
    # "likes Ben": with Ben named, the knowledge must relate them so.
    likes = Bond("likes", frozenset({"admirer"}))
    assert finder.find(
        Clue(("bees",), (), ("character:ben",), Target.CHARACTER, (likes,))
    ).keys == ("character:ann",)
    assert finder.find(Clue(("goats",), (), (), Target.CHARACTER, (likes,))) == Found(())
    # One word nobody's text has: nothing, not the nearest.
    assert finder.find(Clue(("bees", "wasps"), (), (), Target.CHARACTER)) == Found(())


def test_the_finder_takes_the_first_of_two_episodes_only() -> None:
    finder = _finder()
    # Told in episode 1, recalled in episode 2: the first telling.
    assert finder.find(Clue(("hive",), (), ("character:ann",), Target.EPISODE)).keys == (
        "episode:1",
    )
    # Three episodes have it: the words do not say which.
    three = finder.find(Clue(("hive",), (), (), Target.EPISODE))
    assert three.keys == () and len(three.candidates) == 3


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("the classmate who likes Haruto", "character:tomita-keiko"),
        ("which episode has the zoo scene", "episode:4"),
        ("動物園のシーンは何話", "episode:4"),
        ("graduation song they sing for Aya", "song:sangatsu-kokonoka"),
    ],
)
def test_a_description_is_read_as_the_one_it_describes(question: str, key: str) -> None:
    reading = ENGINE.read(question)
    assert reading.links[0].best.key == key
    assert reading.links[0].best.how is How.DESCRIBED
    assert not reading.unexplained and reading.decline is None
    assert f"{key} (described)" in reading.explain()


@pytest.mark.parametrize(
    "question",
    [
        "which car does Haruto drive",  # asks a detail of Haruto: not someone tied to him
        "the classmate who likes Mizuno",  # nobody so described is tied to him
        "which episode has the aquarium zoo scene",  # no plot has both
        "the vet who likes Aya",  # the vet words are said of a classmate, not tied so
        "動物園で告白するのは何話",  # no one episode has both
    ],
)
def test_a_description_that_fits_nothing_is_declined(question: str) -> None:
    answer = ENGINE.ask(question)
    assert answer.status is Status.NOT_FOUND, ENGINE.read(question).explain()


def test_explain_says_what_a_description_matched() -> None:
    text = ENGINE.read("the 14 year old patient in the special").explain()
    assert "rule: character-by-description" in text
    assert "described by: year old, 14, patient (relation)" in text
    assert "entity: '14 year old patient in the special'" in text
    assert "tied to: special:special-2007" in text


def test_a_chain_through_an_actor_is_read_as_one() -> None:
    reading = ENGINE.read("which actress played both Aya's roommate and Aya")
    assert reading.intent is Intent.CHAIN
    assert [link.best.key for link in reading.links] == [
        "character:asumi",
        "character:ikeuchi-aya",
    ]
    answer = ENGINE.answer(reading)
    assert answer.status is Status.FOUND and answer.title.startswith("Ōnishi Asae")
    # Nobody played both: the chain declines rather than name either actor.
    assert ENGINE.ask("which actress played both Aya and Haruto").status is Status.NOT_FOUND


def test_a_relation_that_only_says_who_is_meant_is_set_aside() -> None:
    reading = ENGINE.read("who plays the father of Aya's classmate Haruto")
    assert reading.intent is Intent.RELATION
    assert reading.link is not None and reading.link.best.key == "character:aso-haruto"
    assert "Katsuno Hiroshi" in ENGINE.ask("who plays the father of Aya's classmate Haruto").title


def test_japanese_text_added_late_is_found_by_its_words() -> None:
    # The Japanese of the knowledge's texts is added on the first Japanese
    # question, after the index (and what it remembers of words) was built.
    index = DescriptionIndex(
        [("episode:1#0", "Ann finds the hive."), ("episode:2#0", "Ben moves the hive.")],
        {"the"},
    )
    assert index.best(["巣箱"]) == ([], 0)
    index.add_native("episode:2#0", "ベンが巣箱を動かす。")
    assert index.best(["巣箱"]) == (["episode:2#0"], 1)
    assert index.find(["巣箱"]) == ["episode:2#0"]


def test_a_scene_in_two_episodes_goes_to_the_one_about_the_person_named() -> None:
    # Both points have the words; only the second is about Ann herself.
    points = DescriptionIndex(
        [
            ("episode:1#0", "Ann's mother is told the news."),
            ("episode:2#0", "Ann is told the news."),
        ],
        {"the", "is"},
    )
    finder = Finder(points, points, {}, {}, {"character:ann": ["ann"]})
    clue = Clue(("told", "news"), (), ("character:ann",), Target.EPISODE)
    assert finder.find(clue).keys == ("episode:2",)


def test_a_point_that_names_someone_is_not_about_one_named_before_it() -> None:
    points = DescriptionIndex(
        [
            ("episode:1#0", "Ben invites Ann to the fair."),
            ("episode:1#1", "Cal's mother is told the news."),
            ("episode:2#0", "Ben meets Ann."),
            ("episode:2#1", "At the fair she falls."),
        ],
        {"the", "is", "at", "to"},
    )
    names = {"character:ann": ["ann"], "character:ben": ["ben"], "character:cal": ["cal"]}
    finder = Finder(points, points, {}, {}, names)
    # "she" two points on is Ann; a point naming Cal is about Cal, not Ben.
    assert finder.find(Clue(("falls",), (), ("character:ann",), Target.EPISODE)).keys == (
        "episode:2",
    )
    assert finder.find(Clue(("told",), (), ("character:ben",), Target.EPISODE)).keys == ()


def test_a_point_with_a_pronoun_may_speak_of_one_named_before_it() -> None:
    points = DescriptionIndex(
        [
            ("episode:1#0", "Ann visits the harbour."),
            ("episode:1#1", "She gives Ben a farewell letter."),
            ("episode:2#0", "Cal's mother reads a letter."),
        ],
        {"the", "a", "she", "s"},
    )
    names = {"character:ann": ["ann"], "character:ben": ["ben"], "character:cal": ["cal"]}
    finder = Finder(points, points, {}, {}, names)
    # "She" is Ann, named a point before, though the point names Ben too.
    clue = Clue(("letter",), (), ("character:ann", "character:ben"), Target.EPISODE)
    assert finder.find(clue).keys == ("episode:1",)
    # A point with no pronoun is about those it names.
    assert finder.find(Clue(("reads",), (), ("character:ann",), Target.EPISODE)).keys == ()
