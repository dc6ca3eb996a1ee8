"""Ops on the library's portfolios, the catalog and the teacher's profile."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from portfolio_app.core.outcome import Outcome
from portfolio_app.services import catalog, portfolios, profile
from portfolio_app.ui.operations import LibraryOp, Operations
from portfolio_app.ui.operations.undo import LibraryCommand, undo_text


def list_credentials() -> LibraryOp:
    return LibraryOp(catalog.list_credentials)


def list_library() -> LibraryOp:
    """(active, trashed) portfolio summaries."""
    return LibraryOp(portfolios.list_library)


def open_portfolio(portfolio_id: str) -> LibraryOp:
    """(portfolio, its credential): what the workspace shows."""

    return LibraryOp(lambda library: portfolios.portfolio_with_credential(library, portfolio_id))


def import_credential(path: Path) -> LibraryOp:
    return LibraryOp(lambda library: catalog.import_credential(library, path))


def restore_portfolio(portfolio_id: str) -> LibraryOp:
    return LibraryOp(lambda library: portfolios.restore_portfolio(library, portfolio_id))


def purge_portfolio(portfolio_id: str) -> LibraryOp:
    return LibraryOp(lambda library: portfolios.purge_portfolio(library, portfolio_id))


def get_profile() -> LibraryOp:
    return LibraryOp(profile.get_profile)


def save_profile(name: str, email: str) -> LibraryOp:
    return LibraryOp(lambda library: profile.save_profile(library, name, email))


def create_portfolio_command(
    ops: Operations, credential_id: str, title: str, on_created: Callable[[str], None]
) -> LibraryCommand:
    """Undo moves the new portfolio to the trash; redo brings it back."""
    made: list[str] = []

    def do() -> LibraryOp:
        if made:
            return restore_portfolio(made[0])

        def remember(outcome: Outcome) -> None:
            made.append(outcome.value.id)
            on_created(outcome.value.id)

        return LibraryOp(lambda library: portfolios.create_portfolio(library, credential_id, title)).success(remember)

    def undo() -> LibraryOp:
        return LibraryOp(lambda library: portfolios.delete_portfolio(library, made[0]) if made else None)

    return LibraryCommand(undo_text("Create “{title}”").format(title=title), ops, do, undo)


def rename_portfolio_command(ops: Operations, portfolio_id: str, old: str, new: str) -> LibraryCommand:
    def rename(title: str) -> Callable[[], LibraryOp]:
        return lambda: LibraryOp(lambda library: portfolios.rename_portfolio(library, portfolio_id, title))

    return LibraryCommand(undo_text("Rename to “{title}”").format(title=new), ops, rename(new), rename(old))


def delete_portfolio_command(ops: Operations, portfolio_id: str, title: str) -> LibraryCommand:
    """Moves a portfolio to the trash; undo restores it exactly as it was."""
    return LibraryCommand(
        undo_text("Delete “{title}”").format(title=title),
        ops,
        lambda: LibraryOp(lambda library: portfolios.delete_portfolio(library, portfolio_id)),
        lambda: restore_portfolio(portfolio_id),
    )


def search(text: str, portfolio_id: str | None) -> LibraryOp:
    """Search hits for `text`, newest first, in one portfolio or the whole library."""
    from portfolio_app.services.search import search as find

    return LibraryOp(lambda library: find(library, text, portfolio_id))
