"""What a verified bundle holds, as the Bundle window shows it: the evidence with its tags and
their notes, the answers by part, and the self-assessment with each reason in full."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from portfolio_app.core.credential import Part
from portfolio_app.core.text import clock
from portfolio_app.ui import palette
from portfolio_app.ui.viewers.evidence_text import size_text

FILE_ROLE = Qt.ItemDataRole.UserRole  # on an evidence row: its file inside the bundle, "data/…"
_PARTS = ((str(Part.OVERVIEW), "Part 1: Overview"), (str(Part.REFLECTION), "Part 3: Reflection"))


def _tr(text: str) -> str:
    return QCoreApplication.translate("BundleContents", text)


def _where(tag: dict[str, Any]) -> str:
    if tag.get("start_s") is not None:
        return f"{clock(tag['start_s'])}–{clock(tag['end_s'])}"
    region = tag.get("region")
    if region:
        return _tr("region on page {page}").format(page=region["page"] + 1) if region.get("page") else _tr("region")
    return _tr("whole item")


def fill_evidence(tree: QTreeWidget, submission: dict[str, Any]) -> None:
    """One row per file (double-click opens it), and under it one row per tag with its note."""
    credential = submission.get("credential", {})
    requirements = {r["id"]: r["title"] for r in credential.get("requirements", [])}
    criteria = {c["id"]: c.get("title", c["id"]) for c in credential.get("rubric", [])}
    tags_of: dict[str, list[dict[str, Any]]] = {}
    for tag in submission.get("tags", []):
        tags_of.setdefault(tag["evidence_id"], []).append(tag)
    tree.clear()
    tree.setRootIsDecorated(True)
    for item in submission.get("evidence", []):
        tags = tags_of.get(item.get("id"), [])
        row = QTreeWidgetItem(
            [
                item.get("title", item.get("file", "")),
                requirements.get(item.get("requirement_id"), ""),
                size_text(item.get("size_bytes", 0)),
                str(len(tags)),
            ]
        )
        row.setData(0, FILE_ROLE, item.get("file", ""))
        row.setToolTip(0, _tr("{file}: double-click to open a read-only copy").format(file=item.get("file", "")))
        for tag in sorted(tags, key=lambda t: (t.get("start_s") or 0, t.get("id"))):
            child = QTreeWidgetItem([criteria.get(tag["criterion_id"], tag["criterion_id"]), _where(tag), "", ""])
            child.setText(3, tag.get("note", ""))
            child.setToolTip(3, tag.get("note", ""))
            row.addChild(child)
        tree.addTopLevelItem(row)
    tree.expandAll()


def answers_html(submission: dict[str, Any]) -> str:
    """The answers under their part's heading, Part 1 before Part 3, in the credential's order."""
    prompts = [p["id"] for p in submission.get("credential", {}).get("prompts", [])]
    order = {prompt_id: n for n, prompt_id in enumerate(prompts)}
    responses = sorted(submission.get("responses", []), key=lambda r: order.get(r["prompt_id"], len(order)))
    out = []
    for part, heading in _PARTS:
        answers = [r for r in responses if r.get("part") == part]
        if not answers:
            continue
        out.append(f"<h2>{escape(_tr(heading))}</h2>")
        for r in answers:
            limit = _tr("{words} words (at least {least}, at most {most})").format(
                words=r["words"], least=r.get("min_words") or 0, most=r.get("max_words")
            )
            out.append(
                f"<h3>{escape(r['prompt'])}</h3><p>{escape(r['text']).replace(chr(10), '<br>')}</p>"
                f"<p style='color: {palette.MUTED}'>{escape(limit)}</p>"
            )
    return "".join(out) or _tr("<p>No answers.</p>")


def why_html(criterion: str, level: str, why: str) -> str:
    """One criterion's level and the teacher's reason, in full."""
    return f"<h3>{escape(criterion)}: {escape(level)}</h3><p>{escape(why).replace(chr(10), '<br>') or '—'}</p>"
