"""On the teacher's Self-assessment tab: each imported signed observation's ratings (the coach's level
and note per criterion) beside the teacher's own level, with how many agree and Cohen's kappa."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import observation as ops_observation


class CoachRatingsView(QWidget):
    def __init__(self, ops: Operations, parent: QWidget | None = None):
        super().__init__(parent)
        self.ops = ops
        self.portfolio_id: str | None = None
        self.found: list = []
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAccessibleName(self.tr("The coach's ratings beside yours"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.text)
        self.hide()
        ops.changed.connect(self._on_ops_changed)

    def show_portfolio(self, portfolio_id: str | None) -> None:
        if portfolio_id != self.portfolio_id:
            self.portfolio_id = portfolio_id
            self.reload()

    def reload(self) -> None:
        if self.portfolio_id is None:
            self._show([])
            return
        wanted = self.portfolio_id
        ops_observation.coach_beside_self(wanted).success(
            lambda found: self._show(found) if wanted == self.portfolio_id else None
        ).failure(lambda _error: self._show([])).run(self.ops, initiator=self)

    def _on_ops_changed(self, changes, _initiator) -> None:
        if self.portfolio_id is not None and (changes.assessments or changes.evidence):
            self.reload()

    def _show(self, found) -> None:
        self.found = list(found)
        self.setVisible(bool(found))
        blocks = []
        for item in found:
            c = item.comparison
            rows = "".join(
                f"<tr><td>{escape(r.title)}</td><td>{escape(r.coach_level or '—')}</td>"
                f"<td>{escape(r.teacher_level or '—')}</td>"
                f"<td>{self._agreement(r.agree)}</td><td><i>{escape(r.coach_note)}</i></td></tr>"
                for r in c.criteria
            )
            kappa = "—" if c.kappa is None else f"{c.kappa:.2f}"
            blocks.append(
                f"<p><b>{escape(item.observation.evidence.title)}</b><br>"
                + self.tr("%d of %d rated by both at the same level; kappa %s") % (c.same_level, c.both_rated, kappa)
                + "</p><table cellspacing='0' cellpadding='3'><tr>"
                + "".join(
                    f"<th align='left'>{h}</th>"
                    for h in (self.tr("Criterion"), self.tr("Coach"), self.tr("You"), "", self.tr("Coach's note"))
                )
                + f"</tr>{rows}</table>"
            )
        self.text.setText("".join(blocks))

    def _agreement(self, agree: bool | None) -> str:
        return {True: self.tr("same"), False: self.tr("differ")}.get(agree, "")
