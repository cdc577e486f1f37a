"""Read a fan's question: what is asked (the intent) and about what (the subject).

Plain regular expressions over a lightly cleaned question. Order matters:
questions naming a subject ("who played Haruto") are read before questions
naming only a topic ("when did it air"), and the special before the series.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Question:
    intent: str
    subject: str = ""
    focus: str | None = None


_COMMANDS = {
    "episode": "episode",
    "ep": "episode",
    "episodes": "episodes",
    "track": "track",
    "soundtrack": "soundtrack",
    "ost": "soundtrack",
    "cast": "cast",
    "who": "cast",
    "ratings": "ratings",
    "rating": "ratings",
    "special": "special",
    "about": "about",
    "credits": "credits",
    "help": "help",
    "song": "song",
}

_NUMBER_WORDS = {
    word: n
    for n, words in enumerate(
        [
            (),
            ("one", "first", "1st"),
            ("two", "second", "2nd"),
            ("three", "third", "3rd"),
            ("four", "fourth", "4th"),
            ("five", "fifth", "5th"),
            ("six", "sixth", "6th"),
            ("seven", "seventh", "7th"),
            ("eight", "eighth", "8th"),
            ("nine", "ninth", "9th"),
            ("ten", "tenth", "10th"),
            ("eleven", "eleventh", "11th"),
            ("twelve", "twelfth", "12th"),
            ("thirteen", "thirteenth", "13th"),
            ("fourteen", "fourteenth", "14th"),
            ("fifteen", "fifteenth", "15th"),
            ("sixteen", "sixteenth", "16th"),
            ("seventeen", "seventeenth", "17th"),
            ("eighteen", "eighteenth", "18th"),
            ("nineteen", "nineteenth", "19th"),
            ("twenty", "twentieth", "20th"),
            ("twenty one", "twenty-one", "twenty first", "twenty-first", "21st"),
            ("twenty two", "twenty-two", "twenty second", "twenty-second", "22nd"),
            ("twenty three", "twenty-three", "twenty third", "twenty-third", "23rd"),
        ]
    )
    for word in words
}
_KANJI_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
LAST = -1  # "the last episode": resolved against the series' count

_ORDINAL = (
    r"(\d+(?:st|nd|rd|th)|twenty[- ]?(?:first|second|third)|twentieth|"
    r"(?:thir|four|fif|six|seven|eigh|nine)teenth|"
    r"first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth)"
)
_NUM = r"(\d+|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_EPISODE_WORD = r"(?:episode|epsiode|espisode|episdoe|eposide|episod|epiosde|ep|eps)"
_EP_REF = re.compile(
    rf"\b{_EPISODE_WORD}\.?\s*(?:no\.?\s*|number\s*|#\s*)?{_NUM}\b(?![.,]\d)"
    rf"|\b{_NUM}\s+{_EPISODE_WORD}\b"
    r"|第?\s*([0-9一二三四五六七八九十]+)\s*[話回]"
    r"|エピソード\s*([0-9]+)"
    r"|\b(?P<last>last|final)\s+episode\b|\bfinale\b|(?P<last_ja>最終回|最終話)"
)
_TRACK_REF = re.compile(
    rf"\b(?:track|trk|song)\s*(?:no\.?\s*|number\s*|#\s*)?{_NUM}\b(?![.,]\d)"
    rf"|\b{_NUM}\s+track\b|\b(?P<last>last|final)\s+track\b"
)
_SUBJECT_TAIL = re.compile(
    r"\s+(?:in|on|from|of)\s+(?:the\s+)?(?:drama|series|show|special|1 litre of tears|"
    r"one litre of tears|1 litre no namida)\s*$"
)


def clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text[:500]).casefold()
    text = text.replace("’", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" ?!.。？！")


def subject(text: str) -> str:
    text = _SUBJECT_TAIL.sub("", text.strip(" \"'?!.「」『』"))
    text = re.sub(r"^(?:the|a|an)\s+", "", text)
    return text.strip(" \"'「」『』")


def episode_number(text: str) -> int | None:
    """8, "ep 8", "episode eight", "第8話", "eighth episode", "finale" → a number (LAST)."""
    t = clean(text)
    if re.fullmatch(r"#?\s*\d+", t):
        return int(t.lstrip("# "))
    if t in _NUMBER_WORDS:
        return _NUMBER_WORDS[t]
    if t in ("last", "final", "last one"):
        return LAST
    m = _EP_REF.search(t)
    if not m:
        return None
    if m.group("last") or m.group("last_ja") or "finale" in m.group(0):
        return LAST
    raw = next(g for g in m.groups() if g)
    return _to_int(raw)


def track_number(text: str) -> int | None:
    """5, "track 5", "the fifth track", "track five", "last track" → a number (LAST)."""
    t = clean(text)
    if re.fullmatch(r"#?\s*\d+", t):
        return int(t.lstrip("# "))
    if t in _NUMBER_WORDS:
        return _NUMBER_WORDS[t]
    m = _TRACK_REF.search(t) or re.search(rf"\b{_ORDINAL}\s+(?:track|song)\b", t)
    if not m:
        return None
    if "last" in m.groupdict() and m.group("last"):
        return LAST
    raw = next(g for g in m.groups() if g)
    return _to_int(raw)


def _to_int(raw: str) -> int:
    if raw.isdigit():
        return int(raw) if len(raw) <= 9 else 10**9  # absurd sizes stay absurd, cheaply
    raw = re.sub(r"(?<=\d)(?:st|nd|rd|th)$", "", raw)
    if raw.isdigit():
        return int(raw)
    if raw in _NUMBER_WORDS:
        return _NUMBER_WORDS[raw]
    # Kanji numerals up to 99: 八 → 8, 十一 → 11, 二十 → 20.
    tens, _, ones = raw.partition("十")
    if "十" in raw:
        return (_KANJI_DIGITS.get(tens, 1) if tens else 1) * 10 + _KANJI_DIGITS.get(ones, 0)
    return _KANJI_DIGITS.get(raw, 0)


# (pattern, intent, focus); the first group, if any, is the subject.
_RULES: list[tuple[re.Pattern[str], str, str | None]] = [
    (re.compile(p), intent, focus)
    for p, intent, focus in [
        (r"^(?:help|commands|what can you do|how do i use (?:you|this|namida))$", "help", None),
        (r"^about$", "about", None),
        # Questions the sources cannot answer, said plainly rather than guessed.
        (r"\bopening (?:song|theme)\b|\bop song\b", "unknown", "opening"),
        # Other tellings of the same story (a film of the diary, say).
        (
            r"\b(?:in|of|was there|is there) (?:a|an|the) (?:\d{4} )?(?:movie|film|adaptation)\b|\b(?:movie|film) (?:version|adaptation)\b|\b\d{4} (?:movie|film)\b|映画",
            "about",
            "adaptations",
        ),
        # A life: only real people are born, grow old and die.
        (
            r"^(?:when|what year|where) (?:did|was|is) (.+?) (?:die|died|born|pass away|passed away)$",
            "life",
            None,
        ),
        (
            r"^(?:how old|what age) (?:was|is|did) (.+?)(?: when (?:she|he) died| die| at (?:her|his) death)?$",
            "life",
            None,
        ),
        (r"^(?:does|did|do) (.+?) die$", "life", None),
        (
            r"\b(?:disease|illness|sickness|condition|ataxia|sca)\b(?!.*\b(?:chose|choose|actor|actress|director|writer|composer)\b)|病気|病名",
            "about",
            "illness",
        ),
        (r"\bclass\b.*\bsings?\b|\bsings?\b.*\bclass\b|\bchoir\b|合唱", "song", "choir song"),
        # Japanese questions about who played a role.
        (r"^(.+?)(?:の)?役は(?:誰|だれ)", "actor_of", None),
        (r"^(?:誰|だれ)が(.+?)を演じ", "actor_of", None),
        (r"^(.+?)を演じた(?:の|人)", "actor_of", None),
        # Who made a song or track: its composer is not on record, its artist is.
        (
            r"^who (?:composed|wrote|made) (?!it$)(?!.*\b(?:music|score|soundtrack|ost|drama|series|show|script|screenplay|book|diary|special|episodes?)\b)(.+)$",
            "song",
            "maker",
        ),
        # Who played whom.
        (
            r"^(?:who|which actor|which actress)(?: (?:is|was))? (?:played|plays|playing|"
            r"portrayed|portrays|acted as|acts as|plays the role of|played the role of|"
            r"played the part of|voiced) (?:the role of |the part of )?(.+)$",
            "actor_of",
            None,
        ),
        (
            r"^(?:who is|who's|who was) the (?:actor|actress) (?:for|of|playing|who plays) (.+)$",
            "actor_of",
            None,
        ),
        (r"^(.+?) (?:is|was) played by (?:who|whom)$", "actor_of", None),
        (r"^(?:actor|actress) (?:for|of) (.+)$", "actor_of", None),
        (
            r"^(?:what|which) (?:role|character|part)s? (?:did|does|do|has) (.+?) "
            r"(?:play|played|portray|have)$",
            "role_of",
            None,
        ),
        (r"^who (?:did|does) (.+?) play(?: in .+)?$", "role_of", None),
        (r"^(?:what|which) (?:role|character) (?:is|was) (.+?)$", "role_of", None),
        # Songs and tracks.
        (
            r"^who (?:sings|sang|sing|performs|performed|performs the|recorded) (.+)$",
            "song",
            "artist",
        ),
        (r"^(?:singer|artist|performer) of (.+)$", "song", "artist"),
        (
            r"^(?:which|what) track (?:is|was|has|contains) (?:called |named |titled )?(.+)$",
            "track",
            None,
        ),
        (r"^track (?:number |no\.? |#)?(?!\d+\b)(.+)$", "track", None),
        # Episodes named by title.
        (
            r"^(?:which|what) episode (?:is|was) (?:called|named|titled) (.+)$",
            "episode",
            "title",
        ),
        (r"^(?:which|what) episode (?:has|had) the (?:title|name) (.+)$", "episode", "title"),
        (r"^episode (?:called|named|titled) (.+)$", "episode", "title"),
        (r"\bspecial\b|特別編|追憶|\bmemories\b|\b2007\b|\bsequel\b", "special", None),
        (
            r"\bhow many (?:tracks|songs)\b|\bnumber of tracks\b|\btrack count\b",
            "soundtrack",
            "count",
        ),
        (r"^(?:which|what) episode is (.+)$", "episode", "title"),
        (
            r"\bhow many (?:episodes|eps|parts)\b|\bnumber of episodes\b|\bepisode count\b|何話",
            "episodes",
            "count",
        ),
    ]
]

# Topic rules: no subject, the question only names what it is about.
_TOPICS: list[tuple[re.Pattern[str], str, str | None]] = [
    (re.compile(p), intent, focus)
    for p, intent, focus in [
        (r"\brelated (?:shows?|dramas?|series)\b|\btears of happiness\b", "about", "related"),
        (
            r"\b(?:the lead|lead (?:actor|actress|role)s?|main (?:actor|actress|character)s?|protagonist|heroine|who stars)\b|主演|主人公",
            "cast",
            "lead",
        ),
        (
            r"\b(?:lowest|worst)\b.*\b(?:rating|ratings|rated|watched|viewers)\b|\bleast watched\b|最低視聴率",
            "ratings",
            "low",
        ),
        (
            r"\b(?:highest|best|peak|top|most watched|max(?:imum)?)\b.*\b(?:rating|ratings|rated|watched|viewers|viewership)\b|\bmost watched\b|最高視聴率",
            "ratings",
            "high",
        ),
        (
            r"\b(?:average|mean|overall)\b.*\b(?:rating|ratings|viewership)\b|\b(?:rating|ratings) average\b|平均視聴率",
            "ratings",
            "average",
        ),
        (r"\b(?:rating|ratings|viewership|viewers|audience share|share)\b|視聴率", "ratings", None),
        (
            r"\b(?:compos(?:e|ed|er|ers)|music (?:by|for)|who did the music|score)\b|\bwho (?:made|wrote) the music\b|音楽|作曲",
            "credits",
            "Music",
        ),
        (r"\bdirect(?:ed|or|ors|s)?\b|監督|演出", "credits", "Director"),
        (
            r"\b(?:screenwriters?|screenplay|scriptwriters?|writers?)\b|\bwho wrote (?:it|the (?:drama|series|show|episodes?|script))\b|\bwriter of\b|脚本",
            "credits",
            "Screenplay",
        ),
        (r"\bproduc(?:ed|er|ers)\b", "credits", "Producer"),
        (
            r"\b(?:production compan(?:y|ies)|studio|made by|which company)\b",
            "credits",
            "Production",
        ),
        (r"\b(?:credits|staff|crew)\b", "credits", None),
        (
            r"\b(?:theme song|theme tune|ending theme|ending song|end song|main song)\b|主題歌",
            "song",
            "theme song",
        ),
        (r"\binsert song\b|挿入歌", "song", "insert song"),
        (r"\bchoir song\b|\bclass (?:sings|sang)\b", "song", "choir song"),
        (r"\b(?:soundtrack|ost|album|track ?list|songs|music)\b", "soundtrack", None),
        (
            r"\b(?:based on|true story|real story|real life|real events|really happen|diary|book|novel|adapted|adaptation|original work|who wrote the|author|original author|who created it|copies|sold|sales|bestseller|gentosha|published)\b|原作|日記",
            "about",
            "based_on",
        ),
        (r"\b(?:page views|fans|forum posts|wall posts|photos)\b", "about", "page_stats"),
        (
            r"\b(?:channel|network|broadcaster|tv station|station|broadcast on|aired on|what tv)\b",
            "about",
            "broadcaster",
        ),
        (
            r"\b(?:when did (?:it|the (?:drama|series|show)) (?:air|start|begin|end|finish|premiere|come out)|air ?dates?|premiered?|when was it (?:on|shown|aired|broadcast|released)|when did it come out|release date|what year|which year|first aired|last aired|time slot|what time|what day|how long is (?:an|each|one|every) episode|episode length|runtime|how many minutes|tuesdays?)\b|when did (?:1|one) litre of tears (?:air|start|come out)|放送日|放送",
            "about",
            "aired",
        ),
        (
            r"\b(?:other (?:titles|names)|alternative (?:titles|names)|also known as|aka|japanese (?:title|name)|original title|english title|another name|other name)\b",
            "about",
            "titles",
        ),
        (
            r"\b(?:what is (?:it|the (?:drama|series|show)) about|synopsis|plot|story|summary|premise|what happens)\b",
            "about",
            None,
        ),
        (
            r"\b(?:cast|actors|actresses|who is in it|who's in it|starring|characters)\b|キャスト|出演",
            "cast",
            None,
        ),
        (
            r"\b(?:episode list|list of episodes|all episodes|episodes|episode titles)\b",
            "episodes",
            None,
        ),
        (r"\b(?:country|which country|where is it from)\b", "about", "country"),
    ]
]

_WHO_IS = re.compile(
    r"^(?:who is|who's|who was|who are|tell me about|what about|info on|about) (.+)$"
)
_EPISODE_FIELD = [
    (re.compile(r"\bjapanese\b|日本語|原題"), "japanese"),
    (re.compile(r"\b(?:air|aired|airs|broadcast|shown|date|when)\b"), "aired"),
    (re.compile(r"\b(?:rating|ratings|rated|viewers|viewership|watched|share)\b|視聴率"), "rating"),
    (re.compile(r"\b(?:title|called|named|name)\b"), "title"),
]
_CREDITS_WORDS = re.compile(r"\b(?:direct\w*|wrote|writer|screenplay|script|compos\w*|produc\w*)\b")
_FILLER = re.compile(
    r"\b(?:what|whats|what's|who|whos|who's|which|when|where|how|is|was|are|were|the|a|an|"
    r"of|in|on|did|does|do|tell|me|about|please|s|it|drama|series|show)\b"
)


def parse(text: str) -> Question:
    t = clean(text)
    if not t:
        return Question("empty")
    slash = re.match(r"^/(\w+)\s*(.*)$", t)
    if slash:
        command, rest = slash.groups()
        if command == "ask":
            return parse(rest)
        if command in _COMMANDS:
            return Question(_COMMANDS[command], rest.strip())
        return Question("unknown_command", command)

    for pattern, intent, focus in _RULES:
        m = pattern.search(t)
        if m:
            return Question(intent, subject(m.group(1)) if m.groups() else "", focus)

    ep = _episode_question(t)
    if ep:
        return ep
    track = _TRACK_REF.search(t) or re.search(rf"\b{_ORDINAL}\s+(?:track|song)\b", t)
    if track:
        return Question("track", track.group(0))

    for pattern, intent, focus in _TOPICS:
        if pattern.search(t):
            return Question(intent, "", focus)

    m = _WHO_IS.match(t)
    if m:
        return Question("who", subject(m.group(1)))
    return Question("search", subject(_FILLER.sub(" ", t)) if len(t.split()) > 1 else t)


def _episode_question(t: str) -> Question | None:
    m = _EP_REF.search(t)
    if not m or _CREDITS_WORDS.search(t):
        return None  # "who directed episode 1": the credits are the series'
    focus = next((f for pattern, f in _EPISODE_FIELD if pattern.search(t)), None)
    # "the finale's rating" and "highest rating" differ: topic rules handle the latter.
    return Question("episode", m.group(0), focus)
