"""Turn pieces of the knowledge base into Answers.

Each function takes validated knowledge and returns what to say about one
thing; which thing to describe is decided elsewhere (engine.py, questions.py).
``focus`` puts the asked-for fact first, so "when did episode 3 air" leads with
the date while the rest of the episode still follows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from bot.engine.answers import Answer, Fact, Kind, SourceRef, Status
from bot.knowledge.models import (
    Character,
    Episode,
    Knowledge,
    Person,
    Song,
    Sourced,
    Special,
    Track,
    Work,
    WorkRelation,
)


def _stop(sentence: str) -> str:
    """A full stop, unless the quoted title already ends a sentence."""
    return "" if sentence.endswith(("?", "!", ".")) else "."


def day(value: dt.date) -> str:
    return f"{value:%A} {value.day} {value:%B %Y}"


def with_native(name: str, native: str | None) -> str:
    return f"{name} ({native})" if native and native != name else name


def track_no(number: int) -> str:
    return f"{number:02d}"


def sources(k: Knowledge, *groups: Iterable[str]) -> tuple[SourceRef, ...]:
    """The cited sources, each once, in the order first cited."""
    seen: dict[str, SourceRef] = {}
    for group in groups:
        for source_id in group:
            if source_id not in seen:
                s = k.source(source_id)
                seen[source_id] = SourceRef(id=s.id, title=s.title, url=s.url)
    return tuple(seen.values())


def caveat(fact: Sourced) -> list[str]:
    """Medium-confidence facts are said with their note, never bare."""
    if fact.confidence == "medium":
        return [f"Not certain: {fact.note}" if fact.note else "Not certain: one source only."]
    return [f"Note: {fact.note}"] if fact.note else []


def found(kind: Kind, title: str, **fields: object) -> Answer:
    return Answer.model_validate({"status": Status.FOUND, "kind": kind, "title": title, **fields})


def not_found(
    kind: Kind, title: str, hint: str, suggestions: Iterable[str] = (), lines: Iterable[str] = ()
) -> Answer:
    return Answer(
        status=Status.NOT_FOUND,
        kind=kind,
        title=title,
        hint=hint,
        lines=tuple(lines),
        suggestions=tuple(suggestions)[:3],
    )


# Episodes


def rating_text(k: Knowledge, ep: Episode) -> str:
    if ep.rating is None:
        return "Not known: none of our sources gives a figure"
    where = f" ({k.ratings.measured_by}, {k.ratings.region})" if k.ratings else ""
    return f"{ep.rating.value:g}%{where}"


def episode(k: Knowledge, ep: Episode, focus: str | None = None) -> Answer:
    count = k.series.episode_count
    lead = {
        "title": f"Episode {ep.number} is called “{ep.title}”" + _stop(ep.title),
        "japanese": (
            f"Episode {ep.number}'s Japanese title is {ep.native_title}."
            if ep.native_title
            else f"Episode {ep.number}'s Japanese title is not known."
        ),
        "aired": f"Episode {ep.number} aired on {day(ep.aired)}.",
        "rating": (
            f"Episode {ep.number} had a rating of {rating_text(k, ep)}."
            if ep.rating
            else f"Episode {ep.number}'s rating is not known: none of our sources gives it."
        ),
    }.get(focus or "")
    lines = [lead] if lead else []
    if ep.number == count:
        lines.append("This is the final episode.")
    if ep.runtime_note:
        lines.append(ep.runtime_note)
    facts = [Fact(name="Japanese title", value=ep.native_title)] if ep.native_title else []
    facts += [
        Fact(name="Aired", value=f"{day(ep.aired)} on {k.series.broadcaster}"),
        Fact(name="Rating", value=rating_text(k, ep)),
    ]
    rating_sources = ep.rating.sources if ep.rating else ()
    return found(
        "episode",
        f"Episode {ep.number}: {ep.title}",
        lines=lines + (caveat(ep.rating) if ep.rating else []),
        facts=facts,
        sources=sources(k, ep.sources, rating_sources),
    )


def episodes(k: Knowledge, focus: str | None = None) -> Answer:
    s = k.series
    run = f"from {day(s.first_aired)} to {day(s.last_aired)}"
    lead = [f"There are {s.episode_count} episodes, {run}."]
    lines = lead + [
        f"{ep.number} · {with_native(ep.title, ep.native_title)} ({ep.aired:%d %b %Y})"
        for ep in k.episodes
    ]
    if focus == "count":
        lines = lead
    return found(
        "episodes",
        f"{s.title}: {s.episode_count} episodes",
        lines=lines,
        sources=sources(k, s.sources, *(ep.sources for ep in k.episodes)),
    )


# Music


def track(k: Knowledge, t: Track) -> Answer:
    st = k.soundtrack
    assert st is not None
    composer = k.person(st.composer)
    facts = [Fact(name="Album", value=with_native(st.title, st.native_title))]
    if not t.song:
        facts.append(Fact(name="Composer", value=with_native(composer.name, composer.native)))
    lines: list[str] = []
    song_sources: tuple[str, ...] = ()
    if t.version:
        facts.append(Fact(name="Version", value=t.version))
    if t.song:
        song = next(s for s in k.songs if s.id == t.song)
        facts.append(Fact(name="Song", value=f"{with_native(song.title, song.native_title)}"))
        lines.append(
            f"An instrumental {t.version or ''} version of “{song.title}” by {song.artist}, "
            f"the drama's {song.use}.".replace("  ", " ")
        )
        song_sources = song.sources
    return found(
        "track",
        f"Track {track_no(t.number)}: {t.title}",
        lines=lines,
        facts=facts,
        sources=sources(k, st.sources, song_sources),
    )


def unlisted_track(k: Knowledge, number: int) -> Answer:
    st = k.soundtrack
    assert st is not None
    missing = ", ".join(track_no(n) for n in st.unlisted_numbers())
    return Answer(
        status=Status.NOT_FOUND,
        kind="track",
        title=f"Track {track_no(number)} is not listed in our sources",
        lines=(f"Our sources skip tracks {missing}; their titles are unknown.",),
        hint=f"Our sources number the tracks up to {st.track_count}; "
        "/soundtrack lists the ones we know.",
        sources=sources(k, st.sources),
    )


def soundtrack(k: Knowledge, focus: str | None = None) -> Answer:
    st = k.soundtrack
    assert st is not None
    composer = k.person(st.composer)
    listed = {t.number: t for t in st.tracks}
    lines = [
        f"{track_no(n)} · {listed[n].title}" if n in listed else f"{track_no(n)} · (not listed)"
        for n in range(1, st.track_count + 1)
    ]
    if focus == "count":
        lead = (
            f"Our sources number the tracks up to {st.track_count} and give titles for "
            f"{len(st.tracks)} of them; {', '.join(track_no(n) for n in st.unlisted_numbers())} "
            "are unknown."
        )
        lines = [lead, *lines]
    facts = [
        Fact(name="Composer", value=with_native(composer.name, composer.native)),
        *(
            Fact(
                name=s.use[:1].upper() + s.use[1:],
                value=f"{with_native(s.title, s.native_title)} ({s.artist})",
            )
            for s in k.songs
        ),
    ]
    return found(
        "soundtrack",
        with_native(st.title, st.native_title),
        lines=lines + caveat(st),
        facts=facts,
        sources=sources(k, st.sources, *(s.sources for s in k.songs)),
    )


def song(k: Knowledge, s: Song) -> Answer:
    tracks = [t for t in (k.soundtrack.tracks if k.soundtrack else ()) if t.song == s.id]
    lines = [f"“{s.title}” is sung by {s.artist}. Used in the drama as: {s.use}."]
    facts = [Fact(name="Artist", value=s.artist), Fact(name="Used as", value=s.use)]
    if s.native_title:
        facts.insert(0, Fact(name="Japanese title", value=s.native_title))
    if tracks:
        listed = ", ".join(f"{track_no(t.number)} ({t.version or 'version'})" for t in tracks)
        noun = "track" if len(tracks) == 1 else "tracks"
        facts.append(Fact(name="On the soundtrack", value=f"{noun} {listed}"))
    st_sources = k.soundtrack.sources if tracks and k.soundtrack else ()
    return found(
        "song",
        with_native(s.title, s.native_title),
        lines=lines + caveat(s),
        facts=facts,
        sources=sources(k, s.sources, st_sources),
    )


# People


def appearances(k: Knowledge, c: Character) -> str:
    where = {sp.id: "the special" for sp in k.specials} | {k.series.id: "the series"}
    return " and ".join(where.get(a, k.work_titles[a]) for a in c.appears_in)


def only_in_specials(k: Knowledge, c: Character) -> bool:
    return k.series.id not in c.appears_in and any(sp.id in c.appears_in for sp in k.specials)


def actor_name(k: Knowledge, c: Character, native: bool = False) -> str:
    if c.played_by is None:
        return "an actor no source names"
    actor = k.person(c.played_by)
    return with_native(actor.name, actor.native) if native else actor.name


def character(k: Knowledge, c: Character) -> Answer:
    actor = k.person(c.played_by) if c.played_by else None
    lines = [f"Played by {actor_name(k, c, native=True)}.", c.description]
    facts = [
        Fact(name="Role", value=with_native(c.name, c.native)),
        Fact(name="Actor", value=actor_name(k, c, native=True)),
        Fact(name="Appears in", value=appearances(k, c)),
        Fact(name="Billing", value=c.billing),
    ]
    return found(
        "person",
        f"{c.name} — {actor_name(k, c)}",
        lines=lines + caveat(c),
        facts=facts,
        sources=sources(k, c.sources, actor.sources if actor else ()),
    )


def person(k: Knowledge, p: Person) -> Answer:
    roles = k.roles_by_actor.get(p.id, ())
    jobs = [f"{c.job} (the series)" for c in k.credits if p.id in c.people]
    jobs += [f"{c.job} ({sp.title})" for sp in k.specials for c in sp.staff if p.id in c.people]
    lines = [f"Plays {with_native(c.name, c.native)}: {c.description}" for c in roles]
    for work in k.original_works:
        if p.id in work.authors:
            lines.append(f"Wrote the {work.kind} the drama is based on.")
        jobs = [job for job in jobs if not job.startswith("Original work")]
    if jobs:
        lines.append(f"Credited for: {'; '.join(jobs)}.")
    if p.description:
        lines.append(p.description)
    facts = [Fact(name="Role", value=with_native(c.name, c.native)) for c in roles]
    if p.born:
        facts.append(Fact(name="Born", value=p.born))
    if p.died:
        facts.append(Fact(name="Died", value=p.died))
    title = with_native(p.name, p.native)
    if roles:
        title = f"{p.name} — {', '.join(c.name for c in roles)}"
    return found(
        "person",
        title,
        lines=lines + caveat(p),
        facts=facts,
        sources=sources(k, p.sources, *(c.sources for c in roles)),
    )


def cast(k: Knowledge, lead_only: bool = False) -> Answer:
    order = {"lead": 0, "main": 1, "supporting": 2, "guest": 3}
    ranked = sorted(k.characters, key=lambda c: order[c.billing])
    if lead_only:
        ranked = [c for c in ranked if c.billing == "lead"]
    lines = []
    for c in ranked:
        extra = " (lead)" if c.billing == "lead" else ""
        if only_in_specials(k, c):
            extra += " (the special only)"
        lines.append(f"{c.name} — {actor_name(k, c, native=True)}{extra}")
    return found(
        "cast",
        f"The lead roles of {k.series.title}" if lead_only else f"The cast of {k.series.title}",
        lines=lines,
        sources=sources(k, *(c.sources for c in ranked)),
    )


def credits(k: Knowledge, focus: str | None = None) -> Answer:
    facts: list[Fact] = []
    for credit in k.credits:
        names = [with_native(k.person(p).name, k.person(p).native) for p in credit.people]
        value = ", ".join([*names, *credit.organisations])
        if focus and credit.job.casefold() == focus.casefold():
            return found(
                "credits",
                f"{credit.job}: {value}"[:256],
                lines=caveat(credit),
                facts=[Fact(name=credit.job, value=value)],
                sources=sources(k, credit.sources),
            )
        facts.append(Fact(name=credit.job, value=value))
    cited = [c.sources for c in k.credits]
    return found("credits", "Production credits", facts=facts, sources=sources(k, *cited))


# Ratings, the special, the series


def ratings(k: Knowledge, focus: str | None = None) -> Answer:
    r = k.ratings
    if r is None:
        return not_found("ratings", "No ratings are recorded", "The knowledge base has no ratings.")
    known = [ep for ep in k.episodes if ep.rating]
    unknown = [ep.number for ep in k.episodes if not ep.rating]
    lines: list[str] = []
    if r.average:
        lines.append(f"Series average: {r.average.value:g}% ({r.region}).")
    if r.high:
        which = f" for episode {r.high_episode}" if r.high_episode else ""
        if r.high_episode == k.series.episode_count:
            which += " (the finale)"
        lines.append(f"Highest: {r.high.value:g}%{which}.")
    lines += [
        f"Episode {ep.number}: {ep.rating.value:g}%."
        for ep in known
        if ep.rating and ep.number != r.high_episode
    ]
    if unknown:
        lines.append(f"No figure in our sources for episodes {_ranges(unknown)}.")
    if focus == "high" and r.high:
        lines.insert(0, lines.pop(1 if r.average else 0))
    if focus == "low":
        lines.insert(0, "The lowest rating is not known: we have figures for only some episodes.")
    cited: list[Iterable[str]] = [ep.rating.sources for ep in known if ep.rating]
    for rating in (r.average, r.high):
        if rating:
            lines += caveat(rating)
            cited.insert(0, rating.sources)
    return found(
        "ratings",
        f"Viewer ratings ({r.measured_by}, {r.region})",
        lines=lines,
        sources=sources(k, *cited),
    )


def special(k: Knowledge, sp: Special, focus: str | None = None) -> Answer:
    when = day(sp.aired) + (f", {sp.time_slot}" if sp.time_slot else "")
    staff = "; ".join(
        f"{c.job}: {', '.join(k.person(p).name for p in c.people) or ', '.join(c.organisations)}"
        for c in sp.staff
    )
    new = [c for c in k.characters if c.appears_in == (sp.id,)]
    lead = {
        "aired": f"It aired on {when}.",
        "staff": f"{staff}." if staff else "Its staff are not on record.",
        "length": f"It is a single broadcast of {sp.length}." if sp.length else "",
        "broadcaster": f"It aired on {sp.broadcaster}." if sp.broadcaster else "",
        "rating": "Its rating is not known: none of our sources gives it.",
        "new": "New in the special: "
        + "; ".join(f"{c.name}, played by {actor_name(k, c)}" for c in new)
        + ".",
    }.get(focus or "", "")
    lines = [lead] if lead else []
    lines.append(sp.description)
    facts = []
    if sp.native_title:
        facts.append(Fact(name="Japanese title", value=sp.native_title))
    on = f" on {sp.broadcaster}" if sp.broadcaster else ""
    facts.append(Fact(name="Aired", value=when + on))
    if sp.length:
        facts.append(Fact(name="Length", value=sp.length))
    facts.append(Fact(name="Setting", value=sp.setting))
    for credit in sp.staff:
        names = ", ".join(with_native(k.person(p).name, k.person(p).native) for p in credit.people)
        facts.append(Fact(name=credit.job, value=names or ", ".join(credit.organisations)))
    if new:
        value = "; ".join(f"{c.name} — {actor_name(k, c)}" for c in new)
        facts.append(Fact(name="New characters", value=value))
    return found(
        "special",
        with_native(sp.title, sp.native_title),
        lines=lines + caveat(sp),
        facts=facts,
        sources=sources(k, sp.sources, *(c.sources for c in sp.staff), *(c.sources for c in new)),
    )


def about(k: Knowledge, focus: str | None = None) -> Answer:
    s = k.series
    names = ", ".join(s.alternative_titles)
    facts = [
        Fact(name="Also known as", value=names),
        Fact(name="Country", value=s.country),
        Fact(name="Year", value=str(s.year)),
        Fact(name="Type", value=s.type),
        Fact(name="Aired", value=f"{day(s.first_aired)} to {day(s.last_aired)}"),
        Fact(name="Episodes", value=str(s.episode_count)),
        Fact(name="Broadcaster", value=s.broadcaster),
    ]
    if s.time_slot:
        facts.append(Fact(name="Time slot", value=s.time_slot))
    if s.related_shows:
        facts.append(Fact(name="Related shows", value=", ".join(s.related_shows)))
    cited: list[Iterable[str]] = [s.sources]
    lines: list[str]
    bo = k.original_works[0] if k.original_works else None
    adaptations = [w for w in k.works if w.relation == WorkRelation.ADAPTATION]
    if focus == "based_on" and bo and bo.authors:
        author = k.person(bo.authors[0])
        lines = [
            f"It is based on a true story: the {bo.kind} of "
            f"{with_native(author.name, author.native)}, published as "
            f"{with_native(bo.title, bo.native_title)}.",
            bo.description,
        ]
        if bo.released:
            lines.append(f"Published: {published(bo)}.")
        lines += caveat(bo)
        cited = [bo.sources, author.sources]
    elif focus == "aired":
        lines = [
            f"It aired on {s.broadcaster} from {day(s.first_aired)} to {day(s.last_aired)}"
            + (f", {s.time_slot}." if s.time_slot else ".")
        ]
    elif focus == "broadcaster":
        lines = [
            f"It was broadcast on {s.broadcaster}" + (f", {s.time_slot}." if s.time_slot else ".")
        ]
    elif focus == "country":
        lines = [f"It is a {s.type.casefold()} from {s.country}, first shown in {s.year}."]
    elif focus == "adaptations" and bo:
        lines = [adaptation_line(k, a) for a in adaptations] or [
            f"Our sources name no other adaptation of the {bo.kind}."
        ]
        cited = [bo.sources, *(a.sources for a in adaptations)]
    elif focus == "related":
        shows = ", ".join(s.related_shows) or "none recorded"
        lines = [f"Related shows: {shows}.", *caveat(s)]
    elif focus == "titles":
        lines = [f"Also known as: {names}."]
    elif focus == "page_stats" and (counted := [src for src in k.sources if src.page_stats]):
        ps = counted[0].page_stats
        assert ps is not None
        lines = [
            f"The source page counts {ps.page_views:,} page views, {ps.fans:,} fans, "
            f"{ps.forum_posts:,} forum posts, {ps.wall_posts:,} wall posts and "
            f"{ps.photos_uploaded:,} uploaded photos.",
            *([ps.note] if ps.note else []),
        ]
        cited = [(counted[0].id,)]
    else:
        lines = [s.synopsis]
        if bo and bo.authors:
            by = k.person(bo.authors[0]).name
            lines.append(f"Based on the {bo.kind} of {by}; ask “is it a true story?” for more.")
    if focus != "page_stats":
        lines += [line for line in caveat(s) if focus is None]
    return found(
        "about",
        with_native(s.title, s.native_title),
        lines=lines,
        facts=facts,
        sources=sources(k, *cited),
    )


def published(w: Work) -> str:
    """When and by whom a work first came out, then its later editions."""
    first = ", ".join(filter(None, [w.released, w.publisher]))
    later = [", ".join(filter(None, [e.published, e.publisher, e.format])) for e in w.editions]
    return "; ".join([first, *(f"reissued {e}" for e in later if e)])


def adaptation_line(k: Knowledge, a: Work) -> str:
    year = (a.released or "")[:4]
    what = f"A {year} {a.kind}".replace("  ", " ") + f", “{a.title}”"
    directors = [p for c in a.staff if c.job == "Director" for p in c.people]
    if directors:
        named = [with_native(k.person(p).name, k.person(p).native) for p in directors]
        what += f", directed by {', '.join(named)}"
    if a.cast:
        starring = [f"{k.person(c.person).name} as {c.role}" for c in a.cast[:3]]
        what += f", starring {', '.join(starring)}"
    return what + "."


def _ranges(numbers: list[int]) -> str:
    """[2, 3, 4, 9] → "2–4 and 9"."""
    runs: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(f"{start}–{prev}" if prev > start else str(start))
        if n is not None:
            start = prev = n
    return runs[0] if len(runs) == 1 else ", ".join(runs[:-1]) + " and " + runs[-1]
