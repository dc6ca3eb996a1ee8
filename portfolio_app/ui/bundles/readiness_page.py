"""The export wizard's first page: the checklist's verdict, and whether the keychain can sign."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QListWidget, QPushButton, QVBoxLayout, QWizardPage

from portfolio_app.core.errors import PortfolioError
from portfolio_app.ui import palette
from portfolio_app.ui.operations import Operations
from portfolio_app.ui.operations import bundle as bundle_ops

if TYPE_CHECKING:
    from portfolio_app.services.export import ExportPlan
    from portfolio_app.ui.bundles.export_wizard import ExportWizard


class ReadinessPage(QWizardPage):
    """The checklist's verdict: ready, or what is still open and a way to export a draft; and
    whether the system keychain is there and unlocked (the bundle is signed with a key kept in it)."""

    def __init__(self, wizard: ExportWizard):
        super().__init__()
        self._wizard = wizard
        self.setTitle(self.tr("Is it ready?"))
        self.verdict = QLabel(self.tr("Checking the portfolio…"))
        self.verdict.setWordWrap(True)
        self.items = QListWidget()
        self.items.setAccessibleName(self.tr("What is still open"))
        self.items.setWordWrap(True)
        self.draft = QCheckBox(self.tr("Export a &draft anyway (the bundle says it is a draft)"))
        self.draft.toggled.connect(self.completeChanged)
        self.keychain = QLabel(self.tr("Checking the system keychain…"))
        self.keychain.setWordWrap(True)
        self.keychain.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.keychain.setAccessibleName(self.tr("System keychain"))
        self.check_again = QPushButton(self.tr("Check &Again"))
        self.check_again.setAutoDefault(False)
        self.check_again.clicked.connect(lambda: self.check_keychain(self._wizard.ops))
        self.check_again.hide()
        self.keychain_problem: str | None = None
        keychain_row = QHBoxLayout()
        keychain_row.addWidget(self.keychain, 1)
        keychain_row.addWidget(self.check_again, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addWidget(self.items, 1)
        layout.addWidget(self.draft)
        layout.addLayout(keychain_row)

    def check_keychain(self, ops: Operations) -> None:
        """Ask the keychain now, not after the last click: a locked or missing one cannot sign."""

        def usable(name: str) -> None:
            self.keychain_problem = None
            self.keychain.setText(
                self.tr("✓ The system keychain ({name}) is ready to sign the bundle.").format(name=name)
            )
            self.keychain.setStyleSheet(f"color: {palette.PASSING}")
            self.check_again.hide()
            self.completeChanged.emit()

        def unusable(exc: BaseException) -> None:
            reason = str(exc) if isinstance(exc, PortfolioError) else repr(exc)
            self.keychain_problem = reason
            self.keychain.setText(
                self.tr("The bundle cannot be signed yet: {reason}\nThen choose Check Again.").format(reason=reason)
            )
            self.keychain.setStyleSheet(f"color: {palette.WARNING}")
            self.check_again.show()
            self.completeChanged.emit()

        self.keychain.setText(self.tr("Checking the system keychain…"))
        bundle_ops.check_keychain().success(usable).failure(unusable).run(ops, initiator=self)

    def show_plan(self, plan: ExportPlan | None, problem: str = "") -> None:
        self.items.clear()
        if plan is None:
            self.verdict.setText(problem)
            self.verdict.setStyleSheet(f"color: {palette.WARNING}")
            self.items.hide()
            self.draft.hide()
        elif not plan.outstanding:
            self.verdict.setText(self.tr("✓ Ready to submit: every checklist item is done."))
            self.verdict.setStyleSheet(f"color: {palette.PASSING}; font-weight: bold")
            self.items.hide()
            self.draft.hide()
        else:
            count = len(plan.outstanding)
            self.verdict.setText(
                (self.tr("1 thing stands") if count == 1 else self.tr("{n} things stand").format(n=count))
                + self.tr(
                    " between this portfolio and a submission. Fix them from the Checklist tab, or export a draft."
                )
            )
            self.verdict.setStyleSheet(f"color: {palette.CAUTION}")
            for item in plan.outstanding:
                self.items.addItem(f"{item.message}\n    {item.fix}")
            self.items.show()
            self.draft.show()
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        plan = self._wizard.plan
        ready = plan is not None and (not plan.outstanding or self.draft.isChecked())
        return ready and self.keychain_problem is None
