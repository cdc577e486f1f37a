"""Every fact of the second research round (``../shared/research/facts2.md``) is in the model.

Where facts2.md has a table (per-episode ratings, the average's disagreement,
the cast, the special) the rows are parsed and compared with the loaded model
field by field; its bullets are compared one by one below. Each fact must cite
the source ids facts2.md gives it, with the confidence it gives (H -> high,
M -> medium); each DISAGREE keeps the documented value and lists the other one
under ``disagreements``; each "Not found" item is stated under ``unknown``.
Descriptions and plot points are our own words, so they are compared by the
sources they cite and the facts they carry, never by their wording.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any, TypeVar

import pytest
from conftest_shared import shared_path
from pydantic import BaseModel

from bot.knowledge import loader
from bot.knowledge.models import (
    Character,
    Credit,
    Episode,
    Knowledge,
    Person,
    PlotPoint,
    Reception,
    RelationKind,
    Song,
    Sourced,
    Work,
)

CONFIDENCE = {"H": "high", "M": "medium"}
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff〜]")
# Listed among facts2.md's sources but cited for no fact, so not in the model.
NEVER_CITED = {"fuji-sp-int"}

T = TypeVar("T")


@pytest.fixture(scope="module")
def facts2() -> str:
    return shared_path("research", "facts2.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return loader.load()


# --- reading facts2.md ----------------------------------------------------------------


def section(text: str, heading: str) -> str:
    """The text under ``heading`` up to the next heading of the same or a higher level."""
    level = heading.split(" ", 1)[0]
    start = text.index(f"\n{heading}") + 1
    body = text[start:].split("\n", 1)[1]
    stop = re.search(rf"^#{{1,{len(level)}}} ", body, re.M)
    return body[: stop.start()] if stop else body


def table(text: str) -> list[list[str]]:
    """The rows of the first markdown table in ``text`` (header and rule dropped)."""
    lines = [line for line in text.splitlines() if line.startswith("|")]
    end = next((i for i in range(1, len(lines)) if not lines[i].startswith("|")), len(lines))
    return [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines[2:end]]


def bullets(text: str) -> list[str]:
    return [line[2:] for line in text.splitlines() if line.startswith("- ")]


def listed_sources(text: str) -> dict[str, str]:
    """Every source id facts2.md lists, with its URL (ranges expanded)."""
    listing = section(text, "## Sources (short ids)")
    found = {
        m[1]: m[2]
        for m in re.finditer(r"`([a-z0-9-]+)`(?: \([^)]*\))?: (?:[^`;]*?)(https?://\S+)", listing)
    }
    for n in range(1, 12):
        scheme = "http" if n in (3, 4) else "https"
        found[f"fuji-bn{n}"] = (
            f"{scheme}://www.fujitv.co.jp/b_hp/tears/backnumber/305000010-{n}.html"
        )
    parts = re.search(r"parts used: ([\d\-, ]+)\)", listing)
    assert parts, "the fuji-m parts list moved"
    for part in parts[1].split(", "):
        found[f"fuji-m-{part}"] = f"https://www.fujitv.co.jp/m/drama/tears/story/{part}.html"
    found.pop("fuji-m-EE-P", None)  # the pattern, not a page
    return found


def expand_ranges(text: str) -> str:
    """'movie27-a, -b, -c' and 'movie27-a/b' and 'fuji-m-11-1…11-8' as full ids."""
    text = re.sub(
        r"\b([a-z0-9]+)-([a-z])((?:, -[a-z])+)",
        lambda m: ", ".join(f"{m[1]}-{x}" for x in [m[2], *re.findall(r"-([a-z])", m[3])]),
        text,
    )
    text = re.sub(r"\b([a-z0-9]+)-([a-z])/([a-z])\b", r"\1-\2, \1-\3", text)
    return re.sub(
        r"fuji-m-(\d\d)-(\d)…(\d\d)-(\d)",
        lambda m: ", ".join(f"fuji-m-{m[1]}-{i}" for i in range(int(m[2]), int(m[4]) + 1)),
        text,
    )


# Short forms facts2.md uses in its text for a listed id.
SHORT_FORMS = {"alchetron": "alchetron-bhn"}


def ids_in(text: str, known: Iterable[str]) -> list[str]:
    """The source ids named in ``text``, in order."""
    known = set(known)
    words = re.findall(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*", expand_ranges(text))
    words = [SHORT_FORMS.get(w, w) for w in words]
    return [w for w in dict.fromkeys(words) if w in known]


def fold(name: str) -> str:
    """'Kitō Aya' -> 'kito aya'; hyphens and a leading 'the' do not count."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return text.replace("-", " ").removeprefix("the ").strip()


def names(named: Character | Person) -> set[str]:
    return {fold(n) for n in named.all_names()}


def cited(model: BaseModel) -> set[str]:
    """Every source id cited anywhere inside ``model``."""
    out: set[str] = set()
    for value in walk(model):
        out |= set(getattr(value, "sources", ()))
        for d in getattr(value, "disagreements", ()):
            out |= set(d.sources)
    return out


def walk(model: BaseModel) -> Iterator[BaseModel]:
    yield model
    for name in type(model).model_fields:
        value = getattr(model, name)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if isinstance(item, BaseModel):
                yield from walk(item)


def one(items: Iterable[T], **where: Any) -> T:
    found = [i for i in items if all(getattr(i, k) == v for k, v in where.items())]
    assert len(found) == 1, f"expected one item with {where}, found {len(found)}"
    return found[0]


def unknown_fields(item: Sourced) -> set[str]:
    return {u.field for u in item.unknown}


def has_sources(fact: Sourced, *ids: str, confidence: str | None = None) -> None:
    missing = set(ids) - set(fact.sources)
    assert not missing, f"{fact!r:.80} does not cite {sorted(missing)}"
    if confidence is not None:
        assert fact.confidence == confidence, f"{fact!r:.80}: confidence {fact.confidence}"


def episode(k: Knowledge, number: int) -> Episode:
    return one(k.episodes, number=number)


def character(k: Knowledge, ident: str) -> Character:
    return k.characters_by_id[ident]


def song(k: Knowledge, ident: str) -> Song:
    return one(k.songs, id=ident)


def work(k: Knowledge, ident: str) -> Work:
    return k.works_by_id[ident]


def credit(credits: Iterable[Credit], job: str) -> Credit:
    return one(credits, job=job)


def natives(k: Knowledge, person_ids: Iterable[str]) -> list[str | None]:
    return [k.person(p).native for p in person_ids]


# --- sources ---------------------------------------------------------------------------


def test_every_source_facts2_cites_is_stored_with_its_url(
    facts2: str, knowledge: Knowledge
) -> None:
    listed = listed_sources(facts2)
    assert len(listed) > 140, "the source list was not read"
    body = facts2.split("\n---\n", 1)[1]
    used = set(ids_in(body, listed))
    assert set(listed) - used == NEVER_CITED
    for sid in sorted(used):
        assert knowledge.source(sid).url == listed[sid], sid
    stored = cited(knowledge)
    assert used <= stored, f"stored but cited by no fact: {sorted(used - stored)}"
    assert not NEVER_CITED & {s.id for s in knowledge.sources}


# --- 1. ratings ------------------------------------------------------------------------


def test_every_stated_episode_rating(facts2: str, knowledge: Knowledge) -> None:
    listed = listed_sources(facts2)
    rows = table(section(facts2, "### Per-episode values actually stated somewhere"))
    assert len(rows) == 6
    for ep, aired, kanto, other, source, conf in rows:
        figure = re.match(r"(?:average of first three eps )?([\d.]+)%", kanto)
        assert figure, kanto
        value = float(figure[1])
        sources = ids_in(source, listed)
        assert sources, source
        if "–" in ep:  # an average over a stretch of episodes
            first, last = (int(n) for n in ep.split("–"))
            ratings = knowledge.ratings
            assert ratings is not None
            avg = one(ratings.partial_averages, first_episode=first, last_episode=last)
            assert avg.value == value
            has_sources(avg, *sources, confidence=CONFIDENCE[conf])
            continue
        e = episode(knowledge, int(ep))
        assert e.aired == dt.date.fromisoformat(aired)
        assert e.rating is not None, f"episode {ep}"
        assert e.rating.value == value, f"episode {ep}"
        has_sources(e.rating, *sources, confidence=CONFIDENCE[conf])
        if conf == "M":
            assert e.rating.note, f"episode {ep}: a medium figure needs a note"
        regional = re.findall(r"(\w+) ([\d.]+)%", other)
        assert [(r.region, r.value) for r in e.regional_ratings] == [
            (region, float(v)) for region, v in regional
        ]
        for r in e.regional_ratings:
            has_sources(r, *sources, confidence=CONFIDENCE[conf])


def test_running_averages_are_never_turned_into_figures(knowledge: Knowledge) -> None:
    for number, running in ((5, "13.8%"), (6, "14.0%")):
        rating = episode(knowledge, number).rating
        assert rating is not None and running in (rating.note or "")
    values = {e.rating.value for e in knowledge.episodes if e.rating}
    assert not values & {13.8, 14.0}


def test_episodes_without_a_figure_say_so(facts2: str, knowledge: Knowledge) -> None:
    text = section(facts2, "## 1. Ratings (Video Research)")
    stated = re.search(r"Episodes ([\d, ]+): \*\*no page found", text)
    assert stated
    for number in (int(n) for n in stated[1].split(", ")):
        e = episode(knowledge, number)
        assert e.rating is None and "rating" in unknown_fields(e), f"episode {number}"
    finale = episode(knowledge, 11).rating
    assert finale is not None and "20%" in (finale.note or "")
    first = episode(knowledge, 1).rating
    assert first is not None and "9th of the 13" in (first.note or "")
    has_sources(first, "narinari-1024")


def test_the_average_keeps_15_1_and_lists_the_others(facts2: str, knowledge: Knowledge) -> None:
    listed = listed_sources(facts2)
    rows = table(section(facts2, "### Series average – sources disagree"))
    ratings = knowledge.ratings
    assert ratings is not None and ratings.average is not None
    (kept, kept_source), *others = rows
    assert "keep this one" in kept_source
    assert ratings.average.value == float(kept.rstrip("%"))
    has_sources(ratings.average, "crunchyroll")
    stated = [(d.field, d.value, set(d.sources)) for d in ratings.average.disagreements]
    assert stated == [("value", v.rstrip("%"), set(ids_in(s, listed))) for v, s in others]
    for value, _ in others:
        assert value in (ratings.average.note or "")


def test_the_special_has_no_rating(knowledge: Knowledge) -> None:
    (special,) = knowledge.specials
    assert special.rating is None and "rating" in unknown_fields(special)


# --- 2. cast ---------------------------------------------------------------------------

# The characters facts2.md's §2c table describes, row by row.
SERIES_CAST_ROWS = [
    ("ikeuchi-aya",),
    ("ikeuchi-shioka",),
    ("ikeuchi-ako",),
    ("mari",),
    ("matsumura-saki",),
    ("nishino-ryozo",),
    ("vice-principal",),
    ("tomita-keiko",),
    ("onda-kohei",),
    ("nakahara-keita",),
    ("ohashi-miho",),
    ("honda-kaori",),
    ("takeda-makoto",),
    ("kawamoto-yuji",),
    ("mizuno-hiroshi",),
    ("tanabe",),
    ("aso-yoshifumi",),
    ("aso-sawako",),
    ("aso-keisuke",),
    ("onda-manager",),
    ("asumi",),
    ("oikawa-kikue",),
    ("fujimura-madoka",),
    ("takano-kiichi",),
    ("scd-specialist",),
    ("shota",),
    ("dr-okazaki",),
    ("masayo", "kanae"),
    ("ganmo",),
]


def split_names(cell: str) -> tuple[str | None, str | None]:
    """'Ikeuchi Aya / 池内亜也 (also …)' -> ('Ikeuchi Aya', '池内亜也')."""
    plain = re.sub(r"\s*\([^)]*\)", "", cell).strip()
    romaji = native = None
    for part in (p.strip() for p in plain.split(" / ")):
        if not part or part == "–":
            continue
        if CJK.search(part):
            native = native or part
        else:
            romaji = romaji or part
    return romaji, native


def test_every_series_role_row(facts2: str, knowledge: Knowledge) -> None:
    listed = listed_sources(facts2)
    rows = table(section(facts2, "### 2c. Series cast (in addition to the 14 rows of facts.md)"))
    assert len(rows) == len(SERIES_CAST_ROWS)
    for (actor_cell, role_cell, _who, source_cell, conf), idents in zip(
        rows, SERIES_CAST_ROWS, strict=True
    ):
        sources = ids_in(source_cell, listed)
        actor_romaji, actor_native = split_names(actor_cell)
        role_romaji, role_native = split_names(role_cell)
        for ident in idents:
            c = character(knowledge, ident)
            assert knowledge.series.id in c.appears_in, ident
            # The row's sources back the role, or the other spelling it lists.
            assert set(sources) <= cited(c), ident
            if role_romaji and len(role_romaji.split()) <= 3:
                assert fold(role_romaji) in names(c), f"{ident}: {role_romaji}"
            if role_native and len(idents) == 1:
                assert c.native is not None and role_native in c.native, ident
            if len(idents) > 1:  # one row for several minor roles: '雅代, 香苗'
                assert c.native in role_cell, ident
            if actor_romaji is None and actor_native is None:
                assert c.played_by is None and "played_by" in unknown_fields(c), ident
                continue
            assert c.played_by is not None, ident
            actor = knowledge.person(c.played_by)
            if actor_romaji:
                assert fold(actor_romaji) in names(actor), f"{ident}: {actor_romaji}"
            if actor_native:
                assert actor.native == actor_native, ident
            if conf in CONFIDENCE:
                assert c.confidence == CONFIDENCE[conf], f"{ident}: {conf}"
            else:  # 'H (name) / M (kanji)', 'H/M': high, with the weak part stated
                assert c.confidence == "high", ident
                weak = [r for r in c.relations if r.confidence == "medium"]
                assert c.disagreements or weak, ident


def test_what_the_cast_rows_add(knowledge: Knowledge) -> None:
    keiko = character(knowledge, "tomita-keiko")
    assert keiko.native == "冨田圭子"
    (other,) = keiko.disagreements
    assert (other.field, other.value, other.sources) == ("native", "富田圭子", ("saka6", "saka8"))
    assert "sacht2" in keiko.sources
    yuji = character(knowledge, "kawamoto-yuji")
    assert [(d.value, d.sources) for d in yuji.disagreements] == [
        ("河本佑二", ("pixnet",)),
        ("河本裕二", ("cutebaby",)),
    ]
    sato = knowledge.person("sato-shigeyuki")
    assert "Totsugi Shigeyuki" in sato.aliases
    assert one(sato.disagreements, field="name").sources == ("fandom",)
    assert "特別出演" in character(knowledge, "mizuno-hiroshi").description
    assert "外科部長" in character(knowledge, "aso-yoshifumi").description
    assert "保健師" in character(knowledge, "ikeuchi-shioka").description
    # Two actors of the drama were in the 2004 film, as facts2.md notes.
    film = work(knowledge, "film-2004")
    assert one(film.cast, person="onishi-asae").native_role == "木藤亜也"
    assert one(film.cast, person="kato-kazuko").native_role == "潮香"
    ganmo = character(knowledge, "ganmo")
    has_sources(ganmo, "fuji-bn6", "ami042-2")
    (pet,) = ganmo.relations
    assert (pet.kind, pet.of, pet.confidence) == (RelationKind.PET, "ikeuchi-aya", "medium")
    keisuke = character(knowledge, "aso-keisuke")
    assert keisuke.details and set(keisuke.details[0].sources) == {"fuji-m-03-2", "fuji-m-07-6"}
    asumi = character(knowledge, "asumi")
    assert "18" in (asumi.note or "") and "one year older" in (asumi.note or "")


def test_the_cast_notes(knowledge: Knowledge) -> None:
    haruto = character(knowledge, "aso-haruto")
    created = one(haruto.facets, key="model")
    assert created.value and "not in the real diary" in created.value
    has_sources(created, "goo-rank", "pixnet", confidence="high")
    sawajiri = knowledge.person("sawajiri-erika")
    announced = one(sawajiri.details, when="2005-08-14")
    has_sources(announced, "sanspo-0815", confidence="medium")
    first = one(sawajiri.facets, key="first-lead")
    assert first.value and "first lead role" in first.value
    has_sources(first, "hochi-0929", "yourpedia", confidence="high")
    has_sources(one(sawajiri.details, when="2005-09-28"), "hochi-0929", confidence="medium")
    nishikido = knowledge.person("nishikido-ryo")
    has_sources(one(nishikido.details, when="2005-08-18"), "pixnet", confidence="medium")


def test_the_special_cast(facts2: str, knowledge: Knowledge) -> None:
    rows = table(section(facts2, "### 2d. Special-only cast (2007)"))
    assert len(rows) == 3
    (special,) = knowledge.specials
    mizuki = character(knowledge, "nagashima-mizuki")
    assert mizuki.appears_in == (special.id,)
    assert split_names(rows[0][0]) == ("Okamoto Anri", "岡本杏理")
    assert mizuki.played_by == "okamoto-anri" and mizuki.native == "長嶋みずき"
    has_sources(mizuki, "ameblo-sp", "fuji-topics", "person-sakura", confidence="high")
    assert one(mizuki.disagreements, field="native").value == "長嶋水紀"
    kyoko = character(knowledge, "nagashima-kyoko")
    assert rows[1][0] == "(not found)" and kyoko.played_by is None
    assert "played_by" in unknown_fields(kyoko)
    has_sources(kyoko, "thatactor", confidence="medium")
    (mother,) = kyoko.relations
    assert (mother.kind, mother.of, mother.confidence) == (
        RelationKind.PARENT,
        "nagashima-mizuki",
        "medium",
    )
    returning = rows[2][0].removeprefix("returning: ").split(", ")
    assert len(returning) == 16
    for listed in returning:
        surname, *initial = listed.rstrip(".").split()  # 'Sato S.': Satō Shigeyuki
        (actor,) = [
            p
            for p in knowledge.people
            if fold(p.name).split()[0] == fold(surname)
            and fold(p.name).split()[-1].startswith(fold("".join(initial)))
        ]
        roles = knowledge.roles_by_actor[actor.id]
        assert all(special.id in c.appears_in for c in roles), actor.name
        assert all({"thatactor", "fujitv"} & set(c.sources) for c in roles), actor.name


def test_readings_and_ages(knowledge: Knowledge) -> None:
    assert character(knowledge, "aso-haruto").reading == "あそう はると"
    assert knowledge.person("kito-aya").reading == "きとう あや"
    shioka = knowledge.person("kito-shioka")
    assert shioka.reading is not None and shioka.reading.endswith("しおか")
    has_sources(shioka, "talentdb", confidence="medium")
    (special,) = knowledge.specials
    assert special.reading == "いちりっとるのなみだ とくべつへん 〜ついおく〜"
    ages = {
        "ikeuchi-aya": (15, 25, "ja-weblio"),
        "ikeuchi-shioka": (40, 51, "ja-weblio"),
        "ikeuchi-ako": (13, 18, "ja-weblio"),
        "ikeuchi-mizuo": (45, 56, "aya-blog"),
        "aso-haruto": (15, 20, "aya-blog"),
        "aso-yoshifumi": (50, None, "pixnet"),
        "ikeuchi-rika": (5, None, "pixnet"),
        "mari": (15, None, "pixnet"),
        "kawamoto-yuji": (17, None, "pixnet"),
        "nishino-ryozo": (30, None, "pixnet"),
        "mizuno-hiroshi": (33, None, "pixnet"),
    }
    for ident, (start, end, source) in ages.items():
        a = character(knowledge, ident).ages
        assert a is not None and (a.start, a.end) == (start, end), ident
        has_sources(a, source, confidence="medium")
    born = one(character(knowledge, "ikeuchi-aya").details, when=None)
    assert "19 July 1989" in born.text and "March 2005" in born.text
    has_sources(born, "ja-weblio", confidence="medium")


def test_no_kana_reading_is_invented(knowledge: Knowledge) -> None:
    for c in knowledge.characters:
        assert (c.reading is None) == ("reading" in unknown_fields(c)), c.id


# --- relations -------------------------------------------------------------------------

SYMMETRIC = {
    RelationKind.SIBLING,
    RelationKind.SPOUSE,
    RelationKind.FRIEND,
    RelationKind.CLASSMATE,
    RelationKind.COLLEAGUE,
    RelationKind.ROOMMATE,
    RelationKind.LOVE_INTEREST,
    RelationKind.SCHOOLMATE,
}


def test_every_relation_is_seen_from_both_sides(knowledge: Knowledge) -> None:
    everyone = [*knowledge.people, *knowledge.characters]
    written = 0
    for member in everyone:
        for link in knowledge.relations_of(member.id):
            back = [
                other
                for other in knowledge.relations_of(link.other)
                if other.other == member.id and other.kind == link.kind.inverse
            ]
            assert len(back) == 1, f"{link} has no single inverse"
            assert back[0].derived != link.derived
            assert back[0].sources == link.sources and link.sources
            written += not link.derived
    assert written == sum(len(m.relations) for m in everyone) > 40


def test_inverse_kinds_pair_up() -> None:
    for kind in RelationKind:
        assert kind.inverse.inverse is kind
        assert (kind.inverse is kind) == (kind in SYMMETRIC)


def test_the_family_and_school_ties(knowledge: Knowledge) -> None:
    def ties(ident: str) -> set[tuple[str, str, bool]]:
        return {
            (link.kind.value, link.other, link.derived) for link in knowledge.relations_of(ident)
        }

    aya = ties("ikeuchi-aya")
    assert {("child", "ikeuchi-shioka", True), ("child", "ikeuchi-mizuo", True)} <= aya
    assert ("sibling", "ikeuchi-ako", False) in aya
    assert {("student", "nishino-ryozo", True), ("patient", "mizuno-hiroshi", True)} <= aya
    assert ("owner", "ganmo", True) in aya
    assert ("admirer", "kawamoto-yuji", False) in aya and ("junior", "kawamoto-yuji", True) in aya
    ako = ties("ikeuchi-ako")
    assert ("sibling", "ikeuchi-aya", True) in ako and ("child", "ikeuchi-shioka", True) in ako
    haruto = ties("aso-haruto")
    assert ("love-interest", "ikeuchi-aya", True) in haruto
    assert ("doctor", "nagashima-mizuki", False) in haruto
    assert ("admired", "tomita-keiko", True) in haruto
    assert ("customer", "ikeuchi-mizuo", True) in ties("onda-manager")
    assert ("child", "kito-shioka", True) in ties("kito-aya")
    # A character is never related to a real person, nor the other way round.
    characters = set(knowledge.characters_by_id)
    for c in knowledge.characters:
        assert all(link.other in characters for link in knowledge.relations_of(c.id))


# --- 3. episodes -----------------------------------------------------------------------


def episode_blocks(facts2: str) -> list[tuple[int, str, int, str, list[str]]]:
    text = section(facts2, "## 3. Episode facts (paraphrased; **[SPOILER]** marked)")
    heads = list(re.finditer(r"^\*\*Ep (\d+) 「(.+?)」 \((\d+) \w+\)\*\* – (.*)$", text, re.M))
    out = []
    for head, after in zip(heads, [*heads[1:], None], strict=True):
        block = text[head.end() : after.start() if after else len(text)]
        out.append((int(head[1]), head[2], int(head[3]), head[4], bullets(block)))
    return out


def test_every_episode_block(facts2: str, knowledge: Knowledge) -> None:
    listed = listed_sources(facts2)
    blocks = episode_blocks(facts2)
    assert [b[0] for b in blocks] == list(range(1, 12))
    production = knowledge.production
    assert production is not None
    for number, native, day, header, points in blocks:
        e = episode(knowledge, number)
        assert e.native_title == native and e.aired.day == day, number
        assert 3 <= len(e.plot) <= 6, f"episode {number} has {len(e.plot)} plot points"
        here = cited(e)
        assert set(ids_in(header, listed)) <= here, number
        for point in points:
            missing = set(ids_in(point, listed)) - here - cited(production)
            assert not missing, f"episode {number}: {point[:40]}… cites {missing}"
        spoiling = [p for p in points if "[SPOILER]" in p]
        flagged = [p for p in e.plot if p.spoiler]
        assert len(flagged) >= len(spoiling), number
        for point in spoiling:
            ids = set(ids_in(point, listed))
            assert any(ids & set(p.sources) for p in flagged) or not ids, (number, point)


def test_plot_points_carry_their_confidence(knowledge: Knowledge) -> None:
    strong = {"fuji-bn1", "fuji-bn2", "fuji-bn3", "fuji-bn4", "fuji-bn5", "fuji-bn6"}
    for e in knowledge.episodes:
        for p in e.plot:
            if p.confidence == "high":
                # A high point rests on an official page or on two pages.
                official = any(s.startswith(("fuji-", "fujitv")) for s in p.sources)
                assert official or len(p.sources) >= 2, (e.number, p.text[:40])
            assert p.sources
        assert all(isinstance(p, PlotPoint) for p in e.plot)
    assert any(p.confidence == "medium" for e in knowledge.episodes for p in e.plot)
    assert strong <= {s for e in knowledge.episodes for p in e.plot for s in p.sources}


def test_episode_credits_and_extensions(knowledge: Knowledge) -> None:
    seven = episode(knowledge, 7)
    assert credit(seven.staff, "Screenplay").people == ("yokota-rie",)
    assert credit(seven.staff, "Director").people == ("murakami-masanori",)
    has_sources(credit(seven.staff, "Director"), "poietes7", confidence="medium")
    ten = episode(knowledge, 10)
    assert credit(ten.staff, "Screenplay").people == ("egashira-michiru", "oshima-satomi")
    assert credit(ten.staff, "Director").people == ("kinoshita-takao",)
    has_sources(credit(ten.staff, "Screenplay"), "poietes10", confidence="medium")
    assert (episode(knowledge, 1).extended_minutes, episode(knowledge, 11).extended_minutes) == (
        10,
        15,
    )
    for n in (1, 11):
        has_sources(episode(knowledge, n), "ja-stamp", "ja-seisyun", "cutebaby", "zh-wiki")
    assert [e.number for e in knowledge.episodes if e.extended_minutes] == [1, 11]


# --- 4. the special --------------------------------------------------------------------


def test_the_special_table(facts2: str, knowledge: Knowledge) -> None:
    listed = listed_sources(facts2)
    rows = {r[0]: r[1:] for r in table(section(facts2, "## 4. The special"))}
    (sp,) = knowledge.specials
    value, source, _ = rows["broadcast"]
    assert "5 Apr 2007" in value and sp.aired == dt.date(2007, 4, 5)
    assert sp.time_slot is not None and "21:00–23:48" in value and "21:00–23:48" in sp.time_slot
    has_sources(sp, *ids_in(source, listed))
    value, source, conf = rows["runtime"]
    assert sp.runtime_minutes == int(value.split()[0]) and conf == "M"
    assert "168" in (sp.note or "")
    has_sources(sp, *ids_in(source, listed))
    value, _, conf = rows["企画"]
    assert conf == "DISAGREE"
    planning = credit(sp.staff, "Planning (企画)")
    first, second = re.findall(r"(\S+・\S+) \(([a-z-]+)\)", value)
    assert "・".join(n or "" for n in natives(knowledge, planning.people)) == first[0]
    has_sources(planning, first[1])
    (other,) = planning.disagreements
    assert (other.field, other.value, other.sources) == ("people", second[0], (second[1],))
    value, source, _ = rows["producers"]
    producers = credit(sp.staff, "Producer")
    assert "・".join(n or "" for n in natives(knowledge, producers.people)) in value
    assert producers.organisations == ("Kyodo TV",)
    has_sources(producers, *ids_in(source, listed), confidence="high")
    value, source, _ = rows["script / director"]
    assert natives(knowledge, credit(sp.staff, "Screenplay").people) == ["横田理恵"]
    assert natives(knowledge, credit(sp.staff, "Director").people) == ["村上正典"]
    for job in ("Screenplay", "Director"):
        has_sources(credit(sp.staff, job), *ids_in(source, listed))
    both = one(sp.details, text=sp.details[2].text)
    assert "江頭美智留" in both.text and "大島里美" in both.text
    value, source, conf = rows["theme / inserts"]
    for ident in sp.songs:
        s = song(knowledge, ident)
        assert s.title in value or (s.native_title or "-") in value, ident
    inserted = song(knowledge, "umarekuru-kodomotachi")
    has_sources(inserted, *ids_in(source, listed), confidence=CONFIDENCE[conf])
    value, source, _ = rows["setting"]
    assert "half a year" in value and sp.setting.startswith("Half a year")
    (setting,) = [d for d in sp.disagreements if d.field == "setting"]
    assert "Five years" in setting.value and setting.sources == ("en-piglix",)


def test_the_special_bullets(knowledge: Knowledge) -> None:
    (sp,) = knowledge.specials
    assert sp.working_title == "1リットルの涙スペシャル(仮)"
    titled = one(sp.details, text=sp.details[0].text)
    has_sources(titled, "fuji-topics", "narinari-0703", confidence="high")
    why = sp.details[1]
    has_sources(why, "kisujapan", "goo-rank", confidence="medium")
    assert [p.sources for p in sp.plot] == [
        ("dramanote-sp",),
        ("ameblo-sp", "fuji-topics"),
        ("ameblo-sp", "sweetug"),
        ("sweetug",),
    ]
    assert [p.confidence for p in sp.plot] == ["medium", "high", "high", "medium"]
    assert "いつかの朝" in sp.plot[0].text and "かけはし" in sp.plot[2].text


# --- 5. awards, reception, adaptations ---------------------------------------------------


def reception(k: Knowledge, **where: Any) -> Reception:
    return one(k.reception, **where)


def test_awards(knowledge: Knowledge) -> None:
    race = reception(knowledge, recipient="sawajiri-erika", category="Best Actress")
    assert (race.edition or "").startswith("47th") and race.date == dt.date(2006, 1, 25)
    assert race.result == "runner-up" and "井上真央" in race.description
    has_sources(race, "dwn-academy2006", confidence="medium")
    series = reception(knowledge, name=race.name, recipient="one-litre-of-tears")
    assert series.result is None and "result" in unknown_fields(series)
    assert "野ブタ。をプロデュース" in series.description
    elan = reception(knowledge, name="Elan d'Or Awards")
    assert (elan.year, elan.category, elan.result, elan.recipient) == (
        2006,
        "Newcomer Award",
        "won",
        "sawajiri-erika",
    )
    has_sources(elan, "producer-or", "yourpedia", confidence="high")
    for name in ("伊藤淳史", "内山理名", "速水もこみち", "堀北真希"):
        assert name in elan.description
    arrow = reception(knowledge, name="Golden Arrow Award")
    assert (arrow.edition, arrow.result, arrow.recipient) == ("43rd", "won", "sawajiri-erika")
    assert arrow.year is None and "year" in unknown_fields(arrow)
    has_sources(arrow, "yourpedia", confidence="medium")


def test_rankings_and_polls(knowledge: Knowledge) -> None:
    expected = [
        ("ranking", 2005, 1, ("ja-stamp", "iroirog", "bzgirigiri"), "high"),
        ("poll", 2005, 1, ("narinari-1125",), "medium"),
        ("poll", 2005, 5, ("narinari-1228",), "medium"),
        ("poll", 2007, 1, ("goo-rank",), "medium"),
        ("poll", None, 1, ("livedoor-heisei",), "medium"),
        ("poll", 2018, 1, ("trendvideo",), "medium"),
        ("poll", 2020, 1, ("bzgirigiri",), "medium"),
        ("poll", None, 2, ("taishu",), "medium"),
    ]
    ranked = [r for r in knowledge.reception if r.rank and r.recipient == "one-litre-of-tears"]
    assert [(r.kind, r.year, r.rank, r.sources, r.confidence) for r in ranked] == expected
    for r in ranked:
        assert (r.year is None) == ("year" in unknown_fields(r)), r.name
    fifth = ranked[2]
    assert "花より男子" in fifth.description and "12th" in fifth.description
    record = reception(knowledge, kind="record")
    has_sources(record, "awa", "bzgirigiri", "goo-rank", confidence="high")
    event = reception(knowledge, kind="event")
    assert event.result == "won" and "いいとも" in event.name
    has_sources(event, "adstv1", confidence="medium")


def test_overseas_and_regional_broadcasts(knowledge: Knowledge) -> None:
    assert knowledge.production is not None
    shown = [(b.scope, b.region, b.start, b.schedule) for b in knowledge.production.broadcasts]
    assert shown == [
        ("regional", "Aomori", None, "Saturdays 12:00–12:54"),
        ("overseas", "Hong Kong", dt.date(2006, 10, 15), "Sundays 22:30"),
        ("overseas", "Taiwan", dt.date(2007, 7, 2), "Monday to Thursday 22:00"),
        ("rerun", "Taiwan", dt.date(2013, 3, 26), None),
    ]
    aomori, hk, taiwan, rerun = knowledge.production.broadcasts
    assert "青森放送" in aomori.channel and "three months" in (aomori.delay or "")
    has_sources(aomori, "ja-stamp", confidence="medium")
    assert (hk.channel, taiwan.channel) == ("TVB Jade", "JET") and "緯來日本台" in rerun.channel
    for b in (hk, taiwan, rerun):
        has_sources(b, "zh-wiki", confidence="medium")


def test_buku_harian_nayla(knowledge: Knowledge) -> None:
    nayla = work(knowledge, "buku-harian-nayla")
    assert (nayla.kind, nayla.relation, nayla.country, nayla.broadcaster) == (
        "tv-series",
        "similar",
        "Indonesia",
        "RCTI",
    )
    assert (nayla.released, nayla.ended, nayla.episode_count) == ("2006-12-11", "2006-12-25", 15)
    assert credit(nayla.staff, "Production").organisations == ("SinemArt",)
    assert natives_or_names(knowledge, credit(nayla.staff, "Screenplay").people) == ["Serena Luna"]
    assert natives_or_names(knowledge, credit(nayla.staff, "Director").people) == ["Maruli Ara"]
    assert [(knowledge.person(c.person).name, c.role) for c in nayla.cast] == [
        ("Chelsea Olivia", "Nayla"),
        ("Glenn Alinskie", "Moses"),
    ]
    has_sources(nayla, "en-bhn", "id-bhn", "ms-bhn", confidence="high")
    theme, copying, rating, sequel = nayla.details
    assert "Seperti Yang Kau Ingini" in theme.text and "Nikita" in theme.text
    has_sources(copying, "id-bhn-old", confidence="medium")
    assert "Fuji TV" in copying.text
    assert "30.8%" in rating.text and "citation" in rating.text
    has_sources(rating, "en-bhn", "alchetron-bhn", confidence="medium")
    assert sequel.when == "2015-04-13" and "8 Tahun Kemudian" in sequel.text


def natives_or_names(k: Knowledge, people: Iterable[str]) -> list[str]:
    return [k.person(p).native or k.person(p).name for p in people]


def test_the_manga(knowledge: Knowledge) -> None:
    manga = work(knowledge, "manga")
    assert (manga.kind, manga.relation, manga.authors) == ("manga", "adaptation", ("kito-aya",))
    (art,) = manga.staff
    assert art.people == ("konno-kita",) and "KITA" in knowledge.person("konno-kita").aliases
    assert knowledge.person("konno-kita").native == "紺野キタ"
    assert manga.publisher is not None and "幻冬舎" in manga.publisher
    assert "バーズコミックススペシャル" in manga.publisher
    assert manga.editions[0].isbn == "4344806085" and manga.released == "2005-10"
    has_sources(manga, "shaka", "ikkyou", "tarezoh", confidence="high")


def test_the_2027_film(knowledge: Knowledge) -> None:
    film = work(knowledge, "film-2027")
    assert (film.kind, film.relation, film.announced) == (
        "film",
        "continuation",
        dt.date(2026, 3, 9),
    )
    assert film.native_title == "映画 1リットルの涙"
    (haruto,) = film.cast
    assert (haruto.person, haruto.native_role) == ("nishikido-ryo", "麻生遥斗")
    assert "doctor" in (haruto.role or "")
    assert film.songs == ("sangatsu-kokonoka", "konayuki")
    has_sources(film, *(f"movie27-{x}" for x in "abcde"), confidence="high")
    assert "memoir" in film.description


# --- 6. music --------------------------------------------------------------------------


def test_konayuki(knowledge: Knowledge) -> None:
    k = song(knowledge, "konayuki")
    assert k.release is not None
    assert (k.release.date, k.release.label) == (dt.date(2005, 11, 16), "Victor Entertainment")
    has_sources(k.release, "kemuri-konayuki", confidence="medium")
    assert k.writers == ("藤巻亮太 (words and music)",)
    assert k.arrangers == ("四家卯大", "小林武史", "レミオロメン")
    assert "seventh" in (k.release.ordinal or "") and "eighth" in (k.release.ordinal or "")
    assert "蒼の世界" in (k.release.note or "")
    assert k.release.b_sides == ("3/9 (quartet version)",)
    has_sources(k.release, "pedia-konayuki", "mayar")
    weekly = one(k.charts, chart="Oricon weekly singles")
    assert (weekly.entry, weekly.peak) == (4, 2)
    assert weekly.weekly_positions == (4, 3, 2, 2, 4, 2, 3, 2, 7)
    assert weekly.weeks_in_top_ten is not None
    assert (weekly.weeks_in_top_ten.value, weekly.weeks_in_top_ten.bound) == (15, "over")
    has_sources(weekly, "karaoke-fan", "pedia-konayuki", "mayar", confidence="high")
    daily = one(k.charts, chart="Oricon daily singles")
    assert daily.peak == 1 and "5 January 2006" in (daily.note or "")
    has_sources(daily, "tnsori", confidence="medium")
    copies, ringtones, rentals = k.sales
    assert (copies.amount.value, copies.amount.bound) == (850000, "over")
    has_sources(copies, "karaoke-fan", confidence="medium")
    assert copies.disagreements[0].sources == ("ameblo-konayuki",)
    assert (ringtones.kind, ringtones.amount.value) == ("downloads", 2000000)
    assert (rentals.kind, rentals.amount.value, rentals.as_of) == ("rentals", 2000000, "2013-06")
    (tie_in,) = k.details
    has_sources(tie_in, "pedia-konayuki", confidence="medium")
    kohaku = one(k.facets, key="tv-performances")
    assert kohaku.value and "2009" in kohaku.value and "60th" in kohaku.value
    has_sources(kohaku, "karaoke-fan", "pedia-konayuki", confidence="high")


def test_sangatsu_kokonoka(knowledge: Knowledge) -> None:
    s = song(knowledge, "sangatsu-kokonoka")
    assert s.release is not None
    assert (s.release.date, s.release.label, s.release.b_sides) == (
        dt.date(2004, 3, 9),
        "SPEEDSTAR RECORDS",
        ("日曜日",),
    )
    assert "second" in (s.release.ordinal or "")
    has_sources(s.release, "everybody-39", "pedia-39", confidence="high")
    (chart,) = s.charts
    assert chart.peak == 11 and chart.weeks is not None and chart.weeks.value == 62
    wedding, mid_series, favourite = s.details
    assert wedding.when == "2001-03-09"
    (other,) = wedding.disagreements
    assert (other.field, other.value, other.sources) == ("when", "2002-03-09", ("pedia-39",))
    has_sources(wedding, "everybody-39", "kazahana")
    has_sources(mid_series, "everybody-39", "kazahana", confidence="medium")
    has_sources(favourite, "medical-drama", confidence="medium")
    assert favourite.when == "2006-01"
    poll = reception(knowledge, recipient="sangatsu-kokonoka")
    assert (poll.rank, poll.year) == (1, 2010) and "fourth year" in poll.description
    has_sources(poll, "musicvoice", confidence="medium")


def test_only_human(knowledge: Knowledge) -> None:
    s = song(knowledge, "only-human")
    assert s.release is not None
    assert (s.release.date, s.release.label) == (dt.date(2005, 11, 23), "Sony Music Records")
    assert "fourth" in (s.release.ordinal or "")
    has_sources(s.release, "otokake", "beyondthesea", "dreams-koji", confidence="high")
    assert s.release.tracks == (
        "Only Human",
        "Together Forever",
        "Steppin' Out",
        "Only Human (less vocal)",
    )
    (chart,) = s.charts
    assert chart.peak == 5 and chart.weeks is not None and chart.weeks.value == 7
    has_sources(chart, "otokake", confidence="medium")
    (sold,) = s.sales
    assert sold.amount.value == 200423
    has_sources(sold, "beyondthesea", confidence="medium")


def test_the_soundtrack_unknowns_stay_unknown(knowledge: Knowledge) -> None:
    ost = knowledge.soundtrack
    assert ost is not None
    assert (ost.label, ost.released, ost.catalogue) == (None, None, None)
    assert unknown_fields(ost) == {"tracks", "label", "released", "catalogue"}
    tracks = one(ost.unknown, field="tracks")
    assert list(tracks.which) == ost.unlisted_numbers() == [5, 6, 8, 12]
    (main,) = ost.details
    assert "Track 1" in main.text and main.sources == ("coretona",)
    ueda = knowledge.person("ueda-susumu")
    assert ueda.born is not None and "1956" in ueda.born and ueda.birthplace == "Osaka"
    assert [s.native for s in ueda.schools] == ["京都市立芸術大学"]
    works = " ".join(ueda.known_for)
    for work_name in ("黒革の手帖", "WINTER FLAME", "Luminarie"):
        assert work_name in works
    has_sources(ueda, "composer-site", "zen-on", confidence="high")
    has_sources(ueda.details[0], "medical-drama", confidence="medium")


def test_the_2004_film_music(knowledge: Knowledge) -> None:
    sora, glider = song(knowledge, "sora-e"), song(knowledge, "glider")
    assert sora.release is not None and glider.release is not None
    assert (sora.native_title, sora.release.catalogue, sora.release.date) == (
        "空へ",
        "SECL-125",
        dt.date(2004, 10, 6),
    )
    assert glider.release.catalogue == "SECL-330"
    (other,) = glider.release.disagreements
    assert (other.value, other.sources) == ("SECL-124", ("allout",))
    assert work(knowledge, "film-2004").songs == ("sora-e", "glider")
    film = work(knowledge, "film-2004")
    assert credit(film.staff, "Music").people == ("yamanishi-shoji",)
    riku = one(film.details, when="2004-10-06")
    assert "RIKU" in riku.text
    has_sources(riku, "allout", confidence="medium")


# --- 7. the book and the real people ------------------------------------------------------


def test_kito_aya(knowledge: Knowledge) -> None:
    aya = knowledge.person("kito-aya")
    assert (aya.birth_date, aya.death_date, aya.age_at_death) == (
        dt.date(1962, 7, 19),
        dt.date(1988, 5, 23),
        25,
    )
    assert aya.birthplace == "Toyohashi, Aichi" and "uraemia" in (aya.cause_of_death or "")
    has_sources(aya, "talentdb", "en-aya", "mediachinese", "mimizun", "nagasaka")
    (born,) = aya.disagreements
    assert (born.field, born.value, born.sources) == (
        "birth_date",
        "1962-07-11",
        ("mdl-aya", "dramawiki-aya"),
    )
    assert [s.native for s in aya.schools] == [
        "豊橋市立青陵中学校",
        "愛知県立豊橋東高等学校",
        "愛知県立岡崎養護学校",
    ]
    assert aya.schools[1].entered == "1977"
    hospital, disease, rate, genes, father = aya.details
    siblings = one(aya.facets, key="siblings")
    for name in ("Ako", "Hiroki", "Kentarō", "Rika"):
        assert siblings.value and name in siblings.value
    has_sources(siblings, "en-aya", "mediachinese", confidence="high")
    has_sources(hospital, "talentdb", "mdl-aya", confidence="medium")
    has_sources(disease, "talentdb", "fuji-bn2", confidence="high")
    assert "100,000" in rate.text
    has_sources(rate, "narinari-0703", confidence="medium")
    assert "90%" in genes.text and genes.when == "2011"
    assert "木藤瑞生" in father.text
    has_sources(father, "allcinema", "en-aya", "theinfolist", confidence="medium")
    mother = knowledge.person("kito-shioka")
    assert mother.born == "1936" and "honto" in mother.sources
    doctor = knowledge.person("yamamoto-hiroko")
    assert [(link.kind, link.other) for link in knowledge.relations_of(doctor.id)] == [
        (RelationKind.DOCTOR, "kito-aya")
    ]


def test_the_diary(knowledge: Knowledge) -> None:
    diary = work(knowledge, "diary")
    assert (diary.released, diary.publisher) == ("1986-02-25", "エフエー出版 (Nagoya)")
    has_sources(diary, "en-aya", "nagasaka", "kemuri-drama", "allcinema", confidence="high")
    assert [c.job for c in diary.staff] == ["Afterword", "Postscript"]
    assert [c.people for c in diary.staff] == [("yamamoto-hiroko",), ("kito-shioka",)]
    covers, afterword = diary.facets
    assert covers.value and "fourteen to twenty-one" in covers.value
    assert afterword.value and "山本紘子" in afterword.value
    has_sources(afterword, "nagasaka", confidence="high")
    notebooks = one(knowledge.person("kito-aya").facets, key="notebooks")
    assert notebooks.value and "46" in notebooks.value
    assert notebooks.disagreements[0].sources == ("nhk-kokoro",)
    has_sources(notebooks, "geo-review", "uyan", confidence="medium")
    bunko, kindle = diary.editions
    assert (bunko.published, bunko.pages, bunko.price_yen) == ("2005-02", 270, 533)
    has_sources(bunko, "nendai", "geo-review")
    assert (kindle.format, kindle.price_yen, kindle.published) == ("Kindle", 506, "2013-11")
    has_sources(kindle, "ayuko", confidence="medium")
    sold = [(s.amount.value, s.as_of, s.confidence) for s in diary.sales]
    assert sold == [
        (800000, "2004", "medium"),
        (570000, "2005-01", "medium"),
        (1100000, "2005", "high"),
        (1200000, "2005", "medium"),
        (2100000, "2006", "high"),
        (2000000, "2026", "high"),
    ]
    assert knowledge.series.based_on == ("diary", "hurdle")
    (based,) = [d for d in knowledge.series.details if "いのちのハードル" in d.text]
    has_sources(based, "fuji-topics", "hochi-0929", confidence="high")


def test_the_mothers_books(knowledge: Knowledge) -> None:
    hurdle = work(knowledge, "hurdle")
    assert hurdle.native_title == "いのちのハードル 「1リットルの涙」母の手記"
    assert (hurdle.kind, hurdle.authors, hurdle.publisher) == (
        "memoir",
        ("kito-shioka",),
        "エフエー出版",
    )
    (bunko,) = hurdle.editions
    assert (bunko.isbn, bunko.pages, bunko.published) == ("9784344406117", 270, "2005-02")
    has_sources(bunko, "hmv-hurdle", "ddnavi", confidence="high")
    assert hurdle.sales[0].amount.value == 260000
    has_sources(hurdle.sales[0], "cinematopics", confidence="medium")
    assert "released" in unknown_fields(hurdle)
    otehon = work(knowledge, "otehon-nashi")
    assert otehon.native_title == "お手本なしの人生 「1リットルの涙」亜也の詩(うた)"
    assert (otehon.released, otehon.relation) == ("2006", "companion")
    assert otehon.publisher is not None and "小学館" in otehon.publisher
    has_sources(otehon, "talentdb", confidence="medium")
    nhk = knowledge.person("kito-shioka").details[1]
    assert "こころの時代" in nhk.text and "69" in nhk.text


def test_the_2004_film(knowledge: Knowledge) -> None:
    film = work(knowledge, "film-2004")
    staff = {c.job: natives(knowledge, c.people) for c in film.staff if c.people}
    assert staff == {
        "Director": ["岡村力"],
        "Producer": ["江原法聖", "後藤嘉之", "山本文夫"],
        "Screenplay": ["田中貴大", "山本文太"],
        "Cinematography": ["中村隆信"],
        "Music": ["山西庄司"],
    }
    cast = [(knowledge.person(c.person).native, c.native_role) for c in film.cast]
    assert cast == [
        ("大西麻恵", "木藤亜也"),
        ("かとうかずこ", "潮香"),
        ("鳥居かほり", "山本紘子"),
        ("芦川よしみ", None),
        ("松金よね子", "ハル"),
        ("浜田光夫", "瑞生"),
        ("森山周一郎", None),
        ("速水亮", None),
    ]
    assert film.runtime_minutes == 98
    (other,) = film.disagreements
    assert (other.field, other.value, other.sources) == (
        "runtime_minutes",
        "95",
        ("fjmovie", "cinematopics"),
    )
    dates = [(r.what, r.date) for r in film.releases]
    assert dates == [
        ("premiere", dt.date(2004, 10, 9)),
        ("Tokyo opening", dt.date(2005, 2, 5)),
        ("DVD", dt.date(2006, 1, 21)),
        ("Regional Film Festival 2004", None),
    ]
    assert "Toyohashi" in (film.releases[0].place or "")
    assert credit(film.staff, "Distribution").organisations == (
        "オールアウト",
        "「1リットルの涙」上映委員会",
    )
    shot = film.details[0]
    assert "80%" in shot.text and "佳野屋" in shot.text
    has_sources(shot, "cinematopics", "nagasaka", confidence="high")
    assert "Kitō" in film.description


# --- 8. production ---------------------------------------------------------------------


def test_production(knowledge: Knowledge) -> None:
    prod = knowledge.production
    assert prod is not None
    opening, ending, captions, finale = prod.sequences
    assert (opening.kind, ending.kind, captions.from_episode, finale.from_episode) == (
        "opening",
        "ending",
        7,
        11,
    )
    has_sources(opening, "ja-stamp", "ja-wikiwand", confidence="high")
    assert [(a.first_episode, a.last_episode) for a in prod.arcs] == [
        (1, 8),
        (9, 9),
        (10, 10),
        (11, 11),
    ]
    for arc in prod.arcs:
        has_sources(arc.summary, "ja-wikiwand", confidence="medium")
    named = [loc.native for loc in prod.locations if loc.name]
    assert named == [
        "東京大学医学部附属病院",
        "東京海洋大学越中島キャンパス",
        "千葉明徳高等学校",
        "千葉県立衛生短期大学",
        "東海大学付属八王子病院",
        "JR京葉線 新習志野駅",
        "多摩川児童公園",
        "八景島シーパラダイス",
    ]
    assert all(
        loc.confidence == "medium" and loc.sources == ("medical-drama",) for loc in prod.locations
    )
    (shop,) = [loc for loc in prod.locations if loc.name is None]
    assert "tofu" in (shop.used_for or "") and "name" in unknown_fields(shop)
    (box,) = prod.home_video
    assert (box.catalogue, box.discs, box.label, box.price_yen) == (
        "PCBC-60951",
        6,
        "Pony Canyon",
        23940,
    )
    assert box.released is None and "released" in unknown_fields(box)
    assert len(box.extras) == 7
    has_sources(box, "hmv-dvd", "stsd-dvd", confidence="high")
    before, finale_promo, kansai = prod.promotions
    assert before.native_title == "120万人が感動した!いのちの日記放送直前スペシャル"
    assert (before.aired, finale_promo.aired) == (dt.date(2005, 10, 11), dt.date(2005, 12, 20))
    assert finale_promo.native_title == "最終回直前!感動スペシャル"
    has_sources(before, "hmv-dvd", confidence="high")
    assert kansai.broadcaster == "Kansai TV" and "15:59" in (kansai.note or "")
    has_sources(kansai, "doraku10", confidence="medium")
    plane, mixing = prod.details
    has_sources(plane, "fuji-int5", confidence="high")
    has_sources(mixing, "fuji-int14", confidence="high")
    slot = [d for d in knowledge.series.details if "火曜21時" in d.text]
    assert slot and "54 minutes" in slot[0].text
    directors = [knowledge.person(p) for p in ("murakami-masanori", "kinoshita-takao")]
    assert "共同テレビ" in (directors[0].description or "")
    assert "ベイシス" in (directors[1].description or "")
    assert "ja-seisyun" in directors[1].sources and directors[1].confidence == "medium"
    producer = knowledge.person("kashikawa-satoko").details[0]
    has_sources(producer, "sanspo-0815", confidence="medium")


# --- Not found -------------------------------------------------------------------------


def test_every_not_found_item_is_stated_as_unknown(facts2: str, knowledge: Knowledge) -> None:
    items = bullets(section(facts2, "## Not found (do not invent)"))
    assert len(items) == 5
    (sp,) = knowledge.specials
    for n in re.findall(r"\d+", items[0].split(" and ")[0]):
        assert "rating" in unknown_fields(episode(knowledge, int(n)))
    assert "rating" in unknown_fields(sp)
    ost = knowledge.soundtrack
    assert ost is not None
    assert {"label", "released", "catalogue", "tracks"} <= unknown_fields(ost)
    assert [f"{n:02d}" for n in one(ost.unknown, field="tracks").which] == re.findall(
        r"\b\d\d\b", items[1]
    )
    assert knowledge.production is not None
    assert "released" in unknown_fields(knowledge.production.home_video[0])
    assert any("name" in unknown_fields(loc) for loc in knowledge.production.locations)
    assert "played_by" in unknown_fields(character(knowledge, "nagashima-kyoko"))
    readings = {c.id for c in knowledge.characters if c.reading}
    assert readings == {"aso-haruto"}
    academy = one(
        knowledge.reception,
        recipient="one-litre-of-tears",
        name="Television Drama Academy Awards",
    )
    assert "result" in unknown_fields(academy)
