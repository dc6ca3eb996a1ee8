"""SQLite through sqlite-utils and the content-addressed media store. Imports no Qt."""
