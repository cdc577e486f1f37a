"""Typed details (facets), regional ratings and the real people behind roles.

The shipped file's facets are read through the lexicon's facet words; what
the file does not hold is said to be not on record, never a card about
something else. The same mechanism on invented data is in test_second_series.
"""

from __future__ import annotations

import pytest

from bot.engine.answers import Answer, Status
from bot.engine.engine import Engine
from bot.engine.lexicon import FacetSense
from bot.engine.questions import Intent
from bot.i18n import Lang, using


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine.from_path()


def text_of(answer: Answer) -> str:
    return "\n".join([answer.title, *answer.lines, *(f"{f.name}: {f.value}" for f in answer.facts)])


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("what club is Haruto in", "biology club"),
        ("what sport does Aya play", "Basketball"),
        ("what school does Aya go to", "明和台東"),
        ("what family business do the Ikeuchis run", "tofu shop"),
        ("who wrote the afterword of the diary", "山本紘子"),
        ("what ages does the diary cover", "fourteen to twenty-one"),
        ("how many siblings did Kito Aya have", "Kentarō"),
        ("was this Sawajiri Erika's first lead role", "first lead role"),
        ("遥斗は実在の人物？", "not in the real diary"),
    ],
)
def test_a_facet_answers_in_its_own_words_with_its_sources(
    engine: Engine, question: str, said: str
) -> None:
    answer = engine.ask(question)
    assert engine.read(question).intent is Intent.FACET
    assert answer.status is Status.FOUND, answer.title
    assert said in answer.lines[0] and answer.sources


def test_a_medium_facet_is_hedged_and_its_disagreement_shown(engine: Engine) -> None:
    answer = engine.ask("how many notebooks did Aya write")
    assert "46" in answer.lines[0] and "one source only" in answer.lines[0]
    assert any("About 50 notebooks" in line for line in answer.lines)


def test_a_field_that_holds_the_detail_answers_with_its_card(engine: Engine) -> None:
    # The real person's schools, the manga's ISBN, the film's announcement: no facet repeats them.
    for question, said in (
        ("which high school did the real Aya go to", "豊橋東"),
        ("1 litre of tears manga ISBN", "4344806085"),
        ("when was the 2027 film announced", "9 March 2026"),
        ("is the diary available in paperback", "Gentosha"),
    ):
        answer = engine.ask(question)
        assert answer.status is not Status.NOT_FOUND, question
        assert said in text_of(answer), question


def test_asked_of_nothing_the_series_holds_it(engine: Engine) -> None:
    answer = engine.ask("her surname")
    assert answer.status is Status.FOUND and "Ikeuchi" in answer.lines[0]
    # Within "the film", the film's.
    assert "Kitō" in engine.ask("what surname does the family have in the film").lines[0]


def test_a_detail_not_held_by_the_one_named_is_not_on_record(engine: Engine) -> None:
    answer = engine.ask("what club is Mizuo in")
    assert answer.status is Status.NOT_FOUND
    assert "Ikeuchi Mizuo" in text_of(answer) and "club" in answer.title


def test_several_holders_and_nobody_named_are_not_guessed(engine: Engine) -> None:
    answer = engine.ask("which club")
    assert answer.status is Status.NOT_FOUND
    assert answer.suggestions  # whose: the ones that have a club on record


def test_beside_a_relation_facet_words_narrow_it(engine: Engine) -> None:
    # "at high school" describes which teacher; the facet is not what is asked.
    assert engine.read("who was Aya's homeroom teacher at high school").intent is not Intent.FACET


def test_the_facet_label_is_translated(engine: Engine) -> None:
    with using(Lang.JA):
        answer = engine.ask("遥斗の部活は")
    assert answer.status is Status.FOUND
    assert "部活" in answer.title


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("episode 10 rating in Kansai", "15.0%"),
        ("how did episode 10 rate in Nagoya", "18.4%"),
        ("第10話の関西の視聴率", "15.0%"),
    ],
)
def test_a_regional_rating(engine: Engine, question: str, said: str) -> None:
    answer = engine.ask(question)
    assert answer.status is Status.FOUND
    assert said in answer.lines[0]


def test_a_region_with_no_figure_is_not_given_another_region_s(engine: Engine) -> None:
    answer = engine.ask("episode 8 rating in Kansai")
    assert answer.status is Status.NOT_FOUND
    assert "%" not in answer.title and "Kansai" in answer.title
    # A region word asks nothing but a rating.
    assert engine.ask("osaka").status is Status.NOT_FOUND


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("what was the real mother's name", "Kitō Shioka"),
        ("when was the real mother born", "1936"),
    ],
)
def test_the_real_person_behind_the_lead(engine: Engine, question: str, said: str) -> None:
    answer = engine.ask(question)
    assert answer.status is Status.FOUND
    assert said in text_of(answer)


def test_a_real_relation_the_descriptions_do_not_tell_is_declined(engine: Engine) -> None:
    # Only the mother is on record: she is never offered as "the real father".
    for question in ("who was the real father", "when did the real father die"):
        answer = engine.ask(question)
        assert answer.status is Status.NOT_FOUND
        assert "Shioka" not in text_of(answer)


def test_the_soundtrack_s_unknown_release_date_is_said(engine: Engine) -> None:
    answer = engine.ask("when was the soundtrack released")
    assert answer.lines[0] == "No source gives the release date of the soundtrack album."
    assert not any(f.name == "Released" for f in answer.facts)


def test_an_award_by_the_name_fans_use(engine: Engine) -> None:
    assert "Sawajiri Erika" in text_of(engine.ask("Elan d'Or newcomer award"))
    assert "No. 1" in text_of(engine.ask("PTA ranking"))
    drama = engine.ask("did it win the Television Drama Academy Award")
    assert drama.status is Status.FOUND and "no category win" in text_of(drama)


def test_every_declared_kind_has_words_in_both_languages_and_no_word_names_another(
    engine: Engine,
) -> None:
    declared = {kind.key for kind in engine.knowledge.facet_kinds}
    words: dict[str, tuple[int, int]] = {}
    for entry in engine.lexicon.entries:
        if isinstance(entry.sense, FacetSense):
            en, ja = words.get(entry.sense.value, (0, 0))
            words[entry.sense.value] = (en + len(entry.en), ja + len(entry.ja))
    assert set(words) == declared
    assert all(en and ja for en, ja in words.values()), words


def test_the_reading_names_the_facet_and_the_region(engine: Engine) -> None:
    assert "facet=club" in engine.read("what club is Haruto in").summary()
    assert "region=Kansai" in engine.read("episode 10 rating in Kansai").summary()


def test_who_shares_a_detail_is_not_the_holder_s_card(engine: Engine) -> None:
    # Asked who else has it, the one named is not the answer; the detail is not either.
    for question in ("who goes to school with Aya", "who is in Haruto's club"):
        answer = engine.ask(question)
        assert answer.status is Status.NOT_FOUND, question
        assert "明和台東" not in text_of(answer) and "biology" not in text_of(answer)
    # Where the one named has no such detail, the word describes them: their card.
    assert "Nishino" in engine.ask("高校の担任の先生は誰").title  # English outside a Japanese reply
