"""Turn pieces of the knowledge base into Answers.

Each function takes validated knowledge and returns what to say about one
thing; which thing to describe is decided elsewhere (engine.py, questions.py).
``focus`` puts the asked-for fact first, so "when did episode 3 air" leads with
the date while the rest of the episode still follows.

Every sentence and label is a catalog message (``_``), rendered in the language
the front-end chose (``bot.i18n.using``); a sentence is always one message with
named placeholders, never pieced together from translated parts. Words that
come from the knowledge file (jobs, versions, the uses of songs) go through
:func:`bot.i18n.term`, and names show in the original script first when the
language reads that way (:func:`with_native`, :func:`shown`). The cards of the
second knowledge round (plots, relations, releases, awards, related works,
production) are written in English for now, each sentence whole.

Spoilers: a plot point flagged ``spoiler`` in the knowledge becomes a
``Fact(spoiler=True)`` and its text goes nowhere else in the Answer (not the
title, not a line), so a front-end that masks spoiler facts hides all of it.
What no source gives is said as such ("no source gives …"), from the
knowledge's ``unknown`` entries; where sources disagree, the kept value is
shown and the others follow in a line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from typing import Literal, get_args

from bot import i18n
from bot.engine.answers import Answer, Fact, Kind, SourceRef, Status
from bot.i18n import N_, _, ngettext, pgettext, prose, term
from bot.knowledge.models import (
    BILLING_ORDER,
    Character,
    Credit,
    Detail,
    Edition,
    Episode,
    Facet,
    FacetKind,
    HomeVideo,
    Knowledge,
    Link,
    Person,
    PlotPoint,
    Quantity,
    Rating,
    Reception,
    ReceptionKind,
    RelationKind,
    Sales,
    Song,
    Sourced,
    Special,
    TitleSequence,
    Track,
    Work,
    WorkKind,
    WorkRelation,
)
from bot.knowledge.prose import is_prose


def day(value: dt.date) -> str:
    return i18n.day(value)


_WORK_KINDS = {
    WorkKind.DIARY: N_("diary"),
    WorkKind.MEMOIR: N_("memoir"),
    WorkKind.BOOK: N_("book"),
    WorkKind.MANGA: N_("manga"),
    WorkKind.FILM: N_("film"),
    WorkKind.TV_SERIES: N_("TV series"),
    WorkKind.TV_SPECIAL: N_("TV special"),
}


def work_kind(kind: WorkKind) -> str:
    """A kind of work as a noun in the current language ("diary", "日記")."""
    return _(_WORK_KINDS[kind])


def with_native(name: str, native: str | None) -> str:
    """Both spellings: "Yamada Taro (山田太郎)"; in Japanese "山田太郎 (Yamada Taro)"."""
    if not native or native == name:
        return name
    return _("{name} ({native})").format(name=name, native=native)


def local_name(name: str, native: str | None) -> str:
    """Both spellings (:func:`with_native`); with no original on record, the name in the
    reader's language where the knowledge's catalog gives one ("the dormitory mother")."""
    return with_native(name, native) if native else term(name)


def shown(name: str, native: str | None) -> str:
    """The one spelling a reader of the current language expects first."""
    return native if native and i18n.current().native_first else name


def listing(items: Iterable[str]) -> str:
    """Items as the current language lists them ("a, b, c"; "a、b、c")."""
    return _(", ").join(items)


def track_no(number: int) -> str:
    return f"{number:02d}"


def sources(k: Knowledge, *groups: Iterable[str]) -> tuple[SourceRef, ...]:
    """The cited sources, each once, in the order first cited."""
    seen: dict[str, SourceRef] = {}
    by_id = k.sources_by_id
    for group in groups:
        for source_id in group:
            if source_id not in seen:
                s = by_id[source_id]
                seen[source_id] = SourceRef(id=s.id, title=prose(s.title), url=s.url)
    return tuple(seen.values())


def caveat(fact: Sourced) -> list[str]:
    """Medium-confidence facts are said with their note, never bare."""
    if fact.confidence == "medium":
        if fact.note:
            return [_("Not certain: {note}").format(note=prose(fact.note))]
        return [_("Not certain: one source only.")]
    return [_("Note: {note}").format(note=prose(fact.note))] if fact.note else []


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
    # A mark after a value, not a sentence: the catalog keeps its spacing.
    return _(" (one source only)") if fact.confidence == "medium" else ""


def plot_facts(points: Sequence[PlotPoint]) -> list[Fact]:
    """Each plot point as a fact; a spoiler keeps its flag so front-ends mask it."""
    return [
        Fact(
            name=_("Plot {number}").format(number=i),
            value=prose(point.text) + hedge(point),
            spoiler=point.spoiler,
        )
        for i, point in enumerate(points, start=1)
    ]


def spoiler_count(points: Sequence[PlotPoint]) -> int:
    return sum(point.spoiler for point in points)


# What a field is called when a source leaves it out or sources disagree on it.
_FIELD_NAMES = {
    "runtime_minutes": N_("running time"),
    "native": N_("name in the original script"),
    "native_title": N_("original title"),
    "birth_date": N_("date of birth"),
    "death_date": N_("date of death"),
    "played_by": N_("actor"),
    "released": N_("release date"),
    "catalogue": N_("catalogue number"),
    "people": N_("people credited"),
}

# One whole sentence per kind of gap, so each can be translated as a sentence.
_UNKNOWN_SENTENCES = {
    "rating": N_("No source gives a rating figure for {subject}."),
    "tracks": N_("No source gives the titles of tracks {which}."),
    "played_by": N_("No source names the actor who plays {subject}."),
    "label": N_("No source gives the label of {subject}."),
    "released": N_("No source gives the release date of {subject}."),
    "catalogue": N_("No source gives the catalogue number of {subject}."),
    "name": N_("No source gives the name of {subject}."),
}


_UNKNOWN_FIELD = N_("No source gives the {field} of {subject}.")


def _note(note: str | None) -> str:
    return f" ({prose(note).rstrip('.。')})" if note else ""


def _percent(value: str) -> str:
    """A figure as a source wrote it, with "%" when it is a bare number."""
    try:
        float(value)
    except ValueError:
        return value
    return f"{value}%"


def field_name(field: str) -> str:
    known = _FIELD_NAMES.get(field)
    return _(known) if known else field.replace("_", " ")


def unknown_lines(
    item: Sourced, subject: str, shown: Collection[str] = (), omit: Collection[str] = ()
) -> list[str]:
    """What no source gives, said plainly ("No source gives …"), each with its note.

    ``shown`` names fields whose gap the answer already states in a fact: only
    their notes are added. ``omit`` names gaps not worth a line on this card.
    A note that starts "No …" only restates the gap, and is left out.
    """
    out = []
    for gap in item.unknown:
        if gap.field in omit:
            continue
        note = prose(gap.note) if gap.note and not gap.note.startswith("No ") else None
        if gap.field in shown:
            out += [note] if note else []
            continue
        numbers = [track_no(n) if gap.field == "tracks" else str(n) for n in gap.which]
        template = _(_UNKNOWN_SENTENCES.get(gap.field, _UNKNOWN_FIELD))
        line = template.format(subject=subject, which=_and(numbers), field=field_name(gap.field))
        out += [line, note] if note else [line]
    return out


def disagreement_lines(item: Sourced, skip: Collection[str] = ()) -> list[str]:
    """Where other sources give another value; the kept value is the one shown.

    ``skip`` names fields whose disagreement the answer shows another way.
    """
    out = []
    for d in item.disagreements:
        if d.field in skip:
            continue
        value = (prose(d.value) if is_prose(item, d.field) else d.value).rstrip(".。")
        if d.field.endswith("_minutes") and value.isdigit():
            value = _("{minutes} minutes").format(minutes=value)
        out.append(
            _("Sources differ on the {field}: others give “{value}”.").format(
                field=field_name(d.field), value=value
            )
        )
        if d.note:
            out.append(prose(d.note))
    return out


def detail_lines(details: Sequence[Detail]) -> list[str]:
    """Each extra fact as a line, its date first when it has one."""
    return [
        (_("{when}: {text}").format(when=d.when, text=prose(d.text)) if d.when else prose(d.text))
        + hedge(d)
        for d in details
    ]


def facet_label(kind: FacetKind) -> str:
    """How a reply names a kind of detail, in the current language (English when none)."""
    return kind.label_in(i18n.current().value)


def facet(
    k: Knowledge, kind: Kind, subject: str, of: FacetKind, held: Sequence[Facet], hint: str
) -> Answer:
    """What ``subject`` has of one kind of typed detail: a value per facet, a spoiler masked.

    A facet that no source fills (``unknown: [{field: value}]``) is said as not known.
    """
    label = facet_label(of)
    known = [f for f in held if f.value is not None]
    if not known:
        title = _("No source gives the {detail} of {subject}").format(detail=label, subject=subject)
        notes = [prose(gap.note) for f in held for gap in f.unknown if gap.note]
        return not_found("unknown", title, hint, lines=notes)
    facts = [
        Fact(name=_capital(label), value=f"{prose(f.value or '')}{hedge(f)}", spoiler=f.spoiler)
        for f in known
    ]
    lines = [f"{prose(f.value or '')}{hedge(f)}" for f in known if not f.spoiler]
    if any(f.spoiler for f in known):
        lines.append(_("It gives away the story, so it is marked as a spoiler."))
    for f in known:
        others = [prose(d.value).rstrip(".。") for d in f.disagreements]
        if others:
            quoted = listing(_("“{word}”").format(word=o) for o in others)
            lines.append(_("Other sources give {values}.").format(values=quoted))
        lines += caveat(f)
    return found(
        kind,
        f"{subject} — {label}",
        lines=tuple(lines),
        facts=tuple(facts),
        sources=sources(k, *cited(*known)),
    )


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
    if q.bound == "over":
        return _("over {amount}").format(amount=amount)
    if q.bound == "about":
        return _("about {amount}").format(amount=amount)
    return amount


def counted(q: Quantity, exact: str, over: str, about: str) -> str:
    """A count with its unit, one whole message per bound ("over 800,000 copies").

    Each bound is its own sentence so that a language can place "over" after
    the unit (850,000部以上) rather than glue it to the number.
    """
    template = {"exact": exact, "over": over, "about": about}[q.bound]
    return _(template).format(amount=f"{q.value:,}")


_SALES_UNITS = {
    "copies": (N_("{amount} copies"), N_("over {amount} copies"), N_("about {amount} copies")),
    "downloads": (
        N_("{amount} downloads"),
        N_("over {amount} downloads"),
        N_("about {amount} downloads"),
    ),
    "rentals": (N_("{amount} rentals"), N_("over {amount} rentals"), N_("about {amount} rentals")),
}


def sales_text(s: Sales) -> str:
    unit = _SALES_UNITS.get(s.kind)
    sold = counted(s.amount, *unit) if unit else f"{quantity(s.amount)} {s.kind}"
    if s.as_of:
        sold = _("{sales} (as of {date})").format(sales=sold, date=s.as_of)
    return sold + hedge(s)


def credit_names(k: Knowledge, credit: Credit) -> str:
    names = [with_native(k.person(p).name, k.person(p).native) for p in credit.people]
    return listing([*names, *(term(o) for o in credit.organisations)])


def name_of(k: Knowledge, ident: str) -> str:
    """Whoever or whatever an id names: a person, a role, a song or a work."""
    if ident in k.people_by_id:
        person = k.people_by_id[ident]
        return shown(person.name, person.native)
    if ident in k.characters_by_id:
        role = k.characters_by_id[ident]
        return shown(role.name, role.native)
    song = next((s for s in k.songs if s.id == ident), None)
    if song:
        return _("“{title}” ({artist})").format(
            title=shown(song.title, song.native_title), artist=song.artist
        )
    return k.work_titles.get(ident, ident)


def _and(items: Sequence[str]) -> str:
    """["a"] → "a"; ["a", "b", "c"] → "a, b and c" (as the current language joins them)."""
    return i18n.and_list(items)


# Episodes


def rating_text(k: Knowledge, ep: Episode) -> str:
    if ep.rating is None:
        return _("Not known: none of our sources gives a figure")
    if k.ratings:
        return _("{value}% ({measured_by}, {region})").format(
            value=f"{ep.rating.value:g}",
            measured_by=k.ratings.measured_by,
            region=term(ep.rating.region or k.ratings.region),
        )
    return f"{ep.rating.value:g}%"


def regional_rating(number: int, region: str, r: Rating) -> str:
    """One episode's figure in one region, as a sentence (to a tenth, as ratings are given)."""
    return (
        _("Episode {number} in {region}: {value}%.")
        if r.confidence == "high"
        else _("Episode {number} in {region}: {value}% (one source only).")
    ).format(number=number, region=term(region), value=f"{r.value:.1f}")


def episode_plot_lead(ep: Episode) -> str:
    points, hidden = len(ep.plot), spoiler_count(ep.plot)
    n = ep.number
    if not points:
        return _("No source we use tells what happens in episode {number}.").format(number=n)
    if hidden:
        return ngettext(
            "What happens in episode {number}, in {points} points; "
            "one of them gives away the story and is marked as a spoiler.",
            "What happens in episode {number}, in {points} points; "
            "{hidden} of them give away the story and are marked as spoilers.",
            hidden,
        ).format(number=n, points=points, hidden=hidden)
    return _("What happens in episode {number}, in {points} points.").format(
        number=n, points=points
    )


def other_title(title: str, native: str | None) -> list[Fact]:
    """The title in the script not shown first: the Japanese one, or for Japanese the English."""
    if not native or native == title:
        return []
    if i18n.current().native_first:
        return [Fact(name=_("English title"), value=title)]
    return [Fact(name=_("Japanese title"), value=native)]


def episode(k: Knowledge, ep: Episode, focus: str | None = None) -> Answer:
    """One episode's card: titles, air date, ratings, staff and its plot points.

    ``focus`` ("title", "japanese", "aired", "rating", "plot") leads with that
    fact; with "plot" the plot points also come first among the facts.
    """
    count = k.series.episode_count
    n = ep.number
    title = shown(ep.title, ep.native_title)
    called = (
        _("Episode {number} is called “{title}”")
        if title.endswith(("?", "!", "."))
        else _("Episode {number} is called “{title}”.")
    )
    # Each lead is made only when it is the focus: a card is made for every new question.
    leads: dict[str, Callable[[], str]] = {
        "title": lambda: called.format(number=n, title=title),
        "japanese": lambda: (
            _("Episode {number}'s Japanese title is {title}.").format(
                number=n, title=ep.native_title
            )
            if ep.native_title
            else _("Episode {number}'s Japanese title is not known.").format(number=n)
        ),
        "aired": lambda: _("Episode {number} aired on {date}.").format(
            number=n, date=day(ep.aired)
        ),
        "rating": lambda: (
            _("Episode {number} had a rating of {rating}.").format(
                number=n, rating=rating_text(k, ep)
            )
            if ep.rating
            else _("Episode {number}'s rating is not known: none of our sources gives it.").format(
                number=n
            )
        ),
        "plot": lambda: episode_plot_lead(ep),
    }
    make = leads.get(focus or "")
    lead = make() if make else None
    lines = [lead] if lead else []
    if ep.number == count:
        lines.append(_("This is the final episode."))
    if ep.runtime_note:
        lines.append(prose(ep.runtime_note))
    elif ep.extended_minutes:
        lines.append(
            _("It ran {minutes} minutes longer than the usual slot.").format(
                minutes=ep.extended_minutes
            )
        )
    facts = other_title(ep.title, ep.native_title)
    facts += [
        Fact(
            name=_("Aired"),
            value=_("{date} on {broadcaster}").format(
                date=day(ep.aired), broadcaster=term(k.series.broadcaster)
            ),
        ),
        Fact(name=_("Rating"), value=rating_text(k, ep)),
    ]
    facts += [
        Fact(
            name=_("Rating ({region})").format(region=term(r.region))
            if r.region
            else _("Rating (another region)"),
            value=f"{r.value:g}%{hedge(r)}",
        )
        for r in ep.regional_ratings
    ]
    facts += [Fact(name=term(c.job), value=credit_names(k, c) + hedge(c)) for c in ep.staff]
    plot = plot_facts(ep.plot)
    facts = plot + facts if focus == "plot" else facts + plot
    ratings = [ep.rating, *ep.regional_ratings] if ep.rating else list(ep.regional_ratings)
    notes = [line for r in ratings for line in caveat(r)]
    return found(
        "episode",
        _("Episode {number}: {title}").format(number=n, title=title),
        lines=lines
        + notes
        + disagreement_lines(ep)
        + unknown_lines(ep, _("episode {number}").format(number=n), ["rating"]),
        facts=facts,
        sources=sources(k, *cited(ep, *ratings, *ep.staff), *(p.sources for p in ep.plot)),
    )


def episodes(k: Knowledge, focus: str | None = None) -> Answer:
    s = k.series
    lead = [
        ngettext(
            "There is {count} episode, aired on {first}.",
            "There are {count} episodes, from {first} to {last}.",
            s.episode_count,
        ).format(count=s.episode_count, first=day(s.first_aired), last=day(s.last_aired))
    ]
    lines = lead + [
        _("{number} · {title} ({date})").format(
            number=ep.number, title=shown(ep.title, ep.native_title), date=i18n.short_day(ep.aired)
        )
        for ep in k.episodes
    ]
    if focus == "count":
        lines = lead
    return found(
        "episodes",
        ngettext("{title}: {count} episode", "{title}: {count} episodes", s.episode_count).format(
            title=shown(s.title, s.native_title), count=s.episode_count
        ),
        lines=lines,
        sources=sources(k, s.sources, *(ep.sources for ep in k.episodes)),
    )


# Music


def track_title(k: Knowledge, t: Track) -> str:
    """A track's title; in Japanese, a version of a song is named from the song's Japanese title."""
    song = next((s for s in k.songs if s.id == t.song), None)
    if song and song.native_title and t.version and i18n.current().native_first:
        return _("{title} ({version} version)").format(
            title=song.native_title, version=term(t.version)
        )
    return t.title


def track(k: Knowledge, t: Track) -> Answer:
    st = k.soundtrack
    assert st is not None
    composer = k.person(st.composer)
    facts = [Fact(name=_("Album"), value=with_native(st.title, st.native_title))]
    if not t.song:
        facts.append(Fact(name=_("Composer"), value=with_native(composer.name, composer.native)))
    lines: list[str] = []
    song_sources: tuple[str, ...] = ()
    if t.version:
        facts.append(Fact(name=_("Version"), value=term(t.version)))
    if t.song:
        song = next(s for s in k.songs if s.id == t.song)
        facts.append(Fact(name=_("Song"), value=with_native(song.title, song.native_title)))
        params = {
            "song": shown(song.title, song.native_title),
            "artist": song.artist,
            "use": term(song.use),
        }
        if t.version:
            line = _(
                "An instrumental {version} version of “{song}” by {artist}, the drama's {use}."
            )
            params["version"] = term(t.version)
        else:
            line = _("An instrumental version of “{song}” by {artist}, the drama's {use}.")
        lines.append(line.format(**params))
        song_sources = song.sources
    return found(
        "track",
        _("Track {number}: {title}").format(number=track_no(t.number), title=track_title(k, t)),
        lines=lines,
        facts=facts,
        sources=sources(k, st.sources, song_sources),
    )


def unlisted_track(k: Knowledge, number: int) -> Answer:
    st = k.soundtrack
    assert st is not None
    missing = listing(track_no(n) for n in st.unlisted_numbers())
    return Answer(
        status=Status.NOT_FOUND,
        kind="track",
        title=_("Track {number} is not listed in our sources").format(number=track_no(number)),
        lines=(
            _("Our sources skip tracks {missing}; their titles are unknown.").format(
                missing=missing
            ),
        ),
        hint=_(
            "Our sources number the tracks up to {count}; /soundtrack lists the ones we know."
        ).format(count=st.track_count),
        sources=sources(k, st.sources),
    )


def soundtrack(k: Knowledge, focus: str | None = None) -> Answer:
    st = k.soundtrack
    assert st is not None
    composer = k.person(st.composer)
    listed = {t.number: t for t in st.tracks}
    lines = [
        _("{number} · {title}").format(number=track_no(n), title=track_title(k, listed[n]))
        if n in listed
        else _("{number} · (not listed)").format(number=track_no(n))
        for n in range(1, st.track_count + 1)
    ]
    if focus == "count":
        lead = _(
            "Our sources number the tracks up to {count} and give titles for {listed} of them; "
            "{missing} are unknown."
        ).format(
            count=st.track_count,
            listed=len(st.tracks),
            missing=listing(track_no(n) for n in st.unlisted_numbers()),
        )
        lines = [lead, *lines]
    gaps = unknown_lines(st, _("the soundtrack album"))
    lines = [*gaps, *lines] if focus == "release" else [*lines, *gaps]
    facts = [Fact(name=_("Composer"), value=with_native(composer.name, composer.native))]
    if st.label:
        facts.append(Fact(name=_("Label"), value=st.label))
    if st.released:
        facts.append(Fact(name=_("Released"), value=day(st.released)))
    if st.catalogue:
        facts.append(Fact(name=_("Catalogue number"), value=st.catalogue))
    facts += [
        Fact(
            name=_capital(term(s.use)),
            value=_("{title} ({artist})").format(
                title=with_native(s.title, s.native_title), artist=s.artist
            ),
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


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


SongFocus = Literal["release", "chart", "sales"]


def song(k: Knowledge, s: Song, focus: SongFocus | None = None) -> Answer:
    """A song's card: who sings it, how the drama uses it, its release, charts and sales.

    ``focus`` ("release", "chart", "sales") leads with that part.
    """
    tracks = [t for t in (k.soundtrack.tracks if k.soundtrack else ()) if t.song == s.id]
    title = shown(s.title, s.native_title)
    lines = [
        _("“{title}” is sung by {artist}. Used in the drama as: {use}.").format(
            title=title, artist=s.artist, use=term(s.use)
        )
    ]
    facts = other_title(s.title, s.native_title)
    facts += [
        Fact(name=_("Artist"), value=s.artist),
        Fact(name=_("Used as"), value=term(s.use)),
    ]
    if s.writers:
        facts.append(Fact(name=_("Written by"), value=listing(s.writers)))
    if s.arrangers:
        facts.append(Fact(name=_("Arranged by"), value=listing(s.arrangers)))
    r = s.release
    leads: dict[str, str] = {}
    if r:
        what = listing(term(x) for x in (r.ordinal, r.format) if x)
        on = listing(filter(None, [day(r.date), r.label, r.catalogue]))
        facts.append(Fact(name=_("Released"), value=on + hedge(r)))
        if what:
            facts.append(Fact(name=_("Release"), value=what))
        if r.b_sides:
            facts.append(Fact(name=_("B-side"), value=_("; ").join(r.b_sides)))
        if r.tracks:
            facts.append(Fact(name=_("Tracks on the single"), value=_("; ").join(r.tracks)))
        released = (
            _("“{title}” was released on {date} on {label}.")
            if r.label
            else _("“{title}” was released on {date}.")
        )
        leads["release"] = released.format(title=title, date=day(r.date), label=r.label)
    for chart in s.charts:
        bits = [_("peak No. {peak}").format(peak=chart.peak)]
        if chart.entry:
            bits.insert(0, _("entered at No. {entry}").format(entry=chart.entry))
        if chart.weeks:
            bits.append(
                counted(
                    chart.weeks,
                    N_("{amount} weeks on the chart"),
                    N_("over {amount} weeks on the chart"),
                    N_("about {amount} weeks on the chart"),
                )
            )
        if chart.weeks_in_top_ten:
            bits.append(
                counted(
                    chart.weeks_in_top_ten,
                    N_("{amount} weeks in the top ten"),
                    N_("over {amount} weeks in the top ten"),
                    N_("about {amount} weeks in the top ten"),
                )
            )
        if chart.weekly_positions:
            positions = " → ".join(str(n) for n in chart.weekly_positions)
            bits.append(_("week by week {positions}").format(positions=positions))
        facts.append(
            Fact(
                name=_("{chart} chart").format(chart=term(chart.chart)),
                value=_("; ").join(bits) + hedge(chart),
            )
        )
    if s.charts:
        # The first chart listed is the main one: a daily No. 1 is not the peak fans mean.
        main = s.charts[0]
        leads["chart"] = _("“{title}” peaked at No. {peak} on the {chart} chart.").format(
            title=title, peak=main.peak, chart=term(main.chart)
        )
    if s.sales:
        facts.append(Fact(name=_("Sales"), value=_("; ").join(sales_text(x) for x in s.sales)))
        leads["sales"] = _("Sales of “{title}”: {sales}.").format(
            title=title, sales=sales_text(s.sales[0])
        )
    if tracks:
        listed = listing(
            _("{number} ({version})").format(
                number=track_no(t.number), version=term(t.version) if t.version else _("version")
            )
            for t in tracks
        )
        on_album = ngettext("track {tracks}", "tracks {tracks}", len(tracks)).format(tracks=listed)
        facts.append(Fact(name=_("On the soundtrack"), value=on_album))
    gaps = {
        "release": _("No source gives the release of “{title}”."),
        "chart": _("No source gives a chart position for “{title}”."),
        "sales": _("No source gives sales figures for “{title}”."),
    }
    if focus is not None:
        lines.insert(0, leads.get(focus) or gaps[focus].format(title=title))
    parts: list[Sourced] = [x for x in (r, *s.charts, *s.sales) if x is not None]
    # Each part's value already carries "(one source only)"; only its note is added.
    notes = [
        _("Not certain: {note}").format(note=prose(x.note))
        for x in parts
        if x.note and x.confidence == "medium"
    ]
    notes += [
        _("Note: {note}").format(note=prose(x.note))
        for x in parts
        if x.note and x.confidence == "high"
    ]
    st_sources = k.soundtrack.sources if tracks and k.soundtrack else ()
    return found(
        "song",
        with_native(s.title, s.native_title),
        lines=lines
        + detail_lines(s.details)
        + disagreement_lines(s)
        + unknown_lines(s, _("“{title}”").format(title=title))
        + caveat(s)
        + notes,
        facts=facts,
        sources=sources(k, *cited(s, *parts), st_sources),
    )


# People


_BILLING = {
    "lead": N_("lead"),
    "main": N_("main"),
    "supporting": N_("supporting"),
    "guest": N_("guest"),
}


def appearances(k: Knowledge, c: Character) -> str:
    """The works a role appears in, each by its title."""

    def title(ident: str) -> str:
        # A related work's id first, then a special's (the last of a repeated id), then
        # the series': only the few the role names are looked up, not every work.
        work = k.works_by_id.get(ident)
        if work is not None:
            return shown(work.title, work.native_title)
        sp = next((sp for sp in reversed(k.specials) if sp.id == ident), None)
        if sp is not None:
            return shown(sp.title, sp.native_title)
        if ident == k.series.id:
            return shown(k.series.title, k.series.native_title)
        return ident

    return _("; ").join(title(a) for a in c.appears_in)


def only_in_specials(k: Knowledge, c: Character) -> bool:
    return k.series.id not in c.appears_in and any(sp.id in c.appears_in for sp in k.specials)


def actor_name(k: Knowledge, c: Character, native: bool = False) -> str:
    """Who plays a role: both spellings with ``native``, else the reader's own."""
    if c.played_by is None:
        return _("an actor no source names")
    actor = k.person(c.played_by)
    return with_native(actor.name, actor.native) if native else shown(actor.name, actor.native)


# What the subject of a relation is to the other one: "Parent of: Yamada Hanako".
RELATION_LABELS = {
    "parent": N_("Parent of"),
    "child": N_("Child of"),
    "sibling": N_("Sibling of"),
    "spouse": N_("Spouse of"),
    "friend": N_("Friend of"),
    "classmate": N_("Classmate of"),
    "schoolmate": N_("Schoolmate of"),
    "teacher": N_("Teacher of"),
    "student": N_("Student of"),
    "doctor": N_("Doctor of"),
    "patient": N_("Patient of"),
    "colleague": N_("Colleague of"),
    "love-interest": N_("Love interest of"),
    "admirer": N_("Admirer of"),
    "admired": N_("Admired by"),
    "senior": N_("Senior to"),
    "junior": N_("Junior to"),
    "roommate": N_("Roommate of"),
    "supplier": N_("Supplier to"),
    "customer": N_("Customer of"),
    "volunteer": N_("Volunteer helping"),
    "helped": N_("Helped by"),
    "pet": N_("Pet of"),
    "owner": N_("Owner of"),
}
# Those who stand in a relation to someone, as a plural: "Yamada Hanako's parents".
RELATION_PLURALS = {
    "parent": N_("parents"),
    "child": N_("children"),
    "sibling": N_("siblings"),
    "spouse": N_("spouse"),
    "friend": N_("friends"),
    "classmate": N_("classmates"),
    "schoolmate": N_("schoolmates"),
    "teacher": N_("teachers"),
    "student": N_("students"),
    "doctor": N_("doctors"),
    "patient": N_("patients"),
    "colleague": N_("colleagues"),
    "love-interest": N_("love interests"),
    "admirer": N_("admirers"),
    "admired": N_("admired ones"),
    "senior": N_("seniors"),
    "junior": N_("juniors"),
    "roommate": N_("roommates"),
    "supplier": N_("suppliers"),
    "customer": N_("customers"),
    "volunteer": N_("volunteers"),
    "helped": N_("ones helped"),
    "pet": N_("pets"),
    "owner": N_("owners"),
}


def relation_label(kind: RelationKind) -> str:
    label = RELATION_LABELS.get(kind.value)
    return _(label) if label else kind.value.replace("-", " ").capitalize()


def relation_plural(kind: RelationKind) -> str:
    known = RELATION_PLURALS.get(kind.value)
    return _(known) if known else kind.value.replace("-", " ") + "s"


def link_name(k: Knowledge, link: Link) -> str:
    """The other side of a relation, with its note and a mark if only one source says so."""
    name = name_of(k, link.other)
    if link.note:
        name = _("{name} ({note})").format(name=name, note=prose(link.note).rstrip(".。"))
    return name + (_(" (one source only)") if link.confidence == "medium" else "")


def relation_facts(k: Knowledge, links: Sequence[Link]) -> list[Fact]:
    """One fact per kind of relation, in the order the kinds first appear."""
    grouped: dict[RelationKind, list[str]] = {}
    for link in links:
        grouped.setdefault(link.kind, []).append(link_name(k, link))
    return [
        Fact(name=relation_label(kind), value=listing(names)) for kind, names in grouped.items()
    ]


def character(k: Knowledge, c: Character) -> Answer:
    """A role's card: who plays it, where it appears, and who it is to the others."""
    actor = k.person(c.played_by) if c.played_by else None
    lines = [
        _("Played by {actor}.").format(actor=actor_name(k, c, native=True)),
        prose(c.description),
    ]
    facts = [Fact(name=_("Role"), value=with_native(c.name, c.native))]
    if c.reading:
        facts.append(Fact(name=_("Reading"), value=c.reading))
    facts += [
        Fact(name=_("Actor"), value=actor_name(k, c, native=True)),
        Fact(name=_("Appears in"), value=appearances(k, c)),
        Fact(name=_("Billing"), value=_(_BILLING[c.billing])),
    ]
    if c.ages:
        ages = c.ages
        value = _("{start} when first seen").format(start=ages.start)
        if ages.end is not None and ages.end != ages.start:
            value = _("{start} when first seen, {end} when last seen").format(
                start=ages.start, end=ages.end
            )
        facts.append(Fact(name=_("Age"), value=value + hedge(ages)))
    links = k.relations_of(c.id)
    facts += relation_facts(k, links)
    return found(
        "person",
        f"{shown(c.name, c.native)} — {actor_name(k, c)}",
        lines=lines
        + detail_lines(c.details)
        + disagreement_lines(c)
        + unknown_lines(c, shown(c.name, c.native), shown=["played_by"], omit=["reading"])
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
    roles = k.roles_by_actor.get(p.id, ())
    wrote = [w for w in k.original_works if p.id in w.authors]
    # The author of the original work is said in a sentence of its own.
    skip = "Original work" if wrote else None
    jobs = [
        _("{job} (the series)").format(job=term(c.job))
        for c in k.credits
        if p.id in c.people and c.job != skip
    ]
    jobs += [
        _("{job} ({work})").format(job=term(c.job), work=shown(sp.title, sp.native_title))
        for sp in k.specials
        for c in sp.staff
        if p.id in c.people and c.job != skip
    ]
    jobs += [
        _("{job} ({work})").format(job=term(c.job), work=shown(w.title, w.native_title))
        for w in k.works
        for c in w.staff
        if p.id in c.people
    ]
    lines = [
        _("Plays {role}: {description}").format(
            role=with_native(c.name, c.native), description=prose(c.description)
        )
        for c in roles
    ]
    castings = [(w, c) for w in k.works for c in w.cast if c.person == p.id]
    lines += [
        _("Played {role} in {work}.").format(
            role=local_name(c.role, c.native_role), work=shown(w.title, w.native_title)
        )
        if c.role
        else _("In the cast of {work}.").format(work=shown(w.title, w.native_title))
        for w, c in castings
    ]
    for work in wrote:
        lines.append(_("Wrote the {kind} the drama is based on.").format(kind=work_kind(work.kind)))
    others = [w for w in k.works if p.id in w.authors and w not in wrote]
    lines += [
        _("Author of {title}.").format(title=with_native(w.title, w.native_title)) for w in others
    ]
    if jobs:
        lines.append(_("Credited for: {jobs}.").format(jobs=_("; ").join(jobs)))
    if p.description:
        lines.append(prose(p.description))
    facts = [Fact(name=_("Role"), value=with_native(c.name, c.native)) for c in roles]
    if p.reading:
        facts.append(Fact(name=_("Reading"), value=p.reading))
    # The structured date and place, when given, replace the free-text "born" line.
    born = day(p.birth_date) if p.birth_date else p.born
    if born:
        facts.append(Fact(name=_("Born"), value=born))
    if p.birthplace:
        facts.append(Fact(name=_("Birthplace"), value=term(p.birthplace)))
    died = day(p.death_date) if p.death_date else p.died
    if died:
        if p.age_at_death is not None:
            died = _("{date}, aged {age}").format(date=died, age=p.age_at_death)
        facts.append(Fact(name=_("Died"), value=died))
    if p.cause_of_death:
        facts.append(Fact(name=_("Cause of death"), value=prose(p.cause_of_death)))
    if p.schools:
        schools = [
            _("{school} (entered {year})").format(
                school=with_native(x.name, x.native), year=x.entered
            )
            if x.entered
            else with_native(x.name, x.native)
            for x in p.schools
        ]
        facts.append(Fact(name=_("Schools"), value="\n".join(schools)))
    if p.known_for:
        facts.append(Fact(name=_("Known for"), value=_("; ").join(p.known_for)))
    links = k.relations_of(p.id)
    facts += relation_facts(k, links)
    title = with_native(p.name, p.native)
    if roles:
        played = listing(shown(c.name, c.native) for c in roles)
        title = f"{shown(p.name, p.native)} — {played}"
    return found(
        "person",
        title,
        lines=lines
        + detail_lines(p.details)
        + disagreement_lines(p)
        + unknown_lines(p, shown(p.name, p.native), omit=["reading"])
        + caveat(p)
        + [line for x in p.schools for line in caveat(x)],
        facts=facts,
        sources=sources(
            k,
            *cited(p, *p.schools),
            *(c.sources for c in roles),
            *(c.sources for _w, c in castings),
            *(link.sources for link in links),
        ),
    )


def relations(k: Knowledge, who: Person | Character, kind: RelationKind | None = None) -> Answer:
    """Who stands in a relation to ``who``: all of them, or only those who are ``kind`` to it.

    "Kaito's parents" is ``relations(kaito, RelationKind.PARENT)``: the ones who are
    a parent of Kaito, found from his side of each relation (written or derived).
    """
    links = [link for link in k.relations_of(who.id) if kind is None or link.kind.inverse == kind]
    name = shown(who.name, who.native)
    if kind is None:
        title = _("Who {name} is to the others").format(name=name)
        lines = [
            _("{relation} {other}.").format(
                relation=relation_label(link.kind), other=link_name(k, link)
            )
            for link in links
        ]
    else:
        title = _("{name}'s {relation}").format(name=name, relation=relation_plural(kind))
        lines = [
            _("{other}, played by {actor}.").format(
                other=link_name(k, link), actor=actor_name(k, role)
            )
            if (role := k.characters_by_id.get(link.other))
            else _("{other}.").format(other=link_name(k, link))
            for link in links
        ]
    if not links:
        # The one asked about is known; only this relation is not on record.
        missing = (
            _("No source names anyone related to {name}.").format(name=name)
            if kind is None
            else _("No source names {name}'s {relation}.").format(
                name=name, relation=relation_plural(kind)
            )
        )
        return found("relations", title, lines=[missing], sources=sources(k, who.sources))
    return found(
        "relations",
        title,
        lines=lines,
        sources=sources(k, who.sources, *(link.sources for link in links)),
    )


def cast(k: Knowledge, lead_only: bool = False) -> Answer:
    ranked = sorted(k.characters, key=lambda c: BILLING_ORDER.index(c.billing))
    if lead_only:
        ranked = [c for c in ranked if c.billing == "lead"]
    lines = []
    for c in ranked:
        lead = c.billing == "lead"
        only_special = only_in_specials(k, c)
        if lead and only_special:
            line = _("{role} — {actor} (lead) (the special only)")
        elif lead:
            line = _("{role} — {actor} (lead)")
        elif only_special:
            line = _("{role} — {actor} (the special only)")
        else:
            line = _("{role} — {actor}")
        lines.append(line.format(role=shown(c.name, c.native), actor=actor_name(k, c, native=True)))
    series = shown(k.series.title, k.series.native_title)
    return found(
        "cast",
        (_("The lead roles of {title}") if lead_only else _("The cast of {title}")).format(
            title=series
        ),
        lines=lines,
        sources=sources(k, *(c.sources for c in ranked)),
    )


def credits(k: Knowledge, focus: str | None = None) -> Answer:
    facts: list[Fact] = []
    for credit in k.credits:
        names = [with_native(k.person(p).name, k.person(p).native) for p in credit.people]
        value = listing([*names, *(term(o) for o in credit.organisations)])
        job = term(credit.job)
        if focus and credit.job.casefold() == focus.casefold():
            return found(
                "credits",
                _("{job}: {names}").format(job=job, names=value)[:256],
                lines=caveat(credit),
                facts=[Fact(name=job, value=value)],
                sources=sources(k, credit.sources),
            )
        facts.append(Fact(name=job, value=value))
    cited = [c.sources for c in k.credits]
    return found("credits", _("Production credits"), facts=facts, sources=sources(k, *cited))


# Ratings, the special, the series


def ratings(k: Knowledge, focus: str | None = None) -> Answer:
    r = k.ratings
    if r is None:
        return not_found(
            "ratings", _("No ratings are recorded"), _("The knowledge base has no ratings.")
        )
    known = [ep for ep in k.episodes if ep.rating]
    unknown = [ep.number for ep in k.episodes if not ep.rating]
    lines: list[str] = []
    if r.average:
        lines.append(
            _("Series average: {value}% ({region}).").format(
                value=f"{r.average.value:g}", region=term(r.region)
            )
        )
    if r.high:
        value = f"{r.high.value:g}"
        if r.high_episode == k.series.episode_count:
            high = _("Highest: {value}% for episode {number} (the finale).")
        elif r.high_episode:
            high = _("Highest: {value}% for episode {number}.")
        else:
            high = _("Highest: {value}%.")
        lines.append(high.format(value=value, number=r.high_episode))
    # A figure only one secondary page gives says so in the same sentence.
    lines += [
        (
            _("Episode {number}: {value}%.")
            if ep.rating.confidence == "high"
            else _("Episode {number}: {value}% (one source only).")
        ).format(number=ep.number, value=f"{ep.rating.value:g}")
        for ep in known
        if ep.rating and ep.number != r.high_episode
    ]
    lines += [
        (
            _("Episode {number} in {region}: {value}%.")
            if x.confidence == "high"
            else _("Episode {number} in {region}: {value}% (one source only).")
        ).format(number=ep.number, region=term(x.region or r.region), value=f"{x.value:g}")
        for ep in k.episodes
        for x in ep.regional_ratings
    ]
    lines += [
        (
            _("Episodes {first}–{last} averaged {value}%.")
            if a.confidence == "high"
            else _("Episodes {first}–{last} averaged {value}% (one source only).")
        ).format(first=a.first_episode, last=a.last_episode, value=f"{a.value:g}")
        for a in r.partial_averages
    ]
    if unknown:
        lines.append(
            _("No figure in our sources for episodes {numbers}.").format(numbers=_ranges(unknown))
        )
    for sp in k.specials:
        title = shown(sp.title, sp.native_title)
        if sp.rating is None:
            lines.append(_("No source gives a figure for {title}.").format(title=title))
        else:
            lines.append(_("{title}: {value}%.").format(title=title, value=f"{sp.rating.value:g}"))
    if focus == "high" and r.high:
        lines.insert(0, lines.pop(1 if r.average else 0))
    if focus == "low":
        lines.insert(
            0, _("The lowest rating is not known: we have figures for only some episodes.")
        )
    groups: list[Iterable[str]] = [ep.rating.sources for ep in known if ep.rating]
    groups += [x.sources for ep in k.episodes for x in ep.regional_ratings]
    groups += [a.sources for a in r.partial_averages]
    groups += [sp.rating.sources for sp in k.specials if sp.rating]
    differ = {
        "average": N_("Sources differ on the average: others give {value}."),
        "high": N_("Sources differ on the highest figure: others give {value}."),
    }
    for which, rating in (("average", r.average), ("high", r.high)):
        if rating:
            lines += caveat(rating)
            for d in rating.disagreements:
                lines.append(_(differ[which]).format(value=_percent(d.value)))
                lines += [prose(d.note)] if d.note else []
            groups[:0] = list(cited(rating))
    return found(
        "ratings",
        _("Viewer ratings ({measured_by}, {region})").format(
            measured_by=r.measured_by, region=term(r.region)
        ),
        lines=lines,
        sources=sources(k, *groups),
    )


def special_plot_lead(sp: Special) -> str:
    points, hidden = len(sp.plot), spoiler_count(sp.plot)
    title = shown(sp.title, sp.native_title)
    if not points:
        return _("No source we use tells what happens in {title}.").format(title=title)
    if hidden:
        return ngettext(
            "What happens in {title}, in {points} points; "
            "one of them gives away the story and is marked as a spoiler.",
            "What happens in {title}, in {points} points; "
            "{hidden} of them give away the story and are marked as spoilers.",
            hidden,
        ).format(title=title, points=points, hidden=hidden)
    return _("What happens in {title}, in {points} points.").format(title=title, points=points)


def special(k: Knowledge, sp: Special, focus: str | None = None) -> Answer:
    """A special's card: broadcast, length, setting, staff, songs, new roles and its plot.

    ``focus`` ("aired", "staff", "length", "broadcaster", "rating", "new",
    "songs", "setting", "plot") leads with that part.
    """
    songs = [x for x in k.songs if x.id in sp.songs]
    minutes = (
        _("{minutes} minutes").format(minutes=sp.runtime_minutes) if sp.runtime_minutes else None
    )
    length = listing(filter(None, [term(sp.length) if sp.length else None, minutes]))
    rating = (
        f"{sp.rating.value:g}%{hedge(sp.rating)}"
        if sp.rating
        else _("Not known: no source gives a figure for it")
    )
    if sp.time_slot:
        when = _("{date}, {time}").format(date=day(sp.aired), time=term(sp.time_slot))
    else:
        when = day(sp.aired)

    def staff() -> str:
        return _("; ").join(
            _("{job}: {names}").format(
                job=term(c.job),
                names=listing(shown(k.person(p).name, k.person(p).native) for p in c.people)
                or listing(term(o) for o in c.organisations),
            )
            for c in sp.staff
        )

    new = [c for c in k.characters if c.appears_in == (sp.id,)]

    def newcomers() -> str:
        return _("; ").join(
            _("{role}, played by {actor}").format(
                role=shown(c.name, c.native), actor=actor_name(k, c)
            )
            for c in new
        )

    # Each lead is made only when it is the focus, as for an episode.
    leads: dict[str, Callable[[], str]] = {
        "aired": lambda: _("It aired on {date}.").format(date=when),
        "staff": lambda: (
            _("{staff}.").format(staff=named)
            if (named := staff())
            else _("Its staff are not on record.")
        ),
        "length": lambda: (
            _("It is a single broadcast of {length}.").format(length=length) if length else ""
        ),
        "broadcaster": lambda: (
            _("It aired on {broadcaster}.").format(broadcaster=term(sp.broadcaster))
            if sp.broadcaster
            else ""
        ),
        "rating": lambda: (
            _("Its rating was {rating}.").format(rating=rating)
            if sp.rating
            else _("Its rating is not known: none of our sources gives it.")
        ),
        "new": lambda: _("New in the special: {characters}.").format(characters=newcomers()),
        "songs": lambda: (
            _("Songs in it: {songs}.").format(
                songs=_("; ").join(
                    _("“{title}” by {artist}").format(
                        title=shown(x.title, x.native_title), artist=x.artist
                    )
                    for x in songs
                )
            )
            if songs
            else _("No source names the songs used in it.")
        ),
        "setting": lambda: _("Its setting is below, marked as a spoiler."),
        "plot": lambda: special_plot_lead(sp),
    }
    make = leads.get(focus or "")
    lead = make() if make else ""
    lines = [lead] if lead else []
    lines.append(prose(sp.description))
    facts = other_title(sp.title, sp.native_title)
    if sp.working_title:
        facts.append(Fact(name=_("Working title"), value=sp.working_title))
    if sp.broadcaster:
        aired = _("{date} on {broadcaster}").format(date=when, broadcaster=term(sp.broadcaster))
    else:
        aired = when
    facts.append(Fact(name=_("Aired"), value=aired))
    if length:
        facts.append(Fact(name=_("Length"), value=length))
    # A special set after the series says where the series' story ended, so its
    # setting (and any other setting a source gives) is shown as a spoiler.
    facts.append(Fact(name=_("Setting"), value=prose(sp.setting), spoiler=True))
    facts += [
        Fact(
            name=_("Setting, other sources"), value=f"{prose(d.value)}{_note(d.note)}", spoiler=True
        )
        for d in sp.disagreements
        if d.field == "setting"
    ]
    for credit in sp.staff:
        names = listing(with_native(k.person(p).name, k.person(p).native) for p in credit.people)
        organisations = [term(o) for o in credit.organisations]
        value = listing([names, *organisations] if names else organisations)
        facts.append(Fact(name=term(credit.job), value=value + hedge(credit)))
    if songs:
        value = _("; ").join(
            _("{title} ({artist})").format(
                title=with_native(x.title, x.native_title), artist=x.artist
            )
            for x in songs
        )
        facts.append(Fact(name=_("Songs"), value=value))
    if new:
        value = _("; ").join(f"{shown(c.name, c.native)} — {actor_name(k, c)}" for c in new)
        facts.append(Fact(name=_("New characters"), value=value))
    facts.append(Fact(name=_("Rating"), value=rating))
    plot = plot_facts(sp.plot)
    facts = plot + facts if focus == "plot" else facts + plot
    return found(
        "special",
        with_native(sp.title, sp.native_title),
        lines=lines
        + detail_lines(sp.details)
        + disagreement_lines(sp, skip=["setting"])
        + unknown_lines(sp, shown(sp.title, sp.native_title), shown=["rating"])
        + [line for c in sp.staff for line in disagreement_lines(c)]
        + caveat(sp),
        facts=facts,
        sources=sources(
            k,
            *cited(sp, sp.rating, *sp.staff),
            *(c.sources for c in new),
            *(x.sources for x in songs),
            *(p.sources for p in sp.plot),
        ),
    )


def about(k: Knowledge, focus: str | None = None) -> Answer:
    s = k.series
    names = listing(s.alternative_titles)
    first, last = day(s.first_aired), day(s.last_aired)
    facts = [
        Fact(name=_("Also known as"), value=names),
        Fact(name=_("Country"), value=term(s.country)),
        Fact(name=_("Year"), value=str(s.year)),
        Fact(name=_("Type"), value=term(s.type)),
        Fact(name=_("Aired"), value=_("{first} to {last}").format(first=first, last=last)),
        Fact(name=_("Episodes"), value=str(s.episode_count)),
        Fact(name=_("Broadcaster"), value=term(s.broadcaster)),
    ]
    if s.time_slot:
        facts.append(Fact(name=_("Time slot"), value=term(s.time_slot)))
    if s.related_shows:
        facts.append(Fact(name=_("Related shows"), value=listing(s.related_shows)))
    cited: list[Iterable[str]] = [s.sources]
    lines: list[str]
    bo = k.original_works[0] if k.original_works else None
    adaptations = [w for w in k.works if w.relation == WorkRelation.ADAPTATION]
    if focus == "based_on" and bo and bo.authors:
        author = k.person(bo.authors[0])
        lines = [
            _("It is based on a true story: the {kind} of {author}, published as {title}.").format(
                kind=work_kind(bo.kind),
                author=with_native(author.name, author.native),
                title=with_native(bo.title, bo.native_title),
            ),
            prose(bo.description),
        ]
        others = k.original_works[1:]
        if others:
            # Every work it is based on, not the first alone.
            besides = _("Besides {first}, it is based on {others}.").format(
                first=shown(bo.title, bo.native_title),
                others=listing(shown(w.title, w.native_title) for w in others),
            )
            lines.insert(1, besides)
        if bo.released:
            lines.append(_("Published: {published}.").format(published=published(bo)))
        lines += caveat(bo)
        cited = [bo.sources, author.sources]
    elif focus == "aired":
        aired = (
            _("It aired on {broadcaster} from {first} to {last}, {time}.")
            if s.time_slot
            else _("It aired on {broadcaster} from {first} to {last}.")
        )
        lines = [
            aired.format(
                broadcaster=term(s.broadcaster),
                first=first,
                last=last,
                time=term(s.time_slot or ""),
            )
        ]
    elif focus == "broadcaster":
        broadcast = (
            _("It was broadcast on {broadcaster}, {time}.")
            if s.time_slot
            else _("It was broadcast on {broadcaster}.")
        )
        lines = [broadcast.format(broadcaster=term(s.broadcaster), time=term(s.time_slot or ""))]
    elif focus == "country":
        lines = [
            _("It is a {type} from {country}, first shown in {year}.").format(
                type=term(s.type).casefold(), country=term(s.country), year=s.year
            )
        ]
    elif focus == "adaptations" and bo:
        lines = [adaptation_line(k, a) for a in adaptations] or [
            _("Our sources name no other adaptation of the {kind}.").format(kind=work_kind(bo.kind))
        ]
        cited = [bo.sources, *(a.sources for a in adaptations)]
    elif focus == "related":
        if s.related_shows:
            related = _("Related shows: {shows}.").format(shows=listing(s.related_shows))
        else:
            related = _("Related shows: none recorded.")
        lines = [related, *caveat(s)]
    elif focus == "titles":
        lines = [_("Also known as: {names}.").format(names=names)]
    elif focus == "page_stats" and (counted := [src for src in k.sources if src.page_stats]):
        ps = counted[0].page_stats
        assert ps is not None
        lines = [
            _(
                "The source page counts {views} page views, {fans} fans, {forum} forum posts, "
                "{wall} wall posts and {photos} uploaded photos."
            ).format(
                views=f"{ps.page_views:,}",
                fans=f"{ps.fans:,}",
                forum=f"{ps.forum_posts:,}",
                wall=f"{ps.wall_posts:,}",
                photos=f"{ps.photos_uploaded:,}",
            ),
            *([prose(ps.note)] if ps.note else []),
        ]
        cited = [(counted[0].id,)]
    else:
        lines = [prose(s.synopsis)]
        if bo and bo.authors:
            author = k.person(bo.authors[0])
            lines.append(
                _("Based on the {kind} of {author}; ask “is it a true story?” for more.").format(
                    kind=work_kind(bo.kind), author=shown(author.name, author.native)
                )
            )
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
    first = listing(filter(None, [w.released, w.publisher]))
    later = [listing(filter(None, [e.published, e.publisher, e.format])) for e in w.editions]
    reissues = [_("reissued {edition}").format(edition=e) for e in later if e]
    return _("; ").join([first, *reissues])


def adaptation_line(k: Knowledge, a: Work) -> str:
    """One sentence per shape, so a catalog can order each as its language needs."""
    directors = [p for c in a.staff if c.job == "Director" for p in c.people]
    params = {
        "year": (a.released or "")[:4],
        "kind": work_kind(a.kind),
        "title": shown(a.title, a.native_title),
        "director": listing(with_native(k.person(p).name, k.person(p).native) for p in directors),
        "starring": listing(
            _("{actor} as {role}").format(
                actor=shown(k.person(c.person).name, k.person(c.person).native),
                role=term(c.role or ""),
            )
            for c in a.cast[:3]
        ),
    }
    key = (bool(params["year"]), bool(directors), bool(a.cast))
    return _(_ADAPTATION[key]).format(**params)


_ADAPTATION = {
    (False, False, False): N_("A {kind}, “{title}”."),
    (True, False, False): N_("A {year} {kind}, “{title}”."),
    (False, True, False): N_("A {kind}, “{title}”, directed by {director}."),
    (True, True, False): N_("A {year} {kind}, “{title}”, directed by {director}."),
    (False, False, True): N_("A {kind}, “{title}”, starring {starring}."),
    (True, False, True): N_("A {year} {kind}, “{title}”, starring {starring}."),
    (False, True, True): N_("A {kind}, “{title}”, directed by {director}, starring {starring}."),
    (True, True, True): N_(
        "A {year} {kind}, “{title}”, directed by {director}, starring {starring}."
    ),
}


def _ranges(numbers: list[int]) -> str:
    """[2, 3, 4, 9] → "2–4 and 9" (joined as the current language joins a list)."""
    runs: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        runs.append(f"{start}–{prev}" if prev > start else str(start))
        if n is not None:
            start = prev = n
    return i18n.and_list(runs)


# Awards and reception


RECEPTION_TITLES = {
    "award": N_("Awards"),
    "ranking": N_("Rankings"),
    "poll": N_("Polls"),
    "record": N_("Records"),
    "event": N_("Events"),
}
RESULT_WORDS = {"won": N_("won"), "runner-up": N_("runner-up"), "nominated": N_("nominated")}


RECEPTION_KINDS = {
    "award": N_("award"),
    "ranking": N_("ranking"),
    "poll": N_("poll"),
    "record": N_("record"),
    "event": N_("event"),
}


def _word(words: dict[str, str], key: str) -> str:
    """A word of one of the closed lists above, in the current language."""
    known = words.get(key)
    return _(known) if known else key


def reception_name(r: Reception) -> str:
    name = local_name(r.name, r.native_name)
    edition = term(r.edition) if r.edition else None
    return _("{name}, {edition}").format(name=name, edition=edition) if edition else name


def reception_label(r: Reception) -> str:
    """Its name with its year, when it has one: "Elan d'Or Awards (2006)"."""
    if r.year:
        return _("{name} ({year})").format(name=reception_name(r), year=r.year)
    return reception_name(r)


def reception_outcome(k: Knowledge, r: Reception) -> str:
    """What it gave, to whom: "won (Hayashi Jun)", "No. 1", or its description."""
    # The series itself goes without saying in a list about the series.
    to = r.recipient if r.recipient not in (None, k.series.id) else None
    if r.result:
        outcome = _word(RESULT_WORDS, r.result)
        if r.category:
            outcome = _("{category}: {result}").format(category=term(r.category), result=outcome)
    elif r.rank is not None:
        outcome = (
            _("No. {rank} in {category}").format(rank=r.rank, category=term(r.category))
            if r.category
            else _("No. {rank}").format(rank=r.rank)
        )
    else:
        return prose(r.description)
    if to:
        return _("{outcome} ({recipient})").format(outcome=outcome, recipient=name_of(k, to))
    return outcome


def awards(k: Knowledge, kind: ReceptionKind | None = None) -> Answer:
    """Every award, ranking and poll on record (or those of one kind), by year."""
    chosen = sorted(
        (r for r in k.reception if kind is None or r.kind == kind),
        key=lambda r: (r.year is None, r.year or 0),  # undated ones last
    )
    what = _word(RECEPTION_TITLES, kind.value) if kind else _("Awards and reception")
    if not chosen:
        hint = _("Our sources record no such item; /about tells what the series is.")
        return not_found("awards", _("{what}: none on record").format(what=what), hint)
    lines = [
        _("{year} · {name}: {outcome}{hedge}").format(
            year=r.year, name=reception_name(r), outcome=reception_outcome(k, r), hedge=hedge(r)
        )
        if r.year
        else _("{name}: {outcome}{hedge}").format(
            name=reception_name(r), outcome=reception_outcome(k, r), hedge=hedge(r)
        )
        for r in chosen
    ]
    return found(
        "awards",
        _("{what}: {title}").format(what=what, title=shown(k.series.title, k.series.native_title)),
        lines=lines,
        sources=sources(k, *(group for r in chosen for group in cited(r))),
    )


def award(k: Knowledge, r: Reception) -> Answer:
    """One award, ranking or poll: what it is, when, and what it gave to whom."""
    facts = [Fact(name=_("Kind"), value=_word(RECEPTION_KINDS, r.kind.value))]
    if r.year:
        facts.append(Fact(name=_("Year"), value=str(r.year)))
    if r.date:
        facts.append(Fact(name=_("Date"), value=day(r.date)))
    if r.organiser:
        facts.append(Fact(name=_("Organiser"), value=term(r.organiser)))
    if r.category:
        facts.append(Fact(name=_("Category"), value=term(r.category)))
    if r.result:
        facts.append(Fact(name=_("Result"), value=_word(RESULT_WORDS, r.result)))
    if r.rank is not None:
        facts.append(Fact(name=_("Rank"), value=_("No. {rank}").format(rank=r.rank)))
    if r.recipient:
        facts.append(Fact(name=_("Recipient"), value=name_of(k, r.recipient)))
    return found(
        "award",
        reception_label(r),
        lines=[prose(r.description), *disagreement_lines(r), *unknown_lines(r, r.name), *caveat(r)],
        facts=facts,
        sources=sources(k, *cited(r)),
    )


# Related works


# How a related work stands to the series, as one sentence each.
WORK_RELATIONS = {
    "source": N_("The series is based on it."),
    "adaptation": N_("Another telling of the same story."),
    "continuation": N_("It takes the series' own story further."),
    "companion": N_("It is by or about the same real people; the series does not adapt it."),
    "similar": N_(
        "Not an official adaptation: its likeness to the series is reported, not licensed."
    ),
}


def work_relation(w: Work) -> str:
    return _word(WORK_RELATIONS, w.relation) if w.relation in WORK_RELATIONS else ""


def work_line(w: Work) -> str:
    year = (w.released or (str(w.announced.year) if w.announced else ""))[:4]
    title = with_native(w.title, w.native_title)
    relation = work_relation(w)
    if year:
        what = _("{title} ({kind}, {year})").format(title=title, kind=work_kind(w.kind), year=year)
    else:
        what = _("{title} ({kind})").format(title=title, kind=work_kind(w.kind))
    return _("{work}: {relation}").format(work=what, relation=relation) if relation else what


def works(k: Knowledge, relation: WorkRelation | None = None) -> Answer:
    """The books, films, manga and other series related to this one."""
    chosen = [w for w in k.works if relation is None or w.relation == relation]
    if not chosen:
        hint = _("Our sources record no such work; /about tells what the series is based on.")
        return not_found("works", _("No related work of that kind is on record"), hint)
    return found(
        "works",
        _("Works related to {title}").format(title=shown(k.series.title, k.series.native_title)),
        lines=[work_line(w) for w in chosen],
        sources=sources(k, *(w.sources for w in chosen)),
    )


def work(k: Knowledge, w: Work) -> Answer:
    """One related work's card: what it is, who made it, when it came out, its people."""
    lines = [work_relation(w), prose(w.description)]
    facts = [Fact(name=_("Kind"), value=work_kind(w.kind))]
    if w.authors:
        names = [with_native(k.person(a).name, k.person(a).native) for a in w.authors]
        facts.append(Fact(name=_("By"), value=listing(names)))
    if w.country:
        facts.append(Fact(name=_("Country"), value=term(w.country)))
    if w.publisher:
        facts.append(Fact(name=_("Publisher"), value=w.publisher))
    if w.announced:
        facts.append(Fact(name=_("Announced"), value=day(w.announced)))
    if w.released:
        screened = w.kind.value in ("film", "tv-series", "tv-special")
        facts.append(Fact(name=_("Released") if screened else _("Published"), value=w.released))
    if w.ended:
        facts.append(Fact(name=_("Ended"), value=w.ended))
    if w.broadcaster:
        facts.append(Fact(name=_("Broadcaster"), value=term(w.broadcaster)))
    if w.episode_count:
        facts.append(Fact(name=_("Episodes"), value=str(w.episode_count)))
    if w.runtime_minutes:
        facts.append(
            Fact(
                name=_("Running time"),
                value=_("{minutes} minutes").format(minutes=w.runtime_minutes),
            )
        )
    facts += [Fact(name=term(c.job), value=credit_names(k, c) + hedge(c)) for c in w.staff]
    if w.cast:
        cast = [
            (
                _("{actor} as {role}").format(
                    actor=with_native(k.person(c.person).name, k.person(c.person).native),
                    role=local_name(c.role, c.native_role),
                )
                if c.role
                else with_native(k.person(c.person).name, k.person(c.person).native)
            )
            + hedge(c)
            for c in w.cast
        ]
        facts.append(Fact(name=_("Cast"), value="\n".join(cast)))
    if w.editions:
        facts.append(Fact(name=_("Editions"), value="\n".join(_edition(e) for e in w.editions)))
    if w.sales:
        facts.append(Fact(name=_("Sales"), value="\n".join(sales_text(s) for s in w.sales)))
    if w.releases:
        screenings = [
            listing(filter(None, [day(s.date) if s.date else None, term(s.what), s.place]))
            + hedge(s)
            for s in w.releases
        ]
        facts.append(Fact(name=_("Releases"), value="\n".join(screenings)))
    songs = [s for s in k.songs if s.id in w.songs]
    if songs:
        value = _("; ").join(
            _("{title} ({artist})").format(
                title=with_native(s.title, s.native_title), artist=s.artist
            )
            for s in songs
        )
        facts.append(Fact(name=_("Songs"), value=value))
    parts: list[Sourced] = [*w.staff, *w.cast, *w.editions, *w.sales, *w.releases]
    return found(
        "work",
        with_native(w.title, w.native_title),
        lines=[line for line in lines if line]
        + detail_lines(w.details)
        + disagreement_lines(w)
        + unknown_lines(w, shown(w.title, w.native_title))
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


_PRODUCTION_PARTS = {
    "slot": N_("Time slot"),
    "broadcasts": N_("Other broadcasts"),
    "sequences": N_("Opening and ending"),
    "locations": N_("Filming locations"),
    "home_video": N_("Home video"),
    "promotions": N_("Promotional specials"),
}

_SEQUENCES = {"opening": N_("Opening"), "ending": N_("Ending")}


def _sequence_line(q: TitleSequence) -> str:
    kind = _word(_SEQUENCES, q.kind.value) if q.kind.value in _SEQUENCES else q.kind.value
    if q.from_episode:
        line = _("{kind} (from episode {number}): {description}").format(
            kind=kind, number=q.from_episode, description=prose(q.description)
        )
    else:
        line = _("{kind}: {description}").format(kind=kind, description=prose(q.description))
    return line + hedge(q)


def production(k: Knowledge, topic: ProductionTopic | None = None) -> Answer:
    """How the series was made and shown; ``topic`` (one of PRODUCTION_TOPICS) leads.

    Each part is one fact, so a question about one part still shows the others.
    """
    s, prod = k.series, k.production
    parts: dict[str, list[str]] = {}
    longer = [ep for ep in k.episodes if ep.extended_minutes]
    slot = [
        listing([term(s.broadcaster), term(s.time_slot)]) if s.time_slot else term(s.broadcaster)
    ]
    slot += [
        _("Episode {number} ran {minutes} minutes longer.").format(
            number=ep.number, minutes=ep.extended_minutes
        )
        for ep in longer
    ]
    parts["slot"] = slot
    cited_groups: list[Iterable[str]] = [s.sources, *(ep.sources for ep in longer)]
    lines: list[str] = []
    arcs: list[Fact] = []
    if prod:
        parts["broadcasts"] = [
            listing(
                filter(
                    None,
                    [
                        term(b.region),
                        b.channel,
                        _("from {date}").format(date=day(b.start)) if b.start else None,
                        term(b.schedule) if b.schedule else None,
                        term(b.delay) if b.delay else None,
                    ],
                )
            )
            + hedge(b)
            for b in prod.broadcasts
        ]
        parts["sequences"] = [_sequence_line(q) for q in prod.sequences]
        # Arcs are plot: each is its own fact, flagged when it gives the story away.
        arcs = [
            Fact(
                name=_("Story, episodes {first}–{last}").format(
                    first=a.first_episode, last=a.last_episode
                )
                if a.last_episode != a.first_episode
                else _("Story, episode {number}").format(number=a.first_episode),
                value=prose(a.summary.text) + hedge(a.summary),
                spoiler=a.summary.spoiler,
            )
            for a in prod.arcs
        ]
        parts["locations"] = [
            (
                _("{place} ({used_for})").format(
                    place=_place(place.name, place.native), used_for=prose(place.used_for)
                )
                if place.used_for
                else _place(place.name, place.native)
            )
            + hedge(place)
            for place in prod.locations
        ]
        parts["home_video"] = [_home_video(v) for v in prod.home_video]
        parts["promotions"] = [
            (
                _("{title}, {date} on {broadcaster}") if p.broadcaster else _("{title}, {date}")
            ).format(
                title=with_native(p.title, p.native_title),
                date=day(p.aired),
                broadcaster=term(p.broadcaster or ""),
            )
            + hedge(p)
            for p in prod.promotions
        ]
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
    facts = [
        Fact(name=_(_PRODUCTION_PARTS[key]), value="\n".join(values))
        for key, values in parts.items()
        if values
    ]
    facts = arcs + facts if topic == "arcs" else facts + arcs
    if topic == "arcs":
        told = ngettext("The story in {count} part.", "The story in {count} parts.", len(arcs))
        lines.insert(0, told.format(count=len(arcs)) if arcs else _("No source splits the story."))
    elif topic in parts:
        name, values = _(_PRODUCTION_PARTS[topic]), parts[topic]
        if values:
            lead = [_("{part}:").format(part=name), *values]
        else:
            lead = [_("{part}: no source gives it.").format(part=name)]
        lines = lead + lines
    return found(
        "production",
        _("How {title} was made and shown").format(title=shown(s.title, s.native_title)),
        lines=lines,
        facts=facts,
        sources=sources(k, *cited_groups),
    )


# Labels: how a thing is named in autocomplete, "did you mean" and "also matching"


def labels(k: Knowledge) -> dict[str, str]:
    """Every entity's label in the current language, by the engine's keys ("episode:8")."""
    out: dict[str, str] = {}
    for ep in k.episodes:
        out[f"episode:{ep.number}"] = pgettext("episode label", "{number} · {title}").format(
            number=ep.number, title=shown(ep.title, ep.native_title)
        )
    for t in k.soundtrack.tracks if k.soundtrack else ():
        out[f"track:{t.number}"] = _("{number} · {title}").format(
            number=track_no(t.number), title=track_title(k, t)
        )
    for c in k.characters:
        out[f"character:{c.id}"] = f"{shown(c.name, c.native)} — {actor_name(k, c)}"
    credited: dict[str, list[str]] = {}
    for credit in k.credits:
        for person_id in credit.people:
            credited.setdefault(person_id, []).append(term(credit.job))
    for p in k.people:
        jobs = credited.get(p.id, []) + [
            shown(c.name, c.native) for c in k.roles_by_actor.get(p.id, ())
        ]
        name = shown(p.name, p.native)
        out[f"person:{p.id}"] = f"{name} — {listing(jobs)}" if jobs else name
    for s in k.songs:
        out[f"song:{s.id}"] = f"{shown(s.title, s.native_title)} — {s.artist}"
    for sp in k.specials:
        out[f"special:{sp.id}"] = shown(sp.title, sp.native_title)
    for w in k.works:
        year = (w.released or (str(w.announced.year) if w.announced else ""))[:4]
        title = shown(w.title, w.native_title)
        out[f"work:{w.id}"] = (
            _("{title} ({kind}, {year})").format(title=title, kind=work_kind(w.kind), year=year)
            if year
            else _("{title} ({kind})").format(title=title, kind=work_kind(w.kind))
        )
    for i, r in enumerate(k.reception):
        out[f"reception:{i}"] = reception_label(r)
    out["series"] = _("{title} (the series)").format(
        title=shown(k.series.title, k.series.native_title)
    )
    return out


def _place(name: str | None, native: str | None) -> str:
    return with_native(name, native) if name else _("Not known: no source gives it")


def _home_video(v: HomeVideo) -> str:
    parts = [
        v.title,
        term(v.format),
        _("{discs} discs").format(discs=v.discs) if v.discs else None,
        v.label,
        v.catalogue,
        f"¥{v.price_yen:,}" if v.price_yen is not None else None,
        day(v.released) if v.released else None,
    ]
    line = listing(filter(None, parts)) + hedge(v)
    if v.extras:
        line = _("{video}; extras: {extras}").format(
            video=line, extras=listing(term(x) for x in v.extras)
        )
    return line


def _edition(e: Edition) -> str:
    parts = [
        e.published,
        e.publisher,
        e.label,
        e.format,
        _("{pages} pages").format(pages=e.pages) if e.pages else None,
        _("ISBN {isbn}").format(isbn=e.isbn) if e.isbn else None,
        f"¥{e.price_yen:,}" if e.price_yen is not None else None,
    ]
    return listing(filter(None, parts)) + hedge(e)
