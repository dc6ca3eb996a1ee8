"""The coach's coded questions for talk time: which observations a recording can take them from, and
each one read as the core needs it (core/talk_questions.py says how they are laid on the recording).

An observation is found two ways: a signed observation the teacher imported (evidence of kind
observation, its events in the document the coach signed), or one of this library's own
observations (the coach measuring a recording in their own library).
"""

from __future__ import annotations

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.errors import InvalidInputError, NotFoundError, PortfolioError
from portfolio_app.core.observation import Mode
from portfolio_app.core.portfolio import Evidence
from portfolio_app.core.scheme import Scheme, parse_scheme
from portfolio_app.core.talk_questions import CoachObservation, CodedEvent, CodedObservation, question_codes
from portfolio_app.services.library import Library

ON_THIS = ", coded on this recording"


def coach_observations(library: Library, evidence_id: str) -> list[CoachObservation]:
    """The observations a recording's questions can come from: the signed ones in its portfolio, then
    this library's own observations, newest first; those coded on this very recording before the others."""
    from portfolio_app.services.evidence import get_evidence
    from portfolio_app.services.observations import list_observations
    from portfolio_app.storage import evidence as stored_evidence

    evidence = get_evidence(library, evidence_id)
    found = []
    for item in stored_evidence.for_portfolio(library.db, evidence.portfolio_id):
        if item.kind != EvidenceKind.OBSERVATION:
            continue
        try:
            coded = _signed(library, item, evidence)
        except PortfolioError:  # a scheme this version cannot read: the list offers the others
            continue
        if coded is not None:
            found.append(_offered(library, coded[0], coded[1], coded[2]))
    found.sort(key=lambda entry: not entry.where.endswith(ON_THIS))
    own = []
    for summary in list_observations(library):
        if summary.events:
            coded, interval = _own(library, summary.observation.id)
            on_this = summary.observation.clock_evidence == evidence.id  # its clock was this recording's position
            where = f"your observation{ON_THIS}" if on_this else "your observation"
            own.append((not on_this, _offered(library, coded, where, interval)))
    return found + [entry for _, entry in sorted(own, key=lambda pair: pair[0])]


def coded_observation(library: Library, evidence: Evidence, ref: str) -> CodedObservation:
    """The observation `ref` names, for the questions of `evidence`'s recording.

    Raises:
        NotFoundError: neither a signed observation nor one of this library's observations.
    """
    from portfolio_app.services.evidence import get_evidence

    try:
        item = get_evidence(library, ref)
    except NotFoundError:
        item = None
    if item is not None:
        coded = _signed(library, item, evidence)
        if coded is None:
            raise InvalidInputError(
                f"“{item.title}” is {item.kind}, not a signed observation: its questions are not coded."
            )
        return coded[0]
    try:
        return _own(library, ref)[0]
    except NotFoundError:
        offered = "; ".join(
            f"{o.observation.ref} “{o.observation.title}” ({o.where})" for o in coach_observations(library, evidence.id)
        )
        raise NotFoundError(
            f"There is no observation '{ref}' to take questions from: give the evidence id of a signed observation "
            f"in the portfolio of “{evidence.title}”, or the id of one of your own. "
            + (f"These are: {offered}." if offered else "There are none yet.")
        ) from None


def own_observation(library: Library, ref: str) -> CodedObservation:
    """One of this library's observations, read for its coded questions (NotFoundError if none is `ref`)."""
    return _own(library, ref)[0]


def chosen_codes(library: Library, observation: CodedObservation, named: tuple[str, ...]) -> tuple[str, ...]:
    """The codes taken as questions (see core question_codes), with the library's scheme as fallback."""
    return question_codes(observation.scheme, named, _library_scheme(library, observation.scheme))


def _offered(library: Library, coded: CodedObservation, where: str, interval: bool) -> CoachObservation:
    try:
        marked = chosen_codes(library, coded, ())
    except InvalidInputError:
        marked = ()
    return CoachObservation(coded, where, marked, interval)


def _signed(library: Library, item: Evidence, recording: Evidence) -> tuple[CodedObservation, str, bool] | None:
    """A signed observation as the core needs it, laid on `recording`: when the record names that very
    file among the recordings made while observing (by SHA-256), its `starts_at_s` (the observation's
    moment at the recording's first frame) gives the offset."""
    from portfolio_app.services.observation_records import signed_observation

    imported = signed_observation(library, item.id)
    if imported is None:
        return None
    document = imported.document["observation"]
    scheme = parse_scheme(document["scheme"], f"the scheme in {item.original_name or item.title}")
    events = tuple(
        CodedEvent(e["code"], float(e["start_s"]), _seconds(e.get("end_s")), e.get("interval"))
        for e in document.get("events", [])
    )
    named = [r for r in imported.document.get("recordings") or [] if isinstance(r, dict)]
    this = next((r for r in named if recording.blob and r.get("sha256") == recording.blob), None)
    offset = -float(this.get("starts_at_s") or 0.0) if this else 0.0
    length = float(document.get("length_s") or 0.0)
    coded = CodedObservation(item.id, document["title"], scheme, events, length, offset)
    signer = (imported.document.get("signer") or {}).get("name") or document.get("observer") or imported.signer
    where = f"signed by {signer}" + (ON_THIS if this else "")
    return coded, where, document.get("mode") == str(Mode.INTERVAL)


def _own(library: Library, ref: str) -> tuple[CodedObservation, bool]:
    from portfolio_app.services.observations import get_record

    record = get_record(library, ref)
    observation = record.observation
    events = tuple(CodedEvent(e.code_id, e.start_s, e.end_s, e.interval_index) for e in record.closed_events())
    coded = CodedObservation(observation.id, observation.title, observation.scheme, events, record.length_s())
    return coded, observation.mode is Mode.INTERVAL


def _library_scheme(library: Library, scheme: Scheme) -> Scheme | None:
    from portfolio_app.services.schemes import get_scheme

    try:
        return get_scheme(library, scheme.id)
    except PortfolioError:
        return None


def _seconds(value) -> float | None:
    return None if value is None else float(value)
