"""`portfolio verify`: is a bundle (or any signed record) complete, unchanged, and whose signature is it?

It needs no library: a reviewer can verify a bundle on a machine where the app has never been
used, and nothing is created there. Where a library exists, its imported trust lists name the
signer.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from portfolio_app.cli.output import Printed, Refused, terminal_progress


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    verify = commands.add_parser(
        "verify",
        parents=[common],
        help="check a submission bundle or signed record: complete, unchanged, and who signed it",
        description="Check a submission bundle (.zip), an unzipped bundle folder, or any signed record (observation, "
        "review, trust list, key rotation): every file against its SHA-256, the BagIt structure, the allowed "
        "entries, and the signature, and who signed it by the imported trust lists (`portfolio trust import`). "
        "Exit code 0 when valid, 1 when not, or when the signer's key was revoked before it signed (each problem "
        "is listed with the file it concerns). Nothing is written.",
    )
    verify.add_argument("path", type=Path, metavar="PATH", help="the bundle .zip or its folder")
    verify.add_argument(
        "--allow-unsigned",
        action="store_true",
        help="accept a plain BagIt bag without our signature (a bag made by other tools)",
    )
    verify.add_argument(
        "--expect-key",
        metavar="FINGERPRINT",
        help="the signer's key fingerprint (from `portfolio keys show`); another signer is a problem",
    )
    verify.set_defaults(handler=_verify, needs_library=False)


def _verify(_library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.library import open_existing_library
    from portfolio_app.services.verify import verify_and_name_signer

    library = open_existing_library(args.data_dir)  # trust lists, if this computer has a library
    try:
        checked = verify_and_name_signer(
            library.db if library else None,
            args.path,
            allow_unsigned=args.allow_unsigned,
            expect_key=args.expect_key,
            progress=terminal_progress(args, "Verifying"),
        )
    finally:
        if library is not None:
            library.close()
    report, signer = checked.report, checked.signer
    document = {
        "path": str(args.path),
        "valid": checked.accepted,
        "problems": [{"entry": p.entry, "reason": p.reason} for p in report.problems],
        "bag": report.bag_name,
        "record_type": report.record_type,
        "signed": report.signed,
        "signed_at": report.signed_at,
        "fingerprint": report.fingerprint,
        "public_key": report.public_key,
        "signer": _signer_json(signer),
        "tag_manifest_sha256": report.tag_manifest_sha256,
        "draft": report.draft,
        "algorithms": list(report.algorithms),
        "payload_files": report.payload_files,
        "payload_bytes": report.payload_bytes,
        "entries": list(report.entries),
    }
    if not report.valid:
        lines = [f"{args.path}: NOT VALID ({len(report.problems)} problem{'s' if len(report.problems) > 1 else ''})"]
        lines += [f"  {p.entry}: {p.reason}" for p in report.problems]
        return Refused("\n".join(lines), document)
    if signer is not None and signer.refused:
        return Refused(f"{args.path}: REFUSED, signed by {signer.text}", document)
    what = f" {report.record_type} record" if report.record_type not in (None, "submission") else ""
    signed = f"signed by key {report.fingerprint}" if report.signed else "not signed (plain BagIt bag)"
    lines = [
        f"{args.path}: valid{what}, {signed}",
        f"  {report.payload_files} files, {report.payload_bytes:,} bytes, checked with {', '.join(report.algorithms)}",
    ]
    if signer is not None and signer.trusted:
        lines.append(f"  Signer: {signer.text}")
    elif signer is not None:
        lines.append(f"  Signer: WARNING, {signer.text}")
    lines += _what_it_says(args.path, report)
    if report.draft:
        lines.append("  This is a DRAFT bundle: not ready for review.")
    if report.submission:
        teacher = report.submission.get("teacher", {})
        credential = report.submission.get("credential", {})
        lines.append(f"  {credential.get('title')} ({credential.get('id')}@{credential.get('version')})")
        lines.append(f"  by {teacher.get('name')} <{teacher.get('email')}>")
    if report.signed and not args.expect_key and not (signer and signer.trusted):
        lines.append("  Compare the fingerprint with the sender's, or pass --expect-key FINGERPRINT.")
    return Printed("\n".join(lines), document)


def _what_it_says(path: Path, report) -> list[str]:
    """A line on what a trust list or key-rotation statement states (a rotation's second signature checked)."""
    document = report.document or {}
    if report.record_type == "trust":
        approved, revoked = len(document.get("approved", [])), len(document.get("revoked", []))
        return [
            f"  Trust list of {document.get('organisation')} of {str(document.get('created_at', ''))[:10]}: "
            f"{approved} approved, {revoked} revoked"
        ]
    if report.record_type == "badge":
        return [
            f"  The feedback that earned a badge, with the badge: `portfolio feedback import {path.name}` keeps both"
        ]
    if report.record_type == "key-rotation":
        from portfolio_app.services.keys import verify_rotation

        rotation = verify_rotation(path)  # raises SignatureError when the new key did not accept it
        return [
            f"  Key rotation of {rotation.created_at[:10]}: {rotation.old_fingerprint}",
            f"  hands over to {rotation.new_fingerprint} (the new key signed its acceptance)",
        ]
    return []


def _signer_json(signer) -> dict | None:
    if signer is None:
        return None
    return {
        "standing": str(signer.standing),
        "text": signer.text,
        "name": signer.name,
        "role": signer.role,
        "organisation": signer.organisation,
        "list_date": signer.list_date,
        "detail": signer.detail,
    }
