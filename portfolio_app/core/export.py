"""What happens to each file on its way into a submission bundle."""

from __future__ import annotations

import enum


class Preparation(enum.StrEnum):
    """Said beside each file in the export wizard and in the CLI's plan."""

    AS_STORED = "as stored"
    STRIP = "copy without location and device details"
    COMPRESS = "compress to the size limit"
    WRITE_TEXT = "write the note as a text file"  # notes and observations have no file of their own
