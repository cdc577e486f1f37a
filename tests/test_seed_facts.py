"""Every fact on the seed page, and the researched facts, are in the loaded knowledge.

The seed page (``../shared/seed/…``) is parsed here and compared with the
model that ``bot.knowledge.loader.load()`` returns, field by field: the test
never searches the YAML text. Where the page's spelling differs from the
model's only by macrons (Kito / Kitō) the names are compared after folding
them; where the page's spelling is an alias (Asou Haruto) it must be one of the
model's names exactly. Constants beside the parsed values guard the parser:
if the page could not be read as expected, the test says so instead of
comparing nothing.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import conftest_shared
import pytest
from conftest_shared import shared_path
from pydantic import BaseModel

from bot.knowledge import loader
from bot.knowledge.models import (
    Character,
    Credit,
    Disagreement,
    Episode,
    Knowledge,
    Person,
    Relation,
    Song,
    Sourced,
)

SEED_FILE = ("seed", "000_c08272ac9c5609fe.txt")
FACTS_FILE = ("research", "facts.md")

SEED_TITLE = "One Litre of Tears"
SEED_ALTERNATIVE_NAMES = ["1 Litre no Namida", "Ichi Rittoru no Namida", "A Diary with Tears"]
SEED_PAGE_COUNTS = {
    "Page Views": ("page_views", 295993),
    "Fans": ("fans", 2173),
    "Forum Posts": ("forum_posts", 568),
    "Wall Posts": ("wall_posts", 3495),
    "Photos Uploaded": ("photos_uploaded", 83),
}
# The seed's credit labels and the model's job names.
SEED_CREDITS = {
    "Original work": ("Original work", ["Kito Aya"]),
    "Screenwriters": ("Screenplay", ["Egashira Michiru", "Oshima Satomi", "Yokota Rie"]),
    "Producer": ("Producer", ["Kashikawa Satoko"]),
    "Director": ("Director", ["Murakami Masanori"]),
    "Music": ("Music", ["Ueda Susumu"]),
}
SEED_UNLISTED_TRACKS = [5, 6, 8, 12]
SEED_CAST = [
    ("Asou Haruto", True, "Nishikido Ryo"),
    (None, False, "Sawajiri Erika"),
    (None, False, "Narumi Riko"),
    (None, False, "Matsuyama Kenichi"),
    (None, False, "Fujiki Naohito"),
]
NUMBER_WORDS = {14: "fourteen", 15: "fifteen", 25: "twenty-five"}


# --- reading the seed page -------------------------------------------------------------


@dataclass
class SeedPage:
    title: str
    alternative_names: list[str]
    fields: dict[str, str]
    episodes: dict[int, str]
    tracks: dict[int, str]
    cast: list[tuple[str | None, bool, str]]
    paragraphs: list[str] = field(default_factory=list)

    def paragraph(self, start: str) -> str:
        found = [p for p in self.paragraphs if p.startswith(start)]
        assert len(found) == 1, f"the seed page has no single paragraph starting {start!r}"
        return found[0]


def parse_seed(text: str) -> SeedPage:
    lines = [line.strip() for line in text.splitlines()]
    names_at = lines.index("Alternative Names:")
    country_at = next(i for i, line in enumerate(lines) if line.startswith("Country of Origin:"))
    fields: dict[str, str] = {}
    for line in lines:
        match = re.fullmatch(r"([A-Z][A-Za-z ]+): (.+)", line)
        if match and not line.startswith("Ep "):
            fields.setdefault(match[1], match[2])
    rating = re.search(r"^Average Ratings in (\w+) - ([\d.]+)%$", text, re.M)
    assert rating, "the seed page has no 'Average Ratings in …' line"
    fields["Average Ratings region"], fields["Average Ratings"] = rating[1], rating[2]

    episodes = {int(m[1]): m[2] for m in re.finditer(r"^Ep (\d+): (.+?)\s*$", text, re.M)}
    track_lines = [
        (i, re.fullmatch(r"(\d{2})\.(.+)", line)) for i, line in enumerate(lines) if line
    ]
    tracks = {int(m[1]): m[2] for _, m in track_lines if m}
    last_track = max(i for i, m in track_lines if m)
    cast = []
    for line in filter(None, lines[last_track + 1 :]):
        match = re.fullmatch(r"(?:(.+?) ?\(lead\))?\s*(.+)", line)
        assert match, line
        cast.append((match[1], match[1] is not None, match[2]))
    paragraphs = [line for line in lines if len(line) > 120]
    return SeedPage(
        title=lines[0],
        alternative_names=[n for n in lines[names_at + 1 : country_at] if n],
        fields=fields,
        episodes=episodes,
        tracks=tracks,
        cast=cast,
        paragraphs=paragraphs,
    )


@pytest.fixture(scope="module")
def seed() -> SeedPage:
    return parse_seed(shared_path(*SEED_FILE).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def facts() -> str:
    return shared_path(*FACTS_FILE).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return loader.load()


# --- helpers ---------------------------------------------------------------------------


def fold(name: str) -> str:
    """Kitō Aya -> kito aya: drop macrons and case, keep everything else."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def same_name(seed_name: str, names: Iterator[str] | list[str]) -> bool:
    """The seed's spelling is one of the model's names, exactly or once macrons are folded."""
    names = list(names)
    return seed_name in names or fold(seed_name) in {fold(n) for n in names}


def mentions(text: str | None, number: int) -> bool:
    words = text.casefold() if text else ""
    return re.search(rf"\b{number}\b", words) is not None or NUMBER_WORDS[number] in words


def person_named(k: Knowledge, seed_name: str) -> Person:
    found = [p for p in k.people if same_name(seed_name, p.all_names())]
    assert len(found) == 1, f"expected one person named {seed_name!r}, found {found}"
    return found[0]


def character(k: Knowledge, character_id: str) -> Character:
    return next(c for c in k.characters if c.id == character_id)


def played_by(k: Knowledge, person_id: str) -> list[Character]:
    return [c for c in k.characters if c.played_by == person_id]


def episode(k: Knowledge, number: int) -> Episode:
    found = [e for e in k.episodes if e.number == number]
    assert len(found) == 1, f"expected one episode {number}, found {len(found)}"
    return found[0]


def credit(credits: tuple[Credit, ...], job: str) -> Credit:
    found = [c for c in credits if c.job == job]
    assert len(found) == 1, f"expected one {job!r} credit, found {len(found)}"
    return found[0]


def song(k: Knowledge, song_id: str) -> Song:
    return next(s for s in k.songs if s.id == song_id)


def seed_date(text: str) -> dt.date:
    return dt.datetime.strptime(text.strip(), "%b %d, %Y").date()


def sourced_facts(
    model: BaseModel, path: str = ""
) -> Iterator[tuple[str, Sourced | Disagreement | Relation]]:
    """Every sourced fact in the model, however deep, with where it is."""
    if isinstance(model, (Sourced, Disagreement, Relation)):
        yield path or "(root)", model
    for name in type(model).model_fields:
        value = getattr(model, name)
        where = f"{path}.{name}" if path else name
        if isinstance(value, BaseModel):
            yield from sourced_facts(value, where)
        elif isinstance(value, tuple):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from sourced_facts(item, f"{where}[{i}]")


# --- the seed page's header ------------------------------------------------------------


def test_seed_page_reads_as_expected(seed: SeedPage) -> None:
    assert seed.title == SEED_TITLE
    assert seed.alternative_names == SEED_ALTERNATIVE_NAMES
    assert sorted(seed.episodes) == list(range(1, 12))
    assert len(seed.tracks) == 19
    assert [(r, lead, a) for r, lead, a in seed.cast] == SEED_CAST


def test_title_and_alternative_names(seed: SeedPage, knowledge: Knowledge) -> None:
    series = knowledge.series
    assert series.title == seed.title
    for name in seed.alternative_names:
        assert name in series.alternative_titles, f"alternative name {name!r} is missing"
    assert "crunchyroll" in series.sources


def test_country_year_type(seed: SeedPage, knowledge: Knowledge) -> None:
    series = knowledge.series
    assert seed.fields["Country of Origin"] == "Japan"
    assert series.country == seed.fields["Country of Origin"]
    assert seed.fields["Year Produced"] == "2005"
    assert series.year == int(seed.fields["Year Produced"])
    assert seed.fields["Type"] == "Series"
    assert series.type == seed.fields["Type"]


def test_air_dates(seed: SeedPage, knowledge: Knowledge) -> None:
    first, last = seed.fields["Air Date"].split(" to ")
    assert (seed_date(first), seed_date(last)) == (dt.date(2005, 10, 11), dt.date(2005, 12, 20))
    assert knowledge.series.first_aired == seed_date(first)
    assert knowledge.series.last_aired == seed_date(last)
    assert episode(knowledge, 1).aired == seed_date(first)
    assert episode(knowledge, 11).aired == seed_date(last)


def test_episode_count(seed: SeedPage, knowledge: Knowledge) -> None:
    assert seed.fields["Episodes"] == "11"
    assert knowledge.series.episode_count == int(seed.fields["Episodes"])
    assert len(knowledge.episodes) == int(seed.fields["Episodes"])


def test_page_counts(seed: SeedPage, knowledge: Knowledge) -> None:
    # The page's own counters belong to the page, not to the series.
    stats = knowledge.source("crunchyroll").page_stats
    assert stats is not None, "sources[crunchyroll].page_stats is missing"
    for label, (attribute, expected) in SEED_PAGE_COUNTS.items():
        assert int(seed.fields[label]) == expected, label
        assert getattr(stats, attribute) == expected, f"page_stats.{attribute}"
    assert [s.id for s in knowledge.sources if s.page_stats] == ["crunchyroll"]


def test_broadcaster_related_show_and_average_rating(seed: SeedPage, knowledge: Knowledge) -> None:
    assert knowledge.series.broadcaster == seed.fields["Broadcast network"] == "Fuji TV"
    assert seed.fields["Related TV shows"] == "Tears of Happiness"
    assert knowledge.series.related_shows == (seed.fields["Related TV shows"],)

    ratings = knowledge.ratings
    assert ratings is not None and ratings.average is not None
    assert seed.fields["Average Ratings region"] == ratings.region == "Kanto"
    assert float(seed.fields["Average Ratings"]) == ratings.average.value == 15.1
    assert "crunchyroll" in ratings.average.sources


@pytest.mark.parametrize("label", list(SEED_CREDITS))
def test_production_credit(label: str, seed: SeedPage, knowledge: Knowledge) -> None:
    job, expected_names = SEED_CREDITS[label]
    seed_names = [n.strip() for n in seed.fields[label].split(",")]
    assert seed_names == expected_names

    model_credit = credit(knowledge.credits, job)
    assert "crunchyroll" in model_credit.sources
    people = [knowledge.person(pid) for pid in model_credit.people]
    # The seed's list comes first, in the seed's order; research may add more (Director).
    assert len(people) >= len(seed_names)
    for seed_name, person in zip(seed_names, people, strict=False):
        assert same_name(seed_name, person.all_names()), f"{label}: {seed_name} vs {person.name}"
    if label != "Director":
        assert len(people) == len(seed_names), f"{label} credits more people than the seed"


def test_original_work_and_music_point_at_the_credited_people(knowledge: Knowledge) -> None:
    (based_on, *_) = knowledge.original_works
    assert based_on.authors == ("kito-aya",)
    assert knowledge.person(based_on.authors[0]).name == "Kitō Aya"
    assert fold(knowledge.person(based_on.authors[0]).name) == fold("Kito Aya")
    assert knowledge.soundtrack is not None
    assert knowledge.person(knowledge.soundtrack.composer).name == "Ueda Susumu"


# --- the synopsis ----------------------------------------------------------------------


def test_the_book_the_diary_and_aya_s_age(seed: SeedPage, knowledge: Knowledge) -> None:
    text = seed.paragraph("This beautifully moving drama")
    died = re.search(r"until her death at (\d+)", text)
    sold = re.search(r"has sold over ([\d.]+ million) copies in (\w+)", text)
    assert died and sold and "based on the diary" in text
    assert (int(died[1]), sold[1], sold[2]) == (25, "1.1 million", "Japan")

    (based_on, *_) = knowledge.original_works
    assert based_on.kind == "diary"
    assert f"{sold[1]} copies in {sold[2]}" in based_on.description
    assert mentions(based_on.description, int(died[1]))
    assert "crunchyroll" in based_on.sources
    diarist = knowledge.person(based_on.authors[0])
    assert mentions(diarist.description, int(died[1]))
    assert "Litre of Tears" in based_on.title


def test_the_story(seed: SeedPage, knowledge: Knowledge) -> None:
    text = seed.paragraph("15-year-old Ikeuchi Aya")
    assert "tofu shop" in text and "spinocerebellar ataxia" in text and "Shioka" in text
    synopsis = knowledge.series.synopsis
    assert "spinocerebellar ataxia" in synopsis
    assert "tofu shop" in synopsis
    assert mentions(synopsis, 15)

    aya = character(knowledge, "ikeuchi-aya")
    assert aya.name == "Ikeuchi Aya"
    mother = character(knowledge, "ikeuchi-shioka")
    assert "Shioka" in mother.aliases
    assert "mother" in mother.description


# --- episodes --------------------------------------------------------------------------


def test_every_episode_title_exactly_as_on_the_seed(seed: SeedPage, knowledge: Knowledge) -> None:
    wrong = []
    for number, title in sorted(seed.episodes.items()):
        ep = episode(knowledge, number)
        if ep.title != title:
            wrong.append(f"episode {number}: seed {title!r}, model {ep.title!r}")
        if "crunchyroll" not in ep.sources:
            wrong.append(f"episode {number} does not cite crunchyroll")
    assert not wrong, "\n".join(wrong)
    assert {e.number for e in knowledge.episodes} == set(seed.episodes)


# --- the special -----------------------------------------------------------------------


def test_the_special(seed: SeedPage, knowledge: Knowledge) -> None:
    text = seed.paragraph("Due to the popularity")
    aired = re.search(r"on (\w+ \d+, \d{4}), Fuji Television aired a (\w+ hour) special", text)
    setting = re.search(r"set (half a year after Aya's death)", text)
    patient = re.search(r"a (\d+)-year-old female patient", text)
    assert aired and setting and patient
    assert dt.datetime.strptime(aired[1], "%B %d, %Y").date() == dt.date(2007, 4, 5)

    (special,) = knowledge.specials
    assert special.aired == dt.datetime.strptime(aired[1], "%B %d, %Y").date()
    assert special.broadcaster == "Fuji TV"
    assert special.length is not None and aired[2] in special.length  # "three hour"
    assert setting[1].casefold() in special.setting.casefold()
    assert "popular" in special.description
    assert "crunchyroll" in special.sources

    series = knowledge.series.id
    haruto = character(knowledge, "aso-haruto")
    assert haruto.appears_in == (series, special.id)
    assert "doctor" in haruto.description and "doctor" in special.description
    ako = character(knowledge, "ikeuchi-ako")
    assert ako.appears_in == (series, special.id)
    assert "trainee nurse" in ako.description
    mizuki = character(knowledge, "nagashima-mizuki")
    assert mizuki.appears_in == (special.id,)
    assert "Mizuki-chan" in mizuki.aliases
    assert mentions(mizuki.description, int(patient[1]))
    assert "bullied" in mizuki.description
    aya = character(knowledge, "ikeuchi-aya")
    assert aya.appears_in == (series, special.id)
    assert "flashbacks" in special.description


# --- the soundtrack --------------------------------------------------------------------


def test_every_track_exactly_as_on_the_seed(seed: SeedPage, knowledge: Knowledge) -> None:
    soundtrack = knowledge.soundtrack
    assert soundtrack is not None
    model_tracks = {t.number: t.title for t in soundtrack.tracks}
    wrong = [
        f"track {n:02}: seed {title!r}, model {model_tracks.get(n)!r}"
        for n, title in sorted(seed.tracks.items())
        if model_tracks.get(n) != title
    ]
    extra = sorted(set(model_tracks) - set(seed.tracks))
    wrong += [f"track {n:02} is not on the seed" for n in extra]
    assert not wrong, "\n".join(wrong)
    assert "crunchyroll" in soundtrack.sources


def test_unlisted_track_numbers_are_kept(seed: SeedPage, knowledge: Knowledge) -> None:
    soundtrack = knowledge.soundtrack
    assert soundtrack is not None
    last = max(seed.tracks)
    gaps = [n for n in range(1, last + 1) if n not in seed.tracks]
    assert gaps == SEED_UNLISTED_TRACKS
    assert soundtrack.track_count == last == 23
    assert soundtrack.unlisted_numbers() == gaps


# --- the cast --------------------------------------------------------------------------


def test_cast_lines(seed: SeedPage, knowledge: Knowledge) -> None:
    for role, lead, actor in seed.cast:
        person = person_named(knowledge, actor)
        assert person.name == actor
        assert "crunchyroll" in person.sources, f"{actor} does not cite crunchyroll"
        roles = played_by(knowledge, person.id)
        assert roles, f"{actor} plays no character"
        if role is not None:
            (played,) = [c for c in roles if role in c.all_names()]
            assert played.id == "aso-haruto"
            if lead:
                assert played.billing == "lead", f"{role} is the lead on the seed"


# --- researched facts (../shared/research/facts.md) ------------------------------------


def markdown_table(facts: str, heading: str) -> list[list[str]]:
    """The rows of the first table under ``## heading`` (header and rule dropped)."""
    section = facts.split(f"\n## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip().strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("|")
    ]
    return rows[2:]


def test_episodes_japanese_titles_and_air_dates(facts: str, knowledge: Knowledge) -> None:
    rows = markdown_table(facts, "Episodes")
    assert len(rows) == 11
    for number, aired, native in rows:
        ep = episode(knowledge, int(number))
        assert ep.aired == dt.date.fromisoformat(aired), f"episode {number} air date"
        assert ep.native_title == native, f"episode {number} Japanese title"
        assert "fujitv" in ep.sources
    assert knowledge.series.time_slot is not None
    assert "Tuesdays 21:00–21:54" in knowledge.series.time_slot
    assert "10 minutes" in (episode(knowledge, 1).runtime_note or "")
    assert "15 minutes" in (episode(knowledge, 11).runtime_note or "")


def test_cast_roles_in_romaji_and_japanese(facts: str, knowledge: Knowledge) -> None:
    rows = markdown_table(facts, "Cast")
    assert len(rows) == 14
    wrong = []
    for actor, actor_native, role, role_native, _notes in rows:
        person = person_named(knowledge, actor)
        roles = played_by(knowledge, person.id)
        if person.name != actor or person.native != actor_native:
            wrong.append(f"{actor}: model has {person.name} / {person.native}")
        # facts2.md gives some of these roles their full names (Sugiura Mari,
        # 麻生芳文); facts.md's shorter form must then still be one of the names.
        names = [list(c.all_names()) for c in roles]
        full = [(c.name, c.native) for c in roles] == [(role, role_native)]
        if not full and not (len(names) == 1 and {role, role_native} <= set(names[0])):
            wrong.append(f"{actor} should play {role} / {role_native}, plays {roles}")
    assert not wrong, "\n".join(wrong)
    assert character(knowledge, "ikeuchi-aya").billing == "lead"


def test_ratings(knowledge: Knowledge) -> None:
    ratings = knowledge.ratings
    assert ratings is not None
    assert (ratings.measured_by, ratings.region) == ("Video Research", "Kanto")
    first, finale = episode(knowledge, 1).rating, episode(knowledge, 11).rating
    assert first is not None and first.value == 13.5 and "narinari" in first.sources
    assert finale is not None and finale.value == 20.5 and "fujitv" in finale.sources
    assert ratings.high is not None and ratings.high.value == 20.5
    assert ratings.high_episode == 11
    assert ratings.average is not None and "15.31" in (ratings.average.note or "")
    # facts.md found no figure for episodes 2 to 9; facts2.md found 5 and 6
    # (tests/test_facts2.py). None of the others may be invented.
    unrated = [n for n in range(2, 10) if episode(knowledge, n).rating is None]
    assert unrated == [2, 3, 4, 7, 8, 9]


def test_songs(knowledge: Knowledge) -> None:
    only_human = song(knowledge, "only-human")
    assert (only_human.title, only_human.artist) == ("Only Human", "K")
    assert "ending theme" in only_human.use
    konayuki = song(knowledge, "konayuki")
    assert (konayuki.title, konayuki.native_title, konayuki.artist) == (
        "Konayuki",
        "粉雪",
        "Remioromen",
    )
    assert konayuki.use == "insert song"
    assert "number 2" in (konayuki.note or "") and "Oricon" in (konayuki.note or "")
    march = song(knowledge, "sangatsu-kokonoka")
    assert (march.title, march.native_title, march.artist) == (
        "Sangatsu Kokonoka",
        "3月9日",
        "Remioromen",
    )
    assert "choir" in march.use

    soundtrack = knowledge.soundtrack
    assert soundtrack is not None
    assert soundtrack.native_title == "「1リットルの涙」オリジナル・サウンドトラック"
    assert knowledge.person(soundtrack.composer).native == "上田益"
    versions = {t.number: (t.song, t.version) for t in soundtrack.tracks if t.number >= 21}
    assert versions == {
        21: ("only-human", "piano"),
        22: ("konayuki", "piano"),
        23: ("only-human", "cello"),
    }


def test_the_special_in_japanese_with_its_time_and_staff(knowledge: Knowledge) -> None:
    (special,) = knowledge.specials
    assert special.native_title == "1リットルの涙 特別編〜追憶〜"
    assert "Memories" in special.title
    assert special.aired.strftime("%A") == "Thursday"
    assert special.time_slot is not None
    assert "21:00" in special.time_slot and "23:48" in special.time_slot
    assert "fujitv" in special.sources
    assert "7 April" in (special.note or "")
    assert credit(special.staff, "Screenplay").people == ("yokota-rie",)
    assert credit(special.staff, "Director").people == ("murakami-masanori",)
    assert [c.played_by for c in knowledge.characters if c.id == "nagashima-mizuki"] == [
        "okamoto-anri"
    ]


def test_production_and_the_original_work(knowledge: Knowledge) -> None:
    natives = {
        "egashira-michiru": "江頭美智留",
        "oshima-satomi": "大島里美",
        "yokota-rie": "横田理恵",
        "murakami-masanori": "村上正典",
        "kinoshita-takao": "木下高男",
        "kashikawa-satoko": "貸川聡子",
        "kito-aya": "木藤亜也",
    }
    for person_id, native in natives.items():
        assert knowledge.person(person_id).native == native, person_id
    assert credit(knowledge.credits, "Director").people == (
        "murakami-masanori",
        "kinoshita-takao",
    )
    assert credit(knowledge.credits, "Production").organisations == ("Fuji TV", "Kyodo TV")

    (based_on, *_) = knowledge.original_works
    assert based_on.native_title == "1リットルの涙 難病と闘い続ける少女亜也の日記"
    assert based_on.released is not None and based_on.released.startswith("1986")
    assert any(e.publisher == "Gentosha" and e.published == "2005-02" for e in based_on.editions), (
        based_on.editions
    )
    assert "Ikeuchi" in (based_on.note or "")

    aya = knowledge.person("kito-aya")
    assert aya.born is not None and "19 July 1962" in aya.born and "Toyohashi" in aya.born
    assert aya.died == "23 May 1988"
    # facts.md had her dates from one page; facts2.md found four that agree.
    assert aya.confidence == "high"
    assert {"talentdb", "en-aya", "mediachinese", "mimizun"} <= set(aya.sources)
    onishi = knowledge.person("onishi-asae")
    assert onishi.description is not None
    assert "2004" in onishi.description and "Okamura Riki" in onishi.description
    assert "Tears of Happiness" in (knowledge.series.note or "")


# --- sources ---------------------------------------------------------------------------


def test_sources_are_the_researched_ones(facts: str, knowledge: Knowledge) -> None:
    section = facts.split("\n## Sources", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^- `([a-z0-9-]+)`", section, re.M)
    # facts.md's sources come first, in its order; facts2.md's follow (tests/test_facts2.py).
    assert listed == [s.id for s in knowledge.sources][: len(listed)]


def test_every_fact_cites_sources_that_exist_and_every_source_is_cited(
    knowledge: Knowledge,
) -> None:
    ids = {s.id for s in knowledge.sources}
    facts = list(sourced_facts(knowledge))
    assert len(facts) > 60, "the walk over the model found too few facts"
    unknown = [f"{where}: {ref}" for where, fact in facts for ref in fact.sources if ref not in ids]
    assert not unknown, "facts cite unknown sources:\n" + "\n".join(unknown)
    cited = {ref for _, fact in facts for ref in fact.sources}
    assert cited == ids, f"sources never cited: {sorted(ids - cited)}"
    for source in knowledge.sources:
        # A few pages of facts2.md are only reachable over plain http.
        assert source.url.startswith(("https://", "http://")), source.id


def test_seed_file_is_where_the_tests_expect_it() -> None:
    path = shared_path(*SEED_FILE)
    assert isinstance(path, Path) and path.is_file()


def test_missing_shared_material_skips_locally(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conftest_shared, "SHARED_DIR", tmp_path / "shared")
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not beside this checkout"):
        conftest_shared.shared_path(*SEED_FILE)


def test_missing_shared_material_fails_on_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conftest_shared, "SHARED_DIR", tmp_path / "shared")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as failed:
        conftest_shared.shared_path(*SEED_FILE)
    assert str(tmp_path / "shared" / "seed" / "000_c08272ac9c5609fe.txt") in str(failed.value)
