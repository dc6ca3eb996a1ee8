"""`portfolio observation export|agreement|sign`: what leaves a finished observation."""

from __future__ import annotations

import argparse
from pathlib import Path

from portfolio_app.cli.output import Printed, table
from portfolio_app.services.library import Library


def register(actions: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    export = actions.add_parser(
        "export",
        parents=[common],
        help="write an observation as EAF, WebVTT, SRT, CSV or PDF",
        description="Write an observation for other tools: ELAN (eaf: a tier per code group, the codes as a "
        "controlled vocabulary, notes on their own tier), subtitles to show over the recording (vtt, srt), "
        "tidy CSV (one row per event) or the PDF summary with charts and notes.",
    )
    export.add_argument("observation_id", metavar="OBS_ID")
    export.add_argument("--format", required=True, choices=["eaf", "vtt", "srt", "csv", "pdf"], help="file format")
    export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE", help="where to write it")
    export.set_defaults(handler=_export)

    agreement = actions.add_parser(
        "agreement",
        parents=[common],
        help="Cohen's kappa between two observers of one lesson",
        description="Compare two observations of the same lesson with the same scheme: Cohen's kappa per code "
        "and overall, with the counts behind it (both, only A, only B, neither). Interval-mode observations "
        "are compared per interval; continuous ones on fixed bins (--bin, 10 s by default).",
    )
    agreement.add_argument("first", metavar="OBS_A")
    agreement.add_argument("second", metavar="OBS_B")
    agreement.add_argument("--bin", type=float, metavar="SECONDS", help="bin length for continuous observations")
    agreement.set_defaults(handler=_agreement)

    sign = actions.add_parser(
        "sign",
        parents=[common],
        help="sign an observation for the teacher (a signed record)",
        description="Write the observation as a signed record for the teacher: one ZIP holding a BagIt bag "
        "with the observation's canonical JSON, its PDF summary and its CSV, signed with your key from the "
        "system keychain (minisign Ed25519). The teacher adds it with `portfolio import`; anyone can check it "
        "with `portfolio verify`, bagit.py and minisign. A recording made while observing is named in the "
        "record by its SHA-256 and written beside it (the teacher imports it as a recording of its own); "
        "--with-recording carries it inside instead, once everyone recorded has consented.",
    )
    sign.add_argument("observation_id", metavar="OBS_ID")
    sign.add_argument(
        "--with-recording",
        action="store_true",
        help="carry the recording inside the record (only when everyone recorded consented to it)",
    )
    sign.add_argument(
        "-o", "--output", required=True, type=Path, metavar="FILE", help="the .zip to write (or a folder)"
    )
    sign.set_defaults(handler=_sign)

    compare = actions.add_parser(
        "compare",
        parents=[common],
        help="the coach's ratings beside your self-assessment",
        description="For each signed observation in a portfolio whose coach rated the credential's criteria: "
        "the coach's level beside yours, criterion by criterion, how many agree, and Cohen's kappa.",
    )
    compare.add_argument("portfolio_id", metavar="PORTFOLIO_ID")
    compare.set_defaults(handler=_compare)


def _compare(library: Library, args: argparse.Namespace) -> Printed:
    from dataclasses import asdict

    from portfolio_app.services.observation_records import coach_beside_self

    found = coach_beside_self(library, args.portfolio_id)
    document = [
        {
            "evidence_id": f.observation.evidence.id,
            "observation": f.observation.evidence.title,
            "criteria": [asdict(c) | {"agree": c.agree} for c in f.comparison.criteria],
            "both_rated": f.comparison.both_rated,
            "same_level": f.comparison.same_level,
            "kappa": f.comparison.kappa,
        }
        for f in found
    ]
    if not found:
        return Printed("No signed observation in this portfolio rates its criteria.", document)
    blocks = []
    for f in found:
        rows = [("CRITERION", "COACH", "YOU", "")]
        rows += [
            (c.title, c.coach_level or "-", c.teacher_level or "-", {True: "same", False: "differ"}.get(c.agree, ""))
            for c in f.comparison.criteria
        ]
        c = f.comparison
        summary = f"{c.same_level} of {c.both_rated} rated by both at the same level; kappa {_kappa(c.kappa)}."
        blocks.append(f"{f.observation.evidence.title}\n{table(rows)}\n{summary}")
    return Printed("\n\n".join(blocks), document)


def _sign(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.observation_records import sign_observation

    signed = sign_observation(library, args.observation_id, args.output, with_recording=args.with_recording)
    document = {
        "path": str(signed.path),
        "fingerprint": signed.fingerprint,
        "tag_manifest_sha256": signed.tag_manifest_sha256,
        "recordings_beside": [str(p) for p in signed.beside],
    }
    text = f"Signed {signed.path}\nKey fingerprint: {signed.fingerprint}"
    text += "".join(f"\nRecording beside it (give it to the teacher too): {p}" for p in signed.beside)
    return Printed(text, document)


def _export(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.observation_exports import export_observation

    written = export_observation(library, args.observation_id, args.format, args.output)
    return Printed(f"Wrote {written}", {"path": str(written), "format": args.format})


def _kappa(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def _agreement(library: Library, args: argparse.Namespace) -> Printed:
    from portfolio_app.services.observation_exports import observer_agreement

    result = observer_agreement(library, args.first, args.second, args.bin)

    def confusion(c) -> dict:
        return {
            "both": c.both,
            "only_a": c.only_a,
            "only_b": c.only_b,
            "neither": c.neither,
            "observed": c.observed,
            "expected": c.expected,
            "kappa": c.kappa,
        }

    document = {
        "unit": result.units.kind,
        "unit_seconds": result.units.seconds,
        "units": result.units.count,
        "codes": [{"code": c.code_id, "label": c.label} | confusion(c.confusion) for c in result.codes],
        "overall": confusion(result.overall),
    }
    unit = "intervals" if result.units.kind == "interval" else "bins"
    rows = [("CODE", "KAPPA", "BOTH", "ONLY A", "ONLY B", "NEITHER")]
    rows += [
        (c.code_id, _kappa(c.confusion.kappa), str(c.confusion.both), str(c.confusion.only_a))
        + (str(c.confusion.only_b), str(c.confusion.neither))
        for c in result.codes
    ]
    o = result.overall
    rows.append(("overall", _kappa(o.kappa), str(o.both), str(o.only_a), str(o.only_b), str(o.neither)))
    head = f"Compared on {result.units.count} {unit} of {result.units.seconds:g} s."
    note = "— : both observers agreed in every unit (never or always), so kappa is undefined."
    return Printed(f"{head}\n{table(rows)}\n{note}", document)
