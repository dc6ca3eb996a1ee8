"""Use cases of a coach's observation: start it, code events, write notes, rate, read it back.

Every row is committed in its own transaction the moment it is made: a killed app loses nothing
it has shown. In interval mode a code ticks the interval its moment falls in; in continuous mode a
point code logs a moment and a state code toggles (switching off the others of an exclusive group).
"""

from __future__ import annotations

from dataclasses import dataclass

from portfolio_app.core.changes import Changes
from portfolio_app.core.clock import now_iso
from portfolio_app.core.errors import InvalidInputError, NotFoundError
from portfolio_app.core.ids import StudentId, new_id
from portfolio_app.core.observation import Clock, Event, Mode, Note, Observation, ObservationRecord, Rating, pseudonyms
from portfolio_app.core.outcome import Outcome
from portfolio_app.core.scheme import CodeKind
from portfolio_app.services.library import Library
from portfolio_app.storage import observations as stored
from portfolio_app.storage import roster as stored_roster

OBSERVATIONS = Changes(observations=True)
MAX_NOTE = 2000


@dataclass(frozen=True)
class Coded:
    """What one code did: the event made or closed, and states it switched off."""

    event: Event
    closed: tuple[Event, ...] = ()
    created: bool = True  # False: the state was switched off, or the interval already had the tick


@dataclass(frozen=True)
class ObservationSummary:
    observation: Observation
    events: int
    notes: int


def new_observation(
    library: Library,
    scheme_id: str,
    title: str,
    *,
    mode: Mode | None = None,
    observer: str | None = None,
    teacher: str = "",
    lesson: str = "",
    class_name: str | None = None,
    portfolio_id: str | None = None,
    clock: Clock = Clock.TIMER,
) -> Outcome[Observation]:
    """Start an observation with a copy of the scheme; interval mode when the scheme has intervals.

    Raises:
        NotFoundError: the scheme, class or portfolio does not exist.
        InvalidInputError: an empty title, or interval mode for a scheme without intervals.
    """
    from portfolio_app.services.profile import get_profile
    from portfolio_app.services.schemes import get_scheme

    scheme = get_scheme(library, scheme_id)
    title = " ".join(title.split())
    if not title:
        raise InvalidInputError("An observation needs a title, e.g. “Period 3, fractions”.")
    if mode is None:
        mode = Mode.INTERVAL if scheme.interval_seconds else Mode.CONTINUOUS
    if mode is Mode.INTERVAL and not scheme.interval_seconds:
        raise InvalidInputError(f"“{scheme.title}” has no intervals: observe it continuously.")
    class_id = None
    if class_name:
        from portfolio_app.services.roster import find_class

        class_id = find_class(library, class_name).id
    credential = scheme.credential
    if portfolio_id:
        from portfolio_app.services.portfolios import get_portfolio

        portfolio = get_portfolio(library, portfolio_id)
        portfolio_id = portfolio.id
        credential = credential or (portfolio.credential_id, portfolio.credential_version)
    if observer is None:
        profile = get_profile(library)
        observer = profile.name if profile else ""
    observation = Observation(
        id=new_id(),
        title=title[:200],
        scheme=scheme,
        mode=mode,
        observer=observer.strip(),
        teacher=teacher.strip(),
        lesson=lesson.strip(),
        class_id=class_id,
        portfolio_id=portfolio_id,
        credential=credential,
        clock=clock,
        created_at=now_iso(),
    )
    with library.db.atomic():
        stored.insert_observation(library.db, observation)
    return Outcome(observation, OBSERVATIONS)


def get_observation(library: Library, observation_id: str) -> Observation:
    """An observation by id or an unambiguous prefix of at least 4 characters."""
    found = stored.get_observation(library.db, observation_id)
    if found is not None:
        return found
    matches = stored.observation_ids(library.db, observation_id) if len(observation_id) >= 4 else []
    if len(matches) == 1:
        found = stored.get_observation(library.db, matches[0])
        assert found is not None
        return found
    if len(matches) > 1:
        raise NotFoundError(f"More than one observation id starts with '{observation_id}': type more of it.")
    raise NotFoundError(f"There is no observation '{observation_id}'. `portfolio observation list` shows them.")


def list_observations(library: Library) -> list[ObservationSummary]:
    """Every observation, newest first, with its counts."""
    return [ObservationSummary(o, e, n) for o, e, n in stored.list_observations(library.db)]


def get_record(library: Library, observation_id: str) -> ObservationRecord:
    """An observation with its events, notes and ratings, and the pseudonyms exports write."""
    observation = get_observation(library, observation_id)
    roster = stored_roster.students_of(library.db, observation.class_id) if observation.class_id else []
    return ObservationRecord(
        observation,
        tuple(stored.events_of(library.db, observation.id)),
        tuple(stored.notes_of(library.db, observation.id)),
        tuple(stored.ratings_of(library.db, observation.id)),
        pseudonyms([s.id for s in roster]),
        tuple(stored.recordings_of(library.db, observation.id)),
    )


def code_event(
    library: Library,
    observation_id: str,
    code_id: str,
    at: float,
    *,
    end: float | None = None,
    student: str | None = None,
    durable: bool = True,
) -> Outcome[Coded]:
    """Log one code at `at` seconds (see the module docstring for what it does in each mode).

    `durable=False` (the live coding screen) does not wait for the disk: a killed app still loses
    nothing, and the screen calls `sync_codes` within a second, so a power cut loses at most that.

    Raises:
        InvalidInputError: an unknown code, a negative time, an end before the start, an end for
            a point, or a student not on the observation's class roster.
    """
    observation = get_observation(library, observation_id)
    code = observation.scheme.code(code_id)
    if at < 0 or (end is not None and end < at):
        raise InvalidInputError(f"{code.id}: a time must be 0 or later, and an end no earlier than its start.")
    student_id = _student(library, observation, student)
    now = now_iso()
    with library.db.atomic(durable=durable):
        if observation.mode is Mode.INTERVAL:
            return Outcome(_tick(library, observation, code.id, at, student_id, now), OBSERVATIONS)
        if code.kind is CodeKind.POINT:
            if end is not None:
                raise InvalidInputError(f"{code.id} ({code.label}) is a point event: it has no end.")
            event = stored.insert_event(library.db, observation.id, Event(0, code.id, at, None, None, student_id), now)
            return Outcome(Coded(event), OBSERVATIONS)
        if end is not None:
            event = stored.insert_event(library.db, observation.id, Event(0, code.id, at, end, None, student_id), now)
            return Outcome(Coded(event), OBSERVATIONS)
        return Outcome(_toggle(library, observation, code.id, at, student_id, now), OBSERVATIONS)


def _tick(library: Library, observation: Observation, code_id: str, at: float, student_id, now: str) -> Coded:
    length = observation.scheme.interval_seconds or 0
    index = int(at // length)
    found = stored.find_tick(library.db, observation.id, index, code_id)
    if found is not None:
        return Coded(found, created=False)
    tick = Event(0, code_id, float(index * length), float((index + 1) * length), index, student_id)
    return Coded(stored.insert_event(library.db, observation.id, tick, now))


def _toggle(library: Library, observation: Observation, code_id: str, at: float, student_id, now: str) -> Coded:
    scheme = observation.scheme
    group = scheme.group(scheme.code(code_id).group)
    states = [c.id for c in scheme.codes if c.kind is CodeKind.STATE]
    open_now = stored.open_events(library.db, observation.id, states)
    for event in open_now:
        if event.code_id == code_id:  # pressed again: the state ends
            stored.close_event(library.db, event.id, max(at, event.start_s))
            return Coded(Event(event.id, code_id, event.start_s, max(at, event.start_s)), created=False)
    closed = []
    if group.exclusive:
        for event in open_now:
            if scheme.code(event.code_id).group == group.id:
                stored.close_event(library.db, event.id, max(at, event.start_s))
                closed.append(Event(event.id, event.code_id, event.start_s, max(at, event.start_s)))
    event = stored.insert_event(library.db, observation.id, Event(0, code_id, at, None, None, student_id), now)
    return Coded(event, tuple(closed))


def sync_codes(library: Library) -> Outcome[None]:
    """Make the codes logged with `durable=False` survive a power cut (one flush for all of them)."""
    library.db.sync()
    return Outcome(None, Changes())


def untick(library: Library, observation_id: str, code_id: str, index: int) -> Outcome[Event | None]:
    """Take a tick off an interval (interval mode); returns the tick removed, if there was one."""
    observation = get_observation(library, observation_id)
    found = stored.find_tick(library.db, observation.id, index, observation.scheme.code(code_id).id)
    if found is not None:
        with library.db.atomic():
            stored.delete_event(library.db, found.id)
    return Outcome(found, OBSERVATIONS if found else Changes())


def take_back(library: Library, observation_id: str) -> Outcome[Event | None]:
    """Remove the event entered last (Backspace while coding); returns it, or None if there is none."""
    observation = get_observation(library, observation_id)
    last = stored.last_event(library.db, observation.id)
    if last is None:
        return Outcome(None, Changes())
    with library.db.atomic():
        stored.delete_event(library.db, last.id)
    return Outcome(last, OBSERVATIONS)


def add_note(library: Library, observation_id: str, at: float, text: str) -> Outcome[Note]:
    """A timestamped low-inference note."""
    observation = get_observation(library, observation_id)
    text = text.strip()
    if not text:
        raise InvalidInputError("A note needs some text.")
    if len(text) > MAX_NOTE:
        raise InvalidInputError(f"A note holds at most {MAX_NOTE} characters; this one has {len(text)}.")
    if at < 0:
        raise InvalidInputError("A note's time must be 0 or later.")
    with library.db.atomic():
        note = stored.insert_note(library.db, observation.id, at, text, now_iso())
    return Outcome(note, OBSERVATIONS)


def finish(library: Library, observation_id: str, duration_s: float) -> Outcome[Observation]:
    """Record how long the observation ran (states still on end there)."""
    observation = get_observation(library, observation_id)
    if duration_s < 0:
        raise InvalidInputError("A duration must be 0 or more seconds.")
    with library.db.atomic():
        stored.set_duration(library.db, observation.id, duration_s, now_iso())
    return Outcome(get_observation(library, observation.id), OBSERVATIONS)


def rate(library: Library, observation_id: str, criterion_id: str, level_id: str, note: str = "") -> Outcome[Rating]:
    """The coach's level for one rubric criterion of the observation's credential, with a note.

    Raises:
        InvalidInputError: the observation has no credential, or the criterion or level is not in it.
    """
    from portfolio_app.services.catalog import get_credential

    observation = get_observation(library, observation_id)
    if observation.credential is None:
        raise InvalidInputError(
            f"“{observation.title}” is not about a credential: observe with a look-fors scheme, or start it "
            "with --portfolio, to rate rubric criteria."
        )
    credential = get_credential(library, *observation.credential)
    criterion = next((c for c in credential.criteria if c.id == criterion_id), None)
    if criterion is None:
        known = ", ".join(c.id for c in credential.criteria)
        raise InvalidInputError(f"“{credential.title}” has no criterion '{criterion_id}'. Its criteria: {known}.")
    if level_id not in {level.id for level in criterion.levels}:
        known = ", ".join(level.id for level in criterion.levels)
        raise InvalidInputError(f"“{criterion.title}” has no level '{level_id}'. Its levels: {known}.")
    rating = Rating(criterion.id, level_id, " ".join(note.split()))
    with library.db.atomic():
        stored.set_rating(library.db, observation.id, rating, now_iso())
    return Outcome(rating, OBSERVATIONS)


def _student(library: Library, observation: Observation, name_or_id: str | None) -> StudentId | None:
    if not name_or_id:
        return None
    if observation.class_id is None:
        raise InvalidInputError(f"“{observation.title}” has no class: start it with --class to code students.")
    roster = stored_roster.students_of(library.db, observation.class_id)
    for student in roster:
        if name_or_id in (student.id,) or student.name.casefold() == name_or_id.strip().casefold():
            return student.id
    raise InvalidInputError(f"“{name_or_id}” is not on the class roster of “{observation.title}”.")


@dataclass(frozen=True)
class Seat:
    """A student of the observed class on the seating chart (x, y: fractions of its width and height)."""

    student_id: StudentId
    name: str  # as on the coach's roster (first name or pseudonym)
    x: float
    y: float


def seating(library: Library, observation_id: str) -> list[Seat]:
    """The class's students where the coach placed them; the others in rows, in roster order."""
    observation = get_observation(library, observation_id)
    if observation.class_id is None:
        return []
    placed = stored.seats_of(library.db, observation.id)
    students = stored_roster.students_of(library.db, observation.class_id)
    per_row = max(1, min(6, len(students)))
    seats = []
    for index, student in enumerate(students):
        default = ((index % per_row + 0.5) / per_row, (index // per_row + 0.5) / max(1, -(-len(students) // per_row)))
        x, y = placed.get(student.id, default)
        seats.append(Seat(student.id, student.name, x, y))
    return seats


def place_student(library: Library, observation_id: str, student_id: str, x: float, y: float) -> Outcome[Seat]:
    """Move a student on the seating chart (dragging saves where they sit)."""
    observation = get_observation(library, observation_id)
    student = next((s for s in seating(library, observation.id) if s.student_id == student_id), None)
    if student is None:
        raise InvalidInputError(f"That student is not in the class of “{observation.title}”.")
    x, y = min(max(x, 0.0), 1.0), min(max(y, 0.0), 1.0)
    with library.db.atomic():
        stored.set_seat(library.db, observation.id, student.student_id, x, y)
    return Outcome(Seat(student.student_id, student.name, x, y), OBSERVATIONS)
