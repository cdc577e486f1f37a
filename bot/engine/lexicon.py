"""The reader's vocabulary: which words and phrases mean what, kept in data files.

Two files make a lexicon. The general one (``knowledge/lexicon.yaml``) holds
the words any drama's fans use, in English and Japanese: question words,
the attributes and relations asked about, topics, numbers, months and the
stop words that carry no meaning. A series may add its own file beside its
knowledge file (``<name>.lexicon.yaml``) with words only its fans use, and
the example questions shown in help and hints. Both are validated by the
models below (errors are reported like the knowledge file's); ``namida
schema --lexicon`` prints their JSON Schema.

>>> lex = Lexicon.model_validate({"entries": [
...     {"id": "q-who", "sense": {"kind": "question", "value": "who"}, "en": ["who"]}]})
>>> lex.entries[0].sense.value
<QuestionWord.WHO: 'who'>
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Literal, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from bot.i18n import Lang, current
from bot.knowledge.files import KnowledgeError, Problem
from bot.knowledge.models import RelationKind

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
EntryId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
LEXICON_FILENAME = "lexicon.yaml"
SERIES_SUFFIX = ".lexicon.yaml"


class QuestionWord(StrEnum):
    WHO = "who"
    WHAT = "what"
    WHICH = "which"
    WHEN = "when"
    WHERE = "where"
    WHY = "why"
    HOW = "how"
    HOW_MANY = "how_many"
    HOW_LONG = "how_long"
    TELL = "tell"


class Attribute(StrEnum):
    """A detail asked about something; which things have it is the engine's table."""

    TITLE = "title"
    NATIVE_TITLE = "native_title"
    ENGLISH_TITLE = "english_title"
    NUMBER = "number"
    AIRED = "aired"
    RATING = "rating"
    ACTOR = "actor"
    ROLE = "role"
    ARTIST = "artist"
    MAKER = "maker"
    LENGTH = "length"
    BROADCASTER = "broadcaster"
    TIME_SLOT = "time_slot"
    COUNTRY = "country"
    TITLES = "titles"
    SYNOPSIS = "synopsis"
    BASED_ON = "based_on"
    ILLNESS = "illness"
    BORN = "born"
    DIED = "died"
    AGE = "age"
    PAGE_STATS = "page_stats"
    RELATED = "related"
    COUNT = "count"
    NEW_CHARACTERS = "new_characters"
    PLOT = "plot"
    ENDING = "ending"
    AWARDS = "awards"
    RELEASE = "release"
    CHART = "chart"
    STAFF = "staff"
    DESCRIPTION = "description"
    SETTING = "setting"
    LOCATIONS = "locations"
    HOME_VIDEO = "home_video"
    BROADCASTS = "broadcasts"
    SEQUENCES = "sequences"
    SALES = "sales"
    MEANING = "meaning"  # what the title means


class Topic(StrEnum):
    """A kind of thing the question is about."""

    SERIES = "series"
    EPISODE = "episode"
    TRACK = "track"
    SONG = "song"
    SOUNDTRACK = "soundtrack"
    CAST = "cast"
    SPECIAL = "special"
    RATINGS = "ratings"
    CREDITS = "credits"
    FILM = "film"
    BOOK = "book"
    HELP = "help"


class Modifier(StrEnum):
    FIRST = "first"
    LAST = "last"
    HIGHEST = "highest"
    LOWEST = "lowest"
    AVERAGE = "average"
    LEAD = "lead"
    OLDER = "older"
    YOUNGER = "younger"
    OTHER = "other"
    ALL = "all"
    REAL = "real"
    NEXT = "next"
    PREVIOUS = "previous"


class DatePart(StrEnum):
    YEAR = "year"
    MONTH = "month"
    DAY = "day"


class _Model(BaseModel):
    # Validators are built when a lexicon file is first read: an engine from
    # the cache (bot.knowledge.cache) never needs them.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class QuestionSense(_Model):
    kind: Literal["question"]
    value: QuestionWord


class AttributeSense(_Model):
    kind: Literal["attribute"]
    value: Attribute


class TopicSense(_Model):
    kind: Literal["topic"]
    value: Topic


class ModifierSense(_Model):
    kind: Literal["modifier"]
    value: Modifier


class RelationSense(_Model):
    """A relation between characters: ``value`` is the knowledge's relation kind
    (or "family" for any of them); ``word`` narrows it where the knowledge has
    no gender ("mother" among the parents), matched in names and descriptions."""

    kind: Literal["relation"]
    value: Text
    word: Text | None = None
    # A word that rules a candidate out ("father" for "mother") when ``word`` is not said.
    opposite: Text | None = None


class CreditSense(_Model):
    """A job in the credits, as the knowledge file names it ("Director")."""

    kind: Literal["credit"]
    value: Text


class SongRoleSense(_Model):
    """How a song is used in the drama ("theme song"), matched against its ``use``."""

    kind: Literal["song_role"]
    value: Text


class FacetSense(_Model):
    """A kind of typed detail ("school", "isbn"): a key of the knowledge's ``facet_kinds``."""

    kind: Literal["facet"]
    value: EntryId


class RegionSense(_Model):
    """Where a figure was measured ("Kansai"), as the knowledge's ratings name the region."""

    kind: Literal["region"]
    value: Text


class NumberSense(_Model):
    kind: Literal["number"]
    value: int = Field(ge=0, le=1000)


class MonthSense(_Model):
    kind: Literal["month"]
    value: int = Field(ge=1, le=12)


class DatePartSense(_Model):
    """A counter after a number: 年 (year), 月 (month), 日 (day)."""

    kind: Literal["date_part"]
    value: DatePart


class ChatterSense(_Model):
    """Greetings and thanks: understood, but they ask nothing."""

    kind: Literal["chatter"]
    value: Text = "chatter"


Sense = Annotated[
    QuestionSense
    | AttributeSense
    | TopicSense
    | ModifierSense
    | RelationSense
    | CreditSense
    | SongRoleSense
    | FacetSense
    | RegionSense
    | NumberSense
    | MonthSense
    | DatePartSense
    | ChatterSense,
    Field(discriminator="kind"),
]


class Entry(_Model):
    """Words and phrases, English and Japanese, that all mean one thing."""

    id: EntryId
    sense: Sense
    en: tuple[Text, ...] = ()
    ja: tuple[Text, ...] = ()
    # A misspelt word of five letters or more still finds its entry.
    fuzzy: bool = True


class Wording(_Model):
    """Words fans use for what the knowledge says in other words.

    "the vet school" for "veterinary science", 「動物園」 for "zoo": a phrase of
    ``en`` or ``ja`` in a question finds a description or plot that has any one
    of ``means`` (each a word or a few words, all of which must be there; list
    the phrase itself there when the knowledge may use it too). The phrase
    stays a word to account for: a question that uses it must be about
    something so described, or it is declined.
    """

    en: tuple[Text, ...] = ()
    ja: tuple[Text, ...] = ()
    means: tuple[Text, ...] = Field(min_length=1)
    # Relation kinds the phrase stands for between people ("likes": admirer): what
    # the one asked for is to someone named after it ("who likes Ann"); named
    # before it ("the one Ann likes"), the other way round.
    relation: tuple[RelationKind, ...] = ()
    # Says what someone is ("girl"): of several words, never the one let go missing.
    essential: bool = False


# A slash command as an example names it: "episode", "quiz start".
CommandName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*( [a-z][a-z0-9_-]*)?$")]


class ExampleSet(_Model):
    """Example questions a series' replies and help show, in one language.

    They name the series' own people and titles, so they live in its lexicon
    file, never in the code.
    """

    help: tuple[Text, ...] = ()
    ask: tuple[Text, ...] = ()
    person: Text | None = None
    track: Text | None = None
    episode: Text | None = None
    # Per slash command, an example call ("/episode 8") for /help.
    commands: Annotated[
        dict[CommandName, Text], Field(json_schema_extra={"additionalProperties": False})
    ] = {}

    @model_validator(mode="after")
    def _each_calls_its_command(self) -> Self:
        """The example of a command calls that command.

        >>> ExampleSet(commands={"cast": "/cast Kaito"}).commands["cast"]
        '/cast Kaito'
        >>> try:
        ...     ExampleSet(commands={"cast": "/episode 2"})
        ... except ValueError as exc:
        ...     print(exc.errors()[0]["msg"])
        Value error, the example of /cast must call it: '/episode 2'
        """
        for name, call in self.commands.items():
            if call != f"/{name}" and not call.startswith(f"/{name} "):
                raise ValueError(f"the example of /{name} must call it: {call!r}")
        return self


class Examples(ExampleSet):
    """The examples in English, and in ``translations`` the same in other languages.

    A translation may give any of the fields; those it leaves out are shown in
    English, as every untranslated message is.
    """

    translations: dict[Lang, ExampleSet] = {}

    @model_validator(mode="after")
    def _translations_translate(self) -> Self:
        if Lang.EN in self.translations:
            raise ValueError("English examples are the fields themselves, not a translation")
        for lang, each in self.translations.items():
            extra = sorted(set(each.commands) - set(self.commands))
            if extra:
                raise ValueError(f"{lang} examples for commands with no English one: {extra}")
        return self

    def local(self, lang: Lang | None = None) -> ExampleSet:
        """The examples in ``lang`` (the current language when None), English where none.

        >>> ex = Examples(ask=("who played Kaito?",), person="Try a role (Kaito).",
        ...               translations={"ja": {"ask": ["海斗を演じたのは誰？"]}})
        >>> ex.local(Lang.JA).ask, ex.local(Lang.JA).person, ex.local(Lang.EN).ask
        (('海斗を演じたのは誰？',), 'Try a role (Kaito).', ('who played Kaito?',))
        """
        translated = self.translations.get(lang or current())
        if translated is None:
            return ExampleSet(**{name: getattr(self, name) for name in ExampleSet.model_fields})
        given = translated.model_fields_set
        fields = {
            name: getattr(translated if name in given else self, name)
            for name in ExampleSet.model_fields
        }
        fields["commands"] = {**self.commands, **translated.commands}
        return ExampleSet(**fields)


class Lexicon(_Model):
    """One lexicon file; the general one and a series' own are merged."""

    version: Literal[1] = 1
    stop_en: tuple[Text, ...] = ()
    stop_ja: tuple[Text, ...] = ()
    entries: tuple[Entry, ...] = ()
    # A factory, not an instance: making one at import would build the validators.
    examples: Examples = Field(default_factory=Examples)
    # Series-wide details that concern particular people or roles (the illness
    # is the heroine's): attribute → keys ("character:<id>", "person:<id>").
    subjects: dict[str, tuple[Text, ...]] = {}
    # Words for each kind of related work ("manga": 漫画), so "the manga" names it.
    work_kinds: dict[str, tuple[Text, ...]] = {}
    # Other words for what descriptions and plots say ("likes" for "drawn to").
    wordings: tuple[Wording, ...] = ()
    # Words said after a name to address or speak of someone (さん, 先輩): after a
    # name they are part of how it is said, not a relation or a question.
    honorifics_ja: tuple[Text, ...] = ()
    # Kana readings of the Japanese words above (役: やく): every Japanese phrase is
    # also found with its words in kana, and in romaji when it is all kana.
    readings_ja: dict[Text, Text] = {}
    # Japanese particles as romanised text says them (は: "wa"), where their kana
    # would romanise otherwise.
    romaji_ja: tuple[Text, ...] = ()

    def merged(self, other: Lexicon) -> Lexicon:
        """This lexicon with ``other``'s words added (its examples win)."""
        return Lexicon(
            stop_en=self.stop_en + other.stop_en,
            stop_ja=self.stop_ja + other.stop_ja,
            entries=self.entries + other.entries,
            examples=other.examples if other.examples != Examples() else self.examples,
            subjects={**self.subjects, **other.subjects},
            work_kinds={**self.work_kinds, **other.work_kinds},
            wordings=self.wordings + other.wordings,
            honorifics_ja=self.honorifics_ja + other.honorifics_ja,
            readings_ja={**self.readings_ja, **other.readings_ja},
            romaji_ja=self.romaji_ja + other.romaji_ja,
        )


def default_path() -> Path:
    """The general lexicon shipped with the package, or in the source checkout."""
    from importlib import resources

    packaged = Path(str(resources.files("bot"))) / "_data" / LEXICON_FILENAME
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "knowledge" / LEXICON_FILENAME


def series_path(knowledge_path: Path) -> Path:
    """Where a series keeps its own words: beside its knowledge file."""
    return knowledge_path.with_name(knowledge_path.name.removesuffix(".yaml") + SERIES_SUFFIX)


def load_file(path: Path) -> Lexicon:
    """Read and validate one lexicon file; problems are reported like the knowledge's."""
    import yaml  # only when a file is read: an engine from the cache needs no YAML

    name = str(path)
    # libyaml's parser where it is installed: the same data ten times sooner.
    reader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=reader)
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeError([Problem(name, None, "(file)", f"cannot read it: {exc}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise KnowledgeError([Problem(name, line, "(yaml)", f"not valid YAML: {exc}")]) from None
    try:
        return Lexicon.model_validate(data or {})
    except ValidationError as exc:
        raise KnowledgeError(
            [
                Problem(name, None, ".".join(str(p) for p in e["loc"]) or "(document)", e["msg"])
                for e in exc.errors()
            ]
        ) from None


def paths(knowledge_path: Path | None) -> list[Path]:
    """The files :func:`load` reads: the general lexicon, then the series' own if it has one.

    The general file sits beside the knowledge file when there is one there
    (so a deployment can edit both together), else the shipped one is used.
    """
    general = default_path()
    if knowledge_path is not None and (knowledge_path.parent / LEXICON_FILENAME).is_file():
        general = knowledge_path.parent / LEXICON_FILENAME
    found = [general]
    if knowledge_path is not None and series_path(knowledge_path).is_file():
        found.append(series_path(knowledge_path))
    return found


def load(knowledge_path: Path | None) -> Lexicon:
    """The general lexicon, plus the series' own words when its file has them."""
    general, *own = paths(knowledge_path)
    lexicon = load_file(general)
    for path in own:
        lexicon = lexicon.merged(load_file(path))
    return lexicon


def json_schema() -> dict[str, object]:
    return Lexicon.model_json_schema()
