"""`portfolio keys show|export-public` and `portfolio verify`: signing keys and bundle checks.

None of them needs a library: a reviewer can verify a bundle on a machine where the app has
never been used, and nothing is created there.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from portfolio_app.cli.output import Printed, Refused, terminal_progress


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    keys = commands.add_parser(
        "keys",
        help="your signing key: show it or export its public half",
        description="Your submissions are signed with a key kept in the system keychain.",
    )
    key_commands = keys.add_subparsers(dest="keys_command", metavar="COMMAND", required=True)
    show = key_commands.add_parser(
        "show",
        parents=[common],
        help="print the signing key's fingerprint and public key",
        description="Print the fingerprint and the minisign public key of your signing key, making the key "
        "first (in the system keychain) if there is none yet. Give the fingerprint to whoever checks your "
        "bundles: `portfolio verify --expect-key FINGERPRINT`.",
    )
    show.set_defaults(handler=_show, needs_library=False)
    export = key_commands.add_parser(
        "export-public",
        parents=[common],
        help="write the public key to a .pub file for minisign",
        description="Write your public key as a minisign .pub file, which `minisign -V -p FILE` and reviewers "
        "use to check your bundles' signatures. The private key never leaves the keychain.",
    )
    export.add_argument("file", type=Path, metavar="FILE", help="the .pub file to write")
    export.set_defaults(handler=_export_public, needs_library=False)

    verify = commands.add_parser(
        "verify",
        parents=[common],
        help="check a submission bundle: complete, unchanged, and who signed it",
        description="Check a submission bundle (.zip) or an unzipped bundle folder: every file against its "
        "SHA-256, the BagIt structure, the allowed entries, and the signature. Exit code 0 when valid, 1 when "
        "not (each problem is listed with the file it concerns). Nothing is written.",
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


def _show(_library, args: argparse.Namespace) -> Printed:
    from portfolio_app.bundle.keys import keychain_name
    from portfolio_app.services.keys import show_public_key

    public = show_public_key()
    text = (
        f"Fingerprint: {public.fingerprint}\n"
        f"Key id:      {public.key_id_hex} (minisign)\n"
        f"Keychain:    {keychain_name()}\n\n"
        f"{public.file_text()}".rstrip()
    )
    document = {
        "fingerprint": public.fingerprint,
        "key_id": public.key_id_hex,
        "public_key": public.text,
        "minisign_pub": public.file_text(),
    }
    return Printed(text, document)


def _export_public(_library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.keys import export_public_key

    public = export_public_key(args.file)
    return Printed(
        f"Wrote {args.file} (fingerprint {public.fingerprint}).\n"
        f"Check a bundle's signature with: minisign -V -p {args.file} -m tagmanifest-sha256.txt "
        "-x signature/tagmanifest-sha256.txt.minisig",
        {"file": str(args.file), "fingerprint": public.fingerprint, "public_key": public.text},
    )


def _verify(_library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.verify import verify_submission

    report = verify_submission(
        args.path,
        allow_unsigned=args.allow_unsigned,
        expect_key=args.expect_key,
        progress=terminal_progress(args, "Verifying"),
    )
    document = {
        "path": str(args.path),
        "valid": report.valid,
        "problems": [{"entry": p.entry, "reason": p.reason} for p in report.problems],
        "bag": report.bag_name,
        "signed": report.signed,
        "fingerprint": report.fingerprint,
        "public_key": report.public_key,
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
    signer = f"signed by key {report.fingerprint}" if report.signed else "not signed (plain BagIt bag)"
    lines = [
        f"{args.path}: valid, {signer}",
        f"  {report.payload_files} files, {report.payload_bytes:,} bytes, checked with {', '.join(report.algorithms)}",
    ]
    if report.draft:
        lines.append("  This is a DRAFT bundle: not ready for review.")
    if report.submission:
        teacher = report.submission.get("teacher", {})
        credential = report.submission.get("credential", {})
        lines.append(f"  {credential.get('title')} ({credential.get('id')}@{credential.get('version')})")
        lines.append(f"  by {teacher.get('name')} <{teacher.get('email')}>")
    if report.signed and not args.expect_key:
        lines.append("  Compare the fingerprint with the teacher's, or pass --expect-key FINGERPRINT.")
    return Printed("\n".join(lines), document)
