"""An observation as a JSON document (what `show --json` prints and a signed record holds) and as tidy CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from portfolio_app.core.observation import ObservationRecord
from portfolio_app.core.scheme import scheme_document

CSV_COLUMNS = ("observation", "code", "label", "group", "kind", "start_s", "end_s", "interval", "observer", "student")


def record_document(record: ObservationRecord) -> dict[str, Any]:
    """Everything an observation holds; students appear only by pseudonym."""
    o = record.observation
    return {
        "id": o.id,
        "title": o.title,
        "observer": o.observer,
        "teacher": o.teacher,
        "lesson": o.lesson,
        "mode": str(o.mode),
        "created_at": o.created_at,
        "length_s": _number(record.length_s()),
        "credential": {"id": o.credential[0], "version": o.credential[1]} if o.credential else None,
        "scheme": scheme_document(o.scheme),
        "events": [
            {
                "code": e.code_id,
                "start_s": _number(e.start_s),
                "end_s": None if e.end_s is None else _number(e.end_s),
                "interval": e.interval_index,
                "student": record.students.get(e.student_id) if e.student_id else None,
            }
            for e in record.closed_events()
        ],
        "notes": [{"at_s": _number(n.at_s), "text": n.text} for n in record.notes],
        "ratings": [{"criterion": r.criterion_id, "level": r.level_id, "note": r.note} for r in record.ratings],
    }


def _number(seconds: float) -> float | int:
    # Milliseconds are all a clock here gives; canonical JSON then writes 12.5, not 12.500000000001.
    rounded = round(seconds, 3)
    return int(rounded) if rounded == int(rounded) else rounded


def record_csv(record: ObservationRecord) -> bytes:
    """One row per event (tidy data): code, label, group, kind, start, end, interval, observer, student."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    scheme = record.scheme
    for event in record.closed_events():
        code = scheme.code(event.code_id)
        writer.writerow(
            (
                record.observation.id,
                code.id,
                code.label,
                code.group,
                "tick" if event.interval_index is not None else str(code.kind),
                f"{event.start_s:.3f}",
                "" if event.end_s is None else f"{event.end_s:.3f}",
                "" if event.interval_index is None else event.interval_index + 1,
                record.observation.observer,
                record.students.get(event.student_id, "") if event.student_id else "",
            )
        )
    return out.getvalue().encode("utf-8")
