"""The answer engine: knowledge in, Answers out. Never imports discord.

Built once per knowledge base (indexes are made here, at load), then used
read-only by any number of front-ends and tasks. A reload builds a new Engine
and swaps the reference, so a question is always answered from one version.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from bot.engine import describe
from bot.engine.answers import Answer, Choice, Kind, Status, SuggestKind
from bot.engine.describe import ProductionTopic
from bot.engine.index import Hit, NameIndex
from bot.engine.normalize import normalize
from bot.engine.questions import LAST, Question, episode_number, parse, track_number
from bot.engine.text import clip
from bot.i18n import Lang, _, and_list, current, pgettext, term, using
from bot.knowledge import loader
from bot.knowledge.models import (
    BILLING_ORDER,
    Knowledge,
    ReceptionKind,
    RelationKind,
    Song,
    Special,
    WorkRelation,
)

# Scores are rapidfuzz ratios (0–100, see index.py). Below CUTOFF nothing is claimed; hits
# within AMBIGUITY of the best are shown together.
CUTOFF = 80.0
SUGGEST_CUTOFF = 55.0
AMBIGUITY = 10.0
FREE_TEXT_CUTOFF = 86.0
SUGGESTION_CUTOFF = 82.0
MAX_CHOICES = 25


class Engine:
    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = k = knowledge
        self._episodes = {ep.number: ep for ep in k.episodes}
        self._tracks = {t.number: t for t in (k.soundtrack.tracks if k.soundtrack else ())}
        self._characters = {c.id: c for c in k.characters}
        self._people = {p.id: p for p in k.people}
        self._songs = {s.id: s for s in k.songs}
        self._specials = {s.id: s for s in k.specials}
        self._labels: dict[str, str] = {}
        self.episode_index = self._build_episode_index()
        self.track_index = self._build_track_index()
        self.person_index = self._build_person_index()
        self._labels.update({f"song:{s.id}": f"{s.title} — {s.artist}" for s in k.songs})
        self.song_index = NameIndex(
            [(f"song:{s.id}", n, i == 0) for s in k.songs for i, n in enumerate(_names(s))]
            + [(f"song:{s.id}", s.artist, False) for s in k.songs],
            {f"song:{s.id}": i for i, s in enumerate(k.songs)},
        )
        self._works = {w.id: w for w in k.works}
        self.special_index = NameIndex(
            [
                (f"special:{sp.id}", n, i == 0)
                for sp in k.specials
                for i, n in enumerate(_names(sp))
            ],
            {f"special:{sp.id}": i for i, sp in enumerate(k.specials)},
        )
        # Related works and awards are looked up by topic (engine.work, engine.award),
        # not by free-text search: their names share words with everything else
        # ("film", the series' own title), and a confident card about the wrong
        # thing is worse than a miss.
        self.work_index = self._build_work_index()
        self.award_index = self._build_award_index()
        self._everything = self._build_global_index()
        # Labels in the other languages, made once: the English ones are built with the indexes.
        self._translated_labels: dict[Lang, dict[str, str]] = {}
        for lang in Lang:
            if lang is not Lang.EN:
                with using(lang):
                    self._translated_labels[lang] = describe.labels(k)

    @property
    def _scope(self) -> str:
        """What the bot knows, said in the current language."""
        k = self.knowledge
        parts = [
            pgettext("scope", "the {count} episodes").format(count=k.series.episode_count),
            pgettext("scope", "the cast and roles"),
        ]
        parts += [pgettext("scope", "the soundtrack")] * bool(k.soundtrack)
        parts += [pgettext("scope", "the ratings")] * bool(k.ratings)
        parts += [pgettext("scope", "the special")] * bool(k.specials)
        parts += [pgettext("scope", "the credits")]
        title = describe.shown(k.series.title, k.series.native_title)
        return _("I know {topics} of {title}.").format(topics=and_list(parts), title=title)

    def _label_for(self, key: str, default: str | None = None) -> str:
        """The label of ``key`` in the current language (English when none is made)."""
        translated = self._translated_labels.get(current(), {}).get(key)
        return translated or self._labels.get(key, default if default is not None else key)

    @classmethod
    def from_path(cls, path: Path | str | None = None) -> Engine:
        """Load, validate and index a knowledge file (raises loader.KnowledgeError)."""
        return cls(loader.load(path))

    # Indexes

    def _build_episode_index(self) -> NameIndex:
        names = []
        for ep in self.knowledge.episodes:
            key = f"episode:{ep.number}"
            self._labels[key] = f"{ep.number} · {ep.title}"
            names += [(key, ep.title, True)] + [(key, n, False) for n in ep.aliases]
            if ep.native_title:
                names.append((key, ep.native_title, False))
        rank = {f"episode:{ep.number}": ep.number for ep in self.knowledge.episodes}
        return NameIndex(names, rank)

    def _build_track_index(self) -> NameIndex:
        names = []
        for t in self._tracks.values():
            key = f"track:{t.number}"
            self._labels[key] = f"{describe.track_no(t.number)} · {t.title}"
            names += [(key, t.title, True)] + [(key, n, False) for n in t.aliases]
            song = self._songs.get(t.song or "")
            if song:
                titles = [song.title, song.native_title or ""]
                names += [(key, f"{n} {t.version or ''}", False) for n in titles if n]
        return NameIndex(names, {f"track:{n}": n for n in self._tracks})

    def _build_person_index(self) -> NameIndex:
        k = self.knowledge
        names: list[tuple[str, str, bool]] = []
        rank: dict[str, int] = {}
        for i, c in enumerate(k.characters):
            key = f"character:{c.id}"
            actor = self._people[c.played_by].name if c.played_by else "actor unknown"
            self._labels[key] = f"{c.name} — {actor}"
            names += [(key, n, j == 0) for j, n in enumerate(c.all_names())]
            rank[key] = BILLING_ORDER.index(c.billing) * 100 + i
        credited: dict[str, list[str]] = {}
        for credit in k.credits:
            for person_id in credit.people:
                credited.setdefault(person_id, []).append(credit.job)
        roles = k.roles_by_actor
        for i, p in enumerate(k.people):
            key = f"person:{p.id}"
            jobs = credited.get(p.id, []) + [c.name for c in roles.get(p.id, ())]
            self._labels[key] = f"{p.name} — {', '.join(jobs)}" if jobs else p.name
            names += [(key, n, j == 0) for j, n in enumerate(p.all_names())]
            rank[key] = (1000 if p.id in roles else 500) + i
        return NameIndex(names, rank)

    def _build_global_index(self) -> NameIndex:
        k = self.knowledge
        names: list[tuple[str, str, bool]] = []
        rank = {"series": 0}
        indexes = (self.person_index, self.episode_index, self.track_index, self.song_index)
        for tier, index in enumerate(indexes, start=1):
            names += index.named_entries()
            rank.update({key: tier * 100_000 + r for key, r in index.ranks().items()})
        for sp in k.specials:
            self._labels[f"special:{sp.id}"] = sp.title
            names += [(f"special:{sp.id}", n, i == 0) for i, n in enumerate(_names(sp))]
        self._labels["series"] = f"{k.series.title} (the series)"
        series_names = [k.series.title, k.series.native_title or "", *k.series.alternative_titles]
        names += [("series", n, True) for n in series_names if n]
        return NameIndex(names, rank)

    def _build_work_index(self) -> NameIndex:
        """Related works by title, original title, alias, and kind ("manga", "2004 film")."""
        names: list[tuple[str, str, bool]] = []
        for w in self.knowledge.works:
            key = f"work:{w.id}"
            year = (w.released or (str(w.announced.year) if w.announced else ""))[:4]
            kind = describe.work_kind(w.kind)
            self._labels[key] = f"{w.title} ({kind}{', ' + year if year else ''})"
            titles = [w.title, w.native_title or "", *w.aliases]
            names += [(key, n, i == 0) for i, n in enumerate(titles) if n]
            names += [(key, kind, False)] + ([(key, f"{year} {kind}", False)] if year else [])
        return NameIndex(names, {f"work:{w.id}": i for i, w in enumerate(self.knowledge.works)})

    def _build_award_index(self) -> NameIndex:
        """Awards, rankings and polls by name (and original name), ranked by year."""
        names: list[tuple[str, str, bool]] = []
        rank: dict[str, int] = {}
        for i, r in enumerate(self.knowledge.reception):
            key = f"reception:{i}"
            self._labels[key] = describe.reception_label(r)
            names += [(key, r.name, True)]
            names += [(key, n, False) for n in (r.native_name, r.category) if n]
            names += [(key, f"{r.name} {r.year}", False)] if r.year else []
            rank[key] = (r.year or 9999) * 1000 + i
        return NameIndex(names, rank)

    # Lookups

    def episode(self, query: str) -> Answer:
        return self._episode(query, None)

    def _episode(self, query: str, focus: str | None) -> Answer:
        k = self.knowledge
        count = k.series.episode_count
        span = _("Episodes run from 1 to {count}.").format(count=count)
        number = _number_in(query, prefix="episode:") or episode_number(query)
        if number == LAST:
            number = max(self._episodes)
        if number is not None or _looks_numeric(query):
            ep = self._episodes.get(number) if number is not None else None
            if ep:
                return describe.episode(k, ep, focus)
            shown = _clip(str(number), 12) if number is not None else _shown_number(query)
            return describe.not_found(
                "episode",
                _("There is no episode {number}").format(number=shown)
                if shown
                else _("That is not an episode number"),
                span,
                suggestions=[
                    self._label_for(f"episode:{n}") for n in (1, count) if n in self._episodes
                ],
            )
        if not query.strip():
            return describe.not_found(
                "episode",
                _("Which episode?"),
                _("Episodes run from 1 to {count}. Try /episode 8.").format(count=count),
            )
        hits = self.episode_index.search(query, cutoff=SUGGEST_CUTOFF, limit=5)
        return self._pick(
            hits,
            lambda key: describe.episode(k, self._episodes[int(key.split(":")[1])], focus),
            kind="episode",
            miss=_("No episode matches “{query}”").format(query=_clip(query)),
            hint=_("Episodes run from 1 to {count}. Ask by number or by title.").format(
                count=count
            ),
        )

    def episodes(self) -> Answer:
        return describe.episodes(self.knowledge)

    def track(self, query: str) -> Answer:
        k = self.knowledge
        if k.soundtrack is None:
            return describe.not_found(
                "track", _("No soundtrack is recorded"), _("Nothing to look up.")
            )
        number = _number_in(query, prefix="track:")
        if number is None:
            number = track_number(query)
            if number == LAST:
                number = k.soundtrack.track_count
        if number is None and _looks_numeric(query):
            return describe.not_found(
                "track",
                _("That is not a track number"),
                _("The album has {count} tracks, numbered from 1.").format(
                    count=k.soundtrack.track_count
                ),
            )
        if number is not None:
            if number in self._tracks:
                return describe.track(k, self._tracks[number])
            if 1 <= number <= k.soundtrack.track_count:
                return describe.unlisted_track(k, number)
            return describe.not_found(
                "track",
                _("There is no track {number}").format(number=_clip(str(number), 12)),
                _("The album has {count} tracks, numbered from 1.").format(
                    count=k.soundtrack.track_count
                ),
            )
        if not query.strip():
            return describe.not_found(
                "track", _("Which track?"), _("Try /track Konayuki or /track 1.")
            )
        hits = self.track_index.search(query, cutoff=SUGGEST_CUTOFF, limit=5)
        return self._pick(
            hits,
            lambda key: describe.track(k, self._tracks[int(key.split(":")[1])]),
            kind="track",
            miss=_("No track matches “{query}”").format(query=_clip(query)),
            hint=_("Ask by number (1–{count}) or by title; /soundtrack lists them all.").format(
                count=k.soundtrack.track_count
            ),
        )

    def soundtrack(self, focus: str | None = None) -> Answer:
        if self.knowledge.soundtrack is None:
            return describe.not_found(
                "soundtrack", _("No soundtrack is recorded"), _("Nothing to list.")
            )
        return describe.soundtrack(self.knowledge, focus)

    def person(self, query: str, only: str | None = None) -> Answer:
        """A role or a person; ``only`` keeps keys with that prefix ("character:")."""
        if not query.strip():
            return self.cast()
        exact = query.strip()
        if exact in self._labels and exact.split(":")[0] in ("character", "person"):
            return self._describe_key(exact)
        hits = self.person_index.search(_relations(query), cutoff=SUGGEST_CUTOFF, limit=8)
        if only:
            hits = [h for h in hits if h.key.startswith(only)]
        relation = _POSSESSIVE.search(query)
        if relation:
            # "Haruto's mom" is someone else than Haruto: only a name for that
            # very relation will do, never the person it hangs on.
            wanted = " s " + normalize(_relations(query[relation.end() :]))
            hits = [h for h in hits if f" {h.name}".endswith(wanted) and h.score >= 90.0]
        return self._pick(
            hits,
            self._describe_key,
            kind="person",
            miss=_("Nobody in the cast or credits matches “{query}”").format(query=_clip(query)),
            hint=_(
                "Try a role (Haruto, Aya's mother) or an actor (Nishikido Ryo); "
                "/cast lists everyone."
            ),
        )

    def cast(self, query: str = "") -> Answer:
        return self.person(query) if query.strip() else describe.cast(self.knowledge)

    def song(self, query: str, focus: describe.SongFocus | None = None) -> Answer:
        """A song by title or artist; ``focus`` leads with its release, chart run or sales."""
        hits = self.song_index.search(query, cutoff=SUGGEST_CUTOFF, limit=3)

        def render(key: str) -> Answer:
            if focus is None:
                return self._describe_key(key)
            return describe.song(self.knowledge, self._songs[key.split(":", 1)[1]], focus)

        return self._pick(
            hits,
            render,
            kind="song",
            miss=_("No song matches “{query}”").format(query=_clip(query)),
            hint=_("The songs we know: {songs}.").format(
                songs=describe.listing(
                    describe.shown(s.title, s.native_title) for s in self.knowledge.songs
                )
            ),
        )

    def ratings(self, focus: str | None = None) -> Answer:
        return describe.ratings(self.knowledge, focus)

    def special(self, focus: str | None = None, which: str | None = None) -> Answer:
        """A special (by id or name; the first on record if ``which`` is None)."""
        k = self.knowledge
        if not k.specials:
            return describe.not_found("special", _("No special is recorded"), _("Nothing to tell."))
        chosen = self._special_named(which) if which else k.specials[0]
        if chosen is None:
            titles = ", ".join(sp.title for sp in k.specials)
            return describe.not_found(
                "special", f"No special matches “{_clip(which or '')}”", f"On record: {titles}."
            )
        return describe.special(k, chosen, focus)

    def about(self, focus: str | None = None) -> Answer:
        return describe.about(self.knowledge, focus)

    def credits(self, focus: str | None = None) -> Answer:
        return describe.credits(self.knowledge, focus)

    # Plots, ratings, relations, awards, related works, production

    def plot(self, which: int | str) -> Answer:
        """What happens in an episode (number, "finale", title) or a special (id or name).

        Spoiler plot points come back as spoiler facts, for the front-end to mask.
        """
        return self._part(which, "plot")

    def rating(self, which: int | str) -> Answer:
        """One episode's or special's rating, or that no source gives a figure for it."""
        return self._part(which, "rating")

    def _part(self, which: int | str, focus: str) -> Answer:
        k = self.knowledge
        if isinstance(which, int):
            return self._episode(str(max(self._episodes)) if which == LAST else str(which), focus)
        special = self._special_named(which)
        if special is not None:
            return describe.special(k, special, focus)
        return self._episode(which, focus)

    def _special_named(self, query: str) -> Special | None:
        """The special ``query`` names (its id or a strong match), unless it names an episode."""
        if query.strip() in self._specials:
            return self._specials[query.strip()]
        if _number_in(query, prefix="episode:") is not None or episode_number(query) is not None:
            return None
        hits = self.special_index.search(query, cutoff=CUTOFF, limit=1)
        return self._specials[hits[0].key.split(":", 1)[1]] if hits else None

    def relations(self, who: str, kind: RelationKind | None = None) -> Answer:
        """Who stands in a relation to a role or a person (written or derived).

        ``kind`` is what the others are to ``who``: ``relations("Aya", PARENT)``
        gives Aya's parents; without it, every relation on record.
        """
        hits = self.person_index.search(who, cutoff=SUGGEST_CUTOFF, limit=8)

        def render(key: str) -> Answer:
            kind_of, _, ident = key.partition(":")
            subject = self._characters[ident] if kind_of == "character" else self._people[ident]
            return describe.relations(self.knowledge, subject, kind)

        return self._pick(
            hits,
            render,
            kind="relations",
            miss=f"Nobody in the cast or credits matches “{_clip(who)}”",
            hint="Try the name of a role or of an actor; /cast lists everyone.",
        )

    def awards(self, kind: ReceptionKind | None = None) -> Answer:
        """Every award, ranking and poll on record, or only those of one kind."""
        return describe.awards(self.knowledge, kind)

    def award(self, query: str) -> Answer:
        """One award, ranking or poll by name ("Elan d'Or", "Golden Arrow")."""
        hits = self.award_index.search(query, cutoff=SUGGEST_CUTOFF, limit=5)
        return self._pick(
            hits,
            self._describe_key,
            kind="award",
            miss=f"No award or ranking on record matches “{_clip(query)}”",
            hint="Ask “what awards did it win?” for the full list.",
        )

    def works(self, relation: WorkRelation | None = None) -> Answer:
        """The related works (books, films, manga, other series), or those of one relation."""
        return describe.works(self.knowledge, relation)

    def work(self, query: str) -> Answer:
        """One related work by title, original title or kind ("manga", "2004 film")."""
        hits = self.work_index.search(query, cutoff=SUGGEST_CUTOFF, limit=5)
        names = ", ".join(w.title for w in self.knowledge.works) or "none"
        return self._pick(
            hits,
            self._describe_key,
            kind="work",
            miss=f"No related work matches “{_clip(query)}”",
            hint=f"The related works on record: {names}.",
        )

    def production(self, topic: ProductionTopic | None = None) -> Answer:
        """How the series was made and shown; ``topic`` leads with one part."""
        return describe.production(self.knowledge, topic)

    # Autocomplete

    def suggest(self, kind: SuggestKind, partial: str) -> list[Choice]:
        """At most 25 choices whose value the matching lookup resolves exactly."""
        index = {
            "episode": self.episode_index,
            "track": self.track_index,
            "person": self.person_index,
        }.get(kind)
        if index is None:
            return []
        partial = partial[:100]
        keys: list[str] = []
        number = _number_in(partial, prefix="")
        if kind == "episode" and number is None:
            number = episode_number(partial) if partial.strip() else None
            if number == LAST:
                number = max(self._episodes)
        if number is not None and kind != "person":
            key = f"{kind}:{number}"
            if key in self._labels:
                keys.append(key)
        keys += index.prefix(partial, MAX_CHOICES)
        if len(keys) < MAX_CHOICES and partial.strip():
            keys += [h.key for h in index.search(partial, cutoff=SUGGEST_CUTOFF, limit=MAX_CHOICES)]
        choices: list[Choice] = []
        seen: set[str] = set()
        for key in keys:
            if key in seen:
                continue
            seen.add(key)
            value = key.split(":", 1)[1] if kind != "person" else key
            choices.append(Choice(name=clip(self._label_for(key), 100), value=value))
            if len(choices) == MAX_CHOICES:
                break
        return choices

    # Free text

    def ask(self, text: str) -> Answer:
        question = parse(text)
        return self.answer(question, text)

    def answer(self, q: Question, text: str = "") -> Answer:
        intent = q.intent
        if intent == "episode":
            return self._episode(q.subject, q.focus)
        if intent == "episodes":
            return describe.episodes(self.knowledge, q.focus)
        if intent == "track":
            return self.track(q.subject)
        if intent == "soundtrack":
            return self.soundtrack(q.focus)
        if intent == "cast":
            if q.focus == "lead" and not q.subject:
                return describe.cast(self.knowledge, lead_only=True)
            return self.cast(q.subject)
        if intent in ("actor_of", "role_of", "who"):
            return self._who(q)
        if intent == "song":
            return self._song(q)
        if intent == "ratings":
            return self.ratings(q.focus)
        if intent == "special":
            return self.special(_special_focus(text))
        if intent == "about":
            return self.about(q.focus)
        if intent == "credits":
            return self.credits(q.focus)
        if intent == "help":
            return self.help()
        if intent == "search":
            if _POSSESSIVE.search(text):
                return self.person(text)  # "Aya's family": a relation, or nothing
            return self._search(q.subject)
        if intent == "unknown" and q.focus == "opening":
            known = _("; ").join(
                _("{title} by {artist} ({use})").format(
                    title=describe.shown(s.title, s.native_title),
                    artist=s.artist,
                    use=term(s.use),
                )
                for s in self.knowledge.songs
            )
            return describe.not_found(
                "song",
                _("No opening song is on record"),
                _("The songs our sources name: {songs}.").format(songs=known)
                if known
                else _("No songs are on record."),
            )
        if intent == "life":
            # Only real people are born and die: never answer with a character.
            return self.person(q.subject, only="person:")
        if intent == "empty":
            return self._miss("")
        return self._miss(text)

    def help(self) -> Answer:
        return describe.found(
            "help",
            _("What you can ask"),
            lines=(
                _("/episode 8 · /track Konayuki · /cast Haruto · /episodes · /soundtrack"),
                _("/ratings · /special · /about · /credits · /ask who played Haruto?"),
                _(
                    "Or just ask: “when did episode 3 air?”, “who sings Konayuki?”, "
                    "“what is the drama based on?”"
                ),
            ),
        )

    def _who(self, q: Question) -> Answer:
        subject = q.subject or q.focus or ""
        if not subject:
            return self._miss(subject)
        # Only characters are "played"; only people "play".
        only = {"actor_of": "character:", "role_of": "person:"}.get(q.intent)
        answer = self.person(subject, only=only)
        if answer.status is Status.NOT_FOUND and q.intent == "who":
            return self._search(subject)
        return answer

    def _song(self, q: Question) -> Answer:
        if q.focus != "maker":
            return self.song(q.subject or q.focus or "")
        # "who composed Konayuki": the sources name performers, not songwriters.
        answer = self.song(q.subject)
        if answer.status is Status.NOT_FOUND:
            answer = self.track(q.subject)
            if answer.status is Status.NOT_FOUND:
                return self._miss(q.subject)
        note = _("Our sources name who performs it, not who wrote it.")
        return answer.model_copy(update={"lines": (note, *answer.lines)})

    def _search(self, text: str) -> Answer:
        """Anything named in the question, but only when the match is strong."""
        if len(text.strip()) < (3 if text.isascii() else 1):
            return self._miss(text)
        # One search serves both outcomes: strong hits answer, weaker ones are
        # offered as "did you mean".
        hits = self._everything.search(text, cutoff=SUGGESTION_CUTOFF, limit=4)
        strong = [h for h in hits if h.score >= FREE_TEXT_CUTOFF]
        if strong:
            return self._pick(strong, self._describe_key, kind="unknown", miss="", hint="")
        return self._miss(text, hits)

    def _miss(self, text: str, near: list[Hit] | None = None) -> Answer:
        shown = _clip(text)
        if near is None and len(text.strip()) >= 3:
            near = self._everything.search(text, cutoff=SUGGESTION_CUTOFF, limit=3)
        suggestions = [self._label_for(h.key, h.name) for h in (near or [])[:3]]
        return describe.not_found(
            "unknown",
            _("I don't know the answer to “{question}”").format(question=shown)
            if shown
            else _("Ask me something"),
            self._scope,
            suggestions=suggestions,
        )

    # Shared picking logic

    def _describe_key(self, key: str) -> Answer:
        kind, _sep, ident = key.partition(":")
        k = self.knowledge
        if kind == "character":
            return describe.character(k, self._characters[ident])
        if kind == "person":
            return describe.person(k, self._people[ident])
        if kind == "episode":
            return describe.episode(k, self._episodes[int(ident)])
        if kind == "track":
            return describe.track(k, self._tracks[int(ident)])
        if kind == "song":
            return describe.song(k, self._songs[ident])
        if kind == "special":
            return describe.special(k, self._specials[ident])
        if kind == "work":
            return describe.work(k, self._works[ident])
        if kind == "reception":
            return describe.award(k, k.reception[int(ident)])
        return describe.about(k)

    def _pick(
        self, hits: list[Hit], render: Callable[[str], Answer], *, kind: Kind, miss: str, hint: str
    ) -> Answer:
        confident = [h for h in hits if h.score >= CUTOFF]
        if not confident:
            labels = [self._label_for(h.key, h.name) for h in hits[:3]]
            return describe.not_found(kind, miss, hint, suggestions=labels)
        best = confident[0]
        rivals = [
            h for h in confident[1:] if h.score >= best.score - AMBIGUITY and _rivals(best, h)
        ]
        answer: Answer = render(best.key)
        if not rivals:
            return answer
        others = tuple(self._label_for(h.key, h.name) for h in rivals[:5])
        return answer.model_copy(update={"status": Status.AMBIGUOUS, "alternatives": others})


def _rivals(best: Hit, other: Hit) -> bool:
    """An exact alias beats a near name unless the other is also named that way."""
    if best.score == 100.0 and other.score < 100.0:
        return other.primary and best.name in other.name
    return True


# "Aya's mother", but not "what's the" or "who's in it".
_POSSESSIVE = re.compile(
    r"\b(?!(?:what|who|it|that|there|where|how|let|he|she|here|when|why)['’]s\b)\w+['’]s\s+(?=\w)",
    re.IGNORECASE,
)
_RELATION_WORDS = [
    (re.compile(r"\b(?:mom|mum|mama|mommy|mummy|ma)\b", re.I), "mother"),
    (re.compile(r"\b(?:dad|papa|daddy|pa)\b", re.I), "father"),
    (re.compile(r"\b(?:little|younger|baby) (sister|brother)\b", re.I), r"\1"),
    (re.compile(r"\b(?:bro)\b", re.I), "brother"),
    (re.compile(r"\b(?:sis)\b", re.I), "sister"),
]


def _relations(text: str) -> str:
    """Family words as the knowledge file writes them ("Aya's mum" → "Aya's mother")."""
    for pattern, word in _RELATION_WORDS:
        text = pattern.sub(word, text)
    return text


def _special_focus(text: str) -> str | None:
    t = text.casefold()
    for pattern, focus in _SPECIAL_FOCUS:
        if pattern.search(t):
            return focus
    return None


_SPECIAL_FOCUS = [
    (re.compile(r"\b(?:wrote|writer|screenplay|script|direct\w*|staff)\b"), "staff"),
    (re.compile(r"\b(?:rating|ratings|viewers|viewership)\b"), "rating"),
    (re.compile(r"\bhow long\b|\blength\b|\bhours?\b|\bhow many episodes\b"), "length"),
    (re.compile(r"\b(?:channel|network|station|broadcaster)\b"), "broadcaster"),
    (re.compile(r"\b(?:new|cast|who is in|who's in|characters?)\b"), "new"),
    (re.compile(r"\bwhen\b|\bair(?:ed|s)?\b|\bdate\b"), "aired"),
]


def _names(item: Song | Special) -> list[str]:
    """A titled thing's names, its own title first (people use ``all_names``)."""
    return [n for n in (item.title, item.native_title, *item.aliases) if n]


def _number_in(text: str, prefix: str) -> int | None:
    """A bare whole number (or the autocomplete value ``prefix`` + number)."""
    t = text.strip().removeprefix(prefix).strip().lstrip("#").strip()
    if t.isdigit() and t.isascii() and len(t) <= 6:
        return int(t)
    return None


_NUMERIC = re.compile(r"^\s*[#+-]?\s*[\d.,\s]+$")


def _looks_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text)) and any(c.isdigit() for c in text)


def _shown_number(text: str) -> str:
    t = text.strip()
    return clip(t, 13) if _looks_numeric(t) else ""


def _clip(text: str, size: int = 80) -> str:
    """A query quoted back: its spaces collapsed, cut to ``size``."""
    return clip(" ".join(text.split()), size)
