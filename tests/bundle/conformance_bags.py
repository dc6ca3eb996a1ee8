"""Bags equivalent to the Library of Congress bagit-conformance-suite's cases, made in the test.

Each case of github.com/LibraryOfCongress/bagit-conformance-suite (v0.93 to v1.0: valid,
invalid, warning, linux-only, windows-only) is rebuilt from a description instead of vendoring
the suite: `make_bag` writes a bag folder from its payload and tag-file settings, and each case
edits it the way the suite's bag differs from a basic one.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

PAYLOAD = {
    "data/hello.txt": b"Hello, world!\n",
    "data/dir1/test3.txt": b"test3\n",
    "data/dir2/dir3/test5.txt": b"test5\n",
}
BAG_INFO = b"Bag-Software-Agent: conformance_bags.py\nBagging-Date: 2017-11-07\n"


def _manifest(algorithm: str, files: dict[str, bytes], *, separator: str = "  ") -> bytes:
    return "".join(
        f"{hashlib.new(algorithm, data).hexdigest()}{separator}{path.replace('%', '%25')}\n"
        for path, data in sorted(files.items())
    ).encode()


def make_bag(
    folder: Path,
    *,
    version: str = "1.0",
    encoding: str = "UTF-8",
    algorithms: tuple[str, ...] = ("sha256",),
    payload: dict[str, bytes] | None = None,
    bag_info: bytes | None = BAG_INFO,
    extra_tags: dict[str, bytes] | None = None,
    manifest_extra: bytes = b"",
) -> Path:
    """A complete bag: bagit.txt, bag-info.txt, payload manifests and tag manifests."""
    payload = dict(PAYLOAD if payload is None else payload)
    tags: dict[str, bytes] = {
        "bagit.txt": f"BagIt-Version: {version}\nTag-File-Character-Encoding: {encoding}\n".encode()
    }
    if bag_info is not None:
        tags["bag-info.txt"] = bag_info
    tags |= extra_tags or {}
    for algorithm in algorithms:
        tags[f"manifest-{algorithm}.txt"] = _manifest(algorithm, payload) + manifest_extra
    covered = dict(tags)
    for algorithm in algorithms:
        tags[f"tagmanifest-{algorithm}.txt"] = _manifest(algorithm, covered)
    for path, data in {**payload, **tags}.items():
        (folder / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / path).write_bytes(data)
    return folder


def retag(folder: Path) -> None:
    """Rewrite the tag manifests after a tag file was edited (the suite's bags are consistent)."""
    for tag_manifest in folder.glob("tagmanifest-*.txt"):
        algorithm = tag_manifest.name.removeprefix("tagmanifest-").removesuffix(".txt")
        tags = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file() and not p.name.startswith("tag")}
        tag_manifest.write_bytes(_manifest(algorithm, tags))


@dataclass(frozen=True)
class Case:
    name: str  # the suite's folder, e.g. "v1.0/invalid/bagit-with-invalid-whitespace"
    build: Callable[[Path], Path]
    rule: str = ""  # for valid bags outside the profile: words the refusal's reason must hold

    @property
    def kind(self) -> str:
        return self.name.split("/")[1]


def _edit(folder: Path, name: str, data: bytes) -> Path:
    (folder / name).write_bytes(data)
    retag(folder)
    return folder


def _plain(**settings) -> Callable[[Path], Path]:
    return lambda folder: make_bag(folder, **settings)


def _then(build: Callable[[Path], Path], edit: Callable[[Path], object]) -> Callable[[Path], Path]:
    def made(folder: Path) -> Path:
        build(folder)
        edit(folder)
        return folder

    return made


def _escaping(path: str, *, fetch: bool = False) -> Callable[[Path], Path]:
    """A bag whose manifest (or fetch.txt) names a path outside it."""
    digest = hashlib.md5(b"x").hexdigest()
    if fetch:
        return _plain(
            version="0.97", algorithms=("md5",), extra_tags={"fetch.txt": f"http://localhost/x - {path}\r\n".encode()}
        )
    return _plain(version="0.97", algorithms=("md5",), manifest_extra=f"{digest}  {path}\n".encode())


OLD = {"version": "0.97", "algorithms": ("md5",)}
ENCODED = {"data/%7Etest1.txt": b"1", "data/%test2.txt": b"2", "data/dir1/~test3.txt": b"3"}
SPACES = {"data/test file with spaces.txt": b"spaces", "data/test1.txt": b"1"}
LATIN1_INFO = "Contact-Name: Fran\u00e7ois M\u00fcller\n".encode("latin-1")
UTF16_INFO = "Contact-Name: Chris Adams\n".encode("utf-16")
SEPARATORS = b"Test-Tag: 1\nTest-Tag:   2\nTest-Tag : 3\nTest-Tag    :   5\n"
TWICE = b"Contact-Name: A\nContact-Name: B\n"
INNER = {"data/bag/bagit.txt": b"BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n", "data/bag/data/a": b"a"}

CASES: list[Case] = [
    # Valid BagIt, outside the submission profile: refused, naming the rule.
    *[
        Case(f"v{v}/valid/basic-bag", _plain(version=v, algorithms=("md5",)), "BagIt")
        for v in ("0.93", "0.94", "0.95", "0.96")
    ],
    *[
        Case(f"v{v}/valid/duplicate-metadata-entries", _plain(version=v, algorithms=("md5",), bag_info=TWICE), "BagIt")
        for v in ("0.93", "0.94", "0.95", "0.96")
    ],
    Case("v0.96/valid/bag-in-a-bag", _plain(version="0.96", algorithms=("md5",), payload=INNER), "BagIt"),
    Case("v0.97/valid/basic-bag", _plain(**OLD), "md5"),
    Case("v0.97/valid/minimal-bag", _plain(**OLD, bag_info=None), "md5"),
    Case("v0.97/valid/bag-with-encoded-names", _plain(**OLD, payload=ENCODED), "md5"),
    Case("v0.97/valid/bag-with-escapable-characters", _plain(**OLD, payload=SPACES), "md5"),
    Case("v0.97/valid/bag-with-space", _plain(**OLD, payload={"data/a b.txt": b"ab"}), "md5"),
    Case("v0.97/valid/duplicate-metadata-entries", _plain(**OLD, bag_info=TWICE), "md5"),
    Case("v0.97/valid/bag-in-a-bag", _plain(**OLD, payload=INNER), "md5"),
    Case(
        "v0.97/valid/bag-with-leading-dot-slash-in-manifest",
        _then(
            _plain(**OLD),
            lambda f: _edit(f, "manifest-md5.txt", _manifest("md5", {"./" + k: v for k, v in PAYLOAD.items()})),
        ),
        "md5",
    ),
    Case(
        "v0.97/valid/uncommon-metadata-separators",
        _plain(version="0.97", algorithms=("sha224",), bag_info=SEPARATORS),
        "sha256",
    ),
    Case(
        "v0.97/valid/ISO-8859-1-encoded-tag-files", _plain(**OLD, encoding="ISO-8859-1", bag_info=LATIN1_INFO), "UTF-8"
    ),
    Case(
        "v0.97/valid/UTF-16-encoded-tag-files",
        _then(_plain(**OLD, encoding="UTF-16"), lambda f: _edit(f, "bag-info.txt", UTF16_INFO)),
        "UTF-8",
    ),
    Case(
        "v0.97/valid/holey-bag",
        _plain(**OLD, extra_tags={"fetch.txt": b"http://localhost:8989/x - data/dir1/test3.txt\r\n"}),
        "fetch",
    ),
    Case("v1.0/valid/basicBag", _plain(algorithms=("sha512",)), "sha256"),
    # Invalid: refused, with or without --allow-unsigned.
    Case(
        "v1.0/invalid/bagit-with-invalid-whitespace",
        _then(_plain(), lambda f: _edit(f, "bagit.txt", b"BagIt-Version : 1.0\nTag-File-Character-Encoding : UTF-8\n")),
    ),
    Case(
        "v1.0/invalid/notAllManifestsListAllFiles",
        _then(
            _plain(algorithms=("sha256", "sha512")),
            lambda f: _edit(
                f, "manifest-sha512.txt", _manifest("sha512", {"data/hello.txt": PAYLOAD["data/hello.txt"]})
            ),
        ),
    ),
    Case(
        "v1.0/invalid/same-filename-listed-twice-with-the-same-hash",
        _then(_plain(), lambda f: _edit(f, "manifest-sha256.txt", (f / "manifest-sha256.txt").read_bytes() * 2)),
    ),
    Case(
        "v1.0/invalid/same-filename-listed-twice-with-different-hashes",
        _then(
            _plain(),
            lambda f: _edit(
                f, "manifest-sha256.txt", (f / "manifest-sha256.txt").read_bytes() + b"0" * 64 + b"  data/hello.txt\n"
            ),
        ),
    ),
    Case(
        "v0.97/invalid/bom-in-bagit.txt",
        _then(_plain(), lambda f: _edit(f, "bagit.txt", b"\xef\xbb\xbf" + (f / "bagit.txt").read_bytes())),
    ),
    Case(
        "v0.97/invalid/baginfo-missing-encoding",
        _then(_plain(), lambda f: _edit(f, "bagit.txt", b"BagIt-Version: 1.0\n")),
    ),
    Case(
        "v0.97/invalid/corrupt-data-file",
        _then(_plain(), lambda f: (f / "data/hello.txt").write_bytes(b"Hello, world?\n")),
    ),
    Case(
        "v0.97/invalid/corrupt-tag-file",
        _then(_plain(), lambda f: (f / "bag-info.txt").write_bytes(BAG_INFO.replace(b"2017", b"2018"))),
    ),
    Case("v0.97/invalid/extra-file-in-bag", _then(_plain(), lambda f: (f / "data/extra").write_bytes(b"extra"))),
    Case(
        "v0.97/invalid/invalid-version-number",
        _then(_plain(), lambda f: _edit(f, "bagit.txt", b"BagIt-Version: .97\nTag-File-Character-Encoding: UTF-8\n")),
    ),
    Case("v0.97/invalid/missing-baginfo", _then(_plain(), lambda f: (f / "bag-info.txt").unlink())),
    Case("v0.97/invalid/missing-bagit.txt", _then(_plain(), lambda f: (f / "bagit.txt").unlink())),
    Case("v0.97/invalid/out-of-scope-file-paths-using-dot-notation", _escaping("../../../README.md")),
    Case("v0.97/invalid/out-of-scope-file-paths-using-dot-notation-escaped", _escaping("\\.\\./\\.\\./README.md")),
    Case(
        "v0.97/invalid/out-of-scope-file-paths-using-dot-notation-for-fetch",
        _escaping("../../../README.md", fetch=True),
    ),
    Case("v0.97/linux-only/out-of-scope-file-paths-using-absolute-path", _escaping("/etc/passwd")),
    Case(
        "v0.97/linux-only/out-of-scope-file-paths-using-absolute-path-for-fetch", _escaping("/tmp/test.txt", fetch=True)
    ),
    Case("v0.97/linux-only/out-of-scope-file-paths-using-shortcut", _escaping("~/foo")),
    Case("v0.97/linux-only/out-of-scope-file-paths-using-shortcut-for-fetch", _escaping("~/foo", fetch=True)),
    Case("v0.97/linux-only/out-of-scope-file-paths-using-shortcut-username", _escaping("~root/foo")),
    Case(
        "v0.97/linux-only/out-of-scope-file-paths-using-shortcut-username-for-fetch", _escaping("~root/foo", fetch=True)
    ),
    Case(
        "v0.97/windows-only/out-of-scope-file-paths-using-absolute-path", _escaping("C:\\Windows\\System32\\setx.exe")
    ),
    Case(
        "v0.97/windows-only/out-of-scope-file-paths-using-absolute-path-for-fetch",
        _escaping("C:\\Windows\\System32\\setx.exe", fetch=True),
    ),
    Case("v0.97/windows-only/out-of-scope-file-paths-using-shortcut", _escaping("%USERPROFILE%\\..\\setx.exe")),
    Case("v0.97/windows-only/out-of-scope-file-paths-using-unc", _escaping("\\\\?\\UNC\\server\\Windows\\setx.exe")),
    Case(
        "v0.97/windows-only/out-of-scope-file-paths-using-unc-for-fetch",
        _escaping("\\\\?\\UNC\\server\\Windows\\setx.exe", fetch=True),
    ),
    # Warnings: valid BagIt with something odd; they only must not crash.
    Case("v0.97/warning/duplicate-file-with-different-case", _plain(payload={"data/a.txt": b"a", "data/A.txt": b"A"})),
    Case(
        "v0.97/warning/made-with-md5sum-tools",
        _then(
            _plain(),
            lambda f: _edit(f, "manifest-sha256.txt", (f / "manifest-sha256.txt").read_bytes().replace(b"  ", b" *")),
        ),
    ),
    Case("v0.97/warning/special-system-files", _plain(payload={"data/.DS_Store": b"\x00\x01", "data/Thumbs.db": b"t"})),
    Case(
        "v0.97/warning/same-filename-listed-twice-with-different-normalization",
        _plain(payload={"data/caf\u00e9.txt": b"nfc", "data/cafe\u0301.txt": b"nfd"}),
    ),
]
