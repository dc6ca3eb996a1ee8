"""Rules for a bag's tag files that are checked on the raw bytes, before anything is parsed.

Bundles come from other people's laptops: any byte may be anywhere. Each rule gives a reason
that names what it requires (RFC 8493, or the submission profile in
resources/bagit-profile.json where the profile is stricter than BagIt), never an exception.
"""

from __future__ import annotations

import re

TEXT_TAG_FILE = re.compile(r"(bagit|bag-info|fetch|(tag)?manifest-\w+)\.txt")
_BAGIT_LINE = re.compile(r"(BagIt-Version|Tag-File-Character-Encoding): (\S(?:.*\S)?)")
_VERSION = re.compile(r"\d+\.\d+")
_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:")


def encoding_problem(data: bytes) -> str | None:
    """Why `data` is not UTF-8 text, or None when it is."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "is UTF-16 text; the profile requires UTF-8 tag files (Tag-File-Character-Encoding: UTF-8)"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "the profile requires UTF-8 tag files (Tag-File-Character-Encoding: UTF-8)"
        )
    if "\x00" in data.decode("utf-8"):
        return "holds a NUL character, which no tag file may hold"
    return None


def bagit_txt_problems(data: bytes, *, accept_097: bool) -> list[str]:
    """What is wrong with bagit.txt: exactly `BagIt-Version: M.N` then `Tag-File-Character-Encoding: ENC`.

    `accept_097` lets a plain bag made by bagit-python (version 0.97) through; bundles are 1.0.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return ["starts with a byte-order mark, which RFC 8493 (section 2.1.1) forbids in bagit.txt"]
    if encoding_problem(data):
        return [str(encoding_problem(data))]
    lines = data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines[-1] == "":
        lines.pop()
    fields: list[tuple[str, str]] = []
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        match = _BAGIT_LINE.fullmatch(line)
        if match is None:
            problems.append(
                f"line {number} is not 'BagIt-Version: M.N' or 'Tag-File-Character-Encoding: ENCODING' "
                "(one space after the colon, none before it: RFC 8493 section 2.1.1)"
            )
        else:
            fields.append((match.group(1), match.group(2)))
    if problems:
        return problems
    labels = [label for label, _ in fields]
    if labels != ["BagIt-Version", "Tag-File-Character-Encoding"]:
        return ["must hold exactly two lines, BagIt-Version then Tag-File-Character-Encoding (RFC 8493 section 2.1.1)"]
    version, encoding = fields[0][1], fields[1][1]
    if not _VERSION.fullmatch(version):
        problems.append(f"declares BagIt-Version '{version}', which is not a version number M.N")
    elif version != "1.0" and not (accept_097 and version == "0.97"):
        problems.append(f"declares BagIt version {version}; the profile requires BagIt 1.0 (Accept-BagIt-Version)")
    if encoding.upper() != "UTF-8":
        problems.append(f"declares {encoding} tag files; the profile requires UTF-8 (Tag-File-Character-Encoding)")
    return problems


def outside_reason(path: str) -> str | None:
    """Why a path named in a manifest or fetch.txt points outside the bag, or None when it does not."""
    if path.startswith(("/", "\\")) or _WINDOWS_DRIVE.match(path):
        return f"names {path}, an absolute path outside the bag"
    if path.startswith("~"):
        return f"names {path}, a home-folder path outside the bag"
    if ".." in re.split(r"[\\/]", path):
        return f"names {path}, which climbs out of the bag with '..'"
    if "\\" in path:
        return f"names {path}, with a backslash: paths in a bag are separated by '/'"
    return None
