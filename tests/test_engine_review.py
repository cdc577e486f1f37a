"""Questions once answered wrongly: each asserts the right card and no unmasked spoiler."""

from __future__ import annotations

import pytest

from bot.engine.answers import Answer, Status
from bot.engine.engine import Engine


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
