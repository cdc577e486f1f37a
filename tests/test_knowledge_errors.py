"""A broken knowledge file is explained precisely, all at once, and never with a traceback.

Each case edits the shipped YAML (or writes a small document) and checks the
exact problem: the file name, the line (found in the text the test wrote, so
a change to the shipped file cannot make it stale), the path inside the
document and what was expected there.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot import cli
from bot.knowledge import loader
from bot.knowledge.loader import KnowledgeError, Problem
from bot.knowledge.models import RelationKind, Soundtrack, Sourced

REPO_ROOT = Path(__file__).resolve().parents[1]
SHIPPED = (REPO_ROOT / "knowledge" / "one-litre-of-tears.yaml").read_text(encoding="utf-8")
NAME = "broken.yaml"
UNKNOWN_KEY = "unknown key (check the spelling; allowed keys are in `namida schema`)"


def edit(old: str, new: str, text: str = SHIPPED) -> str:
    """The text with ``old`` (which must occur exactly once) replaced by ``new``."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the shipped file"
    return text.replace(old, new)


def line_of(text: str, snippet: str) -> int:
    """The 1-based number of the one line of ``text`` that contains ``snippet``."""
    found = [n for n, line in enumerate(text.splitlines(), start=1) if snippet in line]
    assert len(found) == 1, f"{snippet!r} is on lines {found}"
    return found[0]


def problems_of(text: str, name: str = NAME) -> list[Problem]:
    with pytest.raises(KnowledgeError) as caught:
        loader.parse(text, name)
    return caught.value.problems


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    at: str | None  # a snippet of the line the problem is on; None: line 1
    path: str
    message: str
    above: int = 0  # the problem is this many lines above the snippet's line

    @property
    def expected(self) -> Problem:
        line = line_of(self.text, self.at) - self.above if self.at is not None else 1
        return Problem(NAME, line, self.path, self.message)


CASES = [
    Case(
        "yaml-syntax",
        edit("    title: Love letter\n", "    title: Love letter: [oops\n"),
        "Love letter: [oops",
        "(yaml)",
        "not valid YAML: mapping values are not allowed here",
    ),
    Case(
        "tab-indent",
        edit("    title: Love letter\n", "\ttitle: Love letter\n"),
        "\ttitle: Love letter",
        "(yaml)",
        "not valid YAML: while scanning for the next token "
        "found character '\\t' that cannot start any token",
    ),
    Case(
        "bad-indent",
        edit("    aired: 2005-12-13\n", "   aired: 2005-12-13\n"),
        "   aired: 2005-12-13",
        "(yaml)",
        "not valid YAML: while parsing a block collection "
        "expected <block end>, but found '<block mapping start>'",
    ),
    Case(
        "duplicate-episode-number",
        edit("  - number: 9\n    title: I live", "  - number: 8\n    title: I live"),
        "title: I live now",
        "episodes[8].number",
        "duplicate episode number 8",
        above=1,
    ),
    Case(
        "duplicate-track-number",
        edit("    - number: 9\n      title: Shin", "    - number: 7\n      title: Shin"),
        "title: Shinobiyoru Byouma",
        "soundtrack.tracks[5].number",
        "duplicate track number 7",
        above=1,
    ),
    Case(
        "air-date-outside-the-run",
        edit("aired: 2005-12-06", "aired: 2006-12-06"),
        "aired: 2006-12-06",
        "episodes[8].aired",
        "episode 9 aired 2006-12-06, outside the run 2005-10-11 to 2005-12-20",
    ),
    Case(
        "invalid-date",
        edit("aired: 2005-12-06", "aired: 2005-13-06"),
        "aired: 2005-13-06",
        "(yaml)",
        "not valid YAML: cannot read '2005-13-06': month must be in 1..12",
    ),
    Case(
        "rating-over-100",
        edit("      value: 20.5\n", "      value: 120.5\n"),
        "value: 120.5",
        "episodes[10].rating.value",
        "Input should be less than or equal to 100 (got 120.5)",
    ),
    Case(
        "rating-negative",
        edit("      value: 13.5\n", "      value: -1\n"),
        "value: -1",
        "episodes[0].rating.value",
        "Input should be greater than or equal to 0 (got -1)",
    ),
    Case(
        "unknown-source-id",
        edit(
            "23\n  sources: [crunchyroll, composer-site]", "23\n  sources: [crunchyroll, com-site]"
        ),
        "com-site",
        "soundtrack.sources[1]",
        "unknown source id 'com-site' (not in sources)",
    ),
    Case(
        "unknown-person-id",
        edit("played_by: fujiki-naohito", "played_by: fujiki-naoto"),
        "fujiki-naoto",
        "characters[7].played_by",
        "unknown person id 'fujiki-naoto' (not in people)",
    ),
    Case(
        "unknown-song-id",
        edit("song: konayuki", "song: konayki"),
        "song: konayki",
        "soundtrack.tracks[17].song",
        "unknown song id 'konayki' (not in songs)",
    ),
    Case(
        "empty-name",
        edit("    name: Narumi Riko\n", '    name: ""\n'),
        'name: ""',
        "people[4].name",
        "String should have at least 1 character (got '')",
    ),
    Case(
        "blank-name",
        edit("    name: Narumi Riko\n", '    name: "   "\n'),
        'name: "   "',
        "people[4].name",
        "String should have at least 1 character (got '   ')",
    ),
    Case(
        "unknown-key",
        edit("    native_title: 今を生きる\n", "    nativ_title: 今を生きる\n"),
        "nativ_title",
        "episodes[8].nativ_title",
        UNKNOWN_KEY,
    ),
    Case(
        "missing-required-field",
        edit("    aired: 2005-11-15\n", ""),
        "title: Heartless glances",
        "episodes[5].aired",
        "Field required",
        above=1,  # a missing key is reported at the start of its entry
    ),
    Case(
        "wrong-type",
        edit("  track_count: 23\n", "  track_count: twenty-three\n"),
        "track_count: twenty-three",
        "soundtrack.track_count",
        "Input should be a valid integer, unable to parse string as an integer "
        "(got 'twenty-three')",
    ),
    Case(
        "duplicate-yaml-key",
        edit("\n  year: 2005\n", "\n  year: 2005\n  year: 2016\n"),
        "year: 2016",
        "series.year",
        "duplicate key",
    ),
    Case(
        "run-ends-before-it-starts",
        edit("  last_aired: 2005-12-20\n", "  last_aired: 2005-09-20\n"),
        "  id: one-litre-of-tears",  # the series entry
        "series",
        "last_aired (2005-09-20) is before first_aired (2005-10-11)",
    ),
    Case(
        "episode-beyond-the-count",
        edit("  episode_count: 11\n", "  episode_count: 10\n"),
        "title: Faraway",
        "episodes[10].number",
        "episode 11 is beyond series.episode_count (10)",
        above=1,
    ),
    Case(
        "bad-identifier",
        edit("  - id: shota\n", "  - id: Shota\n"),
        "id: Shota",
        "characters[30].id",
        "String should match pattern '^[a-z0-9][a-z0-9-]*$' (got 'Shota')",
    ),
    Case(
        "unknown-confidence",
        edit(
            "    confidence: medium\n    note: The company is named",
            "    confidence: low\n    note: The company is named",
        ),
        "confidence: low",
        "people[23].confidence",
        "Input should be 'high' or 'medium' (got 'low')",
    ),
    Case(
        "control-character",
        edit("\n  year: 2005\n", "\n  year: 20\x0005\n"),
        "year: 20\x0005",
        "(yaml)",
        "not valid YAML: unacceptable character #x0000: special characters are not allowed",
    ),
    Case(
        "unsafe-tag",
        edit("\n  year: 2005\n", "\n  year: !!python/object/apply:os.system [echo]\n"),
        "!!python/object",
        "(yaml)",
        "not valid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'",
    ),
    Case(
        "two-documents",
        SHIPPED + "---\nschema_version: 1\n",
        "---",
        "(yaml)",
        "not valid YAML: expected a single document in the stream but found another document",
    ),
    Case(
        "empty-file",
        "",
        None,
        "(document)",
        "expected a mapping of sections (sources, series, …)",
    ),
    Case(
        "only-comments",
        "# yaml-language-server: $schema=./knowledge.schema.json\n# nothing yet\n",
        None,
        "(document)",
        "expected a mapping of sections (sources, series, …)",
    ),
    Case(
        "a-list",
        "- sources\n- series\n",
        None,
        "(document)",
        "expected a mapping of sections (sources, series, …)",
    ),
    # Knowledge v2: relations, spoilers, unknowns and the works' runs.
    Case(
        "unknown-relation-kind",
        edit("{kind: supplier, of: onda-manager", "{kind: uncle, of: onda-manager"),
        "kind: uncle",
        "characters[3].relations[4].kind",
        "Input should be "
        + ", ".join(f"'{k.value}'" for k in list(RelationKind)[:-1])
        + f" or '{list(RelationKind)[-1].value}' (got 'uncle')",
    ),
    Case(
        "relation-to-an-unknown-id",
        edit("{kind: supplier, of: onda-manager", "{kind: supplier, of: onda-mgr"),
        "of: onda-mgr",
        "characters[3].relations[4].of",
        "unknown character id 'onda-mgr' (not in characters)",
    ),
    Case(
        "relation-from-a-real-person-to-a-character",
        edit(
            "      - kind: doctor\n        of: kito-aya\n",
            "      - kind: doctor\n        of: ikeuchi-aya\n",
        ),
        "        of: ikeuchi-aya",
        "people[16].relations[0].of",
        "unknown person id 'ikeuchi-aya' (not in people)",
    ),
    Case(
        "relation-to-itself",
        edit(
            "      - {kind: friend, of: kawamoto-yuji}\n",
            "      - {kind: friend, of: takeda-makoto}\n",
        ),
        "of: takeda-makoto}",
        "characters[22].relations[0].of",
        "'takeda-makoto' cannot be related to itself",
    ),
    Case(
        "relation-written-both-ways",
        edit(
            "      - {kind: admirer, of: kawamoto-yuji, sources: [fuji-bn1]}\n",
            "      - {kind: admirer, of: kawamoto-yuji, sources: [fuji-bn1]}\n"
            "      - {kind: owner, of: ganmo}\n",
        ),
        "{kind: pet, of: ikeuchi-aya",
        "characters[34].relations[0].kind",
        "'ganmo' pet of 'ikeuchi-aya': 'ikeuchi-aya' already makes 'ganmo' pet of "
        "'ikeuchi-aya' (each relation is written once; the other direction is derived)",
    ),
    Case(
        "relations-that-contradict",
        edit(
            "    billing: guest\n    appears_in: [special-2007]\n",
            "    billing: guest\n    appears_in: [special-2007]\n"
            "    relations: [{kind: doctor, of: aso-haruto}]\n",
        ),
        "{kind: doctor, of: aso-haruto}",
        "characters[13].relations[0].kind",
        "'nagashima-mizuki' doctor of 'aso-haruto': 'aso-haruto' already makes "
        "'nagashima-mizuki' patient of 'aso-haruto' (they contradict each other)",
    ),
    Case(
        "two-family-ties",
        edit(
            "      - {kind: sibling, of: ikeuchi-rika}\n      - {kind: classmate",
            "      - {kind: sibling, of: ikeuchi-rika}\n      - {kind: spouse, of: ikeuchi-rika}\n"
            "      - {kind: classmate",
        ),
        "{kind: spouse, of: ikeuchi-rika}",
        "characters[0].relations[3].kind",
        "'ikeuchi-aya' spouse of 'ikeuchi-rika': 'ikeuchi-aya' already makes "
        "'ikeuchi-aya' sibling of 'ikeuchi-rika' (they contradict each other)",
    ),
    Case(
        "spoiler-flag-outside-a-plot",
        edit("      value: 14.6\n", "      value: 14.6\n      spoiler: true\n"),
        "value: 14.6",
        "episodes[4].rating.spoiler",
        "only plot points and facets take a spoiler flag; move the spoiling detail there",
        above=-1,
    ),
    Case(
        "regional-rating-over-100",
        edit("      - value: 18.4\n", "      - value: 118.4\n"),
        "value: 118.4",
        "episodes[9].regional_ratings[1].value",
        "Input should be less than or equal to 100 (got 118.4)",
    ),
    Case(
        "partial-average-over-100",
        edit("      value: 14.03\n", "      value: 140.3\n"),
        "value: 140.3",
        "ratings.partial_averages[0].value",
        "Input should be less than or equal to 100 (got 140.3)",
    ),
    Case(
        "broadcast-before-the-run",
        edit("      start: 2006-10-15\n", "      start: 2004-10-15\n"),
        "start: 2004-10-15",
        "production.broadcasts[1].start",
        "2004-10-15 is before 'one-litre-of-tears' was first released (2005-10-11)",
    ),
    Case(
        "special-before-the-series",
        edit("    aired: 2007-04-05\n", "    aired: 2005-04-05\n"),
        "aired: 2005-04-05",
        "specials[0].aired",
        "aired 2005-04-05, before the series began (2005-10-11)",
    ),
    Case(
        "appears-in-an-unknown-work",
        edit(
            "    appears_in: [special-2007]\n    description: Listed",
            "    appears_in: [special-2008]\n    description: Listed",
        ),
        "special-2008",
        "characters[35].appears_in[0]",
        "unknown work id 'special-2008' (not in works)",
    ),
    Case(
        "unknown-names-no-field",
        edit("    - field: label\n", "    - field: lable\n"),
        "field: lable",
        "soundtrack.unknown[1].field",
        "no field 'lable' here (fields: "
        + ", ".join(f for f in Soundtrack.model_fields if f not in Sourced.model_fields)
        + ")",
    ),
    Case(
        "unknown-but-stated",
        edit("    name: Ganmo\n", "    name: Ganmo\n    played_by: aoi\n"),
        "note: No source names the dog",
        "characters[34].unknown[1].field",
        "'played_by' is stated as unknown but has a value; remove one of them",
        above=1,
    ),
]


CASES += [
    Case(
        "facet-of-an-undeclared-kind",
        edit("      - key: sport\n", "      - key: sports\n"),
        "- key: sports",
        "characters[0].facets[1].key",
        "unknown facet key 'sports' (not in facet_kinds)",
    ),
    Case(
        "facet-without-a-value",
        edit("        value: The biology club.\n", "        note: The biology club.\n"),
        "note: The biology club.",
        "characters[1].facets[1]",
        "a facet needs a value, or `unknown: [{field: value}]`",
        above=1,
    ),
    Case(
        "facet-kind-declared-twice",
        edit(
            "  - {key: sport, label: sport,",
            "  - {key: sport, label: sports}\n  - {key: sport, label: sport,",
        ),
        "{key: sport, label: sport,",
        "facet_kinds[3].key",
        "duplicate facet kind 'sport'",
    ),
    Case(
        # The kind is set aside; the facets that name it are not reported again.
        "facet-kind-with-no-such-field",
        edit("label: school, field: schools,", "label: school, field: skools,"),
        "field: skools",
        "facet_kinds[1].field",
        "no field 'skools' on anything that has facets",
    ),
    Case(
        "facet-label-in-no-language",
        edit("[{lang: ja, label: 学校}]", "[{lang: japanese, label: 学校}]"),
        "lang: japanese",
        "facet_kinds[1].translations[0].lang",
        "String should match pattern '^[a-z]{2}$' (got 'japanese')",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_kind_of_mistake_is_reported_precisely(case: Case) -> None:
    assert problems_of(case.text) == [case.expected]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_mistake_reads_the_same_when_entries_are_validated_one_by_one(
    case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long section is validated entry by entry on the fast path; a mistake still
    sends the file the careful way, which reports exactly what it always did."""
    monkeypatch.setattr(loader, "_PIECEWISE_FROM", 1)
    assert problems_of(case.text) == [case.expected]


def test_the_edits_are_the_only_difference() -> None:
    """The shipped file itself is fine, so each case's problem comes from its edit."""
    assert loader.parse(SHIPPED, NAME).series.title == "One Litre of Tears"


def test_many_problems_are_all_reported_in_file_order() -> None:
    text = SHIPPED
    text = edit("played_by: fujiki-naohito", "played_by: fujiki-naoto", text)
    text = edit("      value: 13.5\n", "      value: -1\n", text)
    text = edit("    native_title: 今を生きる\n", "    nativ_title: 今を生きる\n", text)
    text = edit("\n  year: 2005\n", "\n  year: 2005\n  year: 2016\n", text)
    text = edit("  track_count: 23\n", "  track_count: many\n", text)
    text = edit("    name: Narumi Riko\n", '    name: ""\n', text)
    found = problems_of(text)
    assert found == [
        Problem(NAME, line_of(text, "year: 2016"), "series.year", "duplicate key"),
        Problem(
            NAME,
            line_of(text, 'name: ""'),
            "people[4].name",
            "String should have at least 1 character (got '')",
        ),
        Problem(
            NAME,
            line_of(text, "fujiki-naoto"),
            "characters[7].played_by",
            "unknown person id 'fujiki-naoto' (not in people)",
        ),
        Problem(
            NAME,
            line_of(text, "value: -1"),
            "episodes[0].rating.value",
            "Input should be greater than or equal to 0 (got -1)",
        ),
        Problem(NAME, line_of(text, "nativ_title"), "episodes[8].nativ_title", UNKNOWN_KEY),
        Problem(
            NAME,
            line_of(text, "track_count: many"),
            "soundtrack.track_count",
            "Input should be a valid integer, unable to parse string as an integer (got 'many')",
        ),
    ]


def test_the_same_typo_in_every_episode_is_one_problem_each_and_nothing_else() -> None:
    # Every entry of the list fails, so pydantic also finds the list empty; that
    # is a consequence, not a second mistake the editor has to look for.
    text = SHIPPED
    episodes = text.index("\nepisodes:\n")
    end = text.index("\nratings:")
    text = (
        text[:episodes] + text[episodes:end].replace("native_title:", "nativ_title:") + text[end:]
    )
    found = problems_of(text)
    assert found
    assert {p.message for p in found} == {UNKNOWN_KEY}
    assert [p.path for p in found] == [f"episodes[{i}].nativ_title" for i in range(11)]


def test_an_empty_list_is_still_reported() -> None:
    found = problems_of(edit_section_to_empty(SHIPPED, "episodes"))
    assert [p.path for p in found] == ["episodes"]
    assert found[0].message.startswith("Tuple should have at least 1 item")


def edit_section_to_empty(text: str, section: str) -> str:
    start = text.index(f"\n{section}:\n") + 1
    end = next(
        i
        for i in range(start + len(section) + 2, len(text))
        if text[i - 1] == "\n" and text[i].isalpha()
    )
    return text[:start] + f"{section}: []\n" + text[end:]


def test_the_error_reads_as_one_line_per_problem() -> None:
    text = edit("played_by: fujiki-naohito", "played_by: fujiki-naoto")
    text = edit("      value: 13.5\n", "      value: -1\n", text)
    with pytest.raises(KnowledgeError) as caught:
        loader.parse(text, NAME)
    person_line, rating_line = line_of(text, "fujiki-naoto"), line_of(text, "value: -1")
    assert str(caught.value) == (
        "2 problems in the knowledge file:\n"
        f"  {NAME}:{person_line}: characters[7].played_by: "
        "unknown person id 'fujiki-naoto' (not in people)\n"
        f"  {NAME}:{rating_line}: episodes[0].rating.value: "
        "Input should be greater than or equal to 0 (got -1)"
    )


def test_a_problem_without_a_line_reads_without_one() -> None:
    problem = Problem("k.yaml", None, "(file)", "cannot read it")
    assert str(problem) == "k.yaml: (file): cannot read it"


def test_deep_nesting_is_refused_without_a_traceback() -> None:
    text = "sources: " + "[" * 5000 + "]" * 5000 + "\n"
    assert problems_of(text) == [Problem(NAME, None, "(yaml)", "not valid YAML: nested too deeply")]


# --- files -----------------------------------------------------------------------------


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.yaml"
    with pytest.raises(KnowledgeError) as caught:
        loader.load(path)
    assert caught.value.problems == [
        Problem(str(path), None, "(file)", "cannot read it: No such file or directory")
    ]


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(SHIPPED.replace("Kitō Aya", "Kitô Aya").encode("latin-1", "replace"))
    with pytest.raises(KnowledgeError) as caught:
        loader.load(path)
    (problem,) = caught.value.problems
    before = SHIPPED[: SHIPPED.index("Kitō Aya")]
    line = before.count("\n") + 1
    column = len(before) - before.rfind("\n") + len("Kit")
    assert (problem.file, problem.line, problem.path) == (str(path), line, "(file)")
    assert problem.message.startswith(f"column {column}: byte 0xf4 is not UTF-8 text")


def test_a_directory(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError) as caught:
        loader.load(tmp_path)
    assert caught.value.problems == [
        Problem(str(tmp_path), None, "(file)", "cannot read it: Is a directory")
    ]


def test_a_broken_file_names_itself(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    text = edit("played_by: fujiki-naohito", "played_by: fujiki-naoto")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        loader.load(path)
    assert [(p.file, p.line) for p in caught.value.problems] == [
        (str(path), line_of(text, "fujiki-naoto"))
    ]


# --- no traceback, ever ----------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_namida_check_reports_without_a_traceback(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / NAME
    path.write_text(case.text, encoding="utf-8")
    assert cli.main(["check", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    expected = case.expected
    assert f"  {path}:{expected.line}: {expected.path}: {expected.message}" in err


@pytest.mark.parametrize("kind", ["yaml-syntax", "invalid-date", "unknown-person-id"])
def test_namida_check_as_a_process_exits_1_without_a_traceback(kind: str, tmp_path: Path) -> None:
    case = next(c for c in CASES if c.id == kind)
    path = tmp_path / NAME
    path.write_text(case.text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert f"{path}:{case.expected.line}: {case.expected.path}: " in done.stderr


def test_namida_check_of_non_utf8_bytes_as_a_process(tmp_path: Path) -> None:
    path = tmp_path / "bytes.yaml"
    path.write_bytes(b"schema_version: 1\nseries: \xff\xfe\n")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert f"{path}:2: (file): column 9: byte 0xff is not UTF-8 text" in done.stderr


@pytest.mark.parametrize(
    ("raw", "line", "column", "byte"),
    [
        # Saved as Latin-1 by an editor: "é" is one byte, 0xe9, on line 3.
        (b'schema_version: 1\nsources:\n  - title: "Caf\xe9"\n', 3, 16, 0xE9),
        # The column counts characters, so the Japanese before the bad byte counts one each.
        ("series:\n  title: 涙".encode() + b"\x81x\n", 2, 11, 0x81),
        (b"\xfe\xffs\x00", 1, 1, 0xFE),  # UTF-16 with its byte-order mark
    ],
)
def test_a_file_that_is_not_utf8_gives_line_and_column(
    tmp_path: Path, raw: bytes, line: int, column: int, byte: int
) -> None:
    path = tmp_path / "saved-wrongly.yaml"
    path.write_bytes(raw)
    with pytest.raises(loader.KnowledgeError) as caught:
        loader.load(path)
    [problem] = caught.value.problems
    assert (problem.line, problem.path) == (line, "(file)")
    assert problem.message == (
        f"column {column}: byte 0x{byte:02x} is not UTF-8 text; save the file as UTF-8"
    )


SHIPPED_LINES = SHIPPED.splitlines(keepends=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    line=st.integers(min_value=0, max_value=len(SHIPPED_LINES) - 1),
    replacement=st.one_of(
        st.just(""),
        st.text(max_size=12),
        st.sampled_from(["-", ":", "[", "{", "'", '"', "\t", "&a", "*a", "!!int x", "? ", "|"]),
    ),
    keep_indent=st.booleans(),
)
def test_any_edit_of_a_line_gives_knowledge_or_a_knowledge_error(
    line: int, replacement: str, keep_indent: bool
) -> None:
    original = SHIPPED_LINES[line]
    indent = original[: len(original) - len(original.lstrip(" "))] if keep_indent else ""
    lines = [*SHIPPED_LINES]
    lines[line] = indent + replacement + "\n"
    try:
        loader.parse("".join(lines), NAME)
    except KnowledgeError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.file == NAME
            assert problem.line is None or 1 <= problem.line <= len(lines) + 1
            assert problem.path and problem.message


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_knowledge_or_a_knowledge_error(text: str) -> None:
    try:
        loader.parse(text, NAME)
    except KnowledgeError as exc:
        assert exc.problems


@pytest.mark.parametrize("text", ["a: &x [*x]\n", "a: &x 1\nb: *x\n", "a: &a [1]\nb: [*a, *a]\n"])
def test_aliases_are_refused_with_their_line(text: str) -> None:
    # A self-referencing or exploding alias must be a readable error, never a crash.
    with pytest.raises(loader.KnowledgeError) as caught:
        loader.parse(text, "aliased.yaml")
    [problem] = caught.value.problems
    assert problem.message == "not valid YAML: aliases (*name) are not allowed in a knowledge file"
    assert problem.line == text[: text.index("*")].count("\n") + 1


def test_without_libyaml_the_file_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml only builds the node tree faster; the pure-Python reader gives the same model."""
    fast = loader.parse(SHIPPED, NAME)
    monkeypatch.setattr(loader, "_CLoader", None)  # both the fast and the careful path
    slow = loader.parse(SHIPPED, NAME)
    assert slow.model_dump() == fast.model_dump()
