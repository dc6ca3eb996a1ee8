"""Observation exports: JSON document, tidy CSV, WebVTT/SRT cues, ELAN EAF and the PDF summary."""
