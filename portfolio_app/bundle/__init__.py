"""Submission bundles: BagIt writer and reader, signing, verification, viewer, report. No Qt."""
