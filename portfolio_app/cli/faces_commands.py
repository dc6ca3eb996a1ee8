"""`portfolio blur`: a copy of a class video or photo with every student's face blurred."""

from __future__ import annotations

import argparse

from portfolio_app.cli.output import Printed, evidence_json, terminal_progress
from portfolio_app.services.library import Library


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    blur = commands.add_parser(
        "blur",
        parents=[common],
        help="blur every face in a video or photo, as new evidence in the original's place",
        description="Find the faces in a video or photo (on this computer; nothing is uploaded), follow them "
        "through the video, and make a copy with every face pixelated and blurred. The copy is new evidence "
        "derived from the original; it takes the original's tags and requirement link, so an export carries "
        "only the copy. The original stays on this computer. To keep some faces (yours, students with "
        "consent) or add a face the search missed, use Blur Faces… in the window. Prints the new evidence id.",
    )
    blur.add_argument("evidence_id", metavar="EVIDENCE_ID")
    blur.set_defaults(handler=_blur)


def _blur(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.faces import blur_faces

    copy = blur_faces(library, args.evidence_id, terminal_progress(args, "Blurring faces")).value
    document = {
        "id": copy.evidence.id,
        "faces_blurred": copy.faces_blurred,
        "tracks": copy.tracks,
        "derived_from": copy.evidence.derived_from,
        "evidence": evidence_json(copy.evidence),
    }
    return Printed(copy.evidence.id, document)
