"""`portfolio keys show|export-public|new|backup|restore|rotate`: signing keys, kept in the system keychain.

None of them needs a library. `--issuer ORG` works on an organisation's issuer key instead of
your own (the key that signs its trust lists and badges).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from portfolio_app.cli.output import Printed
from portfolio_app.cli.passphrase import add_passphrase_option, passphrase


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    keys = commands.add_parser(
        "keys",
        help="your signing key: show, export, back up, restore, rotate; organisations' issuer keys",
        description="Your submissions are signed with a key kept in the system keychain.",
    )
    sub = keys.add_subparsers(dest="keys_command", metavar="COMMAND", required=True)

    def command(name: str, handler, help_text: str, description: str) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, parents=[common], help=help_text, description=description)
        parser.set_defaults(handler=handler, needs_library=False)
        return parser

    def issuer_option(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--issuer", metavar="ORG", help="the issuer key of organisation ORG, not your own key")

    show = command(
        "show",
        _show,
        "print the signing key's fingerprint and public key",
        "Print the fingerprint and the minisign public key of your signing key, making the key first (in the "
        "system keychain) if there is none yet. Give the fingerprint to whoever checks your bundles: "
        "`portfolio verify --expect-key FINGERPRINT`, or to the organisation that lists you in its trust list.",
    )
    issuer_option(show)
    export = command(
        "export-public",
        _export_public,
        "write the public key to a .pub file for minisign",
        "Write your public key as a minisign .pub file, which `minisign -V -p FILE` and reviewers use to check "
        "your bundles' signatures. The private key never leaves the keychain.",
    )
    export.add_argument("file", type=Path, metavar="FILE", help="the .pub file to write")
    issuer_option(export)
    new = command(
        "new",
        _new,
        "make a signing key (or an organisation's issuer key) in the keychain",
        'Make a key in the system keychain, if there is none yet. With --issuer "Lincoln District", the '
        "organisation's issuer key, held by whoever grants for it, which signs its trust lists "
        "(`portfolio trust make`). Back it up at once with `portfolio keys backup`.",
    )
    issuer_option(new)
    backup = command(
        "backup",
        _backup,
        "write the key encrypted with a passphrase, for a new laptop",
        "Write the signing key to FILE encrypted with a passphrase (scrypt, 128 MiB per guess, and AES-256-GCM; "
        "never in plaintext). `portfolio keys restore FILE` puts it back on another laptop, so earlier bundles "
        "still verify as yours. Keep FILE and the passphrase apart.",
    )
    backup.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the backup file to write")
    issuer_option(backup)
    add_passphrase_option(backup)
    restore = command(
        "restore",
        _restore,
        "put a backed-up key back into this keychain",
        "Decrypt a key backup made by `portfolio keys backup` and put the key into this computer's keychain, "
        "under the same account (your own key, or an organisation's issuer key). A wrong passphrase changes "
        "nothing. If another key is there already, --replace keeps it under a retired name and puts this one in "
        "its place.",
    )
    restore.add_argument("file", type=Path, metavar="FILE", help="the key backup")
    restore.add_argument("--replace", action="store_true", help="replace another key that is already there")
    add_passphrase_option(restore)
    rotate = command(
        "rotate",
        _rotate,
        "make a new key; the old one signs a statement naming it",
        "Make a new signing key. The old key signs a key-rotation statement naming the new key (which signs it "
        "too), written to FILE: hand it to the organisations that list you, so signatures made before the "
        "rotation stay attributable. The old key stays in the keychain under a retired name. Back up the new key.",
    )
    rotate.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="the statement to write")
    issuer_option(rotate)


def _account(args: argparse.Namespace) -> str:
    from portfolio_app.services.keys import account_for

    return account_for(getattr(args, "issuer", None))


def _show(_library, args: argparse.Namespace) -> Printed:
    from portfolio_app.bundle.keys import keychain_name
    from portfolio_app.services.keys import show_public_key

    public = show_public_key(_account(args))
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

    public = export_public_key(args.file, _account(args))
    return Printed(
        f"Wrote {args.file} (fingerprint {public.fingerprint}).\n"
        f"Check a bundle's signature with: minisign -V -p {args.file} -m tagmanifest-sha256.txt "
        "-x signature/tagmanifest-sha256.txt.minisig",
        {"file": str(args.file), "fingerprint": public.fingerprint, "public_key": public.text},
    )


def _new(_library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.keys import show_public_key
    from portfolio_app.services.trust import new_issuer_key

    if args.issuer:
        public, made = new_issuer_key(args.issuer)
        whose = f"The issuer key of {args.issuer}"
    else:
        from portfolio_app.bundle.keys import has_signing_key

        made = not has_signing_key()
        public = show_public_key()
        whose = "Your signing key"
    state = "was made and is kept in the system keychain" if made else "was already in the system keychain"
    hint = f" --issuer {args.issuer!r}" if args.issuer else ""
    return Printed(
        f"{whose} {state}.\nFingerprint: {public.fingerprint}\nBack it up now: portfolio keys backup{hint} -o FILE",
        {"fingerprint": public.fingerprint, "public_key": public.text, "made": made, "issuer": args.issuer},
    )


def _backup(_library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.keys import backup_key

    public = backup_key(args.output, passphrase(args, confirm=True), _account(args))
    return Printed(
        f"Wrote {args.output}: the key {public.fingerprint}, encrypted with your passphrase.\n"
        "Keep the file and the passphrase in different places; without the passphrase the file is useless.",
        {"file": str(args.output), "fingerprint": public.fingerprint},
    )


def _restore(_library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.keys import restore_key

    restored = restore_key(args.file, passphrase(args, confirm=False), replace=args.replace)
    state = "was already in this keychain" if restored.already_there else "is back in this keychain"
    return Printed(
        f"The key {restored.public_key.fingerprint} {state} ({restored.account}).",
        {
            "fingerprint": restored.public_key.fingerprint,
            "account": restored.account,
            "already_there": restored.already_there,
        },
    )


def _rotate(_library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.keys import rotate_key

    rotation = rotate_key(args.output, _account(args))
    return Printed(
        f"New key: {rotation.new_fingerprint}\nOld key: {rotation.old_fingerprint} (kept, retired)\n"
        f"Wrote {args.output}, the statement signed by the old key naming the new one; hand it to the "
        "organisations whose trust lists name you. Back up the new key: portfolio keys backup -o FILE",
        {
            "file": str(args.output),
            "old_fingerprint": rotation.old_fingerprint,
            "new_fingerprint": rotation.new_fingerprint,
            "new_public_key": rotation.new_public_key,
            "created_at": rotation.created_at,
        },
    )
