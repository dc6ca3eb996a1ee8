"""The Import Evidence dialog's file filters, from the extensions the importer accepts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from portfolio_app.ui.operations.importing import accepted_file_types


def _tr(text: str) -> str:
    return QCoreApplication.translate("Import", text)


def _patterns(extensions: Sequence[str]) -> str:
    # Both cases: file dialogs on Linux match case-sensitively, and cameras write IMG_0001.JPG.
    return " ".join(f"*.{e} *.{e.upper()}" for e in extensions)


def name_filters() -> list[str]:
    """The file dialog's filters: every usable file first, then each kind, then all files."""
    types = accepted_file_types()
    names = {"Videos": _tr("Videos"), "Audio": _tr("Audio"), "Photos": _tr("Photos"), "Documents": _tr("Documents")}
    every = " ".join(_patterns(exts) for exts in types.values())
    filters = [_tr("Evidence files ({patterns})").format(patterns=every)]
    filters += [f"{names.get(key, key)} ({_patterns(exts)})" for key, exts in types.items()]
    return [*filters, _tr("All files (*)")]
