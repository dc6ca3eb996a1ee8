"""Domain model: plain frozen dataclasses, ids, errors and rules. Imports neither Qt nor SQL."""
