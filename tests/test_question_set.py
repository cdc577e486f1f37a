"""The labelled question sets: does the bot understand what fans ask?

Every ``tests/questions/*.yaml`` file is a list of cases written from the
knowledge and from how fans talk (never from the reader's code). A case is::

    - {q: "who played Aya's mother", lang: en, category: cast-relation,
       expect: [Yakushimaru Hiroko]}
    - {q: "is it on Hulu", lang: en, category: decline-detail, decline: true}

``expect`` lists strings that must all appear in the answer's text (its title,
lines, and fact names and values; not the hint, suggestions or alternatives),
compared case-insensitively after NFKC normalisation, with runs of whitespace
collapsed and accents on Latin letters and curly quotes folded ("Asō" reads
as "Aso"). An item may itself be a list: any one of its strings will do (for
a value that may be written several ways, such as a date or a chart peak).
``decline: true`` means the only right answer is ``not_found``. ``why`` is a
free note for a case whose label is not obvious: where the research has no
figure, a case either expects an explicit "not known" in the answer or is a
decline, and says which and why.

Each case comes out as one of three outcomes:

- **right**: found or ambiguous with every expected string present, or not
  found for a decline;
- **missed**: not found where an answer was expected (honest, but unhelpful);
- **wrong**: a confident wrong answer: found or ambiguous with an expected
  string missing, found or ambiguous for a decline, or an exception.

The tests fail on any wrong case and when a language's share of right answers
is under :data:`FLOOR` (today's level, ratcheted up towards :data:`TARGET`).
To see the table per category::

    python -m pytest tests/test_question_set.py -q -s
    python tests/test_question_set.py --lang ja --show wrong,missed
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from typing import Annotated, Literal, cast

import pytest
import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from bot.engine.answers import Answer, Status
from bot.engine.engine import Engine

QUESTIONS_DIR = Path(__file__).parent / "questions"


class Family(StrEnum):
    """Two families of question files, reported apart.

    ``tuned``: the cases the reader was built and corrected against, file by file.
    ``independent``: sets written from the research notes by people who had not
    seen the code, measured before any change was made for them and then
    committed as they were (labels corrected only where the notes say otherwise).
    Their share is the honest estimate of how the bot does on questions nobody
    tuned it for; a change made for one of their cases must also carry a tuned
    paraphrase, so that the family keeps measuring generality.
    """

    TUNED = "tuned"
    INDEPENDENT = "independent"

    @property
    def folder(self) -> Path:
        return QUESTIONS_DIR if self is Family.TUNED else QUESTIONS_DIR / self.value


# The goal for each language's share of right answers (the reader's issue: ≥ 97 %).
TARGET = {"en": 97.0, "ja": 97.0}
# What the reader reaches today (en 913/919, ja 504/505 on 2026-12-01), rounded
# down to a half: a ratchet, so that any change that loses right answers fails. Raise it
# with every improvement until it meets TARGET; never lower it. Confident wrong
# answers are a separate test and must stay at zero whatever the floor.
FLOOR = {"en": 99.0, "ja": 99.5}
# The same ratchet for the independent sets (en 298/321, ja 166/175 on 2026-12-01 with
# set1 and set2; with set3, fixed by kind after its first measurement: en 443/474,
# ja 247/257).
INDEPENDENT_FLOOR = {"en": 93.0, "ja": 96.0}

# The issues ask for at least this many questions per language.
MINIMUM_SIZE = {"en": 600, "ja": 200}

Lang = Literal["en", "ja"]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
LANGS: tuple[Lang, ...] = ("en", "ja")


class Case(BaseModel):
    """One labelled question; exactly one of ``expect`` and ``decline``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    q: Text
    lang: Lang
    category: Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
    expect: tuple[Text | tuple[Text, ...], ...] | None = None
    decline: Literal[True] | None = None
    why: Text | None = None

    @model_validator(mode="after")
    def _one_expectation(self) -> Case:
        if (self.expect is None) == (self.decline is None):
            raise ValueError("give exactly one of 'expect' (a list of strings) or 'decline: true'")
        if self.expect is not None and (
            not self.expect or any(isinstance(i, tuple) and not i for i in self.expect)
        ):
            raise ValueError("'expect' must name at least one string (and no empty any-of list)")
        return self


class Outcome(StrEnum):
    RIGHT = "right"
    MISSED = "missed"
    WRONG = "wrong"


@dataclass(frozen=True)
class Result:
    case: Case
    file: str
    outcome: Outcome
    status: str
    title: str
    missing: tuple[str, ...] = ()


_QUOTES = str.maketrans("‘’“”", "''\"\"")


def norm(text: str) -> str:
    """NFKC, case-folded, whitespace runs collapsed, Latin accents and curly quotes folded.

    Accents are dropped from Latin letters only ("Asō" reads as "Aso"), so a
    Japanese voiced mark (が) is kept.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    kept: list[str] = []
    for char in decomposed:
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue
        kept.append(char)
    folded = unicodedata.normalize("NFKC", "".join(kept)).casefold()
    return re.sub(r"\s+", " ", folded).strip()


def answer_text(answer: Answer) -> str:
    """What an expectation is checked against: title, lines, fact names and values."""
    parts = [answer.title, *map(_plain, answer.lines)]
    parts += [f"{fact.name}: {fact.value}" for fact in answer.facts]
    return norm("\n".join(parts))


def _plain(line: object) -> str:
    """A line's text, whether the line is a string or an object with ``text`` (a spoiler line)."""
    return line if isinstance(line, str) else str(getattr(line, "text", line))


def load_file(path: Path) -> list[Case]:
    """The cases of one file; raises ValueError naming the file and the bad case."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ValueError(f"{path.name}: not valid YAML: {error}") from None
    if not isinstance(raw, list):
        raise ValueError(f"{path.name}: expected a list of cases at the top level")
    cases = []
    for number, item in enumerate(raw, 1):
        try:
            cases.append(Case.model_validate(item))
        except ValueError as error:
            q = item.get("q") if isinstance(item, dict) else item
            raise ValueError(f"{path.name}, case {number} ({q!r}): {error}") from None
    prefix = path.name.split("-", 1)[0]
    for case in cases:
        if case.lang != prefix:
            raise ValueError(f"{path.name}: {case.q!r} has lang {case.lang!r} in a {prefix}-* file")
    return cases


@cache
def all_cases(family: Family | None = None) -> tuple[tuple[str, Case], ...]:
    """The cases of one family, or of both (``None``)."""
    families = (family,) if family else tuple(Family)
    files = [p for f in families for p in sorted(f.folder.glob("*.yaml"))]
    return tuple((path.name, case) for path in files for case in load_file(path))


@cache
def engine() -> Engine:
    return Engine.from_path()


def missing_from(answer: Answer, expect: Iterable[str | tuple[str, ...]]) -> tuple[str, ...]:
    text = answer_text(answer)
    missing = []
    for item in expect:
        options = (item,) if isinstance(item, str) else item
        if not any(norm(option) in text for option in options):
            missing.append(" | ".join(options))
    return tuple(missing)


def speaking(lang: Lang) -> AbstractContextManager[object]:
    """Answer in the question's language, as a front-end does for a user of that locale.

    Before the engine can speak Japanese, every answer is English; the
    expectations accept either rendering (romaji or kanji, either date form).
    """
    try:
        i18n = importlib.import_module("bot.i18n")
    except ModuleNotFoundError:
        return nullcontext()
    return cast(AbstractContextManager[object], i18n.using(i18n.Lang(lang)))


def judge(file: str, case: Case, ask: Callable[[str], Answer] | None = None) -> Result:
    """Ask one question (of the shipped engine unless ``ask`` is given) and sort the answer."""
    try:
        with speaking(case.lang):
            answer = (ask or engine().ask)(case.q)
    except Exception as error:  # a crash is the worst answer of all
        return Result(case, file, Outcome.WRONG, "raised", f"{type(error).__name__}: {error}")
    status, title = answer.status.value, answer.title
    if answer.status is Status.NOT_FOUND:
        outcome = Outcome.RIGHT if case.decline else Outcome.MISSED
        return Result(case, file, outcome, status, title)
    if case.decline:
        return Result(case, file, Outcome.WRONG, status, title, ("(a decline)",))
    missing = missing_from(answer, case.expect or ())
    return Result(case, file, Outcome.WRONG if missing else Outcome.RIGHT, status, title, missing)


@cache
def results(lang: Lang, family: Family = Family.TUNED) -> tuple[Result, ...]:
    return tuple(judge(file, case) for file, case in all_cases(family) if case.lang == lang)


def percent(part: int, whole: int) -> float:
    return 100.0 * part / whole if whole else 0.0


def table(rows: Sequence[Result]) -> str:
    """Right / missed / wrong per category, then the total."""
    counts: dict[str, Counter[Outcome]] = {}
    for row in rows:
        counts.setdefault(row.case.category, Counter())[row.outcome] += 1
    width = max([len("category"), *(len(c) for c in counts)])
    head = f"{'category':<{width}}  right  missed  wrong  total  right %"
    lines = [head, "-" * len(head)]
    total: Counter[Outcome] = Counter()
    for category in sorted(counts):
        total.update(counts[category])
        lines.append(_row(category, counts[category], width))
    lines += ["-" * len(head), _row("all", total, width)]
    return "\n".join(lines)


def _row(label: str, c: Counter[Outcome], width: int) -> str:
    n = c.total()
    right, missed, wrong = c[Outcome.RIGHT], c[Outcome.MISSED], c[Outcome.WRONG]
    share = percent(right, n)
    return f"{label:<{width}}  {right:>5}  {missed:>6}  {wrong:>5}  {n:>5}  {share:>6.1f}%"


def describe(row: Result) -> str:
    case = row.case
    if case.decline:
        wanted = "wanted a decline"
    elif row.missing:
        wanted = "missing: " + "; ".join(row.missing)
    else:
        wanted = "wanted: " + "; ".join(
            i if isinstance(i, str) else " | ".join(i) for i in case.expect or ()
        )
    where = f"[{row.file} · {case.category}]"
    return f"{where} {case.q!r} → {row.status}: {row.title!r} ({wanted})"


# The set itself


@pytest.mark.parametrize("family", Family)
def test_every_file_validates(family: Family) -> None:
    files = sorted(family.folder.glob("*.yaml"))
    assert files, f"no question files in {family.folder}"
    for path in files:
        assert load_file(path), f"{path.name} holds no case"


@pytest.mark.parametrize("family", Family)
def test_no_question_appears_twice(family: Family) -> None:
    # Within a family: an independent set may well ask what a tuned case asks.
    seen: dict[str, str] = {}
    twice = []
    for file, case in all_cases(family):
        key = norm(case.q)
        if key in seen:
            twice.append(f"{case.q!r} in {file} and {seen[key]}")
        seen.setdefault(key, file)
    assert not twice, "questions that appear twice:\n" + "\n".join(twice)


@pytest.mark.parametrize("lang", LANGS)
def test_set_is_large_enough(lang: Lang) -> None:
    size = sum(case.lang == lang for _, case in all_cases(Family.TUNED))
    assert size >= MINIMUM_SIZE[lang], f"{lang}: {size} questions, want {MINIMUM_SIZE[lang]}"


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("- {q: hi, lang: en, category: x, decline: true, colour: red}", "colour"),
        ("- {q: hi, lang: en, category: x, expect: [a], decline: true}", "exactly one"),
        ("- {q: hi, lang: en, category: x}", "exactly one"),
        ("- {q: hi, lang: en, category: x, expect: []}", "at least one"),
        ("- {q: hi, lang: en, category: x, expect: [[]]}", "at least one"),
        ("- {q: hi, lang: en, category: x, expect: ['  ']}", "at least 1 character"),
        ("- {q: hi, lang: en, category: x, decline: false}", "decline"),
        ("- {q: '', lang: en, category: x, decline: true}", "at least 1 character"),
        ("- {q: hi, lang: fr, category: x, decline: true}", "lang"),
        ("- {q: hi, lang: ja, category: x, decline: true}", "lang 'ja' in a en-* file"),
        ("- {q: hi, lang: en, category: Cast Role, decline: true}", "category"),
        ("q: hi", "a list of cases"),
        ("- {q: hi, lang: en", "not valid YAML"),
    ],
)
def test_a_bad_case_is_a_clear_error(tmp_path: Path, text: str, complaint: str) -> None:
    path = tmp_path / "en-broken.yaml"
    path.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(complaint)) as caught:
        load_file(path)
    assert "en-broken.yaml" in str(caught.value)


def test_the_judge_reads_title_lines_and_facts_only() -> None:
    from bot.engine.answers import Fact

    answer = Answer(
        status=Status.FOUND,
        kind="person",
        title="Ｔｉｔｌｅ  One",
        lines=("a   line",),
        facts=(Fact(name="Actor", value="Someone Else"),),
        hint="hidden hint",
        suggestions=("hidden suggestion",),
    )
    assert missing_from(answer, ["title one", "A LINE", "actor: someone", ("nope", "else")]) == ()
    assert norm("Asō  Ｈａｒｕｔｏ’s") == norm("aso haruto's") == "aso haruto's"
    assert norm("ガンモ が") == "ガンモ が" and norm("ｶﾞﾝﾓ") == "ガンモ"
    assert missing_from(answer, ["hidden hint", ("hidden suggestion", "x")]) == (
        "hidden hint",
        "hidden suggestion | x",
    )


def _reply(status: Status, title: str = "t", *lines: str) -> Callable[[str], Answer]:
    return lambda _q: Answer(status=status, kind="about", title=title, lines=lines)


def _crash(_q: str) -> Answer:
    raise RuntimeError("boom")


@pytest.mark.parametrize(
    ("case", "ask", "outcome"),
    [
        ({"expect": ["Ueda"]}, _reply(Status.FOUND, "Music: Ueda Susumu"), Outcome.RIGHT),
        ({"expect": ["Ueda"]}, _reply(Status.AMBIGUOUS, "x", "by Ueda"), Outcome.RIGHT),
        ({"expect": ["Ueda", "Kinoshita"]}, _reply(Status.FOUND, "Ueda"), Outcome.WRONG),
        ({"expect": ["Ueda"]}, _reply(Status.NOT_FOUND, "Ueda"), Outcome.MISSED),
        ({"decline": True}, _reply(Status.NOT_FOUND), Outcome.RIGHT),
        ({"decline": True}, _reply(Status.FOUND), Outcome.WRONG),
        ({"decline": True}, _reply(Status.AMBIGUOUS), Outcome.WRONG),
        ({"decline": True}, _crash, Outcome.WRONG),
        ({"expect": ["Ueda"]}, _crash, Outcome.WRONG),
    ],
)
def test_the_judge_sorts_answers(
    case: dict[str, object], ask: Callable[[str], Answer], outcome: Outcome
) -> None:
    labelled = Case.model_validate({"q": "q", "lang": "en", "category": "x", **case})
    assert judge("en-x.yaml", labelled, ask).outcome is outcome


# The bot against the set


@pytest.mark.parametrize("family", Family)
@pytest.mark.parametrize("lang", LANGS)
def test_no_confident_wrong_answer(lang: Lang, family: Family) -> None:
    rows = results(lang, family)
    print(f"\n{lang} ({family.value}): {len(rows)} questions\n{table(rows)}")
    wrong = [describe(row) for row in rows if row.outcome is Outcome.WRONG]
    assert not wrong, f"{len(wrong)} confident wrong answers ({lang}):\n" + "\n".join(wrong)


@pytest.mark.parametrize("family", Family)
@pytest.mark.parametrize("lang", LANGS)
def test_right_share_reaches_the_floor(lang: Lang, family: Family) -> None:
    rows = results(lang, family)
    right = sum(row.outcome is Outcome.RIGHT for row in rows)
    share = percent(right, len(rows))
    missed = [describe(row) for row in rows if row.outcome is Outcome.MISSED]
    floor = (FLOOR if family is Family.TUNED else INDEPENDENT_FLOOR)[lang]
    assert share >= floor, (
        f"{lang} ({family.value}): {right}/{len(rows)} right = {share:.1f} %, under the "
        f"floor of {floor} % (target {TARGET[lang]} %)\n"
        f"{table(rows)}\nmissed:\n" + "\n".join(missed)
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table (and chosen cases) without pytest; exit 1 on any wrong case."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--lang", choices=LANGS, action="append", help="default: both")
    parser.add_argument("--category", help="only categories starting with this")
    parser.add_argument("--family", choices=[f.value for f in Family], default=Family.TUNED.value)
    parser.add_argument(
        "--show", default="wrong", help="outcomes to list: any of right,missed,wrong (or none)"
    )
    args = parser.parse_args(argv)
    show = {Outcome(s) for s in args.show.split(",") if s in set(Outcome)}
    failed = False
    for lang in args.lang or LANGS:
        family = Family(args.family)
        rows = [r for r in results(lang, family) if r.case.category.startswith(args.category or "")]
        print(f"{lang} ({family.value}): {len(rows)} questions\n{table(rows)}\n")
        for row in rows:
            if row.outcome in show:
                print(f"{row.outcome.value:>6}  {describe(row)}")
        failed |= any(row.outcome is Outcome.WRONG for row in rows)
        print()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
