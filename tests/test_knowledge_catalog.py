"""The knowledge's prose in Japanese: a catalog beside the knowledge file, complete and current.

The catalog (knowledge/locale/ja/LC_MESSAGES/one-litre-of-tears.po) is checked
against the knowledge file, as namida.po is checked against the code: every
prose text has a reviewed translation, no entry's English is gone from the
file, and placeholders, markup, links and numbers survive translation. The
template the translator's tools merge (``python -m bot.knowledge.prose``)
lists exactly what the catalog must hold. Then the behaviour: a Japanese
reader gets the Japanese text, with spoilers masked exactly as in English;
an English reader never causes the catalog to be read; a missing catalog
means English; a reload reads an edited catalog.
"""

from __future__ import annotations

import re
import shutil
import string
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from fake_discord.harness import require_spec
from spoiler_helpers import fragments, is_masked
from test_spoilers import LOOKUPS, assert_spoiler_safe

import bot.i18n
from bot.engine.answers import Answer
from bot.engine.engine import Engine
from bot.i18n import Lang, using
from bot.knowledge import loader, prose

SHIPPED = loader.default_path()
CATALOG = prose.catalog_path(SHIPPED, "ja")
K = loader.load(SHIPPED)
TEXTS = list(prose.texts(K))
PROSE = {t.text for t in TEXTS if not t.term}
TERMS = {t.text for t in TEXTS if t.term}


def catalog(path: Path = CATALOG) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale="ja")


def translations(path: Path = CATALOG) -> dict[str, str]:
    return {
        m.id: m.string
        for m in catalog(path)
        if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string
    }


JA = translations()


def test_the_knowledge_has_prose_to_translate() -> None:
    # Guards the checks below: an empty walk would find nothing missing.
    assert len(PROSE) > 300
    kinds = {re.sub(r"\[\d+\]", "", t.where) for t in TEXTS if not t.term}
    assert {"episodes.plot.text", "characters.description", "sources.title"} <= kinds
    assert {"characters.unknown.note", "specials.disagreements.value"} <= kinds
    assert any(t.spoiler for t in TEXTS)


def test_every_prose_text_has_japanese() -> None:
    missing = sorted(PROSE - set(JA))
    assert not missing, (
        f"{len(missing)} prose texts with no Japanese (make the template and merge it into "
        f"{CATALOG.name}, docs/translating.md, 'The knowledge's prose'): {missing[:5]}"
    )


def test_every_term_has_japanese_here_or_in_the_package() -> None:
    generic = bot.i18n.generic_terms(Lang.JA)
    missing = sorted(TERMS - set(JA) - generic)
    assert not missing, f"short-list words with no Japanese: {missing}"


def test_no_entry_is_stale_fuzzy_or_obsolete() -> None:
    entries = catalog()
    stale = [m.id for m in entries if m.id and m.id not in PROSE | TERMS]
    assert not stale, (
        f"entries whose English the knowledge no longer has (pybabel update drops them): {stale}"
    )
    assert not [m.id for m in entries if m.id and m.fuzzy], "unreviewed (fuzzy) entries"
    assert not entries.obsolete, "obsolete (#~) entries"


_FIELD = string.Formatter()
# What must come through a translation unchanged: links, ids and numbers a
# reader may look up, markdown that Discord would render, and Discord's
# mention syntax (which must never appear at all).
_URL = re.compile(r"https?://\S+|\b[\w.-]+\.(?:com|net|jp|org|info)/[\w./-]*")
_MARKUP = ("**", "__", "~~", "||", "`", "<@", "<#", "@everyone", "@here")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _fields(text: str) -> set[str]:
    try:
        return {name for _lit, name, _spec, _conv in _FIELD.parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced>"}


def _numbers(text: str) -> set[str]:
    # 100,000 may be written 10万 in Japanese; 1.1 million as 110万: compare the digits
    # a reader checks against a source (dates, percentages, counts under 10,000).
    return {n.replace(",", "") for n in _NUMBER.findall(text) if len(n.replace(",", "")) <= 4}


@pytest.mark.parametrize("english", sorted(JA), ids=range(len(JA)))
def test_translations_keep_placeholders_markup_and_links(english: str) -> None:
    japanese = JA[english]
    assert _fields(japanese) == _fields(english)
    for mark in _MARKUP:
        assert japanese.count(mark) == english.count(mark), mark
    assert set(_URL.findall(japanese)) == set(_URL.findall(english))
    assert "\n" not in japanese or "\n" in english


def test_the_numbers_a_reader_checks_survive_translation() -> None:
    # Dates, ratings and counts: a translation that drops or changes one is a wrong fact.
    changed = {
        en: ja
        for en, ja in JA.items()
        if not _numbers(en) <= _numbers(ja) | _WRITTEN_OTHERWISE.get(en, set())
    }
    assert not changed, changed


# Numbers that Japanese writes another way (a 12-hour clock, ten thousands, ordinals).
_WRITTEN_OTHERWISE: dict[str, set[str]] = {
    en: nums
    for en, nums in {
        "It aired in Fuji TV's Tuesday 9 pm drama slot (火曜21時), 54 minutes an episode; "
        "the first episode ran 10 minutes over and the finale 15.": {"9"},
        "The illness affects four to five people in every 100,000.": {"100000"},
        "It began at 15:59.": {"15", "59"},
        'From the title of a 2005 promotional special ("moved 1.2 million people").': {"1.2"},
        "The story is a true one. Kitō Aya began losing control of her body at fifteen and kept "
        "writing her diary until she could no longer hold a pen; she died at twenty-five. The "
        "diary became a book that has sold more than 1.1 million copies in Japan, and the "
        "drama's script is built on it.": {"1.1"},
    }.items()
}


def test_the_template_lists_what_the_catalog_holds(tmp_path: Path) -> None:
    """``python -m bot.knowledge.prose FILE -o T.pot`` makes the template a translator merges."""
    pot = tmp_path / "knowledge.pot"
    assert prose.main([str(SHIPPED), "-o", str(pot)]) == 0
    template = catalog(pot)
    assert {m.id for m in template if m.id} == {m.id for m in catalog() if m.id}
    spoiling = [m for m in template if m.id and any("(spoiler)" in c for c in m.auto_comments)]
    assert spoiling, "spoiler texts are marked for the translator"


def test_the_template_command_reports_a_broken_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("series: [\n", encoding="utf-8")
    assert prose.main([str(broken)]) == 1
    assert "broken.yaml" in capsys.readouterr().err


# Behaviour


ENGINE = Engine.from_path(SHIPPED)
AYA = "character:ikeuchi-aya"


def _all_text(answer: Answer) -> str:
    parts = [answer.title, *answer.lines, *(f.value for f in answer.facts)]
    return "\n".join([*parts, *(s.title for s in answer.sources)])


def test_a_japanese_reader_gets_the_japanese_description() -> None:
    aya = K.characters_by_id["ikeuchi-aya"]
    with using(Lang.JA):
        text = _all_text(ENGINE.person(AYA))
    assert JA[aya.description] in text
    assert aya.description not in text
    english = _all_text(ENGINE.person(AYA))
    assert aya.description in english and JA[aya.description] not in english


def test_japanese_plot_points_source_titles_and_notes() -> None:
    episode = K.episodes[0]
    with using(Lang.JA):
        answer = ENGINE.plot(1)
    values = [f.value for f in answer.facts]
    for point in episode.plot:
        assert any(v.startswith(JA[point.text]) for v in values), point.text
    assert JA[K.sources[0].title] in [s.title for s in answer.sources]
    with using(Lang.JA):
        special = ENGINE.special(None)
    assert JA[K.specials[0].description] in special.lines


def test_english_answers_never_read_the_catalog() -> None:
    bot.i18n._series_messages.cache_clear()
    engine = Engine.from_path(SHIPPED)
    engine.person(AYA)
    engine.plot(1)
    engine.ask("who played Haruto?")
    assert bot.i18n._series_messages.cache_info().misses == 0
    with using(Lang.JA):
        engine.person(AYA)
    assert bot.i18n._series_messages.cache_info().misses >= 1


def _copy(tmp_path: Path, with_catalog: bool) -> Path:
    knowledge = tmp_path / SHIPPED.name
    shutil.copy(SHIPPED, knowledge)
    if with_catalog:
        target = prose.catalog_path(knowledge, "ja")
        target.parent.mkdir(parents=True)
        shutil.copy(CATALOG, target)
    return knowledge


def test_no_japanese_on_record_means_english(tmp_path: Path) -> None:
    """A file with no catalog beside it, and a text no catalog has: the English shows."""
    knowledge = _copy(tmp_path, with_catalog=False)
    aya = K.characters_by_id["ikeuchi-aya"]
    opening = " ".join(aya.description.split()[:2])  # "The heroine," as the file writes it
    text = knowledge.read_text(encoding="utf-8")
    assert opening in text
    knowledge.write_text(text.replace(opening, "Rewritten: " + opening, 1), encoding="utf-8")
    engine = Engine.from_path(knowledge)
    with using(Lang.JA):
        answer = engine.person(AYA)
    changed = engine.knowledge.characters_by_id["ikeuchi-aya"].description
    assert changed != aya.description and changed in answer.lines
    assert answer.title.startswith("池内亜也")  # the labels are still Japanese
    assert JA[aya.note or ""] in "\n".join(answer.lines)  # texts on record still are


def test_a_reload_reads_an_edited_catalog(tmp_path: Path) -> None:
    knowledge = _copy(tmp_path, with_catalog=True)
    aya = K.characters_by_id["ikeuchi-aya"]
    try:
        with using(Lang.JA):
            assert JA[aya.description] in Engine.from_path(knowledge).person(AYA).lines
        po = prose.catalog_path(knowledge, "ja")
        edited = po.read_text(encoding="utf-8").replace(JA[aya.description], "書き直した紹介文。")
        po.write_text(edited, encoding="utf-8")
        with using(Lang.JA):
            assert "書き直した紹介文。" in Engine.from_path(knowledge).person(AYA).lines
    finally:
        loader.load(SHIPPED)  # the shipped catalog is the newest again, for the tests after


# Spoilers: the Japanese text is masked exactly where the English is.

JA_SPOILERS = [JA[t.text] for t in TEXTS if t.spoiler and not t.term and t.where.endswith("text")]
JA_OPENINGS = fragments(JA_SPOILERS, size=16)  # a Japanese sentence gives itself away sooner


def test_every_spoiler_has_a_japanese_text_to_hide() -> None:
    assert len(JA_SPOILERS) >= 5
    assert all(JA_SPOILERS)


@pytest.mark.parametrize(("what", "ask"), LOOKUPS, ids=[w for w, _ in LOOKUPS])
def test_every_japanese_lookup_is_spoiler_safe(what: str, ask: Callable[[], Answer]) -> None:
    require_spec()
    with using(Lang.JA):
        assert_spoiler_safe(ask(), what, JA_OPENINGS)


def test_every_japanese_spoiler_is_reachable_and_masked() -> None:
    from bot.discord_app.embeds import render

    require_spec()
    shown: set[str] = set()
    with using(Lang.JA):
        for _what, ask in LOOKUPS:
            answer = ask()
            embed = render(answer)
            for fact, field in zip(answer.facts, embed.fields, strict=False):
                if fact.spoiler:
                    assert field.value is not None and is_masked(field.value)
                    shown.add(fact.value)
    for text in JA_SPOILERS:
        assert any(value.startswith(text) for value in shown), text


def test_a_japanese_quiz_asks_about_plot_points_in_japanese() -> None:
    from bot.quiz.generate import Topic, generate

    with using(Lang.JA):
        questions = generate(K, rounds=20, seed=3, topic=Topic.EPISODES, allow_spoilers=False)
    plots = [q for q in questions if q.template == "episodes.plot"]
    assert plots, "the seed draws no plot question: pick another"
    points = [p for ep in K.episodes for p in ep.plot if not p.spoiler]
    for q in plots:
        assert any(JA[p.text] in q.prompt for p in points), q.prompt
        assert not any(p.text in q.prompt for p in points), q.prompt


def test_no_english_prose_reaches_a_japanese_reader() -> None:
    """Every lookup, in Japanese: none of the knowledge's English sentences shows anywhere."""
    english = [t for t in PROSE if JA.get(t) != t and len(t) > 24]
    assert len(english) > 300
    for what, ask in LOOKUPS:
        with using(Lang.JA):
            answer = ask()
        text = _all_text(answer) + "\n".join([*(f.name for f in answer.facts), answer.hint or ""])
        leaked = [t for t in english if t in text]
        assert not leaked, (what, leaked[:2])


def test_a_broken_catalog_means_english_not_a_crash(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    knowledge = _copy(tmp_path, with_catalog=True)
    po = prose.catalog_path(knowledge, "ja")
    aya = K.characters_by_id["ikeuchi-aya"]
    text = aya.description.replace("The heroine", "The brave heroine")
    knowledge.write_text(
        knowledge.read_text(encoding="utf-8").replace("The heroine", "The brave heroine", 1),
        encoding="utf-8",
    )
    po.write_bytes(b'msgid "' + text.encode() + b'"\nmsgstr "\xff\xfe"\n')
    try:
        engine = Engine.from_path(knowledge)
        with using(Lang.JA):
            answer = engine.person(AYA)
        assert text in answer.lines
        assert "cannot read" in caplog.text and po.name in caplog.text
    finally:
        loader.load(SHIPPED)


def test_an_engine_from_a_path_binds_its_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """However the knowledge is read (a cache, another loader), the engine made from a
    file answers Japanese readers from the catalog beside that file."""
    monkeypatch.setattr(bot.i18n, "_bound", {})  # nothing bound yet in this process
    monkeypatch.setattr(
        loader, "load", lambda path=None: loader.parse(Path(path or SHIPPED).read_text("utf-8"))
    )
    engine = Engine.from_path(SHIPPED)
    aya = K.characters_by_id["ikeuchi-aya"]
    with using(Lang.JA):
        assert JA[aya.description] in engine.person(AYA).lines
