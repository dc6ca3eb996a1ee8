"""`portfolio blur`: a copy of a class video or photo with every student's face blurred."""

from __future__ import annotations

import argparse

from portfolio_app.cli.output import Printed, evidence_json, table, terminal_progress
from portfolio_app.services.library import Library


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    blur = commands.add_parser(
        "blur",
        parents=[common],
        help="blur every face in a video or photo, as new evidence in the original's place",
        description="Find the faces in a video or photo (on this computer; nothing is uploaded), follow them "
        "through the video, and make a copy with every face pixelated and blurred. The copy is new evidence "
        "derived from the original; it takes the original's tags and requirement link, so an export carries "
        "only the copy. The original stays on this computer. --keep TRACK:PERSON leaves a face unblurred and "
        "says whose it is: PERSON is teacher, adult (or adult=WHO) or the name of a student of the portfolio's "
        "class; a kept student without the consent the evidence needs stays on the checklist. `portfolio faces` "
        "lists the TRACK ids. To add a face the search missed, use Blur Faces… in the window. Prints the new "
        "evidence id.",
    )
    blur.add_argument("evidence_id", metavar="EVIDENCE_ID")
    blur.add_argument(
        "--keep", action="append", default=[], metavar="TRACK:PERSON", help="keep this face unblurred (repeatable)"
    )
    blur.set_defaults(handler=_blur)

    listing = commands.add_parser(
        "faces",
        parents=[common],
        help="list the faces found in a video or photo, with ids, times and thumbnails",
        description="Find the faces in a video or photo (or reuse the search already saved) and list each "
        "face track: its id (for `portfolio blur --keep`), when it is first and last seen, a thumbnail JPEG "
        "written beside the library's face reviews, and whether it is kept and whose it is.",
    )
    listing.add_argument("evidence_id", metavar="EVIDENCE_ID")
    listing.set_defaults(handler=_faces)


def _blur(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.faces import blur_faces

    keep = _keep(library, args.evidence_id, args.keep)
    copy = blur_faces(library, args.evidence_id, terminal_progress(args, "Blurring faces"), keep=keep).value
    document = {
        "id": copy.evidence.id,
        "faces_blurred": copy.faces_blurred,
        "tracks": copy.tracks,
        "derived_from": copy.evidence.derived_from,
        "evidence": evidence_json(copy.evidence),
    }
    return Printed(copy.evidence.id, document)


def _keep(library: Library, evidence_id: str, given: list[str]) -> dict:
    """--keep TRACK:PERSON values as {track: FaceOwnership}; InvalidInputError names a bad one."""
    from portfolio_app.core.errors import InvalidInputError
    from portfolio_app.core.kept_faces import FaceOwner, FaceOwnership
    from portfolio_app.services.appearances import portfolio_class
    from portfolio_app.services.evidence import get_evidence
    from portfolio_app.services.roster import students_named

    kept = {}
    for value in given:
        track, _, person = value.partition(":")
        if not track.strip().isdigit() or not person.strip():
            raise InvalidInputError(f"--keep {value}: write TRACK:PERSON, e.g. 2:teacher, 3:adult=Ms Lee or 4:Maya.")
        role, _, note = person.strip().partition("=")
        if role.lower() in ("teacher", "adult"):
            kept[int(track)] = FaceOwnership(FaceOwner(role.lower()), None, note.strip())
            continue
        group = portfolio_class(library, get_evidence(library, evidence_id).portfolio_id)
        if group is None:
            raise InvalidInputError("This portfolio has no class: set it (portfolio class) to name a student's face.")
        student = students_named(library, group.id, [person.strip()])[0]
        kept[int(track)] = FaceOwnership(FaceOwner.STUDENT, student.id)
    return kept


def _faces(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.faces import face_listing

    listing = face_listing(library, args.evidence_id, terminal_progress(args, "Finding faces"))
    document = {"evidence_id": listing.evidence_id, "tracks": [dict(t.__dict__) for t in listing.tracks]}
    if not listing.tracks:
        return Printed("No faces found.", document)
    rows = [("TRACK", "SEEN", "KEPT", "THUMBNAIL")]
    for t in listing.tracks:
        kept = (t.owner + (f" ({t.note})" if t.note else "")) if t.kept else "blurred"
        rows.append((str(t.id), f"{t.start_s:.1f}-{t.end_s:.1f} s", kept, t.thumbnail))
    return Printed(table(rows), document)
