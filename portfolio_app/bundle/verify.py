"""`verify_bundle`: is a bundle complete, unchanged since it was signed, and by whom?

Checks, each failure naming the entry at fault: the structure (bag_sources: one top folder,
nothing escaping it, no symlinks or duplicates, sizes within limits), the allow-list of entries,
`bagit.txt`, every payload file against every payload manifest and every tag file against the
tag manifests (each file read once, all its hashes computed together), `Payload-Oxum`, and the
minisign signature of `tagmanifest-sha256.txt` by the key named in `bag-info.txt` (and, when
given, the expected key). Nothing is written anywhere.

Signed bundles hold exactly: bagit.txt, bag-info.txt, manifest-sha256.txt,
tagmanifest-sha256.txt, signature/tagmanifest-sha256.txt.minisig and data/…; the tag manifest
must cover every other tag file. With `allow_unsigned`, a plain BagIt bag made by other tools
passes too: the signature may be absent (it is still checked when present), manifests of
md5, sha1, sha224, sha256, sha384 and sha512 are all checked, but at least one payload
manifest must be SHA-2 (sha224 or stronger), and other tag files must be listed in a tag manifest.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from portfolio_app.bundle import minisign, tag_rules
from portfolio_app.bundle.bag_sources import BagSource, Limits, Problem, open_bag
from portfolio_app.bundle.bagit_files import (
    DRAFT_LABEL,
    FINGERPRINT_LABEL,
    RECORD_TYPE_LABEL,
    SIGNATURE_FILE,
    SIGNING_KEY_LABEL,
    parse_manifest,
    parse_tag_fields,
)
from portfolio_app.bundle.errors import SignatureError
from portfolio_app.bundle.submission import FORMAT, SCHEMA_NAME
from portfolio_app.core.errors import Cancelled
from portfolio_app.core.progress import CancelCheck, Progress
from portfolio_app.resource_paths import schema_path

ALGORITHMS = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512")
STRONG = ("sha224", "sha256", "sha384", "sha512")
SIGNED_TAG_FILES = ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", SIGNATURE_FILE)
MAX_TAG_FILE_BYTES = 16 << 20
MAX_SUBMISSION_BYTES = 64 << 20
BUNDLE = "(bundle)"


@dataclass(frozen=True)
class VerificationReport:
    """What verification found. `valid` only when there is no problem at all."""

    location: Path
    problems: tuple[Problem, ...]
    bag_name: str | None
    entries: tuple[str, ...]  # every file, from the bag's top folder
    signed: bool  # a signature was present and verified
    public_key: str | None
    fingerprint: str | None
    draft: bool | None
    algorithms: tuple[str, ...]
    payload_files: int
    payload_bytes: int
    submission: dict[str, Any] | None  # data/submission.json, when the bundle is valid and has one
    record_type: str | None = None  # bag-info's Portfolio-Record-Type ("submission" for older bundles)
    document: dict[str, Any] | None = None  # data/<record_type>.json, when the record is valid
    signed_at: str | None = None  # the signature's timestamp, ISO 8601 UTC
    tag_manifest_sha256: str | None = None  # what a record answering this one names

    @property
    def valid(self) -> bool:
        return not self.problems


@cache
def _submission_validator():
    # compiled (jsonschema-rs): the pure-Python validator took 0.73 s on a submission of 3,000 tags
    from portfolio_app.bundle.schema_check import compiled_validator

    return compiled_validator(schema_path(SCHEMA_NAME))


def verify_bundle(
    path: Path,
    *,
    allow_unsigned: bool = False,
    expect_key: str | None = None,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    limits: Limits | None = None,
) -> VerificationReport:
    """Verify the bundle .zip or bag folder at `path`.

    Args:
        allow_unsigned: accept a plain BagIt bag without our signature (other tools' bags).
        expect_key: a fingerprint (or minisign public key) the signature must be made by.

    Raises:
        BundleFormatError: `path` is missing, or not a ZIP archive at all.
        SignatureError: `expect_key` is not a fingerprint or public key.
        Cancelled: `cancelled()` returned True.
    """
    expected = minisign.normalise_fingerprint(expect_key) if expect_key else None
    bag = open_bag(path, limits)
    check = _Check(bag, allow_unsigned, progress, cancelled)
    check.run(expected)
    return check.report()


class _Check:
    def __init__(self, bag: BagSource, allow_unsigned: bool, progress: Progress | None, cancelled: CancelCheck | None):
        self.bag = bag
        self.allow_unsigned = allow_unsigned
        self.progress = progress
        self.cancelled = cancelled
        self.problems: list[Problem] = list(bag.problems)
        self.tag_data: dict[str, bytes] = {}
        self.info: dict[str, list[str]] = {}
        self.public_key: minisign.PublicKey | None = None
        self.signed = False
        self.algorithms: tuple[str, ...] = ()
        self.document: dict[str, Any] | None = None
        self.record_type: str | None = None
        self.signed_at: str | None = None

    def problem(self, entry: str, reason: str) -> None:
        self.problems.append(Problem(entry, reason))

    def run(self, expected: str | None) -> None:
        if any(p.entry == BUNDLE for p in self.bag.problems) or self.bag.name is None:
            return  # refused unread: limits, several top folders
        files = self.bag.files
        payload_manifests = sorted(n for n in files if re.fullmatch(r"manifest-(\w+)\.txt", n))
        tag_manifests = sorted(n for n in files if re.fullmatch(r"tagmanifest-(\w+)\.txt", n))
        self._allow_list(payload_manifests + tag_manifests)
        for name in (n for n in files if not n.startswith("data/")):
            if files[name] > MAX_TAG_FILE_BYTES:
                self.problem(name, "is too large for a tag file")
            else:
                self.tag_data[name] = self._read(name)
                # Hostile bytes get a reason here; the parsers below read what is left leniently.
                reason = tag_rules.encoding_problem(self.tag_data[name]) if name != "bagit.txt" else None
                if reason and tag_rules.TEXT_TAG_FILE.fullmatch(name):
                    self.problem(name, reason)
        self._bagit_txt()
        self.info = parse_tag_fields(self.tag_data.get("bag-info.txt", b"")) if "bag-info.txt" in files else {}
        wanted = self._manifests(payload_manifests, tag_manifests)
        self._hash_everything(wanted)
        self._payload_oxum()
        self._signature(expected)
        self._record_type()
        if not self.problems and self.record_type and f"data/{self.record_type}.json" in files:
            self._document()

    def _allow_list(self, manifests: list[str]) -> None:
        for name in self.bag.files:
            if name.startswith("data/") or name in SIGNED_TAG_FILES:
                continue
            if self.allow_unsigned and name in manifests:
                continue
            if name == "fetch.txt":
                self.problem(
                    name,
                    "asks for files to be fetched from elsewhere; the profile requires a bag to hold them all "
                    "(Allow-Fetch.txt: false)",
                )
            elif not self.allow_unsigned and re.fullmatch(r"(tag)?manifest-\w+\.txt", name):
                algorithm = name.split("-", 1)[1].removesuffix(".txt")
                self.problem(
                    name, f"is a {algorithm} manifest; the profile allows sha256 manifests only (Manifests-Allowed)"
                )
            elif not self.allow_unsigned:
                self.problem(name, "is not a file a bundle may hold (unlisted entry)")
        required = ("bagit.txt",) if self.allow_unsigned else SIGNED_TAG_FILES[:4]
        for name in required:
            if name not in self.bag.files:
                self.problem(name, "is missing")
        if not self.allow_unsigned and SIGNATURE_FILE not in self.bag.files:
            self.problem(SIGNATURE_FILE, "is missing: the bundle is not signed")

    def _bagit_txt(self) -> None:
        if "bagit.txt" not in self.tag_data:
            return
        for reason in tag_rules.bagit_txt_problems(self.tag_data["bagit.txt"], accept_097=self.allow_unsigned):
            self.problem("bagit.txt", reason)
        if "fetch.txt" in self.tag_data:  # refused anyway; a path escaping the bag is named too
            for line in self.tag_data["fetch.txt"].decode("utf-8", "replace").splitlines():
                parts = line.split(None, 2)
                reason = tag_rules.outside_reason(parts[2].strip()) if len(parts) == 3 else None
                if reason:
                    self.problem("fetch.txt", reason)

    def _manifests(self, payload_manifests: list[str], tag_manifests: list[str]) -> dict[str, dict[str, str]]:
        """path -> {algorithm: expected hash}, and problems for every missing, extra or unsafe listing."""
        wanted: dict[str, dict[str, str]] = {}
        payload = {n for n in self.bag.files if n.startswith("data/")}
        used: list[str] = []
        covered: set[str] = set()  # tag files listed in a tag manifest
        for manifest in payload_manifests + tag_manifests:
            algorithm = manifest.split("-", 1)[1].removesuffix(".txt")
            if algorithm not in ALGORITHMS or (not self.allow_unsigned and algorithm != "sha256"):
                if self.allow_unsigned:
                    self.problem(manifest, f"uses {algorithm}, which we cannot check")
                continue
            used.append(algorithm)
            entries, bad_lines = parse_manifest(self.tag_data.get(manifest, b""))
            for reason in bad_lines:
                self.problem(manifest, reason)
            is_payload = manifest in payload_manifests
            for path, digest in entries.items():
                if outside := tag_rules.outside_reason(path):
                    self.problem(manifest, outside)
                elif is_payload and not path.startswith("data/"):
                    self.problem(manifest, f"lists {path}, which is not under data/")
                elif not is_payload and (path.startswith("data/") or path.startswith("tagmanifest-")):
                    self.problem(manifest, f"lists {path}, which is not a tag file it may cover")
                elif path not in self.bag.files:
                    self.problem(path, f"is listed in {manifest} but missing")
                else:
                    wanted.setdefault(path, {})[algorithm] = digest
            if is_payload:
                for path in sorted(payload - entries.keys()):
                    self.problem(path, f"is not listed in {manifest} (an extra or renamed file)")
            else:
                covered |= entries.keys()
        self._tag_coverage(covered)
        self.algorithms = tuple(sorted(set(used)))
        if self.allow_unsigned and not any(
            m.split("-", 1)[1].removesuffix(".txt") in STRONG for m in payload_manifests
        ):
            self.problem(
                "manifest-sha256.txt",
                "is missing: a bag needs a SHA-2 payload manifest, sha256 or sha512 (Manifests-Required)",
            )
        return wanted

    def _tag_coverage(self, covered: set[str]) -> None:
        """Signed: the tag manifest covers every tag file but itself and the signature. Unsigned: extras are listed."""
        tag_files = {n for n in self.bag.files if not n.startswith("data/") and not n.startswith("tagmanifest-")}
        tag_files.discard(SIGNATURE_FILE)
        for path in sorted(tag_files - covered):
            if not self.allow_unsigned:
                self.problem(path, "is not covered by tagmanifest-sha256.txt, so the signature would not protect it")
            elif not re.fullmatch(r"(bagit|bag-info|manifest-\w+)\.txt", path):
                self.problem(path, "is not listed in a tag manifest (an extra or renamed file)")

    def _hash_everything(self, wanted: dict[str, dict[str, str]]) -> None:
        total = max(1, sum(self.bag.files[p] for p in wanted))
        done = 0
        for path in sorted(wanted, key=lambda p: (p.startswith("data/"), p)):
            hashers = {a: hashlib.new(a) for a in wanted[path]}
            if path in self.tag_data:
                for hasher in hashers.values():
                    hasher.update(self.tag_data[path])
                done += len(self.tag_data[path])
            else:
                try:
                    for chunk in self.bag.chunks(path):
                        if self.cancelled is not None and self.cancelled():
                            raise Cancelled("Verification was stopped.")
                        for hasher in hashers.values():
                            hasher.update(chunk)
                        done += len(chunk)
                        if self.progress is not None:
                            self.progress(min(done / total, 0.999))
                except (OSError, EOFError, zlib.error) as exc:
                    self.problem(path, f"cannot be read to the end ({exc})")
                    continue
            for algorithm, hasher in hashers.items():
                if hasher.hexdigest() != wanted[path][algorithm]:
                    self.problem(path, f"has changed: its {algorithm} does not match the manifest")
        if self.progress is not None:
            self.progress(1.0)

    def _payload_oxum(self) -> None:
        oxum = self.info.get("Payload-Oxum")
        if not oxum:
            return
        payload = [size for name, size in self.bag.files.items() if name.startswith("data/")]
        if oxum[0] != f"{sum(payload)}.{len(payload)}":
            self.problem("bag-info.txt", f"says Payload-Oxum {oxum[0]}, but data/ holds {sum(payload)}.{len(payload)}")

    def _signature(self, expected: str | None) -> None:
        has_signature = SIGNATURE_FILE in self.tag_data
        keys = self.info.get(SIGNING_KEY_LABEL, [])
        if not has_signature:
            if expected:
                self.problem(SIGNATURE_FILE, "is missing, so the expected key cannot have signed this bag")
            return
        if len(keys) != 1:
            self.problem("bag-info.txt", f"must name exactly one {SIGNING_KEY_LABEL}")
            return
        try:
            self.public_key = minisign.PublicKey.from_text(keys[0])
        except SignatureError as exc:
            self.problem("bag-info.txt", str(exc))
            return
        stated = self.info.get(FINGERPRINT_LABEL, [""])[0].lower()
        if stated and stated != self.public_key.fingerprint:
            self.problem("bag-info.txt", f"states a {FINGERPRINT_LABEL} that is not the signing key's")
        manifest = self.tag_data.get("tagmanifest-sha256.txt")
        if manifest is None:
            self.problem("tagmanifest-sha256.txt", "is missing, so nothing is signed")
            return
        try:
            signature = minisign.verify(
                self.public_key, manifest, self.tag_data[SIGNATURE_FILE].decode("utf-8", "replace")
            )
        except SignatureError as exc:
            self.problem(SIGNATURE_FILE, f"does not verify tagmanifest-sha256.txt with the key in bag-info.txt: {exc}")
            return
        self.signed = True
        self.signed_at = _timestamp(signature.trusted_comment)
        if expected and self.public_key.fingerprint != expected:
            self.problem(
                "bag-info.txt",
                f"the bundle is signed by key {self.public_key.fingerprint}, not by the expected {expected}",
            )

    def _record_type(self) -> None:
        """The stated type; bundles made before records had types are submissions."""
        stated = self.info.get(RECORD_TYPE_LABEL, [])
        if len(stated) > 1 or (stated and not re.fullmatch(r"[a-z][a-z0-9-]{0,39}", stated[0])):
            self.problem("bag-info.txt", f"must name one {RECORD_TYPE_LABEL} (lower-case letters, digits, hyphens)")
        elif stated:
            self.record_type = stated[0]
            if f"data/{self.record_type}.json" not in self.bag.files and not self.allow_unsigned:
                self.problem(f"data/{self.record_type}.json", f"is missing: a {self.record_type} record holds it")
        elif "data/submission.json" in self.bag.files:
            self.record_type = "submission"

    def _document(self) -> None:
        assert self.record_type is not None
        path = f"data/{self.record_type}.json"
        if self.bag.files[path] > MAX_SUBMISSION_BYTES:
            self.problem(path, "is too large to read")
            return
        try:
            document = json.loads(self._read(path).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            self.problem(path, f"is not valid JSON: {exc}")
            return
        except RecursionError:
            self.problem(path, "is nested too deeply to read")
            return
        if self.record_type == "submission":
            if isinstance(document, dict) and document.get("format") == FORMAT:
                for error in _submission_validator().iter_errors(document):
                    where = "/".join(str(part) for part in error.absolute_path) or "(top)"
                    self.problem(path, f"does not follow {SCHEMA_NAME} at {where}: {error.message}")
                    return
        elif not isinstance(document, dict) or document.get("type") != self.record_type:
            self.problem(path, f'does not say it is a {self.record_type} record (its "type")')
            return
        self.document = document

    def _read(self, path: str) -> bytes:
        try:
            return self.bag.read(path)
        except (OSError, EOFError, zlib.error) as exc:  # a damaged deflate stream included
            self.problem(path, f"cannot be read ({exc})")
            return b""

    def report(self) -> VerificationReport:
        draft = self.info.get(DRAFT_LABEL, [None])[0]
        payload = [s for n, s in self.bag.files.items() if n.startswith("data/")]
        return VerificationReport(
            location=self.bag.location,
            problems=tuple(self.problems),
            bag_name=self.bag.name,
            entries=tuple(sorted(self.bag.files)),
            signed=self.signed and not self.problems,
            public_key=self.public_key.text if self.public_key else None,
            fingerprint=self.public_key.fingerprint if self.public_key else None,
            draft=None if draft is None else draft.lower() == "yes",
            algorithms=self.algorithms,
            payload_files=len(payload),
            payload_bytes=sum(payload),
            submission=self.document if not self.problems and self.record_type == "submission" else None,
            record_type=self.record_type,
            document=self.document if not self.problems else None,
            signed_at=self.signed_at if not self.problems else None,
            tag_manifest_sha256=(
                hashlib.sha256(self.tag_data["tagmanifest-sha256.txt"]).hexdigest()
                if "tagmanifest-sha256.txt" in self.tag_data
                else None
            ),
        )


def _timestamp(trusted_comment: str) -> str | None:
    """The `timestamp:` of a minisign trusted comment as ISO 8601 UTC, or None."""
    match = re.search(r"(?:^|\t)timestamp:(\d{1,12})(?:\t|$)", trusted_comment)
    if match is None:
        return None
    return datetime.fromtimestamp(int(match.group(1)), UTC).isoformat().replace("+00:00", "Z")
