"""PySide6 only: windows, views, item models and the task runner. Calls services, never SQL."""
