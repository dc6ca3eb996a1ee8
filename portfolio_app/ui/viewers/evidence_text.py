"""How evidence is described in lists and viewers: its kind in words, durations, sizes."""

from __future__ import annotations

from pathlib import PurePath

from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QIcon

from portfolio_app.core.credential import EvidenceKind
from portfolio_app.core.portfolio import Evidence
from portfolio_app.core.text import count_words
from portfolio_app.resource_paths import resources_dir


def _tr(text: str) -> str:
    return QCoreApplication.translate("Evidence", text)


def kind_label(kind: str) -> str:
    labels = {
        EvidenceKind.VIDEO: _tr("Video"),
        EvidenceKind.AUDIO: _tr("Audio"),
        EvidenceKind.IMAGE: _tr("Photo"),
        EvidenceKind.DOCUMENT: _tr("Document"),
        EvidenceKind.NOTE: _tr("Note"),
        EvidenceKind.OBSERVATION: _tr("Observation"),
    }
    return labels.get(kind, str(kind).capitalize())


def clock(seconds: float) -> str:
    """62.4 -> '1:02'; 3725 -> '1:02:05' (whole seconds, as a player shows them)."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def size_text(size_bytes: int | None) -> str:
    # SI units (kB, MB): what teachers see on upload limits, where "KiB" would puzzle them.
    if size_bytes is None:
        return ""
    return QLocale().formattedDataSize(size_bytes, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def detail_text(evidence: Evidence) -> str:
    """The second line of a list entry: kind, then duration (video, audio) or size."""
    parts = [kind_label(evidence.kind)]
    suffix = PurePath(evidence.original_name or "").suffix
    if evidence.kind == EvidenceKind.DOCUMENT and suffix:
        parts = [suffix[1:].upper()]  # "PDF", "DOCX": what teachers know documents by
    if evidence.kind in (EvidenceKind.VIDEO, EvidenceKind.AUDIO) and evidence.duration_s is not None:
        parts.append(clock(evidence.duration_s))
    elif evidence.kind == EvidenceKind.NOTE:  # a written text is counted in words, not bytes
        words = count_words(evidence.note)
        parts.append(_tr("1 word") if words == 1 else _tr("{words} words").format(words=words))
    elif evidence.size_bytes is not None:
        parts.append(size_text(evidence.size_bytes))
    return " · ".join(parts)


def private_copy_text(evidence: Evidence) -> str:
    """What was done to make a copy safe to send ("faces blurred", "redacted"), or ""."""
    derivation = evidence.derivation or ""
    if derivation.startswith("blur"):
        return _tr("faces blurred")
    if derivation.startswith("redact"):
        return _tr("redacted")
    if derivation.startswith("strip"):
        return _tr("without location")
    return ""


def list_text(evidence: Evidence) -> str:
    """An evidence list entry: the title, then what it is, whether it goes into the submission,
    and whether it is a blurred or redacted copy (which would otherwise look like its original)."""
    parts = [detail_text(evidence)]
    if evidence.requirement_id:
        parts.append(_tr("✓ in the submission"))
    private = private_copy_text(evidence)
    if private:
        parts.append(private)
    return f"{evidence.title}\n" + " · ".join(parts)


def description(evidence: Evidence) -> str:
    """A longer description for tooltips and the viewer's heading."""
    parts = [detail_text(evidence)]
    if evidence.width and evidence.height and evidence.kind in (EvidenceKind.VIDEO, EvidenceKind.IMAGE):
        parts.append(f"{evidence.width}×{evidence.height}")
    if evidence.kind in (EvidenceKind.VIDEO, EvidenceKind.AUDIO) and evidence.size_bytes is not None:
        parts.append(size_text(evidence.size_bytes))
    if evidence.original_name and evidence.original_name != evidence.title:
        parts.append(evidence.original_name)
    return " · ".join(parts)


def kind_icon(kind: str) -> QIcon:
    path = resources_dir() / "icons" / f"{kind}.svg"
    return QIcon(str(path if path.exists() else resources_dir() / "icons" / "document.svg"))
