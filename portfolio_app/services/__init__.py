"""One short function per use case: (library, args) -> Outcome(value, changes). Imports no Qt."""
