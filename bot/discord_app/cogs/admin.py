"""/reload and /misses: for the bot's owners (OWNER_IDS) only.

Both are hidden from members without Administrator by default, but the real
guard is the owner check here: anyone else gets a private refusal. Replies
come in the owner's language, like every other answer; the knowledge file's
own problems (its paths and validation messages) are quoted as ``namida check``
prints them.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot import misses
from bot.discord_app.client import NamidaBot, NotOwner
from bot.discord_app.embeds import DESCRIPTION_MAX, build_embed, echo, escape
from bot.discord_app.reloading import Reloaded, reload_knowledge
from bot.discord_app.replies import log_answer, no_mentions, send_private
from bot.discord_app.translator import lang_of
from bot.engine.text import clip
from bot.i18n import N_, _, ngettext, using
from bot.knowledge.loader import Problem
from bot.knowledge.summary import summarize
from bot.store import MissSummary, StoreError

log = logging.getLogger(__name__)

BAD_SINCE = N_("since must be a date like 2024-05-01 (YYYY-MM-DD), not “{since}”.")
TITLE = N_("Unanswered questions")
LINE_MAX = 300  # one problem or one question, shown
MISSES_SHOWN = 10
MISSES_MAX = 25
FLUSH_WAIT = 1.0  # seconds /misses waits for misses still being written


class Admin(commands.Cog):
    def __init__(self, bot: NamidaBot) -> None:
        self.bot = bot

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Every command here is for owners only; anyone else gets a private refusal."""
        name = interaction.command.name if interaction.command else "?"
        if interaction.user.id in self.bot.settings.owner_ids:
            return True
        if not self.bot.settings.owner_ids:
            # No OWNER_IDS: the application's owner (or team) in the Developer
            # Portal, which discord.py looks up once and caches.
            try:
                if await self.bot.is_owner(interaction.user):
                    return True
            except discord.HTTPException:
                log.warning("refused /%s: could not look up the application's owner", name)
        raise NotOwner(name)  # the errors cog tells them, in their language

    @app_commands.command(
        name="reload",
        description=locale_str("Reload the knowledge file without a restart (owners only)"),
    )
    @app_commands.default_permissions(administrator=True)
    async def reload(self, interaction: discord.Interaction) -> None:
        started = time.perf_counter()
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await reload_knowledge(self.bot, trigger="/reload")
        with using(lang_of(interaction)):
            embed = reload_embed(result)
        await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=no_mentions())
        log_answer("/reload", "reloaded" if result.ok else "rejected", started)

    @app_commands.command(
        name="misses", description=locale_str("Questions I could not answer (owners only)")
    )
    @app_commands.rename(since=locale_str("since"), limit=locale_str("limit"))
    @app_commands.describe(
        since=locale_str("Only questions asked on or after this day (YYYY-MM-DD, UTC)"),
        limit=locale_str("How many to show (1–25, default 10)"),
    )
    @app_commands.default_permissions(administrator=True)
    async def misses(
        self,
        interaction: discord.Interaction,
        since: app_commands.Range[str, 1, 20] | None = None,
        limit: app_commands.Range[int, 1, MISSES_MAX] = MISSES_SHOWN,
    ) -> None:
        started = time.perf_counter()
        try:
            start = misses.parse_since(since)
        except ValueError:
            with using(lang_of(interaction)):
                refusal = _(BAD_SINCE).format(since=echo(since or ""))
            await send_private(interaction, refusal)
            return
        await interaction.response.defer(ephemeral=True, thinking=True)
        # Show the misses of the last moments too, without waiting long on a store that is down.
        await self.bot.writer.flush(FLUSH_WAIT)
        try:
            summary = await self.bot.store.miss_summary(since=start, limit=limit)
        except StoreError as exc:
            log.warning("/misses: %s", exc)
            with using(lang_of(interaction)):
                embed = build_embed(_(TITLE), escape(str(exc)))
        else:
            with using(lang_of(interaction)):
                embed = misses_embed(summary)
        await interaction.followup.send(embed=embed, ephemeral=True, allowed_mentions=no_mentions())
        log_answer("/misses", "found", started)


def _shown(text: str) -> str:
    text = misses.printable(text)  # no control characters from a stored question
    return echo(clip(text, LINE_MAX))


def _fit(header: str, lines: list[str], more: str) -> str:
    """``header`` and as many ``lines`` as fit a description, then ``more`` with the rest."""
    kept: list[str] = []
    budget = DESCRIPTION_MAX - len(header) - len(more.format(n=len(lines))) - 2
    for line in lines:
        if len(line) + 1 > budget:
            break
        kept.append(line)
        budget -= len(line) + 1
    left = len(lines) - len(kept)
    tail = [more.format(n=left)] if left else []
    return "\n".join([header, *kept, *tail])


def _problem_line(problem: Problem) -> str:
    where = Path(problem.file).name + (f":{problem.line}" if problem.line else "")
    return f"• `{where}` {_shown(problem.path)}: {_shown(problem.message)}"


def reload_embed(result: Reloaded) -> discord.Embed:
    """The owner's reply: what is loaded now, or every problem that kept the old version."""
    path = escape(str(result.path))
    if result.ok:
        return build_embed(
            _("Knowledge reloaded"),
            _("Now answering from {path}: {summary} (read in {seconds} s).").format(
                path=path,
                summary=summarize(result.knowledge) if result.knowledge else result.summary,
                seconds=f"{result.seconds:.2f}",
            ),
        )
    count = len(result.problems)
    header = ngettext(
        "{path} has {count} problem; the bot goes on answering from the version it had. "
        "Fix the file (`namida check` shows the same list) and /reload again.",
        "{path} has {count} problems; the bot goes on answering from the version it had. "
        "Fix the file (`namida check` shows the same list) and /reload again.",
        count,
    ).format(path=path, count=count)
    lines = [_problem_line(p) for p in result.problems]
    body = _fit(header, lines, _("…and {n} more (every problem is in the bot's log)."))
    title = ngettext(
        "Not reloaded: {count} problem in the knowledge file",
        "Not reloaded: {count} problems in the knowledge file",
        count,
    )
    return build_embed(title.format(count=count), body)


def misses_embed(summary: MissSummary) -> discord.Embed:
    """The most frequent unanswered questions, as ``/misses`` shows them."""
    lines = []
    for group in summary.groups:
        seen = group.last_seen.strftime("%Y-%m-%d %H:%M")
        via = _shown(", ".join(group.commands))
        lines.append(
            _("**{count}×** {question} · last {seen} UTC · {via}").format(
                count=group.count, question=_shown(group.example), seen=seen, via=via
            )
        )
    more = _("…and {n} more: `namida misses` lists them.")
    return build_embed(_(TITLE), _fit(misses.describe(summary), lines, more))


async def setup(bot: NamidaBot) -> None:
    await bot.add_cog(Admin(bot))
