"""No answer the engine gives lets a spoiler out unmasked.

Every entity is asked about through every public lookup (and free text built
from their names), and each answer is checked as data and as the embed
Discord would receive: the spoiler plot points of the shipped knowledge
appear only as spoiler facts, never in a title, a line, an alternative, a
suggestion or an autocomplete label; each spoiler fact's field is masked;
the body is valid against Discord's OpenAPI description and within limits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import get_args

import pytest
import yaml
from fake_discord import conformance
from fake_discord.harness import require_spec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spoiler_helpers import fragments, is_masked, leaks, spoiler_texts
from test_describe_v2 import LANTERNS
from test_render_limits import assert_within_limits

from bot import console
from bot.discord_app.embeds import render
from bot.engine import describe
from bot.engine.answers import Answer, Status
from bot.engine.engine import Engine
from bot.knowledge.models import Knowledge, ReceptionKind, RelationKind, WorkRelation

ENGINE = Engine.from_path()
K = ENGINE.knowledge
SPOILERS = spoiler_texts(K)
OPENINGS = fragments(SPOILERS)
# The invented series of test_describe_v2 has every kind of section, whatever
# the shipped file holds today.
INVENTED = Engine(Knowledge.model_validate(yaml.safe_load(LANTERNS)))
CALLBACK = "/api/v10/interactions/1234567890123456789/aW50ZXJhY3Rpb24/callback"

EPISODE_FOCI = (None, "title", "japanese", "aired", "rating", "plot")
SPECIAL_FOCI = (
    None,
    "aired",
    "staff",
    "length",
    "broadcaster",
    "rating",
    "new",
    "songs",
    "setting",
)
SONG_FOCI = (None, "release", "chart", "sales")


def every_lookup(e: Engine) -> Iterator[tuple[str, Callable[[], Answer]]]:
    """(what, ask) for every public lookup of every entity in ``e``'s knowledge."""
    k = e.knowledge
    for ep in k.episodes:
        n = ep.number
        yield f"episode {n}", lambda n=n: e.episode(str(n))
        yield f"plot {n}", lambda n=n: e.plot(n)
        yield f"rating {n}", lambda n=n: e.rating(n)
        for focus in EPISODE_FOCI:
            yield f"episode {n} {focus}", lambda ep=ep, f=focus: describe.episode(k, ep, f)
    for sp in k.specials:
        yield f"plot {sp.id}", lambda i=sp.id: e.plot(i)
        yield f"rating {sp.id}", lambda i=sp.id: e.rating(i)
        yield f"plot {sp.title}", lambda t=sp.title: e.plot(t)
        for focus in (*SPECIAL_FOCI, "plot"):
            yield f"special {sp.id} {focus}", lambda i=sp.id, f=focus: e.special(f, which=i)
    for key in ("character:" + c.id for c in k.characters):
        yield key, lambda key=key: e.person(key)
    for key in ("person:" + p.id for p in k.people):
        yield key, lambda key=key: e.person(key)
    for who in [c.name for c in k.characters] + [p.name for p in k.people]:
        yield f"relations {who}", lambda who=who: e.relations(who)
        for kind in RelationKind:
            yield f"relations {who} {kind}", lambda who=who, kind=kind: e.relations(who, kind)
    for s in k.songs:
        yield f"song {s.id}", lambda t=s.title: e.song(t)
        for focus in SONG_FOCI:
            yield f"song {s.id} {focus}", lambda s=s, f=focus: describe.song(k, s, f)
    for t in k.soundtrack.tracks if k.soundtrack else ():
        yield f"track {t.number}", lambda n=t.number: e.track(str(n))
    for w in k.works:
        yield f"work {w.id}", lambda t=w.title: e.work(t)
    for r in k.reception:
        yield f"award {r.name}", lambda name=r.name: e.award(name)
    for rel in (None, *WorkRelation):
        yield f"works {rel}", lambda rel=rel: e.works(rel)
    for kind in (None, *ReceptionKind):
        yield f"awards {kind}", lambda kind=kind: e.awards(kind)
    for topic in (None, *get_args(describe.ProductionTopic)):
        yield f"production {topic}", lambda topic=topic: e.production(topic)
    for focus in (None, "high", "low", "average"):
        yield f"ratings {focus}", lambda f=focus: e.ratings(f)
    for focus in (None, "count", "release"):
        yield f"soundtrack {focus}", lambda f=focus: e.soundtrack(f)
    for focus in (None, "based_on", "aired", "adaptations", "related", "titles", "page_stats"):
        yield f"about {focus}", lambda f=focus: e.about(f)
    yield "episodes", e.episodes
    yield "cast", e.cast
    yield "credits", e.credits
    yield "help", e.help


LOOKUPS = list(every_lookup(ENGINE))
INVENTED_LOOKUPS = list(every_lookup(INVENTED))
INVENTED_OPENINGS = fragments(spoiler_texts(INVENTED.knowledge))


def assert_spoiler_safe(answer: Answer, what: str = "", openings: list[str] = OPENINGS) -> None:
    """The answer, as data and as the embed sent, shows spoilers only as masked facts."""
    shown = [answer.title, *answer.lines, answer.hint or "", *answer.alternatives]
    shown += answer.suggestions
    for text in shown:
        assert not leaks(text, openings), (what, text)
    for fact in answer.facts:
        assert not leaks(fact.name, openings), (what, fact.name)
        if leaks(fact.value, openings):
            assert fact.spoiler, (what, fact)

    embed = render(answer)
    assert_within_limits(embed)
    visible = [embed.title or "", embed.description or "", embed.footer.text or ""]
    for field, fact in zip(embed.fields, answer.facts, strict=False):
        assert field.name is not None and field.value is not None
        visible.append(field.name)
        if fact.spoiler:
            assert is_masked(field.value), (what, field.value)
        else:
            visible.append(field.value)
    for text in visible:
        assert not leaks(text, openings), (what, text)
    body = {"type": 4, "data": {"embeds": [embed.to_dict()], "allowed_mentions": {"parse": []}}}
    conformance.check("POST", CALLBACK, body)

    text = console.render(answer)
    assert not leaks(text, openings), (what, text)


def test_the_knowledge_has_spoilers_to_hide() -> None:
    # Without flagged plot points every check below would pass vacuously.
    assert len(SPOILERS) >= 5
    assert any(p.spoiler for ep in K.episodes for p in ep.plot)


@pytest.mark.parametrize(("what", "ask"), LOOKUPS, ids=[w for w, _ in LOOKUPS])
def test_every_lookup_is_spoiler_safe(what: str, ask: Callable[[], Answer]) -> None:
    require_spec()
    assert_spoiler_safe(ask(), what)


def test_every_found_answer_cites_its_sources() -> None:
    known = {s.id for s in K.sources}
    for what, ask in LOOKUPS:
        answer = ask()
        if answer.status is Status.NOT_FOUND or answer.kind == "help":
            continue
        assert answer.sources, what
        assert {s.id for s in answer.sources} <= known, what


@pytest.mark.parametrize(("what", "ask"), INVENTED_LOOKUPS, ids=[w for w, _ in INVENTED_LOOKUPS])
def test_every_lookup_on_an_invented_series_is_spoiler_safe(
    what: str, ask: Callable[[], Answer]
) -> None:
    require_spec()
    assert len(INVENTED_OPENINGS) >= 3
    assert_spoiler_safe(ask(), what, INVENTED_OPENINGS)


def test_every_spoiler_is_reachable_and_masked() -> None:
    """Each flagged plot point is shown by some answer, as a spoiler fact."""
    require_spec()
    shown: set[str] = set()
    for _, ask in LOOKUPS:
        shown |= {f.value for f in ask().facts if f.spoiler}
    for text in SPOILERS:
        assert any(value.startswith(text) for value in shown), text


def test_the_console_hides_every_spoiler_unless_asked() -> None:
    for ep in K.episodes:
        answer = ENGINE.plot(ep.number)
        hidden = console.render(answer)
        shown = console.render(answer, reveal_spoilers=True)
        for p in ep.plot:
            if p.spoiler:
                assert p.text not in hidden and p.text in shown
            else:
                assert p.text in hidden


# Free text built from the knowledge's own names, as fans would type it.
NAMES = sorted(
    {c.name for c in K.characters}
    | {p.name for p in K.people}
    | {ep.title for ep in K.episodes}
    | {sp.title for sp in K.specials}
    | {w.title for w in K.works}
    | {s.title for s in K.songs}
    | {r.name for r in K.reception}
)
TEMPLATES = [
    "{}",
    "what happens in {}",
    "who is {}",
    "how does {} end",
    "plot of {}",
    "what happens in episode {}",
    "tell me about {}",
    "{} spoilers",
]
NUMBERS = [str(n) for n in range(0, 14)] + ["finale", "last", "the special"]
QUESTIONS = st.one_of(
    st.tuples(st.sampled_from(TEMPLATES), st.sampled_from(NAMES + NUMBERS)).map(
        lambda t: t[0].format(t[1])
    ),
    st.sampled_from(OPENINGS).map(lambda s: s[: max(len(s) // 2, 4)]),  # typing a spoiler
    st.text(max_size=80),
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(text=QUESTIONS)
def test_free_text_answers_are_spoiler_safe(text: str) -> None:
    require_spec()
    for ask in (ENGINE.ask, ENGINE.episode, ENGINE.person, ENGINE.work, ENGINE.award):
        assert_spoiler_safe(ask(text), text)
    assert_spoiler_safe(ENGINE.plot(text), text)


@FAST
@given(partial=st.one_of(st.sampled_from(NAMES + NUMBERS), QUESTIONS))
def test_autocomplete_labels_never_spoil(partial: str) -> None:
    for kind in ("episode", "track", "person"):
        for choice in ENGINE.suggest(kind, partial):  # type: ignore[arg-type]
            assert not leaks(choice.name, OPENINGS), (partial, choice)
