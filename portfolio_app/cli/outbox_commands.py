"""`portfolio destinations add|list|remove` and `portfolio outbox add|list|send|remove`: sending signed files."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from pathlib import Path

from portfolio_app.cli.output import Failed, Printed, table
from portfolio_app.services.library import Library


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    destinations = commands.add_parser(
        "destinations",
        help="where the outbox sends: upload addresses and folders",
        description="Destinations of the outbox: a district inbox (a tus upload address, with a token kept in "
        "the system keychain) or a folder (a USB drive, or a folder that OneDrive or Google Drive uploads).",
    )
    actions = destinations.add_subparsers(dest="destinations_command", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        parents=[common],
        help="add an upload address (--url) or a folder (--folder)",
        description="Add a destination NAME: an upload address given by the district (--url, with --token if "
        "it gave one; the token goes to the system keychain, never into the library) or a folder (--folder).",
    )
    add.add_argument("name", metavar="NAME")
    where = add.add_mutually_exclusive_group(required=True)
    where.add_argument(
        "--url", metavar="URL", help="the inbox's tus upload address, e.g. https://inbox.example.org/files"
    )
    where.add_argument("--folder", metavar="DIR", help="a folder to copy into (USB drive, sync folder)")
    add.add_argument("--token", metavar="T", help="the inbox's upload token (kept in the system keychain)")
    add.set_defaults(handler=_destinations_add)
    listing = actions.add_parser(
        "list", parents=[common], help="list the destinations", description="List the outbox's destinations."
    )
    listing.set_defaults(handler=_destinations_list)
    remove = actions.add_parser(
        "remove",
        parents=[common],
        help="remove a destination and its token",
        description="Remove destination NAME, its token from the keychain and its finished items. Refused while "
        "items still wait to go there.",
    )
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(handler=_destinations_remove)

    outbox = commands.add_parser(
        "outbox",
        help="queue signed files for upload, send them, see their receipts",
        description="The outbox: signed files (bundles, observation records, feedback) waiting to be sent, "
        "and the receipts of those sent.",
    )
    actions = outbox.add_subparsers(dest="outbox_command", metavar="ACTION", required=True)
    add = actions.add_parser(
        "add",
        parents=[common],
        help="queue a file for a destination",
        description="Queue FILE (an exported bundle or another signed record) for destination NAME (needed when "
        "there are several). The file is hashed now and sent only if it is still the same then. An original "
        "whose faces were blurred or names redacted cannot be queued, nor a bundle that carries one.",
    )
    add.add_argument("file", type=Path, metavar="FILE")
    add.add_argument("--to", metavar="NAME", help="the destination (default: the only one)")
    add.set_defaults(handler=_outbox_add)
    listing = actions.add_parser(
        "list",
        parents=[common],
        help="list queued and sent files with their state and receipt",
        description="List the outbox: each item's id, SHA-256, size, destination, state (waiting, done, "
        "failed), bytes sent, and for done items the receipt (where, verified by the destination or not).",
    )
    listing.set_defaults(handler=_outbox_list)
    send = actions.add_parser(
        "send",
        parents=[common],
        help="send what waits; resume where each upload stopped",
        description="Send every waiting item, resuming each at the destination's offset. A dropped connection "
        "is retried at once; an unreachable destination a few times with growing pauses, then `send` returns "
        "with the item still waiting (exit 1). --wait keeps trying until everything is sent. Proxy settings "
        "(HTTPS_PROXY, NO_PROXY, the system's) and REQUESTS_CA_BUNDLE are honoured.",
    )
    send.add_argument("--wait", action="store_true", help="keep trying while destinations cannot be reached")
    send.set_defaults(handler=_outbox_send)
    remove = actions.add_parser(
        "remove",
        parents=[common],
        help="take an item out of the outbox",
        description="Take item ID out of the outbox (with its receipt, if it was sent). The file itself stays.",
    )
    remove.add_argument("item_id", metavar="ID")
    remove.set_defaults(handler=_outbox_remove)


def _destination_json(destination) -> dict:
    return {**asdict(destination), "kind": str(destination.kind)}


def _destinations_add(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.destinations import add_destination

    made = add_destination(library, args.name, url=args.url, token=args.token, folder=args.folder).value
    token = " (token in the system keychain)" if made.has_token else ""
    return Printed(f"Added {made.name}: {made.kind} {made.target}{token}", _destination_json(made))


def _destinations_list(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.destinations import list_destinations

    found = list_destinations(library)
    rows = [("NAME", "KIND", "TOKEN", "WHERE")] + [
        (d.name, str(d.kind), "yes" if d.has_token else "-", d.target) for d in found
    ]
    text = table(rows) if found else "No destinations yet: `portfolio destinations add NAME --url URL`."
    return Printed(text, [_destination_json(d) for d in found])


def _destinations_remove(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.destinations import remove_destination

    gone = remove_destination(library, args.name).value
    return Printed(f"Removed {gone.name}.", _destination_json(gone))


def _item_json(item) -> dict:
    document = asdict(item)
    document["state"] = str(item.state)
    return document


def _outbox_add(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.outbox import queue_file

    outcome = queue_file(library, args.file, args.to)
    item = outcome.value
    already = "" if outcome.changes else " (already queued)"
    return Printed(f"Queued {item.name} for {item.destination} as {item.id}{already}.", _item_json(item))


def _outbox_list(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.outbox import list_outbox

    items = list_outbox(library)
    if not items:
        return Printed("The outbox is empty.", [])
    rows = [("ID", "STATE", "SENT", "TO", "SHA-256", "FILE")]
    for item in items:
        rows.append((item.id, str(item.state), f"{item.fraction * 100:.0f}%", item.destination, item.sha256, item.name))
    lines = [table(rows)]
    for item in items:
        if item.receipt:
            checked = "verified by the destination" if item.receipt.verified else "unverified (it cannot say)"
            lines.append(f"{item.id}: receipt {item.receipt.at}, {item.receipt.location}, {checked}")
        elif item.last_error:
            lines.append(f"{item.id}: {item.last_error}")
    return Printed("\n".join(lines), [_item_json(i) for i in items])


def _outbox_send(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.core.outbox import ItemState
    from portfolio_app.services.outbox_sending import Patience, send_waiting

    progress = None
    if not args.json and sys.stderr.isatty():

        def progress(item, offset):
            print(f"\r{item.name}: {offset * 100 / max(item.size, 1):5.1f}%", end="", file=sys.stderr, flush=True)

    try:
        ended = send_waiting(library, progress=progress, patience=Patience(None if args.wait else 5)).value
    except KeyboardInterrupt:  # Ctrl+C, most likely during --wait: what arrived stays, and is resumed from
        from portfolio_app.services.outbox import list_outbox

        waiting = [_item_json(i) for i in list_outbox(library, (ItemState.WAITING,))]
        return Failed("\nStopped. `portfolio outbox send` goes on from where each upload is.", waiting)
    lines = []
    for item in ended:
        if item.state == ItemState.DONE and item.receipt:
            checked = "verified" if item.receipt.verified else "unverified"
            lines.append(f"{item.name}: sent to {item.destination} ({checked} SHA-256 {item.receipt.sha256})")
        else:
            lines.append(f"{item.name}: {item.state}: {item.last_error}")
    text = "\n".join(lines) or "Nothing waits to be sent."
    document = [_item_json(i) for i in ended]
    if any(item.state != ItemState.DONE for item in ended):
        return Failed(text, document)
    return Printed(text, document)


def _outbox_remove(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.outbox import remove_item

    gone = remove_item(library, args.item_id).value
    return Printed(f"Removed {gone.name} ({gone.id}) from the outbox.", _item_json(gone))
