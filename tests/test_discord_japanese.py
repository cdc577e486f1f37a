"""Japanese users on Discord: the real bot through the fake, with the interaction's locale "ja".

The language follows the user's Discord locale: "ja" gets Japanese, every other
locale English. Every body the bot sends (the command sync included) is checked
against Discord's OpenAPI description by the fake.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest
from discord_helpers import ManualClock, embed_text, namida_on_fake
from fake_discord import BotUnderTest, conformance
from fake_discord.payloads import BASIC_PERMISSIONS, MANAGE_GUILD
from fake_discord.server import BotResponse
from quiz_helpers import button_id, expected_questions, rig

from bot.discord_app.cooldown import UserCooldown
from bot.discord_app.embeds import escape
from bot.discord_app.translator import valid_name
from bot.i18n import Lang, using
from bot.store import GuildSettings, Language

pytestmark = pytest.mark.timeout(30)

EPHEMERAL = 64
# Labels a reader of either language sees on an episode; neither may leak into the other.
ENGLISH_LABELS = ("Aired", "Rating", "Japanese title", "Sources:")
JAPANESE_LABELS = ("放送", "視聴率", "英題", "出典：")


@pytest.fixture(scope="module")
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def live() -> Any:
    async with namida_on_fake() as running:
        yield running


async def slash(live: BotUnderTest, name: str, locale: str = "ja", **options: Any) -> BotResponse:
    handle = await live.fake.send_slash_command(name, options, locale=locale)
    return await handle.response()


def only_embed(reply: BotResponse) -> dict[str, Any]:
    assert len(reply.embeds) == 1, reply.body
    return reply.embeds[0]


def field(embed: dict[str, Any], name: str) -> str:
    return next(f["value"] for f in embed.get("fields") or [] if f["name"] == name)


# ----------------------------------------------------------------- the commands' own words


def synced_commands(live: BotUnderTest) -> list[dict[str, Any]]:
    puts = live.fake.requests_to("PUT", "command_sync")
    assert puts, "the bot never synced its commands"
    body: list[dict[str, Any]] = puts[-1].body
    return body


def discord_locales() -> set[str]:
    schema = conformance.load_spec()["components"]["schemas"]["AvailableLocalesEnum"]
    return {option["const"] for option in schema["oneOf"]}


SUBCOMMAND, SUBCOMMAND_GROUP = 1, 2


def check_localised(item: dict[str, Any], locales: set[str], seen: dict[str, int]) -> None:
    """One command, subcommand or option of the sync body, and everything under it."""
    # Types 1 and 2: a command (or subcommand) and a group; the rest are options.
    is_command = item.get("type") in (SUBCOMMAND, SUBCOMMAND_GROUP)
    names = item.get("name_localizations") or {}
    described = item.get("description_localizations") or {}
    assert set(names) <= locales and set(described) <= locales
    assert described.get("ja"), f"{item['name']} has no Japanese description"
    assert described["ja"] != item["description"] and 1 <= len(described["ja"]) <= 100
    if is_command:
        # Command names stay English everywhere (docs/translating.md): no localised name.
        assert not names, item["name"]
        seen["commands"] += 1
    else:
        assert names.get("ja") and valid_name(names["ja"]), item
        assert names["ja"] != item["name"]
        seen["options"] += 1
    for choice in item.get("choices") or []:
        localised = (choice.get("name_localizations") or {}).get("ja")
        assert localised and localised != choice["name"] and len(localised) <= 100, choice
        seen["choices"] += 1
    for option in item.get("options") or []:
        check_localised(option, locales, seen)


async def test_sync_body_carries_japanese_for_descriptions_and_options(live: BotUnderTest) -> None:
    locales = discord_locales()
    assert "ja" in locales
    seen = {"commands": 0, "options": 0, "choices": 0}
    for command in synced_commands(live):
        assert "required" not in command
        check_localised(command, locales, seen)
    # Every command and subcommand, every option, every choice.
    assert seen["commands"] >= 20 and seen["options"] >= 12 and seen["choices"] >= 15, seen
    # The fake already validated every PUT body against the OpenAPI description.
    assert not [v for r in live.fake.requests for v in r.violations]


def test_discord_naming_rule() -> None:
    assert valid_name("エピソード") and valid_name("since") and valid_name("件数")
    assert not valid_name("Episode")  # upper case
    assert not valid_name("two words") and not valid_name("") and not valid_name("x" * 33)


# ----------------------------------------------------------------- every command in Japanese


async def test_episode_in_japanese(live: BotUnderTest) -> None:
    reply = await slash(live, "episode", episode="8")
    embed = only_embed(reply)
    assert embed["title"] == "第8話「1リットルの涙」"
    assert field(embed, "英題") == "1 litre of tears"
    assert field(embed, "放送") == "2005年11月29日（火）（フジテレビ）"
    assert embed["footer"]["text"].startswith("出典：")
    text = embed_text(embed)
    assert not any(label in text for label in ENGLISH_LABELS)


async def test_a_japanese_user_types_a_japanese_title(live: BotUnderTest) -> None:
    embed = only_embed(await slash(live, "episode", episode="ラブレター"))
    assert embed["title"] == "第10話「ラブレター」"


@pytest.mark.parametrize(
    ("command", "options", "expected"),
    [
        ("episodes", {}, ["全11話", "2005年10月11日（火）から2005年12月20日（火）まで"]),
        ("track", {"track": "22"}, ["トラック22「粉雪 (ピアノ・バージョン)」", "挿入歌"]),
        ("soundtrack", {}, ["作曲", "（記載なし）", "上田益 (Ueda Susumu)"]),
        ("cast", {"who": "Haruto"}, ["麻生遥斗 — 錦戸亮", "演：錦戸亮 (Nishikido Ryo)"]),
        ("cast", {}, ["のキャスト", "池内亜也 — 沢尻エリカ (Sawajiri Erika)（主演）"]),
        ("ratings", {}, ["視聴率", "全話平均：15.1%", "最終話"]),
        ("special", {}, ["2007年4月5日（木）", "新しい登場人物"]),
        ("about", {}, ["1リットルの涙 (One Litre of Tears)", "放送局", "フジテレビ"]),
        ("credits", {}, ["制作スタッフ", "脚本", "江頭美智留 (Egashira Michiru)"]),
        (
            "ask",
            {"question": "主題歌は？"},
            ["ドラマでは主題歌（エンディングテーマ）として使われました。"],
        ),
    ],
)
async def test_each_command_answers_in_japanese(
    live: BotUnderTest, command: str, options: dict[str, str], expected: list[str]
) -> None:
    reply = await slash(live, command, **options)
    assert not reply.ephemeral, reply.body
    text = embed_text(only_embed(reply))
    for part in expected:
        assert part in text, (part, text)
    assert "Sources:" not in text and "Episode " not in text


async def test_help_in_japanese(live: BotUnderTest) -> None:
    embed = only_embed(await slash(live, "help"))
    assert embed["title"] == "質問のしかた"
    text = embed["description"]
    assert "`/episode <エピソード>`：各話のタイトル・放送日・視聴率（例：`/episode 8`）" in text
    assert "`/cast [名前]`" in text and "`/ask 遥斗を演じたのは誰？`" in text
    # The title and the examples in Japanese, from the knowledge and its lexicon file.
    assert "2005年のドラマ**『1リットルの涙』**（One Litre of Tears、1 Litre no Namida）" in text
    assert "`/cast 遥斗`" in text and "「@" in text and " 遥斗を演じたのは誰？」" in text
    assert "What I can answer" not in text and "e.g." not in text
    assert "reload" not in text  # owner tools stay out of the fans' help


# ----------------------------------------------------------------- misses, English, other locales


async def test_not_found_in_japanese(live: BotUnderTest) -> None:
    reply = await slash(live, "episode", episode="42")
    assert reply.flags & EPHEMERAL
    embed = only_embed(reply)
    assert embed["title"] == "第42話はありません"
    text = embed["description"]
    assert (
        "もしかして **第1話 · ある青春の始まり**、**第11話 · 遠くへ、涙の尽きた場所に** ですか？"
        in text
    )
    assert "エピソードは第1話から第11話まであります。" in text
    assert "Did you mean" not in text


async def test_unknown_question_in_japanese(live: BotUnderTest) -> None:
    reply = await slash(live, "ask", question="明日の天気は？")
    assert reply.flags & EPHEMERAL
    embed = only_embed(reply)
    assert embed["title"].startswith("「明日の天気は") and embed["title"].endswith(
        "の答えはわかりません"
    )
    assert "についてお答えできます。" in embed["description"]


async def test_a_japanese_user_asking_in_english_is_understood(live: BotUnderTest) -> None:
    embed = only_embed(await slash(live, "ask", question="who played Haruto?"))
    assert embed["title"] == "麻生遥斗 — 錦戸亮"
    assert "演：錦戸亮 (Nishikido Ryo)" in embed_text(embed)


@pytest.mark.parametrize("locale", ["en-US", "en-GB", "fr", "zh-TW", "ko"])
async def test_other_locales_see_no_japanese_labels(live: BotUnderTest, locale: str) -> None:
    embed = only_embed(await slash(live, "episode", locale=locale, episode="8"))
    assert embed["title"] == "Episode 8: 1 litre of tears"
    text = embed_text(embed)
    assert "Tuesday 29 November 2005" in field(embed, "Aired")
    assert field(embed, "Japanese title") == "1リットルの涙"  # data, not a label
    labels = [f["name"] for f in embed["fields"]] + [embed["footer"]["text"]]
    assert not any(ja in label for ja in JAPANESE_LABELS for label in labels)
    assert "年" not in text and "（" not in text


# ----------------------------------------------------------------- autocomplete


@pytest.mark.parametrize(
    ("command", "option", "typed", "label"),
    [
        ("episode", "episode", "8", "第8話 · 1リットルの涙"),
        ("episode", "episode", "1リットル", "第8話 · 1リットルの涙"),
        ("episode", "episode", "one litre", "第8話 · 1リットルの涙"),
        ("track", "track", "22", "22 · 粉雪 (ピアノ・バージョン)"),
        ("track", "track", "粉雪", "22 · 粉雪 (ピアノ・バージョン)"),
        ("track", "track", "konayuki", "22 · 粉雪 (ピアノ・バージョン)"),
        ("cast", "who", "遥斗", "麻生遥斗 — 錦戸亮"),
        ("cast", "who", "haruto", "麻生遥斗 — 錦戸亮"),
        ("cast", "who", "錦戸", "錦戸亮 — 麻生遥斗"),
    ],
)
async def test_autocomplete_in_japanese_matches_both_scripts(
    live: BotUnderTest, command: str, option: str, typed: str, label: str
) -> None:
    choices = await live.fake.send_autocomplete(command, option, typed, locale="ja")
    assert label in [c["name"] for c in choices], choices
    chosen = next(c for c in choices if c["name"] == label)
    # The value is the same whatever the language: choosing it answers the same thing.
    english = await live.fake.send_autocomplete(command, option, typed, locale="en-US")
    assert chosen["value"] in [c["value"] for c in english]


async def test_autocomplete_for_english_users_stays_english(live: BotUnderTest) -> None:
    choices = await live.fake.send_autocomplete("episode", "episode", "8", locale="en-US")
    assert choices[0]["name"] == "8 · 1 litre of tears"


# ----------------------------------------------------------------- cooldown, mentions, errors


@contextlib.asynccontextmanager
async def cooldown_on_fake(rate: int, per: float) -> AsyncIterator[BotUnderTest]:
    async with namida_on_fake(cooldown_rate=rate, cooldown_seconds=per) as live:
        live.client.cooldown = UserCooldown(rate, per, clock=ManualClock())
        yield live


async def test_cooldown_note_in_japanese() -> None:
    async with cooldown_on_fake(1, 10) as live:
        assert not (await slash(live, "episode", episode="8")).ephemeral
        refused = await slash(live, "episode", episode="8")
        assert refused.ephemeral and refused.embeds == []
        assert refused.content == "少しゆっくりお願いします。10秒後にもう一度お試しください。"
        english = await slash(live, "episode", locale="en-US", episode="8")
        assert english.content == "Slow down a little: try again in 10 s."


async def test_a_mention_in_japanese_is_answered_in_japanese(live: BotUnderTest) -> None:
    reply = await live.fake.send_mention("遥斗を演じたのは誰？")
    assert reply is not None
    assert reply["embeds"][0]["title"] == "麻生遥斗 — 錦戸亮"
    english = await live.fake.send_mention("who played Haruto?")
    assert english is not None and english["embeds"][0]["title"] == "Asō Haruto — Nishikido Ryo"


async def test_error_apology_in_japanese(live: BotUnderTest, monkeypatch: Any) -> None:
    def broken(query: str) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(live.client.engine, "episode", broken)
    reply = await slash(live, "episode", episode="8")
    assert reply.ephemeral
    assert reply.content is not None and reply.content.startswith("申し訳ありません")


async def test_owner_tools_refuse_in_japanese() -> None:
    async with namida_on_fake(owner_ids="") as live:
        fan = live.fake.make_user("haruto_fan")
        handle = await live.fake.send_slash_command("misses", user=fan, locale="ja")
        refused = await handle.response()
        assert refused.flags & EPHEMERAL
        assert refused.content == "/misses はボットの管理者だけが使えます。"


# ----------------------------------------------------------------- a server's own language


async def test_a_server_that_chose_japanese_answers_everyone_in_japanese(
    live: BotUnderTest,
) -> None:
    guild = live.fake.guild.id
    await live.client.guild_settings.save(guild, GuildSettings(language=Language.JAPANESE))
    embed = only_embed(await slash(live, "episode", locale="en-US", episode="8"))
    assert embed["title"] == "第8話「1リットルの涙」"
    choices = await live.fake.send_autocomplete("episode", "episode", "8", locale="en-US")
    assert choices[0]["name"] == "第8話 · 1リットルの涙"
    reply = await live.fake.send_mention("who played Haruto?")
    assert reply is not None and reply["embeds"][0]["title"] == "麻生遥斗 — 錦戸亮"


async def test_a_server_that_chose_english_answers_japanese_users_in_english(
    live: BotUnderTest,
) -> None:
    guild = live.fake.guild.id
    await live.client.guild_settings.save(guild, GuildSettings(language=Language.ENGLISH))
    embed = only_embed(await slash(live, "episode", locale="ja", episode="8"))
    assert embed["title"] == "Episode 8: 1 litre of tears"
    reply = await live.fake.send_mention("遥斗を演じたのは誰？")
    assert reply is not None and reply["embeds"][0]["title"] == "Asō Haruto — Nishikido Ryo"
    # Back to each member's own language.
    await live.client.guild_settings.save(guild, GuildSettings(language=None))
    assert only_embed(await slash(live, "episode", episode="8"))["title"].startswith("第8話")


# ----------------------------------------------------------------- the quiz


async def test_a_quiz_started_in_japanese_is_played_in_japanese(live: BotUnderTest) -> None:
    fake = live.fake
    rig(live)
    with using(Lang.JA):
        questions = expected_questions(live, 2)
    handle = await fake.send_slash_command("quiz start", {"rounds": 2}, locale="ja")
    intro = (await handle.response()).embeds[0]
    assert intro["title"] == "クイズ"
    assert "全2問のクイズを始めます（テーマ：すべて、難易度：ふつう）。" in intro["description"]
    first = await fake.wait_until(
        lambda: next(
            (
                m
                for m in fake.channel_messages
                if m["embeds"][0]["title"] == "クイズ：第1問（全2問）"
            ),
            None,
        ),
        5.0,
        "the first question in Japanese",
    )
    prompt, closes = first["embeds"][0]["description"].split("\n\n")
    assert prompt == escape(questions[0].prompt) and closes.startswith("締め切り")
    assert first["embeds"][0]["footer"]["text"].startswith("制限時間")
    assert not questions[0].prompt.isascii()  # the prompt itself is Japanese
    right = questions[0].answer
    # An English-speaking player's own note is in English; the channel's reveal stays Japanese.
    wrong = await (
        await fake.click(first, button_id((right + 1) % 4), user=fake.make_user("en_fan"))
    ).response()
    assert wrong.content == "Not that one."
    win = await (await fake.click(first, button_id(right), locale="ja")).response()
    reveal = embed_text((win.data or {})["embeds"][0])
    assert "正解：" in reveal and "一番乗りで正解" in reveal and "出典：" in reveal


async def test_settings_in_japanese() -> None:
    async with namida_on_fake() as live:
        handle = await live.fake.send_slash_command(
            "settings language",
            {"language": "ja"},
            permissions=BASIC_PERMISSIONS | MANAGE_GUILD,
            locale="en-US",
        )
        assert (await handle.response()).ephemeral
        saved = (await handle.followup())["embeds"][0]
        # The server now speaks Japanese, so the confirmation does too.
        assert saved["title"] == "設定を保存しました"
        assert "• language（回答の言語）：ja" in saved["description"]
        assert "秒以内に反映されます" in saved["description"]


# ----------------------------------------------------------------- owners' reports


async def owner_report(live: BotUnderTest, name: str, locale: str = "ja", **options: Any) -> Any:
    """An owner command: a private "thinking…", then the private follow-up that reports."""
    handle = await live.fake.send_slash_command(name, options, locale=locale)
    first = await handle.response()
    assert first.type == 5 and first.flags & EPHEMERAL
    followup = await handle.followup()
    assert followup["flags"] & EPHEMERAL
    [embed] = followup["embeds"]
    return embed


async def test_owner_reports_in_japanese() -> None:
    async with namida_on_fake(owner_ids="") as live:
        reloaded = await owner_report(live, "reload")
        assert reloaded["title"] == "知識ファイルを再読み込みしました"
        assert "から答えています：11話、" in reloaded["description"]
        assert "episodes" not in reloaded["description"]

        refused = await slash(live, "misses", since="きのう")
        assert refused.ephemeral
        assert refused.content == (
            "since には 2024-05-01 のような日付（YYYY-MM-DD）を指定してください。"
            "「きのう」は日付ではありません。"
        )

        await slash(live, "ask", question="ワールドカップの優勝国は？")
        listed = await owner_report(live, "misses")
        assert listed["title"] == "答えられなかった質問"
        assert listed["description"].startswith("答えられなかった質問：1 種類、延べ 1 件。")
        assert "**1回** ワールドカップの優勝国は？ · 最終 " in listed["description"]

        english = await owner_report(live, "misses", locale="en-US")
        assert english["title"] == "Unanswered questions"
        assert "1 distinct, 1 miss in all." in english["description"]
        assert (await owner_report(live, "reload", locale="en-US"))["title"] == "Knowledge reloaded"


# ----------------------------------------------------------------- the knowledge's prose


async def test_answer_bodies_are_japanese(live: BotUnderTest) -> None:
    """A character card's description and an episode's plot come in Japanese, spoilers masked."""
    k = live.client.engine.knowledge
    aya = k.characters_by_id["ikeuchi-aya"]
    card = embed_text(only_embed(await slash(live, "cast", who="亜也")))
    assert "主人公。" in card and "治らない病気にかかっていると知る15歳" in card
    assert aya.description not in card

    plot = only_embed(await slash(live, "ask", question="第11話のあらすじ"))
    values = [f["value"] for f in plot["fields"] if f["name"].startswith("あらすじ")]
    masked = [v for v in values if v.startswith("||")]
    assert masked and all(v.endswith("||") for v in masked)
    assert any("亜也は25歳で息を引き取る" in v for v in masked)  # the ending: masked
    shown = [v for v in values if not v.startswith("||")]
    assert shown and not any("息を引き取る" in v for v in shown)
    assert not any(p.text in embed_text(plot) for ep in k.episodes for p in ep.plot)

    english = embed_text(only_embed(await slash(live, "cast", locale="en-US", who="Aya")))
    assert aya.description in english
    assert "主人公" not in english
