"""An observation as an ELAN annotation document (EAF 3.0): a tier per code group, notes on their own.

The codes are a controlled vocabulary; each group's tier type refers to it. A tier in ELAN holds no
overlapping annotations, so a group whose events overlap (COPUS ticks several codes per interval)
spreads over lanes: "Students are doing", "Students are doing (2)", … Point events last 1 ms
(ELAN refuses annotations of no length). Times are whole milliseconds.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from portfolio_app.core.observation import Event, ObservationRecord

LANG = "eng"
NOTES_TIER = "Notes"


def eaf(record: ObservationRecord, media_url: str | None = None) -> bytes:
    """The EAF document (UTF-8 XML) valid against ELAN's EAFv3.0.xsd."""
    scheme = record.scheme
    root = ET.Element(
        "ANNOTATION_DOCUMENT",
        {
            "AUTHOR": record.observation.observer,
            "DATE": datetime.now(UTC).replace(microsecond=0).isoformat(),
            "FORMAT": "3.0",
            "VERSION": "3.0",
            "xmlns:xsi": "http://www.w3.org/2001/XMLSchema-instance",
            "xsi:noNamespaceSchemaLocation": "http://www.mpi.nl/tools/elan/EAFv3.0.xsd",
        },
    )
    header = ET.SubElement(root, "HEADER", {"MEDIA_FILE": "", "TIME_UNITS": "milliseconds"})
    if media_url:
        ET.SubElement(header, "MEDIA_DESCRIPTOR", {"MEDIA_URL": media_url, "MIME_TYPE": "video/mp4"})
    time_order = ET.SubElement(root, "TIME_ORDER")
    slots: list[int] = []

    def slot(ms: int) -> str:
        slots.append(ms)
        ET.SubElement(time_order, "TIME_SLOT", {"TIME_SLOT_ID": f"ts{len(slots)}", "TIME_VALUE": str(ms)})
        return f"ts{len(slots)}"

    annotations = 0
    cv_id = f"cv-{scheme.id}"
    cve_ids = {code.id: f"cve{n}" for n, code in enumerate(scheme.codes, start=1)}
    events = record.closed_events()
    for group in scheme.groups:
        lanes = _lanes([e for e in events if scheme.code(e.code_id).group == group.id])
        for lane_number, lane in enumerate(lanes or [[]], start=1):
            tier_id = group.label if lane_number == 1 else f"{group.label} ({lane_number})"
            tier = ET.SubElement(
                root,
                "TIER",
                {"TIER_ID": tier_id, "LINGUISTIC_TYPE_REF": "codes", "ANNOTATOR": record.observation.observer},
            )
            for event in lane:
                start, end = _span(event)
                annotations += 1
                annotation = ET.SubElement(ET.SubElement(tier, "ANNOTATION"), "ALIGNABLE_ANNOTATION")
                annotation.attrib.update(
                    {
                        "ANNOTATION_ID": f"a{annotations}",
                        "CVE_REF": cve_ids[event.code_id],
                        "TIME_SLOT_REF1": slot(start),
                        "TIME_SLOT_REF2": slot(end),
                    }
                )
                ET.SubElement(annotation, "ANNOTATION_VALUE").text = event.code_id
    notes_tier = ET.SubElement(root, "TIER", {"TIER_ID": NOTES_TIER, "LINGUISTIC_TYPE_REF": "notes"})
    last_end = -1
    for note in record.notes:
        start = max(round(note.at_s * 1000), last_end)  # notes at the same moment follow each other by 1 ms
        last_end = start + 1
        annotations += 1
        annotation = ET.SubElement(ET.SubElement(notes_tier, "ANNOTATION"), "ALIGNABLE_ANNOTATION")
        annotation.attrib.update(
            {"ANNOTATION_ID": f"a{annotations}", "TIME_SLOT_REF1": slot(start), "TIME_SLOT_REF2": slot(start + 1)}
        )
        ET.SubElement(annotation, "ANNOTATION_VALUE").text = note.text
    ET.SubElement(header, "PROPERTY", {"NAME": "lastUsedAnnotationId"}).text = str(annotations)
    for type_id, cv in (("codes", cv_id), ("notes", None)):
        attributes = {"LINGUISTIC_TYPE_ID": type_id, "TIME_ALIGNABLE": "true", "GRAPHIC_REFERENCES": "false"}
        if cv:
            attributes["CONTROLLED_VOCABULARY_REF"] = cv
        ET.SubElement(root, "LINGUISTIC_TYPE", attributes)
    ET.SubElement(
        root,
        "LANGUAGE",
        {"LANG_ID": LANG, "LANG_DEF": "http://cdb.iso.org/lg/CDB-00130975-001", "LANG_LABEL": "English (eng)"},
    )
    vocabulary = ET.SubElement(root, "CONTROLLED_VOCABULARY", {"CV_ID": cv_id})
    ET.SubElement(vocabulary, "DESCRIPTION", {"LANG_REF": LANG}).text = scheme.title
    for code in scheme.codes:
        entry = ET.SubElement(vocabulary, "CV_ENTRY_ML", {"CVE_ID": cve_ids[code.id]})
        description = f"{code.label}. {code.description}".strip() if code.description else code.label
        ET.SubElement(entry, "CVE_VALUE", {"LANG_REF": LANG, "DESCRIPTION": description}).text = code.id
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _span(event: Event) -> tuple[int, int]:
    start = round(event.start_s * 1000)
    end = round(event.end_s * 1000) if event.end_s is not None else start
    return start, max(end, start + 1)


def _lanes(events: list[Event]) -> list[list[Event]]:
    """Events spread over as few lanes as possible with no overlap within a lane."""
    lanes: list[list[Event]] = []
    for event in sorted(events, key=lambda e: (_span(e), e.id)):
        start, _ = _span(event)
        for lane in lanes:
            if _span(lane[-1])[1] <= start:
                lane.append(event)
                break
        else:
            lanes.append([event])
    return lanes
