"""Turn pieces of the knowledge base into Answers.

Each function takes validated knowledge and returns what to say about one
thing; which thing to describe is decided elsewhere (engine.py, questions.py).
``focus`` puts the asked-for fact first, so "when did episode 3 air" leads with
the date while the rest of the episode still follows.

Spoilers: a plot point flagged ``spoiler`` in the knowledge becomes a
``Fact(spoiler=True)`` and its text goes nowhere else in the Answer (not the
title, not a line), so a front-end that masks spoiler facts hides all of it.
What no source gives is said as such ("no source gives …"), from the
knowledge's ``unknown`` entries; where sources disagree, the kept value is
shown and the others follow in a line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Iterator, Sequence
from typing import Literal, get_args

from bot.engine.answers import Answer, Fact, Kind, SourceRef, Status
from bot.knowledge.models import (
    Character,
    Credit,
    Detail,
    Episode,
    Knowledge,
    Link,
    Person,
    PlotPoint,
    Quantity,
    Reception,
    ReceptionKind,
    RelationKind,
    Sales,
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


# Shared: plots, what no source gives, disagreements, extra details


def hedge(fact: Sourced) -> str:
    """A short mark for a value only one secondary source gives."""
    return " (one source only)" if fact.confidence == "medium" else ""


def plot_facts(points: Sequence[PlotPoint]) -> list[Fact]:
    """Each plot point as a fact; a spoiler keeps its flag so front-ends mask it."""
    return [
        Fact(name=f"Plot {i}", value=point.text + hedge(point), spoiler=point.spoiler)
        for i, point in enumerate(points, start=1)
    ]


def spoiler_count(points: Sequence[PlotPoint]) -> int:
    return sum(point.spoiler for point in points)


# What a field is called when a source leaves it out or sources disagree on it.
_FIELD_NAMES = {
    "runtime_minutes": "running time",
    "native": "name in the original script",
    "native_title": "original title",
    "birth_date": "date of birth",
    "death_date": "date of death",
    "played_by": "actor",
    "released": "release date",
    "catalogue": "catalogue number",
    "people": "people credited",
}

# One whole sentence per kind of gap, so each can be translated as a sentence.
_UNKNOWN_SENTENCES = {
    "rating": "No source gives a rating figure for {subject}.",
    "tracks": "No source gives the titles of tracks {which}.",
    "played_by": "No source names the actor who plays {subject}.",
    "label": "No source gives the label of {subject}.",
    "released": "No source gives the release date of {subject}.",
    "catalogue": "No source gives the catalogue number of {subject}.",
    "name": "No source gives the name of {subject}.",
}


def _note(note: str | None) -> str:
    return f" ({note.rstrip('.')})" if note else ""


def _percent(value: str) -> str:
    """A figure as a source wrote it, with "%" when it is a bare number."""
    try:
        float(value)
    except ValueError:
        return value
    return f"{value}%"


def field_name(field: str) -> str:
    return _FIELD_NAMES.get(field, field.replace("_", " "))


def unknown_lines(item: Sourced, subject: str, shown: Collection[str] = ()) -> list[str]:
    """What no source gives, said plainly ("No source gives …"), each with its note.

    ``shown`` names fields whose gap the answer already states in a fact: only
    their notes are added.
    """
    out = []
    for gap in item.unknown:
        if gap.field in shown:
            out += [gap.note] if gap.note else []
            continue
        numbers = [track_no(n) if gap.field == "tracks" else str(n) for n in gap.which]
        template = _UNKNOWN_SENTENCES.get(gap.field, "No source gives the {field} of {subject}.")
        line = template.format(subject=subject, which=_and(numbers), field=field_name(gap.field))
        out += [line, gap.note] if gap.note else [line]
    return out


def disagreement_lines(item: Sourced, skip: Collection[str] = ()) -> list[str]:
    """Where other sources give another value; the kept value is the one shown.

    ``skip`` names fields whose disagreement the answer shows another way.
    """
    out = []
    for d in item.disagreements:
        if d.field in skip:
            continue
        value = d.value.rstrip(".")
        if d.field.endswith("_minutes") and value.isdigit():
            value += " minutes"
        out.append(f"Sources differ on the {field_name(d.field)}: others give “{value}”.")
        if d.note:
            out.append(d.note)
    return out


def detail_lines(details: Sequence[Detail]) -> list[str]:
    """Each extra fact as a line, its date first when it has one."""
    return [(f"{d.when}: {d.text}" if d.when else d.text) + hedge(d) for d in details]


def cited(*items: Sourced | None) -> Iterator[tuple[str, ...]]:
    """The sources of each item with those of its disagreements and details."""
    for item in items:
        if item is None:
            continue
        yield item.sources
        for d in item.disagreements:
            yield d.sources
        for detail in getattr(item, "details", ()):
            yield detail.sources


def quantity(q: Quantity) -> str:
    """12000 -> "12,000"; "over" and "about" bounds as a source states them."""
    amount = f"{q.value:,}"
    return {"over": f"over {amount}", "about": f"about {amount}"}.get(q.bound, amount)


_SALES_UNITS = {"copies": "copies", "downloads": "downloads", "rentals": "rentals"}


def sales_text(s: Sales) -> str:
    when = f" (as of {s.as_of})" if s.as_of else ""
    return f"{quantity(s.amount)} {_SALES_UNITS.get(s.kind, s.kind)}{when}{hedge(s)}"


def credit_names(k: Knowledge, credit: Credit) -> str:
    names = [with_native(k.person(p).name, k.person(p).native) for p in credit.people]
    return ", ".join([*names, *credit.organisations])


def name_of(k: Knowledge, ident: str) -> str:
    """Whoever or whatever an id names: a person, a role, a song or a work."""
    if ident in k.people_by_id:
        return k.people_by_id[ident].name
    if ident in k.characters_by_id:
        return k.characters_by_id[ident].name
    song = next((s for s in k.songs if s.id == ident), None)
    if song:
        return f"“{song.title}” ({song.artist})"
    return k.work_titles.get(ident, ident)


def _and(items: Sequence[str]) -> str:
    """["a"] → "a"; ["a", "b", "c"] → "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# Episodes


def rating_text(k: Knowledge, ep: Episode) -> str:
    if ep.rating is None:
        return f"Not known: no source gives a figure for episode {ep.number}"
    region = ep.rating.region or (k.ratings.region if k.ratings else None)
    measured = k.ratings.measured_by if k.ratings else None
    where = ", ".join(filter(None, [measured, region]))
    return f"{ep.rating.value:g}%" + (f" ({where})" if where else "") + hedge(ep.rating)


def episode_plot_lead(ep: Episode) -> str:
    points, hidden = len(ep.plot), spoiler_count(ep.plot)
    if not points:
        return f"No source we use tells what happens in episode {ep.number}."
    if hidden == 1:
        return (
            f"What happens in episode {ep.number}, in {points} points; "
            "one of them gives away the story and is marked as a spoiler."
        )
    if hidden:
        return (
            f"What happens in episode {ep.number}, in {points} points; "
            f"{hidden} of them give away the story and are marked as spoilers."
        )
    return f"What happens in episode {ep.number}, in {points} points."


def episode(k: Knowledge, ep: Episode, focus: str | None = None) -> Answer:
    """One episode's card: titles, air date, ratings, staff and its plot points.

    ``focus`` ("title", "japanese", "aired", "rating", "plot") leads with that
    fact; with "plot" the plot points also come first among the facts.
    """
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
            else f"Episode {ep.number}'s rating is not known: no source gives a figure for it."
        ),
        "plot": episode_plot_lead(ep),
    }.get(focus or "")
    lines = [lead] if lead else []
    if ep.number == count:
        lines.append("This is the final episode.")
    if ep.runtime_note:
        lines.append(ep.runtime_note)
    elif ep.extended_minutes:
        lines.append(f"It ran {ep.extended_minutes} minutes longer than the usual slot.")
    facts = [Fact(name="Japanese title", value=ep.native_title)] if ep.native_title else []
    facts += [
        Fact(name="Aired", value=f"{day(ep.aired)} on {k.series.broadcaster}"),
        Fact(name="Rating", value=rating_text(k, ep)),
    ]
    facts += [
        Fact(name=f"Rating ({r.region or 'another region'})", value=f"{r.value:g}%{hedge(r)}")
        for r in ep.regional_ratings
    ]
    facts += [Fact(name=c.job, value=credit_names(k, c) + hedge(c)) for c in ep.staff]
    plot = plot_facts(ep.plot)
    facts = plot + facts if focus == "plot" else facts + plot
    ratings = [ep.rating, *ep.regional_ratings] if ep.rating else list(ep.regional_ratings)
    notes = [line for r in ratings for line in caveat(r)]
    return found(
        "episode",
        f"Episode {ep.number}: {ep.title}",
        lines=lines
        + notes
        + disagreement_lines(ep)
        + unknown_lines(ep, f"episode {ep.number}", shown=["rating"]),
        facts=facts,
        sources=sources(
            k,
            *cited(ep, *ratings, *ep.staff),
            *(p.sources for p in ep.plot),
        ),
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
    gaps = unknown_lines(st, "the soundtrack album")
    if focus == "release":
        lines = [*gaps, *lines]
    else:
        lines += gaps
    facts = [Fact(name="Composer", value=with_native(composer.name, composer.native))]
    if st.label:
        facts.append(Fact(name="Label", value=st.label))
    if st.released:
        facts.append(Fact(name="Released", value=day(st.released)))
    if st.catalogue:
        facts.append(Fact(name="Catalogue number", value=st.catalogue))
    facts += [
        Fact(
            name=s.use[:1].upper() + s.use[1:],
            value=f"{with_native(s.title, s.native_title)} ({s.artist})",
        )
        for s in k.songs
    ]
    return found(
        "soundtrack",
        with_native(st.title, st.native_title),
        lines=lines + detail_lines(st.details) + disagreement_lines(st) + caveat(st),
        facts=facts,
        sources=sources(k, *cited(st), *(s.sources for s in k.songs)),
    )


SongFocus = Literal["release", "chart", "sales"]


def song(k: Knowledge, s: Song, focus: SongFocus | None = None) -> Answer:
    """A song's card: who sings it, how the drama uses it, its release, charts and sales.

    ``focus`` ("release", "chart", "sales") leads with that part.
    """
    tracks = [t for t in (k.soundtrack.tracks if k.soundtrack else ()) if t.song == s.id]
    lines = [f"“{s.title}” is sung by {s.artist}. Used in the drama as: {s.use}."]
    facts = [Fact(name="Artist", value=s.artist), Fact(name="Used as", value=s.use)]
    if s.native_title:
        facts.insert(0, Fact(name="Japanese title", value=s.native_title))
    if s.writers:
        facts.append(Fact(name="Written by", value=", ".join(s.writers)))
    if s.arrangers:
        facts.append(Fact(name="Arranged by", value=", ".join(s.arrangers)))
    r = s.release
    leads: dict[str, str] = {}
    if r:
        what = ", ".join(filter(None, [r.ordinal, r.format]))
        on = ", ".join(filter(None, [day(r.date), r.label, r.catalogue]))
        facts.append(Fact(name="Released", value=on + hedge(r)))
        if what:
            facts.append(Fact(name="Release", value=what))
        if r.b_sides:
            facts.append(Fact(name="B-side", value="; ".join(r.b_sides)))
        if r.tracks:
            facts.append(Fact(name="Tracks on the single", value="; ".join(r.tracks)))
        label = f" on {r.label}" if r.label else ""
        leads["release"] = f"“{s.title}” was released on {day(r.date)}{label}."
    for chart in s.charts:
        bits = [f"peak No. {chart.peak}"]
        if chart.entry:
            bits.insert(0, f"entered at No. {chart.entry}")
        if chart.weeks:
            bits.append(f"{quantity(chart.weeks)} weeks on the chart")
        if chart.weeks_in_top_ten:
            bits.append(f"{quantity(chart.weeks_in_top_ten)} weeks in the top ten")
        if chart.weekly_positions:
            bits.append("week by week " + " → ".join(str(n) for n in chart.weekly_positions))
        facts.append(Fact(name=f"{chart.chart} chart", value="; ".join(bits) + hedge(chart)))
    if s.charts:
        # The first chart listed is the main one: a daily No. 1 is not the peak fans mean.
        main = s.charts[0]
        leads["chart"] = f"“{s.title}” peaked at No. {main.peak} on the {main.chart} chart."
    if s.sales:
        facts.append(Fact(name="Sales", value="; ".join(sales_text(x) for x in s.sales)))
        leads["sales"] = f"Sales of “{s.title}”: {sales_text(s.sales[0])}."
    if tracks:
        listed = ", ".join(f"{track_no(t.number)} ({t.version or 'version'})" for t in tracks)
        noun = "track" if len(tracks) == 1 else "tracks"
        facts.append(Fact(name="On the soundtrack", value=f"{noun} {listed}"))
    gaps = {
        "release": f"No source gives the release of “{s.title}”.",
        "chart": f"No source gives a chart position for “{s.title}”.",
        "sales": f"No source gives sales figures for “{s.title}”.",
    }
    if focus is not None:
        lines.insert(0, leads.get(focus, gaps[focus]))
    parts: list[Sourced] = [x for x in (r, *s.charts, *s.sales) if x is not None]
    # Each part's value already carries "(one source only)"; only its note is added.
    notes = [f"Not certain: {x.note}" for x in parts if x.note and x.confidence == "medium"]
    notes += [f"Note: {x.note}" for x in parts if x.note and x.confidence == "high"]
    st_sources = k.soundtrack.sources if tracks and k.soundtrack else ()
    return found(
        "song",
        with_native(s.title, s.native_title),
        lines=lines
        + detail_lines(s.details)
        + disagreement_lines(s)
        + unknown_lines(s, f"“{s.title}”")
        + caveat(s)
        + notes,
        facts=facts,
        sources=sources(k, *cited(s, *parts), st_sources),
    )


# People


def appearances(k: Knowledge, c: Character) -> str:
    """The works a role appears in, by title."""
    return "; ".join(k.work_titles.get(a, a) for a in c.appears_in)


def only_in_specials(k: Knowledge, c: Character) -> bool:
    return k.series.id not in c.appears_in and any(sp.id in c.appears_in for sp in k.specials)


def actor_name(k: Knowledge, c: Character, native: bool = False) -> str:
    if c.played_by is None:
        return "an actor no source names"
    actor = k.person(c.played_by)
    return with_native(actor.name, actor.native) if native else actor.name


# What the subject of a relation is to the other one: "Parent of: Ikeuchi Aya".
RELATION_LABELS = {
    "parent": "Parent of",
    "child": "Child of",
    "sibling": "Sibling of",
    "spouse": "Spouse of",
    "friend": "Friend of",
    "classmate": "Classmate of",
    "schoolmate": "Schoolmate of",
    "teacher": "Teacher of",
    "student": "Student of",
    "doctor": "Doctor of",
    "patient": "Patient of",
    "colleague": "Colleague of",
    "love-interest": "Love interest of",
    "admirer": "Admirer of",
    "admired": "Admired by",
    "senior": "Senior to",
    "junior": "Junior to",
    "roommate": "Roommate of",
    "supplier": "Supplier to",
    "customer": "Customer of",
    "volunteer": "Volunteer helping",
    "helped": "Helped by",
    "pet": "Pet of",
    "owner": "Owner of",
}
# Those who stand in a relation to someone, as a plural: "Ikeuchi Aya's parents".
RELATION_PLURALS = {
    "parent": "parents",
    "child": "children",
    "sibling": "siblings",
    "spouse": "spouse",
    "friend": "friends",
    "classmate": "classmates",
    "schoolmate": "schoolmates",
    "teacher": "teachers",
    "student": "students",
    "doctor": "doctors",
    "patient": "patients",
    "colleague": "colleagues",
    "love-interest": "love interests",
    "admirer": "admirers",
    "admired": "admired ones",
    "senior": "seniors",
    "junior": "juniors",
    "roommate": "roommates",
    "supplier": "suppliers",
    "customer": "customers",
    "volunteer": "volunteers",
    "helped": "ones helped",
    "pet": "pets",
    "owner": "owners",
}


def relation_label(kind: RelationKind) -> str:
    return RELATION_LABELS.get(kind.value, kind.value.replace("-", " ").capitalize() + " of")


def relation_plural(kind: RelationKind) -> str:
    return RELATION_PLURALS.get(kind.value, kind.value.replace("-", " ") + "s")


def link_name(k: Knowledge, link: Link) -> str:
    """The other side of a relation, with its note and a mark if only one source says so."""
    name = name_of(k, link.other)
    if link.note:
        name += f" ({link.note.rstrip('.')})"
    return name + (" (one source only)" if link.confidence == "medium" else "")


def relation_facts(k: Knowledge, links: Sequence[Link]) -> list[Fact]:
    """One fact per kind of relation, in the order the kinds first appear."""
    grouped: dict[RelationKind, list[str]] = {}
    for link in links:
        grouped.setdefault(link.kind, []).append(link_name(k, link))
    return [
        Fact(name=relation_label(kind), value=", ".join(names)) for kind, names in grouped.items()
    ]


def character(k: Knowledge, c: Character) -> Answer:
    """A role's card: who plays it, where it appears, and who it is to the others."""
    actor = k.person(c.played_by) if c.played_by else None
    lines = [f"Played by {actor_name(k, c, native=True)}.", c.description]
    facts = [Fact(name="Role", value=with_native(c.name, c.native))]
    if c.reading:
        facts.append(Fact(name="Reading", value=c.reading))
    facts += [
        Fact(name="Actor", value=actor_name(k, c, native=True)),
        Fact(name="Appears in", value=appearances(k, c)),
        Fact(name="Billing", value=c.billing),
    ]
    if c.ages:
        ages = c.ages
        value = f"{ages.start} when first seen"
        if ages.end is not None and ages.end != ages.start:
            value = f"{ages.start} when first seen, {ages.end} when last seen"
        facts.append(Fact(name="Age", value=value + hedge(ages)))
    links = k.relations_of(c.id)
    facts += relation_facts(k, links)
    return found(
        "person",
        f"{c.name} — {actor_name(k, c)}",
        lines=lines
        + detail_lines(c.details)
        + disagreement_lines(c)
        + unknown_lines(c, c.name, shown=["played_by"])
        + caveat(c),
        facts=facts,
        sources=sources(
            k,
            *cited(c, c.ages),
            actor.sources if actor else (),
            *(link.sources for link in links),
        ),
    )


def person(k: Knowledge, p: Person) -> Answer:
    """A real person's card: roles and jobs, life, schools, family and other work."""
    roles = k.roles_by_actor.get(p.id, ())
    jobs = [f"{c.job} (the series)" for c in k.credits if p.id in c.people]
    jobs += [f"{c.job} ({sp.title})" for sp in k.specials for c in sp.staff if p.id in c.people]
    jobs += [f"{c.job} ({w.title})" for w in k.works for c in w.staff if p.id in c.people]
    lines = [f"Plays {with_native(c.name, c.native)}: {c.description}" for c in roles]
    castings = [(w, c) for w in k.works for c in w.cast if c.person == p.id]
    lines += [
        f"Played {with_native(c.role, c.native_role)} in {w.title}."
        if c.role
        else f"In the cast of {w.title}."
        for w, c in castings
    ]
    for work in k.original_works:
        if p.id in work.authors:
            lines.append(f"Wrote the {work.kind} the drama is based on.")
            jobs = [job for job in jobs if not job.startswith("Original work")]
    written = [w for w in k.works if p.id in w.authors and w not in k.original_works]
    lines += [f"Author of {with_native(w.title, w.native_title)}." for w in written]
    if jobs:
        lines.append(f"Credited for: {'; '.join(jobs)}.")
    if p.description:
        lines.append(p.description)
    facts = [Fact(name="Role", value=with_native(c.name, c.native)) for c in roles]
    if p.reading:
        facts.append(Fact(name="Reading", value=p.reading))
    # The structured date and place, when given, replace the free-text "born" line.
    born = day(p.birth_date) if p.birth_date else p.born
    if born:
        facts.append(Fact(name="Born", value=born))
    if p.birthplace:
        facts.append(Fact(name="Birthplace", value=p.birthplace))
    died = day(p.death_date) if p.death_date else p.died
    if died:
        age = f", aged {p.age_at_death}" if p.age_at_death is not None else ""
        facts.append(Fact(name="Died", value=died + age))
    if p.cause_of_death:
        facts.append(Fact(name="Cause of death", value=p.cause_of_death))
    if p.schools:
        schools = [
            with_native(s.name, s.native) + (f" (entered {s.entered})" if s.entered else "")
            for s in p.schools
        ]
        facts.append(Fact(name="Schools", value="\n".join(schools)))
    if p.known_for:
        facts.append(Fact(name="Known for", value="; ".join(p.known_for)))
    links = k.relations_of(p.id)
    facts += relation_facts(k, links)
    title = with_native(p.name, p.native)
    if roles:
        title = f"{p.name} — {', '.join(c.name for c in roles)}"
    return found(
        "person",
        title,
        lines=lines
        + detail_lines(p.details)
        + disagreement_lines(p)
        + unknown_lines(p, p.name)
        + caveat(p)
        + [line for s in p.schools for line in caveat(s)],
        facts=facts,
        sources=sources(
            k,
            *cited(p, *p.schools),
            *(c.sources for c in roles),
            *(c.sources for _, c in castings),
            *(link.sources for link in links),
        ),
    )


def relations(k: Knowledge, who: Person | Character, kind: RelationKind | None = None) -> Answer:
    """Who stands in a relation to ``who``: all of them, or only those who are ``kind`` to it.

    "Aya's parents" is ``relations(aya, RelationKind.PARENT)``: the ones who are
    a parent of Aya, found from her side of each relation (written or derived).
    """
    links = [link for link in k.relations_of(who.id) if kind is None or link.kind.inverse == kind]
    if kind is None:
        title = f"Who {who.name} is to the others"
        lines = [f"{relation_label(link.kind)} {link_name(k, link)}." for link in links]
    else:
        title = f"{who.name}'s {relation_plural(kind)}"
        lines = [
            f"{link_name(k, link)}, played by {actor_name(k, role)}."
            if (role := k.characters_by_id.get(link.other))
            else f"{link_name(k, link)}."
            for link in links
        ]
    if not links:
        hint = "Ask for the card of the role or person to see every relation on record."
        what = "relation" if kind is None else relation_plural(kind)
        return not_found("relations", f"No {what} of {who.name} is on record", hint)
    return found(
        "relations",
        title,
        lines=lines,
        sources=sources(k, who.sources, *(link.sources for link in links)),
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
    """Every figure a source states, and plainly which episodes (and specials) have none."""
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
        f"Episode {ep.number}: {ep.rating.value:g}%{hedge(ep.rating)}."
        for ep in known
        if ep.rating and ep.number != r.high_episode
    ]
    lines += [
        f"Episode {ep.number} in {x.region or 'another region'}: {x.value:g}%{hedge(x)}."
        for ep in k.episodes
        for x in ep.regional_ratings
    ]
    lines += [
        f"Episodes {a.first_episode}–{a.last_episode} averaged {a.value:g}%{hedge(a)}."
        for a in r.partial_averages
    ]
    if unknown:
        lines.append(f"No source gives a figure for episodes {_ranges(unknown)}.")
    lines += [f"No source gives a figure for {sp.title}." for sp in k.specials if not sp.rating]
    lines += [
        f"{sp.title}: {sp.rating.value:g}%{hedge(sp.rating)}." for sp in k.specials if sp.rating
    ]
    if focus == "high" and r.high:
        lines.insert(0, lines.pop(1 if r.average else 0))
    if focus == "low":
        lines.insert(0, "The lowest rating is not known: we have figures for only some episodes.")
    cited_groups: list[Iterable[str]] = [ep.rating.sources for ep in known if ep.rating]
    cited_groups += [x.sources for ep in k.episodes for x in ep.regional_ratings]
    cited_groups += [a.sources for a in r.partial_averages]
    cited_groups += [sp.rating.sources for sp in k.specials if sp.rating]
    for label, rating in (("average", r.average), ("highest figure", r.high)):
        if rating:
            lines += caveat(rating)
            lines += [
                f"Sources differ on the {label}: others give {_percent(d.value)}{_note(d.note)}."
                for d in rating.disagreements
            ]
            cited_groups[:0] = list(cited(rating))
    return found(
        "ratings",
        f"Viewer ratings ({r.measured_by}, {r.region})",
        lines=lines,
        sources=sources(k, *cited_groups),
    )


def special_plot_lead(sp: Special) -> str:
    points, hidden = len(sp.plot), spoiler_count(sp.plot)
    if not points:
        return f"No source we use tells what happens in {sp.title}."
    if hidden == 1:
        return (
            f"What happens in {sp.title}, in {points} points; "
            "one of them gives away the story and is marked as a spoiler."
        )
    if hidden:
        return (
            f"What happens in {sp.title}, in {points} points; "
            f"{hidden} of them give away the story and are marked as spoilers."
        )
    return f"What happens in {sp.title}, in {points} points."


def special(k: Knowledge, sp: Special, focus: str | None = None) -> Answer:
    """A special's card: broadcast, length, setting, staff, songs, new roles and its plot.

    ``focus`` ("aired", "staff", "length", "broadcaster", "rating", "new",
    "songs", "setting", "plot") leads with that part.
    """
    when = day(sp.aired) + (f", {sp.time_slot}" if sp.time_slot else "")
    staff = "; ".join(f"{c.job}: {credit_names(k, c)}" for c in sp.staff)
    new = [c for c in k.characters if c.appears_in == (sp.id,)]
    songs = [s for s in k.songs if s.id in sp.songs]
    minutes = f"{sp.runtime_minutes} minutes" if sp.runtime_minutes else None
    length = ", ".join(filter(None, [sp.length, minutes]))
    rating = (
        f"{sp.rating.value:g}%{hedge(sp.rating)}"
        if sp.rating
        else "Not known: no source gives a figure for it"
    )
    lead = {
        "aired": f"It aired on {when}.",
        "staff": f"{staff}." if staff else "Its staff are not on record.",
        "length": f"It is a single broadcast of {length}." if length else "",
        "broadcaster": f"It aired on {sp.broadcaster}." if sp.broadcaster else "",
        "rating": (
            f"Its rating was {rating}."
            if sp.rating
            else "Its rating is not known: no source gives a figure for it."
        ),
        "new": "New in the special: "
        + "; ".join(f"{c.name}, played by {actor_name(k, c)}" for c in new)
        + ".",
        "songs": (
            "Songs in it: " + "; ".join(f"“{s.title}” by {s.artist}" for s in songs) + "."
            if songs
            else "No source names the songs used in it."
        ),
        "setting": "Its setting is below, marked as a spoiler.",
        "plot": special_plot_lead(sp),
    }.get(focus or "", "")
    lines = [lead] if lead else []
    lines.append(sp.description)
    facts = []
    if sp.native_title:
        facts.append(Fact(name="Japanese title", value=sp.native_title))
    if sp.working_title:
        facts.append(Fact(name="Working title", value=sp.working_title))
    on = f" on {sp.broadcaster}" if sp.broadcaster else ""
    facts.append(Fact(name="Aired", value=when + on))
    if length:
        facts.append(Fact(name="Length", value=length))
    # A special set after the series says where the series' story ended, so its
    # setting (and any other setting a source gives) is shown as a spoiler.
    facts.append(Fact(name="Setting", value=sp.setting, spoiler=True))
    facts += [
        Fact(name="Setting, other sources", value=f"{d.value}{_note(d.note)}", spoiler=True)
        for d in sp.disagreements
        if d.field == "setting"
    ]
    facts += [Fact(name=c.job, value=credit_names(k, c) + hedge(c)) for c in sp.staff]
    if songs:
        value = "; ".join(f"{with_native(s.title, s.native_title)} ({s.artist})" for s in songs)
        facts.append(Fact(name="Songs", value=value))
    if new:
        value = "; ".join(f"{c.name} — {actor_name(k, c)}" for c in new)
        facts.append(Fact(name="New characters", value=value))
    facts.append(Fact(name="Rating", value=rating))
    plot = plot_facts(sp.plot)
    facts = plot + facts if focus == "plot" else facts + plot
    return found(
        "special",
        with_native(sp.title, sp.native_title),
        lines=lines
        + detail_lines(sp.details)
        + disagreement_lines(sp, skip=["setting"])
        + unknown_lines(sp, sp.title, shown=["rating"])
        + [line for c in sp.staff for line in disagreement_lines(c)]
        + caveat(sp),
        facts=facts,
        sources=sources(
            k,
            *cited(sp, sp.rating, *sp.staff),
            *(c.sources for c in new),
            *(s.sources for s in songs),
            *(p.sources for p in sp.plot),
        ),
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


# Awards and reception


RECEPTION_TITLES = {
    "award": "Awards",
    "ranking": "Rankings",
    "poll": "Polls",
    "record": "Records",
    "event": "Events",
}
RESULT_WORDS = {"won": "won", "runner-up": "runner-up", "nominated": "nominated"}


def reception_name(r: Reception) -> str:
    name = with_native(r.name, r.native_name)
    return f"{name}, {r.edition}" if r.edition else name


def reception_label(r: Reception) -> str:
    """Its name with its year, when it has one: "Elan d'Or Awards (2006)"."""
    return f"{reception_name(r)} ({r.year})" if r.year else reception_name(r)


def reception_outcome(k: Knowledge, r: Reception) -> str:
    """What it gave, to whom: "won (Sawajiri Erika)", "No. 1", or its description."""
    # The series itself goes without saying in a list about the series.
    to = f" ({name_of(k, r.recipient)})" if r.recipient not in (None, k.series.id) else ""
    if r.result:
        category = f"{r.category}: " if r.category else ""
        return f"{category}{RESULT_WORDS.get(r.result, r.result)}{to}"
    if r.rank is not None:
        category = f" in {r.category}" if r.category else ""
        return f"No. {r.rank}{category}{to}"
    return r.description


def awards(k: Knowledge, kind: ReceptionKind | None = None) -> Answer:
    """Every award, ranking and poll on record (or those of one kind), by year."""
    chosen = sorted(
        (r for r in k.reception if kind is None or r.kind == kind),
        key=lambda r: (r.year is None, r.year or 0),  # undated ones last
    )
    what = RECEPTION_TITLES.get(kind.value, kind.value) if kind else "Awards and reception"
    if not chosen:
        hint = "Our sources record no such item; /about tells what the series is."
        return not_found("awards", f"{what}: none on record", hint)
    lines = [
        f"{r.year} · {reception_name(r)}: {reception_outcome(k, r)}{hedge(r)}"
        if r.year
        else f"{reception_name(r)}: {reception_outcome(k, r)}{hedge(r)}"
        for r in chosen
    ]
    return found(
        "awards",
        f"{what}: {k.series.title}",
        lines=lines,
        sources=sources(k, *(group for r in chosen for group in cited(r))),
    )


def award(k: Knowledge, r: Reception) -> Answer:
    """One award, ranking or poll: what it is, when, and what it gave to whom."""
    facts = [Fact(name="Kind", value=r.kind.value)]
    if r.year:
        facts.append(Fact(name="Year", value=str(r.year)))
    if r.date:
        facts.append(Fact(name="Date", value=day(r.date)))
    if r.organiser:
        facts.append(Fact(name="Organiser", value=r.organiser))
    if r.category:
        facts.append(Fact(name="Category", value=r.category))
    if r.result:
        facts.append(Fact(name="Result", value=RESULT_WORDS.get(r.result, r.result)))
    if r.rank is not None:
        facts.append(Fact(name="Rank", value=f"No. {r.rank}"))
    if r.recipient:
        facts.append(Fact(name="Recipient", value=name_of(k, r.recipient)))
    return found(
        "award",
        reception_label(r),
        lines=[r.description, *disagreement_lines(r), *unknown_lines(r, r.name), *caveat(r)],
        facts=facts,
        sources=sources(k, *cited(r)),
    )


# Related works


KIND_WORDS = {
    "diary": "diary",
    "memoir": "memoir",
    "book": "book",
    "manga": "manga",
    "film": "film",
    "tv-series": "TV series",
    "tv-special": "TV special",
}
# How a related work stands to the series, as one sentence each.
WORK_RELATIONS = {
    "source": "The series is based on it.",
    "adaptation": "Another telling of the same story.",
    "continuation": "It takes the series' own story further.",
    "companion": "It is by or about the same real people; the series does not adapt it.",
    "similar": "Not an official adaptation: its likeness to the series is reported, not licensed.",
}


def work_kind(w: Work) -> str:
    return KIND_WORDS.get(w.kind.value, w.kind.value)


def work_line(w: Work) -> str:
    year = (w.released or (str(w.announced.year) if w.announced else ""))[:4]
    when = f", {year}" if year else ""
    title = with_native(w.title, w.native_title)
    return f"{title} ({work_kind(w)}{when}): {WORK_RELATIONS.get(w.relation, '')}".rstrip(": ")


def works(k: Knowledge, relation: WorkRelation | None = None) -> Answer:
    """The books, films, manga and other series related to this one."""
    chosen = [w for w in k.works if relation is None or w.relation == relation]
    if not chosen:
        hint = "Our sources record no such work; /about tells what the series is based on."
        return not_found("works", "No related work of that kind is on record", hint)
    return found(
        "works",
        f"Works related to {k.series.title}",
        lines=[work_line(w) for w in chosen],
        sources=sources(k, *(w.sources for w in chosen)),
    )


def work(k: Knowledge, w: Work) -> Answer:
    """One related work's card: what it is, who made it, when it came out, its people."""
    lines = [WORK_RELATIONS.get(w.relation, ""), w.description]
    facts = [Fact(name="Kind", value=work_kind(w))]
    if w.authors:
        names = [with_native(k.person(a).name, k.person(a).native) for a in w.authors]
        facts.append(Fact(name="By", value=", ".join(names)))
    if w.country:
        facts.append(Fact(name="Country", value=w.country))
    if w.publisher:
        facts.append(Fact(name="Publisher", value=w.publisher))
    if w.announced:
        facts.append(Fact(name="Announced", value=day(w.announced)))
    if w.released:
        first = "Released" if w.kind.value in ("film", "tv-series", "tv-special") else "Published"
        facts.append(Fact(name=first, value=w.released))
    if w.ended:
        facts.append(Fact(name="Ended", value=w.ended))
    if w.broadcaster:
        facts.append(Fact(name="Broadcaster", value=w.broadcaster))
    if w.episode_count:
        facts.append(Fact(name="Episodes", value=str(w.episode_count)))
    if w.runtime_minutes:
        facts.append(Fact(name="Running time", value=f"{w.runtime_minutes} minutes"))
    facts += [Fact(name=c.job, value=credit_names(k, c) + hedge(c)) for c in w.staff]
    if w.cast:
        cast = [
            with_native(k.person(c.person).name, k.person(c.person).native)
            + (f" as {with_native(c.role, c.native_role)}" if c.role else "")
            + hedge(c)
            for c in w.cast
        ]
        facts.append(Fact(name="Cast", value="\n".join(cast)))
    if w.editions:
        editions = [
            ", ".join(
                filter(
                    None,
                    [
                        e.published,
                        e.publisher,
                        e.label,
                        e.format,
                        f"{e.pages} pages" if e.pages else None,
                        f"ISBN {e.isbn}" if e.isbn else None,
                        f"¥{e.price_yen:,}" if e.price_yen is not None else None,
                    ],
                )
            )
            + hedge(e)
            for e in w.editions
        ]
        facts.append(Fact(name="Editions", value="\n".join(editions)))
    if w.sales:
        facts.append(Fact(name="Sales", value="\n".join(sales_text(s) for s in w.sales)))
    if w.releases:
        shown = [
            ", ".join(filter(None, [day(s.date) if s.date else None, s.what, s.place])) + hedge(s)
            for s in w.releases
        ]
        facts.append(Fact(name="Releases", value="\n".join(shown)))
    songs = [s for s in k.songs if s.id in w.songs]
    if songs:
        value = "; ".join(f"{with_native(s.title, s.native_title)} ({s.artist})" for s in songs)
        facts.append(Fact(name="Songs", value=value))
    parts: list[Sourced] = [*w.staff, *w.cast, *w.editions, *w.sales, *w.releases]
    return found(
        "work",
        with_native(w.title, w.native_title),
        lines=[line for line in lines if line]
        + detail_lines(w.details)
        + disagreement_lines(w)
        + unknown_lines(w, w.title)
        + caveat(w)
        + [line for x in parts for line in disagreement_lines(x)],
        facts=facts,
        sources=sources(
            k,
            *cited(w, *parts),
            *(k.person(a).sources for a in w.authors),
            *(s.sources for s in songs),
        ),
    )


# Production


ProductionTopic = Literal[
    "slot", "broadcasts", "sequences", "arcs", "locations", "home_video", "promotions"
]
PRODUCTION_TOPICS: tuple[ProductionTopic, ...] = get_args(ProductionTopic)


def production(k: Knowledge, topic: ProductionTopic | None = None) -> Answer:
    """How the series was made and shown; ``topic`` (one of PRODUCTION_TOPICS) leads.

    Each part is one fact, so a question about one part still shows the others.
    """
    s, prod = k.series, k.production
    parts: dict[str, tuple[str, list[str]]] = {}
    longer = [ep for ep in k.episodes if ep.extended_minutes]
    slot = [f"{s.broadcaster}, {s.time_slot}" if s.time_slot else s.broadcaster]
    slot += [f"Episode {ep.number} ran {ep.extended_minutes} minutes longer." for ep in longer]
    parts["slot"] = ("Time slot", slot)
    cited_groups: list[Iterable[str]] = [s.sources, *(ep.sources for ep in longer)]
    lines: list[str] = []
    arcs: list[Fact] = []
    if prod:
        parts["broadcasts"] = (
            "Other broadcasts",
            [
                ", ".join(
                    filter(
                        None,
                        [
                            b.region,
                            b.channel,
                            f"from {day(b.start)}" if b.start else None,
                            b.schedule,
                            b.delay,
                        ],
                    )
                )
                + hedge(b)
                for b in prod.broadcasts
            ],
        )
        parts["sequences"] = (
            "Opening and ending",
            [
                f"{q.kind.value.capitalize()}"
                + (f" (from episode {q.from_episode})" if q.from_episode else "")
                + f": {q.description}{hedge(q)}"
                for q in prod.sequences
            ],
        )
        # Arcs are plot: each is its own fact, flagged when it gives the story away.
        arcs = [
            Fact(
                name=f"Story, episodes {a.first_episode}–{a.last_episode}"
                if a.last_episode != a.first_episode
                else f"Story, episode {a.first_episode}",
                value=a.summary.text + hedge(a.summary),
                spoiler=a.summary.spoiler,
            )
            for a in prod.arcs
        ]
        parts["locations"] = (
            "Filming locations",
            [
                (
                    with_native(place.name, place.native)
                    if place.name
                    else "Not known: no source gives it"
                )
                + (f" ({place.used_for})" if place.used_for else "")
                + hedge(place)
                for place in prod.locations
            ],
        )
        parts["home_video"] = (
            "Home video",
            [
                ", ".join(
                    filter(
                        None,
                        [
                            v.title,
                            v.format,
                            f"{v.discs} discs" if v.discs else None,
                            v.label,
                            v.catalogue,
                            f"¥{v.price_yen:,}" if v.price_yen is not None else None,
                            day(v.released) if v.released else None,
                        ],
                    )
                )
                + hedge(v)
                + (f"; extras: {', '.join(v.extras)}" if v.extras else "")
                for v in prod.home_video
            ],
        )
        parts["promotions"] = (
            "Promotional specials",
            [
                f"{with_native(p.title, p.native_title)}, {day(p.aired)}"
                + (f" on {p.broadcaster}" if p.broadcaster else "")
                + hedge(p)
                for p in prod.promotions
            ],
        )
        items: list[Sourced] = [
            *prod.broadcasts,
            *prod.sequences,
            *(a.summary for a in prod.arcs),
            *prod.locations,
            *prod.home_video,
            *prod.promotions,
        ]
        cited_groups += [g for item in items for g in cited(item)]
        cited_groups += [d.sources for d in prod.details]
        lines += detail_lines(prod.details)
        for v in prod.home_video:
            lines += unknown_lines(v, v.title)
        for item in items:
            lines += disagreement_lines(item)
    facts = [Fact(name=name, value="\n".join(values)) for name, values in parts.values() if values]
    facts = arcs + facts if topic == "arcs" else facts + arcs
    if topic == "arcs":
        lines.insert(
            0, f"The story in {len(arcs)} parts." if arcs else "No source splits the story."
        )
    elif topic in parts:
        name, values = parts[topic]
        lead = [f"{name}:", *values] if values else [f"{name}: no source gives it."]
        lines = lead + lines
    return found(
        "production",
        f"How {s.title} was made and shown",
        lines=lines,
        facts=facts,
        sources=sources(k, *cited_groups),
    )
