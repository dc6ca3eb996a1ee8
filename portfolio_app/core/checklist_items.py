"""One item of the readiness checklist: what is wrong, where it is fixed, and what to do."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Place(enum.StrEnum):
    """Where an item is fixed; the window jumps there."""

    PROMPT = "prompt"
    REQUIREMENT = "requirement"
    EVIDENCE = "evidence"
    CRITERION = "criterion"
    PORTFOLIO = "portfolio"  # the portfolio itself (its title)


class Rule(enum.StrEnum):
    UNANSWERED = "unanswered"
    OVER_WORD_LIMIT = "over-word-limit"
    UNDER_WORD_LIMIT = "under-word-limit"
    TOO_FEW_EVIDENCE = "too-few-evidence"
    TOO_MANY_EVIDENCE = "too-many-evidence"
    WRONG_KIND = "wrong-kind"
    VIDEO_TOO_LONG = "video-too-long"
    FILE_TOO_LARGE = "file-too-large"
    NOT_ASSESSED = "not-assessed"
    BELOW_PASSING = "below-passing"
    NO_TAGGED_EVIDENCE = "no-tagged-evidence"
    PRIVACY = "privacy"
    RESUBMISSION_NOTE = "resubmission-note"
    STUDENT_NAME = "student-name"  # a roster name in text that leaves the laptop
    NAMES_UNCHECKED = "names-unchecked"  # a file whose names the app cannot read, not yet confirmed covered


# The rules the checklist groups under "Privacy".
PRIVACY_RULES = frozenset({Rule.PRIVACY, Rule.STUDENT_NAME, Rule.NAMES_UNCHECKED})


@dataclass(frozen=True)
class ReadinessItem:
    rule: Rule
    place: Place
    target: str  # the id of the prompt, requirement, evidence or criterion
    message: str
    fix: str
    spot: str = ""  # for a student's name: the exact place ("tag:ID", "evidence:ID:title"; see core.name_findings)
    name: str = ""  # for a student's name: the roster name found there
