"""`portfolio inbox list|pull --from S3_URL`: the reviewer's side of a district inbox. Needs no library."""

from __future__ import annotations

import argparse
from dataclasses import asdict
from pathlib import Path

from portfolio_app.cli.output import Failed, Printed, table

_CREDENTIALS = (
    "The bucket is read with plain S3 requests, signed with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
    "(and AWS_REGION) from the environment when they are set."
)


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    inbox = commands.add_parser(
        "inbox",
        help="list and pull submissions from a district inbox's bucket",
        description="The district inbox's storage (an S3 bucket that the inbox's tus server writes to), "
        "as a reviewer reads it.",
    )
    actions = inbox.add_subparsers(dest="inbox_command", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list",
        parents=[common],
        help="list the finished uploads in the bucket",
        description="List each finished upload in the bucket: its file name, size, SHA-256 (computed by the "
        "inbox when it arrived) and time. Nothing is downloaded. " + _CREDENTIALS,
    )
    listing.add_argument("--from", dest="source", required=True, metavar="S3_URL", help="e.g. https://HOST/BUCKET")
    listing.set_defaults(handler=_list, needs_library=False)
    pull = actions.add_parser(
        "pull",
        parents=[common],
        help="download new submissions and verify each",
        description="Download each submission not yet in the folder, check it against the inbox's SHA-256 and "
        "verify it as a signed record (bundle, observation, feedback), naming its signer by the library's trust "
        "lists; only valid ones are kept, under their own .zip names. Refused ones (damaged, not valid, signed by "
        "a revoked key) are listed with the reason (exit 1) and tried again next time. " + _CREDENTIALS,
    )
    pull.add_argument("--from", dest="source", required=True, metavar="S3_URL", help="e.g. https://HOST/BUCKET")
    pull.add_argument("-o", "--output", type=Path, default=Path("."), metavar="DIR", help="folder (default: here)")
    pull.set_defaults(handler=_pull, needs_library=False)


def _list(_library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.inbox import inbox_submissions

    found = inbox_submissions(args.source)
    rows = [("UPLOADED", "SIZE", "SHA-256", "FILE")]
    rows += [(s.uploaded_at, f"{s.size:,}", s.sha256, s.filename) for s in found]
    return Printed(table(rows) if found else "Nothing has arrived yet.", [asdict(s) for s in found])


def _pull(_library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.inbox import pull_submissions
    from portfolio_app.services.library import open_existing_library

    library = open_existing_library(args.data_dir)  # its trust lists name the signers, if there is one
    try:
        pulled = pull_submissions(args.source, args.output, library.db if library else None)
    finally:
        if library is not None:
            library.close()
    lines, document = [], []
    for item in pulled:
        s = item.submission
        if item.path is None:
            lines.append(f"{s.filename}: REFUSED: " + "; ".join(item.problems))
        elif item.new:
            signer = f"{item.signer} (key {item.fingerprint})"
            lines.append(f"{item.path}: valid {item.record_type or 'record'}, signed by {signer}")
        else:
            lines.append(f"{item.path}: already here")
        document.append(
            {
                **asdict(s),
                "path": str(item.path) if item.path else None,
                "new": item.new,
                "valid": item.path is not None,
                "problems": list(item.problems),
                "fingerprint": item.fingerprint,
                "record_type": item.record_type,
                "signer": item.signer,
            }
        )
    text = "\n".join(lines) or "Nothing has arrived yet."
    return Failed(text, document) if any(i.path is None for i in pulled) else Printed(text, document)
