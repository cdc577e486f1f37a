"""Questions once answered wrongly: each asserts the right card and no unmasked spoiler."""

from __future__ import annotations

import pytest

from bot.engine.answers import Answer, Status
from bot.engine.engine import Engine
from bot.engine.lexicon import Topic
from bot.i18n import Lang, using


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_path()


def shown(answer: Answer) -> str:
    """What a reader sees without opening a spoiler: masked facts left out."""
    facts = (f"{f.name}: {f.value}" for f in answer.facts if not f.spoiler)
    return "\n".join([answer.title, *answer.lines, *facts])


def masked(answer: Answer) -> str:
    return "\n".join(f.value for f in answer.facts if f.spoiler)


# A role's death or age is the drama's ending, never the real person's card.
ROLE_LIFE = [
    ("does aya die", None),
    ("||does aya die||", None),
    ("how old is aya when she dies", "25"),
    ("how old is aya at the end", "25"),
    ("how old is aya at the start", "15"),
]


@pytest.mark.parametrize(("question", "age"), ROLE_LIFE)
def test_a_role_s_death_is_not_the_real_person_s(
    engine: Engine, question: str, age: str | None
) -> None:
    answer = engine.ask(question)
    assert answer.status is Status.FOUND, answer
    real = engine.knowledge.people
    deaths = [p.death_date.isoformat()[:4] for p in real if p.death_date]
    assert deaths, "the real person's death is on record"
    assert not any(year in shown(answer) for year in deaths), shown(answer)
    assert "Kitō" not in answer.title
    if age is None:
        assert "dies" in masked(answer)
        assert "dies" not in shown(answer)
    else:
        assert f"aged {age}" in shown(answer)


def test_the_real_one_is_asked_for_by_name(engine: Engine) -> None:
    for question in ("does the real aya die", "when did Kito Aya die"):
        answer = engine.ask(question)
        assert answer.title.startswith("Kitō Aya"), (question, answer.title)
        assert "1988" in shown(answer)


def test_a_work_named_beside_a_role_gives_that_work_s_cast(engine: Engine) -> None:
    film = next(w for w in engine.knowledge.works if w.cast and w.released[:4] == "2004")
    actor = next(p for p in engine.knowledge.people if p.id == film.cast[0].person)
    answer = engine.ask("who played aya in the 2004 film")
    assert answer.status is Status.FOUND
    assert actor.name in answer.lines[0], answer.lines
    assert "Sawajiri" not in shown(answer)
    # A role the film's cast does not list is said so, not answered with the series' actor.
    missing = engine.ask("who played haruto in the 2004 film")
    assert missing.status is Status.NOT_FOUND
    assert "Nishikido" not in shown(missing)


def test_special_school_is_a_place_not_the_special(engine: Engine) -> None:
    answer = engine.ask("who is aya's roommate at the special school")
    assert answer.title.startswith("Oikawa Asumi"), answer.title
    # "the special" alone still means the 2007 special.
    assert engine.read("who played mizuki in the special").topic is Topic.SPECIAL
    assert engine.read("who is aya's roommate at the special school").topic is None
    assert engine.read("spcial").corrections == (("spcial", "special"),)


def test_the_series_title_before_cast_asks_for_the_cast(engine: Engine) -> None:
    for question in ("one litre of tears cast list", "1 litre of tears cast"):
        answer = engine.ask(question)
        assert answer.title.startswith("The cast of"), (question, answer.title)


def test_what_happens_at_the_end_is_the_ending_masked(engine: Engine) -> None:
    answer = engine.ask("what happens at the end")
    last = max(e.number for e in engine.knowledge.episodes)
    assert answer.title.startswith(f"Episode {last}:"), answer.title
    assert "dies" in masked(answer) and "dies" not in shown(answer)


def test_a_word_found_only_in_a_description_is_not_that_card(engine: Engine) -> None:
    answer = engine.ask("where is toyohashi")
    assert answer.status is Status.NOT_FOUND
    assert "toyohashi" in answer.title.casefold()
    assert answer.suggestions


def test_kyoudai_means_all_siblings(engine: Engine) -> None:
    with using(Lang.JA):
        answer = engine.ask("亜也の兄弟")
    for sibling in ("亜湖", "弘樹", "理加"):
        assert sibling in answer.title, answer.title


def test_a_role_s_own_card_answers_what_becomes_of_it(engine: Engine) -> None:
    answer = engine.ask("does haruto become a doctor")
    assert answer.status is Status.FOUND and answer.title.startswith("Asō Haruto")
    assert "becomes a doctor" in shown(answer)
    # Nothing on record that says so: still declined, never someone else's card.
    assert engine.ask("does aya become a doctor").status is Status.NOT_FOUND
    for question, said in (
        ("what happens to ako", "trainee nurse"),
        ("what happened to haruto's brother", "accident"),
    ):
        answer = engine.ask(question)
        assert answer.status is Status.FOUND, (question, answer.title)
        assert said in shown(answer), (question, shown(answer))


def test_japanese_words_are_echoed_whole() -> None:
    reader_words = Engine.from_path().read("主題歌の担当ほげほげ").unexplained
    assert reader_words == ("ほげほげ",), reader_words


def test_a_detail_in_the_lexicon_s_words_answers_for_a_role(engine: Engine) -> None:
    for question, said in (
        ("is haruto a real person", "not in the real diary"),
        ("when is aya's birthday in the drama", "19 July 1989"),
    ):
        answer = engine.ask(question)
        assert answer.status is Status.FOUND, (question, answer.title)
        assert said in answer.lines[0], (question, answer.lines)
    # No detail says it: declined, in proper words.
    missing = engine.ask("when was haruto born")
    assert missing.status is Status.NOT_FOUND
    assert "when they were born" in missing.title


def test_the_title_s_meaning_is_the_episode_named_after_it(engine: Engine) -> None:
    answer = engine.ask("what does the title mean")
    assert answer.status is Status.FOUND
    assert answer.title.startswith("Episode "), answer.title
    # The line that explains it is a spoiler: masked, still there.
    assert "litre of tears" in masked(answer)
    assert "smile" in masked(answer) and "smile" not in shown(answer)


@pytest.mark.parametrize("question", ["錦戸亮の誕生日", "亜也は死ぬの？", "音楽担当は"])
def test_japanese_replies_have_no_english_sentence(engine: Engine, question: str) -> None:
    with using(Lang.JA):
        answer = engine.ask(question)
    english = {"i", "know", "have", "nothing", "on", "the", "is", "was", "not", "of", "could"}
    for line in (answer.title, *answer.lines[:2]):
        words = {w.strip(".,;:").casefold() for w in line.split()}
        assert not words & english, (question, line)
