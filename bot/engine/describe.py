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
language reads that way (:func:`with_native`, :func:`shown`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from bot import i18n
from bot.engine.answers import Answer, Fact, Kind, SourceRef, Status
from bot.i18n import N_, _, ngettext, pgettext, term
from bot.knowledge.models import (
    BILLING_ORDER,
    Character,
    Episode,
    Knowledge,
    Person,
    Song,
    Sourced,
    Special,
    Track,
    Work,
    WorkKind,
    WorkRelation,
)


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
    """Both spellings: "Nishikido Ryo (錦戸亮)"; in Japanese "錦戸亮 (Nishikido Ryo)"."""
    if not native or native == name:
        return name
    return _("{name} ({native})").format(name=name, native=native)


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
    for group in groups:
        for source_id in group:
            if source_id not in seen:
                s = k.source(source_id)
                seen[source_id] = SourceRef(id=s.id, title=s.title, url=s.url)
    return tuple(seen.values())


def caveat(fact: Sourced) -> list[str]:
    """Medium-confidence facts are said with their note, never bare."""
    if fact.confidence == "medium":
        if fact.note:
            return [_("Not certain: {note}").format(note=fact.note)]
        return [_("Not certain: one source only.")]
    return [_("Note: {note}").format(note=fact.note)] if fact.note else []


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
        return _("Not known: none of our sources gives a figure")
    if k.ratings:
        return _("{value}% ({measured_by}, {region})").format(
            value=f"{ep.rating.value:g}",
            measured_by=k.ratings.measured_by,
            region=term(k.ratings.region),
        )
    return f"{ep.rating.value:g}%"


def other_title(title: str, native: str | None) -> list[Fact]:
    """The title in the script not shown first: the Japanese one, or for Japanese the English."""
    if not native or native == title:
        return []
    if i18n.current().native_first:
        return [Fact(name=_("English title"), value=title)]
    return [Fact(name=_("Japanese title"), value=native)]


def episode(k: Knowledge, ep: Episode, focus: str | None = None) -> Answer:
    count = k.series.episode_count
    n = ep.number
    title = shown(ep.title, ep.native_title)
    called = (
        _("Episode {number} is called “{title}”")
        if title.endswith(("?", "!", "."))
        else _("Episode {number} is called “{title}”.")
    )
    lead = {
        "title": called.format(number=n, title=title),
        "japanese": (
            _("Episode {number}'s Japanese title is {title}.").format(
                number=n, title=ep.native_title
            )
            if ep.native_title
            else _("Episode {number}'s Japanese title is not known.").format(number=n)
        ),
        "aired": _("Episode {number} aired on {date}.").format(number=n, date=day(ep.aired)),
        "rating": (
            _("Episode {number} had a rating of {rating}.").format(
                number=n, rating=rating_text(k, ep)
            )
            if ep.rating
            else _("Episode {number}'s rating is not known: none of our sources gives it.").format(
                number=n
            )
        ),
    }.get(focus or "")
    lines = [lead] if lead else []
    if ep.number == count:
        lines.append(_("This is the final episode."))
    if ep.runtime_note:
        lines.append(ep.runtime_note)
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
    rating_sources = ep.rating.sources if ep.rating else ()
    return found(
        "episode",
        _("Episode {number}: {title}").format(number=n, title=title),
        lines=lines + (caveat(ep.rating) if ep.rating else []),
        facts=facts,
        sources=sources(k, ep.sources, rating_sources),
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
    facts = [
        Fact(name=_("Composer"), value=with_native(composer.name, composer.native)),
        *(
            Fact(
                name=_capital(term(s.use)),
                value=_("{title} ({artist})").format(
                    title=with_native(s.title, s.native_title), artist=s.artist
                ),
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


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def song(k: Knowledge, s: Song) -> Answer:
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
    if tracks:
        listed = listing(
            _("{number} ({version})").format(
                number=track_no(t.number), version=term(t.version) if t.version else _("version")
            )
            for t in tracks
        )
        on = ngettext("track {tracks}", "tracks {tracks}", len(tracks)).format(tracks=listed)
        facts.append(Fact(name=_("On the soundtrack"), value=on))
    st_sources = k.soundtrack.sources if tracks and k.soundtrack else ()
    return found(
        "song",
        with_native(s.title, s.native_title),
        lines=lines + caveat(s),
        facts=facts,
        sources=sources(k, s.sources, st_sources),
    )


# People


_BILLING = {
    "lead": N_("lead"),
    "main": N_("main"),
    "supporting": N_("supporting"),
    "guest": N_("guest"),
}


def appearances(k: Knowledge, c: Character) -> str:
    """The works a role appears in: the series, a special, or another work by its title."""
    where = {sp.id: _("the special") for sp in k.specials} | {k.series.id: _("the series")}
    names = [where.get(a, k.work_titles[a]) for a in c.appears_in]
    if len(names) == 2:
        return _("{first} and {second}").format(first=names[0], second=names[1])
    return listing(names)


def only_in_specials(k: Knowledge, c: Character) -> bool:
    return k.series.id not in c.appears_in and any(sp.id in c.appears_in for sp in k.specials)


def actor_name(k: Knowledge, c: Character, native: bool = False) -> str:
    """Who plays a role: both spellings with ``native``, else the reader's own."""
    if c.played_by is None:
        return _("an actor no source names")
    actor = k.person(c.played_by)
    return with_native(actor.name, actor.native) if native else shown(actor.name, actor.native)


def character(k: Knowledge, c: Character) -> Answer:
    actor = k.person(c.played_by) if c.played_by else None
    lines = [_("Played by {actor}.").format(actor=actor_name(k, c, native=True)), c.description]
    facts = [
        Fact(name=_("Role"), value=with_native(c.name, c.native)),
        Fact(name=_("Actor"), value=actor_name(k, c, native=True)),
        Fact(name=_("Appears in"), value=appearances(k, c)),
        Fact(name=_("Billing"), value=_(_BILLING[c.billing])),
    ]
    return found(
        "person",
        f"{shown(c.name, c.native)} — {actor_name(k, c)}",
        lines=lines + caveat(c),
        facts=facts,
        sources=sources(k, c.sources, actor.sources if actor else ()),
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
    lines = [
        _("Plays {role}: {description}").format(
            role=with_native(c.name, c.native), description=c.description
        )
        for c in roles
    ]
    for work in wrote:
        lines.append(_("Wrote the {kind} the drama is based on.").format(kind=work_kind(work.kind)))
    if jobs:
        lines.append(_("Credited for: {jobs}.").format(jobs=_("; ").join(jobs)))
    if p.description:
        lines.append(p.description)
    facts = [Fact(name=_("Role"), value=with_native(c.name, c.native)) for c in roles]
    if p.born:
        facts.append(Fact(name=_("Born"), value=p.born))
    if p.died:
        facts.append(Fact(name=_("Died"), value=p.died))
    title = with_native(p.name, p.native)
    if roles:
        played = listing(shown(c.name, c.native) for c in roles)
        title = f"{shown(p.name, p.native)} — {played}"
    return found(
        "person",
        title,
        lines=lines + caveat(p),
        facts=facts,
        sources=sources(k, p.sources, *(c.sources for c in roles)),
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
    lines += [
        _("Episode {number}: {value}%.").format(number=ep.number, value=f"{ep.rating.value:g}")
        for ep in known
        if ep.rating and ep.number != r.high_episode
    ]
    if unknown:
        lines.append(
            _("No figure in our sources for episodes {numbers}.").format(numbers=_ranges(unknown))
        )
    if focus == "high" and r.high:
        lines.insert(0, lines.pop(1 if r.average else 0))
    if focus == "low":
        lines.insert(
            0, _("The lowest rating is not known: we have figures for only some episodes.")
        )
    cited: list[Iterable[str]] = [ep.rating.sources for ep in known if ep.rating]
    for rating in (r.average, r.high):
        if rating:
            lines += caveat(rating)
            cited.insert(0, rating.sources)
    return found(
        "ratings",
        _("Viewer ratings ({measured_by}, {region})").format(
            measured_by=r.measured_by, region=term(r.region)
        ),
        lines=lines,
        sources=sources(k, *cited),
    )


def special(k: Knowledge, sp: Special, focus: str | None = None) -> Answer:
    if sp.time_slot:
        when = _("{date}, {time}").format(date=day(sp.aired), time=term(sp.time_slot))
    else:
        when = day(sp.aired)
    staff = _("; ").join(
        _("{job}: {names}").format(
            job=term(c.job),
            names=listing(shown(k.person(p).name, k.person(p).native) for p in c.people)
            or listing(c.organisations),
        )
        for c in sp.staff
    )
    new = [c for c in k.characters if c.appears_in == (sp.id,)]
    newcomers = _("; ").join(
        _("{role}, played by {actor}").format(role=shown(c.name, c.native), actor=actor_name(k, c))
        for c in new
    )
    lead = {
        "aired": _("It aired on {date}.").format(date=when),
        "staff": _("{staff}.").format(staff=staff) if staff else _("Its staff are not on record."),
        "length": _("It is a single broadcast of {length}.").format(length=term(sp.length))
        if sp.length
        else "",
        "broadcaster": _("It aired on {broadcaster}.").format(broadcaster=term(sp.broadcaster))
        if sp.broadcaster
        else "",
        "rating": _("Its rating is not known: none of our sources gives it."),
        "new": _("New in the special: {characters}.").format(characters=newcomers),
    }.get(focus or "", "")
    lines = [lead] if lead else []
    lines.append(sp.description)
    facts = other_title(sp.title, sp.native_title)
    if sp.broadcaster:
        aired = _("{date} on {broadcaster}").format(date=when, broadcaster=term(sp.broadcaster))
    else:
        aired = when
    facts.append(Fact(name=_("Aired"), value=aired))
    if sp.length:
        facts.append(Fact(name=_("Length"), value=term(sp.length)))
    facts.append(Fact(name=_("Setting"), value=sp.setting))
    for credit in sp.staff:
        names = listing(with_native(k.person(p).name, k.person(p).native) for p in credit.people)
        facts.append(Fact(name=term(credit.job), value=names or listing(credit.organisations)))
    if new:
        value = _("; ").join(f"{shown(c.name, c.native)} — {actor_name(k, c)}" for c in new)
        facts.append(Fact(name=_("New characters"), value=value))
    return found(
        "special",
        with_native(sp.title, sp.native_title),
        lines=lines + caveat(sp),
        facts=facts,
        sources=sources(k, sp.sources, *(c.sources for c in sp.staff), *(c.sources for c in new)),
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
            bo.description,
        ]
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
            *([ps.note] if ps.note else []),
        ]
        cited = [(counted[0].id,)]
    else:
        lines = [s.synopsis]
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
                actor=shown(k.person(c.person).name, k.person(c.person).native), role=c.role
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
    out["series"] = _("{title} (the series)").format(
        title=shown(k.series.title, k.series.native_title)
    )
    return out
