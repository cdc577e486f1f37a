"""/ask and mentions: free-text questions ("when did episode 8 air?")."""

from __future__ import annotations

import logging
import re
import time

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands
from discord.utils import escape_markdown

from bot.discord_app.client import NamidaBot
from bot.discord_app.replies import (
    APOLOGY,
    answer_interaction,
    log_answer,
    no_mentions,
    slow_down,
)
from bot.discord_app.translator import lang_of_mention
from bot.engine import intro
from bot.engine.answers import Status
from bot.engine.text import QUESTION_MAX
from bot.i18n import N_, _, using

log = logging.getLogger(__name__)

# The series' title and the example come from the knowledge and its lexicon file.
EMPTY_MENTION = N_(
    "Ask me anything about {title} after the mention, e.g. “{question}”, or type /help."
)
EMPTY_MENTION_PLAIN = N_("Ask me anything about {title} after the mention, or type /help.")


def mention_question(content: str, bot_id: int) -> str | None:
    """The question in a message that mentions the bot, or None if it does not.

    Both mention forms count (``<@ID>`` and the older nickname form ``<@!ID>``),
    anywhere in the message; they are removed from the question with the comma
    or colon that sets them off ("@Namida, who…", "who…, @Namida?").
    """
    if not re.search(rf"<@!?{bot_id}>", content):
        return None
    text = re.sub(rf"(?:,\s*)?<@!?{bot_id}>[,:]?", "", content)
    return " ".join(text.split())


class Ask(commands.Cog):
    def __init__(self, bot: NamidaBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="ask", description=locale_str("Ask anything about the drama in your words")
    )
    @app_commands.rename(question=locale_str("question"))
    @app_commands.describe(
        question=locale_str("A question about an episode, a role, a song, the story…")
    )
    async def ask(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, QUESTION_MAX],
    ) -> None:
        await answer_interaction(interaction, lambda engine: engine.ask(question), question)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        me = self.bot.user
        if message.author.bot or me is None or me not in message.mentions:
            return
        question = mention_question(message.content, me.id)
        if question is None:  # e.g. only the reply ping, no mention in the text
            return
        guild_id = message.guild.id if message.guild else None
        chosen = self.bot.guild_settings.get(guild_id)
        if not chosen.answers_mentions_in(
            message.channel.id, getattr(message.channel, "parent_id", None)
        ):
            return  # the server's managers chose other channels (/settings mentions)
        with using(lang_of_mention(self.bot, message, question)):
            await self._answer(message, question, guild_id)

    async def _answer(self, message: discord.Message, question: str, guild_id: int | None) -> None:
        """Reply to one mention, in the current language."""
        cooldown = self.bot.cooldown_for(guild_id)
        retry_after = cooldown.hit(message.author.id)
        if retry_after is not None:
            if cooldown.first_refusal(message.author.id, retry_after):
                await self._reply(message, content=slow_down(retry_after))
            return
        if not question:
            await self._reply(message, content=self._empty_mention())
            return
        started = time.perf_counter()
        try:
            engine = self.bot.engine
            answer = engine.ask(question[:QUESTION_MAX])
            reveal = self.bot.guild_settings.get(guild_id).reveal_spoilers  # /settings spoilers
            embed = self.bot.rendered.render(engine, answer, reveal_spoilers=reveal)
        except Exception:
            log.exception("answering a mention failed")
            await self._reply(message, content=_(APOLOGY))
            return
        if answer.status is Status.NOT_FOUND:
            self.bot.record_miss(question, "mention")  # only queued: written off the loop
        await self._reply(message, embed=embed)
        log_answer("mention", answer.status, started)

    def _empty_mention(self) -> str:
        """What to ask, for a mention with no question, in the current language."""
        engine = self.bot.engine
        title = escape_markdown(intro.title(engine.knowledge.series))
        question = intro.question(engine.lexicon.examples)
        if question is None:
            return _(EMPTY_MENTION_PLAIN).format(title=title)
        return _(EMPTY_MENTION).format(title=title, question=escape_markdown(question))

    async def _reply(
        self,
        message: discord.Message,
        *,
        content: str | None = None,
        embed: discord.Embed | None = None,
    ) -> None:
        try:
            await message.channel.send(
                content,
                embeds=[embed] if embed is not None else [],
                reference=message.to_reference(fail_if_not_exists=False),
                mention_author=False,
                allowed_mentions=no_mentions(),
            )
        except discord.HTTPException as exc:  # no permission to write there, or gone
            log.warning("could not reply to a mention: %s %s", exc.status, exc.text)


async def setup(bot: NamidaBot) -> None:
    await bot.add_cog(Ask(bot))
