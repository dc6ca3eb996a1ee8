"""Item data roles as plain ints.

Qt guarantees Qt.ItemDataRole.UserRole == 0x100. Spelling it as an int keeps start-up from
building PySide6's `Qt` namespace (some hundred enums, 15 ms) before the window is shown.
"""

USER_ROLE = 0x100
KIND_ROLE = USER_ROLE
ID_ROLE = USER_ROLE + 1
