"""/quiz: multiple-choice questions from the knowledge, played with buttons.

One quiz per channel. Each question is a channel message with four buttons;
the first correct click wins the round (see :mod:`bot.quiz.game` for the
points) and its own interaction response is the reveal: the message is
edited once, with the right answer in green and every button disabled. Wrong,
repeated and late clicks get a short private note and change nothing, so
fifty clicks in the same second cost one message edit, not fifty. When the
time runs out with no winner, the bot edits the message itself.

Every judged answer is queued for the store (``bot.writer``: the winner's
points, or a wrong answer's zero) the moment it is judged, before any edit is
attempted: a failed edit or a rate limit never loses points.

Restarts: a quiz lives in memory only. Shutting down (``bot.close()``) stops
every running quiz and edits its current question to say so. The answer
buttons are registered as a persistent view, so a click on a question left
over from before a restart (or a crash) is still answered: the message is
edited to say the quiz has ended, with its buttons disabled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import locale_str
from discord.ext import commands

from bot.discord_app.client import NamidaBot
from bot.discord_app.embeds import build_embed, escape
from bot.discord_app.replies import log_answer, no_mentions, send_private
from bot.discord_app.translator import lang_of
from bot.i18n import Lang, _, current, using
from bot.quiz import messages
from bot.quiz.game import Game, Outcome, Round
from bot.quiz.generate import Difficulty, Question, Topic, generate
from bot.quiz.scores import Period
from bot.store import StoreError

log = logging.getLogger(__name__)

CUSTOM_ID = "namida-quiz:answer:{index}"
ROUNDS_MAX = 20
PAGE_SIZE = 10
WINNER_REVEAL_WAIT = 10.0  # seconds the round waits for the winner's own reveal edit
LEADERBOARD_TIMEOUT = 300.0

Sleep = Callable[[float], Awaitable[Any]]


def who(user_id: int) -> str:
    """A player as shown in an embed: a mention renders as their name and pings no one there."""
    return f"<@{user_id}>"


class AnswerButton(discord.ui.Button["AnswerView"]):
    def __init__(self, index: int, label: str, *, style: discord.ButtonStyle, disabled: bool):
        super().__init__(
            label=label, style=style, disabled=disabled, custom_id=CUSTOM_ID.format(index=index)
        )
        self.index = index

    async def callback(self, interaction: discord.Interaction) -> None:
        assert self.view is not None
        await self.view.cog.on_answer(interaction, self.index)


class AnswerView(discord.ui.View):
    """Four answer buttons; with ``reveal``, the right one green and all disabled."""

    def __init__(self, cog: Quiz, labels: Sequence[str], *, reveal: int | None = None) -> None:
        super().__init__(timeout=None)
        self.cog = cog
        for index, text in enumerate(labels):
            style = discord.ButtonStyle.primary
            if reveal is not None:
                good = index == reveal
                style = discord.ButtonStyle.success if good else discord.ButtonStyle.secondary
            self.add_item(AnswerButton(index, text, style=style, disabled=reveal is not None))


@dataclass
class Session:
    """A quiz running in one channel."""

    guild_id: int
    channel_id: int
    starter_id: int
    topic: Topic
    game: Game
    channel: discord.PartialMessageable
    message: discord.Message | None = None  # the question being asked, once sent
    sending: asyncio.Future[discord.Message] | None = None  # the question being sent
    view: AnswerView | None = None
    round_over: asyncio.Event = field(default_factory=asyncio.Event)
    revealed: bool = False
    asked: dict[int, int] = field(default_factory=dict)  # question message id -> round number
    task: asyncio.Task[None] | None = None
    lang: Lang = Lang.EN  # what the channel reads: the starter's language, or the server's
    started_by: discord.Interaction | None = None  # for a private word if posting fails


class Quiz(commands.Cog):
    quiz = app_commands.Group(
        name="quiz",
        description=locale_str("A multiple-choice quiz about the drama"),
        guild_only=True,
    )

    def __init__(self, bot: NamidaBot) -> None:
        self.bot = bot
        self.sessions: dict[int, Session] = {}
        self.time_limit = bot.settings.quiz_seconds
        self.pause = bot.settings.quiz_pause_seconds
        # Injected in tests: when a round times out, and what time it is.
        self.sleep: Sleep = asyncio.sleep
        self.clock: Callable[[], float] = time.monotonic
        self.seed: Callable[[], int] = lambda: random.randrange(2**32)
        self.board_timeout = LEADERBOARD_TIMEOUT
        # Clicks on questions this process never sent (asked before a restart).
        self._leftovers = AnswerView(self, ["1", "2", "3", "4"])

    async def cog_load(self) -> None:
        self.bot.add_view(self._leftovers)

    async def cog_unload(self) -> None:
        self._leftovers.stop()
        for session in list(self.sessions.values()):
            await self._end(session, messages.RESTARTED)

    # ----------------------------------------------------------------- commands

    @quiz.command(name="start", description=locale_str("Start a quiz in this channel"))
    @app_commands.choices(
        topic=[
            app_commands.Choice(name=locale_str(messages.TOPICS[t]), value=t.value) for t in Topic
        ],
        difficulty=[
            app_commands.Choice(name=locale_str(messages.DIFFICULTIES[d]), value=d.value)
            for d in Difficulty
        ],
    )
    @app_commands.rename(
        rounds=locale_str("rounds"),
        topic=locale_str("topic"),
        difficulty=locale_str("difficulty"),
    )
    @app_commands.describe(
        rounds=locale_str("How many questions (1-20, default 10)"),
        topic=locale_str("What the questions are about (default: all)"),
        difficulty=locale_str("How close the wrong answers are (default: normal)"),
    )
    async def start(
        self,
        interaction: discord.Interaction,
        rounds: app_commands.Range[int, 1, ROUNDS_MAX] = 10,
        topic: str = Topic.ALL.value,
        difficulty: str = Difficulty.NORMAL.value,
    ) -> None:
        started = time.perf_counter()
        # The questions, and the play task started inside, speak the starter's language.
        with using(lang_of(interaction)):
            await self._start(interaction, rounds, Topic(topic), Difficulty(difficulty))
        log_answer("/quiz start", "found", started)

    async def _start(
        self, interaction: discord.Interaction, rounds: int, topic: Topic, difficulty: Difficulty
    ) -> None:
        channel_id, guild_id = interaction.channel_id, interaction.guild_id
        if channel_id is None or guild_id is None:
            await send_private(interaction, _(messages.GUILD_ONLY))
            return
        if channel_id in self.sessions:
            await send_private(interaction, _(messages.ALREADY_RUNNING))
            return
        questions = generate(
            self.bot.engine.knowledge,
            rounds=rounds,
            seed=self.seed(),
            topic=topic,
            difficulty=difficulty,
            allow_spoilers=self.bot.guild_settings.get(guild_id).reveal_spoilers,
        )
        if not questions:
            await send_private(interaction, _(messages.NOTHING_TO_ASK))
            return
        session = Session(
            guild_id=guild_id,
            channel_id=channel_id,
            starter_id=interaction.user.id,
            topic=topic,
            game=Game(questions, time_limit=self.time_limit, clock=self.clock),
            channel=self.bot.get_partial_messageable(channel_id, guild_id=guild_id),
            lang=current(),
            started_by=interaction,
        )
        self.sessions[channel_id] = session  # before any await: one quiz per channel
        lines = [
            _(messages.STARTED).format(
                rounds=len(questions),
                topic=_(messages.TOPICS[topic.value]),
                difficulty=_(messages.DIFFICULTIES[difficulty.value]),
            )
        ]
        if len(questions) < rounds:
            lines.append(_(messages.FEWER).format(count=len(questions)))
        lines.append(_(messages.RULES))
        try:
            await interaction.response.send_message(
                embed=build_embed(_(messages.START_TITLE), "\n".join(lines)),
                allowed_mentions=no_mentions(),
            )
        except discord.HTTPException:
            self.sessions.pop(channel_id, None)
            raise
        session.task = asyncio.create_task(self._play(session), name=f"quiz-{channel_id}")

    @quiz.command(name="stop", description=locale_str("Stop the quiz running in this channel"))
    async def stop(self, interaction: discord.Interaction) -> None:
        started = time.perf_counter()
        session = self.sessions.get(interaction.channel_id or 0)
        allowed = session is not None and (
            interaction.user.id == session.starter_id or interaction.permissions.manage_messages
        )
        if session is None or not allowed:
            with using(lang_of(interaction)):
                refusal = _(messages.NOT_RUNNING if session is None else messages.STOP_REFUSED)
            if session is not None:
                log.info("refused /quiz stop status=not-allowed")
            await send_private(interaction, refusal)
            return
        del self.sessions[session.channel_id]  # before any await: only one stop counts
        try:
            with using(session.lang):  # said in the channel: the quiz's language
                headline = _(messages.STOPPED_BY).format(who=who(interaction.user.id))
                embed = self._summary(session, headline)
            await interaction.response.send_message(embed=embed, allowed_mentions=no_mentions())
        finally:
            await self._end(session, messages.STOPPED)
        log_answer("/quiz stop", "found", started)

    @quiz.command(
        name="leaderboard", description=locale_str("The best quiz players of this server")
    )
    @app_commands.rename(period=locale_str("period"))
    @app_commands.describe(period=locale_str("Which scores count (default: all time)"))
    @app_commands.choices(
        period=[
            app_commands.Choice(name=locale_str(messages.PERIODS[p.value]), value=p.value)
            for p in Period
        ]
    )
    async def leaderboard(
        self, interaction: discord.Interaction, period: str = Period.ALL.value
    ) -> None:
        started = time.perf_counter()
        with using(lang_of(interaction)):
            await self._leaderboard(interaction, Period(period))
        log_answer("/quiz leaderboard", "found", started)

    async def _leaderboard(self, interaction: discord.Interaction, period: Period) -> None:
        if interaction.guild_id is None:
            await send_private(interaction, _(messages.GUILD_ONLY))
            return
        board = Leaderboard(self, interaction.guild_id, interaction.user.id, period)
        try:
            embed = await board.render()
        except StoreError as exc:
            log.error("reading the quiz scores failed: %s", exc)
            await send_private(interaction, _(messages.SCORES_UNAVAILABLE))
            return
        await interaction.response.send_message(
            embed=embed, view=board, allowed_mentions=no_mentions()
        )
        board.shown_by = interaction

    # ----------------------------------------------------------------- playing

    async def _play(self, session: Session) -> None:
        game = session.game
        try:
            for index in range(len(game.questions)):
                played = game.open_round()
                session.revealed = False
                session.round_over.clear()
                await self._ask(session, played)
                await self._wait_round(session, played)
                await self._reveal(session, played)
                if index + 1 < len(game.questions):
                    await self.sleep(self.pause)
            await session.channel.send(
                embed=self._summary(session, None), allowed_mentions=no_mentions()
            )
        except asyncio.CancelledError:
            raise
        except discord.HTTPException as exc:  # the channel went away or we may not post there
            log.warning("quiz in a channel ended early: %s %s", exc.status, exc.text)
            await self._tell_starter(session, _(messages.CANNOT_POST))
        except Exception:
            log.exception("quiz failed")
        finally:
            if self.sessions.get(session.channel_id) is session:
                del self.sessions[session.channel_id]

    async def _tell_starter(self, session: Session, text: str) -> None:
        """A private follow-up to /quiz start (its token lasts 15 minutes)."""
        if session.started_by is None:
            return
        try:
            await session.started_by.followup.send(
                text, ephemeral=True, allowed_mentions=no_mentions()
            )
        except discord.HTTPException as exc:
            log.info("could not tell the quiz's starter: %s", exc.status)

    async def _ask(self, session: Session, played: Round) -> None:
        question = played.question
        session.message = None
        session.view = AnswerView(self, question.choices)
        # Shielded: if the quiz is stopped mid-send, _end still gets the message to close.
        session.sending = asyncio.ensure_future(
            session.channel.send(
                embed=self._question_embed(session, played),
                view=session.view,
                allowed_mentions=no_mentions(),
            )
        )
        message = await asyncio.shield(session.sending)
        session.sending = None
        session.message = message
        session.asked[message.id] = played.number

    async def _wait_round(self, session: Session, played: Round) -> None:
        """Until the round is won or the time is up."""
        won = asyncio.ensure_future(session.round_over.wait())
        timer = asyncio.ensure_future(self.sleep(self.time_limit))
        try:
            await asyncio.wait({won, timer}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            won.cancel()
            timer.cancel()
        session.game.close_round()
        if played.winner is not None and not session.round_over.is_set():
            # The winner's click is editing the message right now: let it finish.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(session.round_over.wait(), WINNER_REVEAL_WAIT)

    async def _reveal(self, session: Session, played: Round) -> None:
        if session.view is not None:
            session.view.stop()
        if session.revealed or session.message is None:
            return
        await self._edit(
            session.message,
            embed=self._reveal_embed(session, played),
            view=self._revealed(played.question),
        )

    async def _edit(self, message: discord.Message, **changes: Any) -> bool:
        """Edit a quiz message; a failure is logged, never raised (points are already saved)."""
        try:
            await message.edit(allowed_mentions=no_mentions(), **changes)
        except discord.HTTPException as exc:
            log.warning("could not edit a quiz message: %s %s", exc.status, exc.text)
            return False
        return True

    async def _end(self, session: Session, reason: str) -> None:
        """Stop a quiz: cancel its loop and say so on the question being asked.

        ``reason`` is a message of :mod:`bot.quiz.messages`, said in the quiz's language.
        """
        with using(session.lang):
            await self._close(session, _(reason))

    async def _close(self, session: Session, why: str) -> None:
        if self.sessions.get(session.channel_id) is session:
            del self.sessions[session.channel_id]
        if session.task is not None and not session.task.done():
            session.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await session.task
        played = session.game.close_round()
        if session.view is not None:
            session.view.stop()
        if session.message is None and session.sending is not None:
            with contextlib.suppress(discord.HTTPException, asyncio.CancelledError):
                session.message = await session.sending
        if session.message is not None and played is not None and not session.revealed:
            await self._edit(
                session.message,
                content=why,
                embed=self._reveal_embed(session, played),
                view=self._revealed(played.question),
            )

    async def on_answer(self, interaction: discord.Interaction, index: int) -> None:
        """One click on an answer button: the clicker's notes in their language."""
        with using(lang_of(interaction)):
            await self._on_answer(interaction, index)

    async def _on_answer(self, interaction: discord.Interaction, index: int) -> None:
        message = interaction.message
        session = self.sessions.get(interaction.channel_id or 0)
        number = await self._round_of(session, message)
        if session is None or number is None:
            # Not a question of the quiz running here: one from before a restart,
            # or from a quiz that has ended.
            await self._ended(interaction)
            return
        played = session.game.current
        if played is None or played.number != number:
            await self._note(interaction, _(messages.NOT_CURRENT))
            return
        verdict = session.game.answer(interaction.user.id, index, number)
        if verdict.outcome in (Outcome.WON, Outcome.WRONG):
            won = verdict.outcome is Outcome.WON
            self.bot.writer.record_score(session.guild_id, interaction.user.id, verdict.points, won)
        if verdict.outcome is not Outcome.WON:
            await self._note(interaction, _(_NOTES[verdict.outcome]))
            return
        session.revealed = True  # before awaiting: the round's loop must not edit too
        with using(session.lang):  # the question's message: the quiz's language
            revealed = self._reveal_embed(session, played)
        try:
            await interaction.response.edit_message(
                embed=revealed,
                view=self._revealed(played.question),
                allowed_mentions=no_mentions(),
            )
        except discord.HTTPException as exc:
            session.revealed = False  # the round's loop edits the message instead
            log.warning("could not reveal through the winning click: %s", exc.status)
        finally:
            session.round_over.set()

    async def _round_of(
        self, session: Session | None, message: discord.Message | None
    ) -> int | None:
        """The round a question message asked in ``session``, or None if it asked none.

        A click can arrive before the bot has read Discord's answer to posting
        the question; the question being sent is then waited for.
        """
        if session is None or message is None:
            return None
        number = session.asked.get(message.id)
        sending = session.sending
        if number is None and sending is not None:
            with contextlib.suppress(discord.HTTPException, asyncio.CancelledError):
                sent = await asyncio.shield(sending)
                current = session.game.current
                if sent.id == message.id and current is not None:
                    number = current.number
        return number

    async def _note(self, interaction: discord.Interaction, text: str) -> None:
        try:
            await interaction.response.send_message(
                text, ephemeral=True, allowed_mentions=no_mentions()
            )
        except discord.HTTPException as exc:  # expired or answered twice: nothing to add
            log.info("could not send a quiz note: %s", exc.status)

    async def _ended(self, interaction: discord.Interaction) -> None:
        """A click on a question no running quiz owns: disable its buttons for good."""
        message = interaction.message
        try:
            if message is None:
                await self._note(interaction, _(messages.ENDED))
                return
            view = discord.ui.View.from_message(message, timeout=None)
            for item in view.children:
                if isinstance(item, discord.ui.Button):
                    item.disabled = True
            view.stop()
            await interaction.response.edit_message(
                content=_(messages.ENDED), view=view, allowed_mentions=no_mentions()
            )
        except discord.HTTPException as exc:
            log.info("could not close a leftover quiz message: %s", exc.status)

    def _revealed(self, question: Question) -> AnswerView:
        """The buttons after the reveal. Stopped before it is sent, so discord.py keeps
        nothing for it: a stray click on it goes to the persistent view."""
        view = AnswerView(self, question.choices, reveal=question.answer)
        view.stop()
        return view

    # ----------------------------------------------------------------- embeds

    def _question_embed(self, session: Session, played: Round) -> discord.Embed:
        title = _(messages.QUIZ_TITLE).format(
            number=played.number, total=len(session.game.questions)
        )
        footer = _(messages.QUESTION_FOOTER).format(
            seconds=round(self.time_limit), topic=_(messages.TOPICS[session.topic.value])
        )
        # Discord counts a relative timestamp down on every reader's screen: no edits needed.
        ends = discord.utils.utcnow() + timedelta(seconds=self.time_limit)
        closes = _(messages.CLOSES).format(when=discord.utils.format_dt(ends, "R"))
        return build_embed(title, f"{escape(played.question.prompt)}\n\n{closes}", footer=footer)

    def _reveal_embed(self, session: Session, played: Round) -> discord.Embed:
        question = played.question
        title = _(messages.QUIZ_TITLE).format(
            number=played.number, total=len(session.game.questions)
        )
        lines = [
            escape(question.prompt),
            "",
            _(messages.ANSWER_WAS).format(answer=escape(question.correct)),
        ]
        if played.winner is not None:
            lines.append(
                _(messages.REVEAL_WON).format(winner=who(played.winner), points=played.points)
            )
        else:
            lines.append(_(messages.REVEAL_NOBODY))
        return build_embed(
            title,
            "\n".join(lines),
            footer=_sources_line(question),
            url=next((s.url for s in question.sources), None),
        )

    def _summary(self, session: Session, headline: str | None) -> discord.Embed:
        lines = [headline, ""] if headline else []
        standings = session.game.standings()
        rank = 0
        previous: int | None = None
        for position, (player, points) in enumerate(standings, start=1):
            if points != previous:
                rank, previous = position, points
            lines.append(_(messages.SUMMARY_LINE).format(rank=rank, who=who(player), points=points))
        if not standings:
            lines.append(_(messages.SUMMARY_NOBODY))
        asked = len(session.game.rounds)
        footer = _(messages.SUMMARY_FOOTER).format(asked=asked)
        return build_embed(_(messages.SUMMARY_TITLE), "\n".join(lines), footer=footer)


_NOTES: dict[Outcome, str] = {
    Outcome.WRONG: _(messages.WRONG),
    Outcome.ALREADY_WON: _(messages.ALREADY_WON),
    Outcome.TOO_LATE: _(messages.TOO_LATE),
    Outcome.ALREADY_ANSWERED: _(messages.ALREADY_ANSWERED),
    Outcome.WON: _(messages.CORRECT_FIRST),
}


def _sources_line(question: Question) -> str:
    return _(messages.SOURCE).format(sources=" · ".join(s.title for s in question.sources))


class Leaderboard(discord.ui.View):
    """Top players, ten a page, with the asker's own rank; Previous and Next turn pages."""

    def __init__(self, cog: Quiz, guild_id: int, asker_id: int, period: Period) -> None:
        super().__init__(timeout=cog.board_timeout)
        self.shown_by: discord.Interaction | None = None  # whose response shows the board
        self.cog = cog
        self.guild_id = guild_id
        self.asker_id = asker_id
        self.period = period
        self.page = 0
        self.previous.label = _(messages.LEADERBOARD_PREVIOUS)
        self.next.label = _(messages.LEADERBOARD_NEXT)

    async def render(self) -> discord.Embed:
        store = self.cog.bot.store
        since = self.period.since(datetime.now(UTC))
        # One more than a page: whether there is a next one.
        rows = await store.leaderboard(
            self.guild_id, since=since, offset=self.page * PAGE_SIZE, limit=PAGE_SIZE + 1
        )
        if not rows and self.page > 0:  # the board shrank (a period moved on): back to the start
            self.page = 0
            rows = await store.leaderboard(self.guild_id, since=since, limit=PAGE_SIZE + 1)
        more, rows = len(rows) > PAGE_SIZE, rows[:PAGE_SIZE]
        mine = await store.rank(self.guild_id, self.asker_id, since=since)
        lines = [
            _(messages.SUMMARY_LINE).format(rank=r.rank, who=who(r.user_id), points=r.points)
            for r in rows
        ] or [_(messages.LEADERBOARD_EMPTY)]
        lines.append("")
        asker = who(self.asker_id)
        if mine is None:
            lines.append(_(messages.LEADERBOARD_ASKER_NONE).format(who=asker))
        else:
            you = _(messages.LEADERBOARD_ASKER)
            lines.append(you.format(who=asker, rank=mine.rank, points=mine.points))
        self.previous.disabled = self.page == 0
        self.next.disabled = not more
        title = _(messages.LEADERBOARD_TITLE).format(period=_(messages.PERIODS[self.period.value]))
        footer = _(messages.LEADERBOARD_PAGE).format(page=self.page + 1)
        return build_embed(title, "\n".join(lines), footer=footer)

    async def _turn(self, interaction: discord.Interaction, step: int) -> None:
        with using(lang_of(interaction)):
            await self._turned(interaction, step)

    async def _turned(self, interaction: discord.Interaction, step: int) -> None:
        self.page = max(0, self.page + step)
        try:
            embed = await self.render()
        except StoreError as exc:
            log.error("reading the quiz scores failed: %s", exc)
            await send_private(interaction, _(messages.SCORES_UNAVAILABLE))
            return
        await interaction.response.edit_message(
            embed=embed, view=self, allowed_mentions=no_mentions()
        )

    async def on_timeout(self) -> None:
        """Turn the pages off once nobody can use them any more (no dead buttons)."""
        for item in self.children:
            if isinstance(item, discord.ui.Button):
                item.disabled = True
        if self.shown_by is not None:
            try:
                await self.shown_by.edit_original_response(
                    view=self, allowed_mentions=no_mentions()
                )
            except discord.HTTPException as exc:  # deleted, or the token expired
                log.info("could not close a leaderboard: %s", exc.status)

    @discord.ui.button(label="<", style=discord.ButtonStyle.secondary)
    async def previous(
        self, interaction: discord.Interaction, button: discord.ui.Button[Any]
    ) -> None:
        await self._turn(interaction, -1)

    @discord.ui.button(label=">", style=discord.ButtonStyle.secondary)
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button[Any]) -> None:
        await self._turn(interaction, 1)


async def setup(bot: NamidaBot) -> None:
    await bot.add_cog(Quiz(bot))
