"""What a use case changed, so each screen refreshes only what it shows."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Changes:
    profile: bool = False
    credentials: bool = False
    portfolios: bool = False
    evidence: bool = False
    tags: bool = False
    responses: bool = False
    assessments: bool = False
    roster: bool = False  # classes, students, consents, or who appears in evidence
    privacy: bool = False  # names dismissed or confirmed covered, kept faces, retention settings and removals
    observations: bool = False  # schemes, observations and their events, notes and ratings
    outbox: bool = False  # destinations, queued uploads, their progress and receipts
    trust: bool = False  # imported trust lists, library backups made
    badges: bool = False  # badges on the teacher's shelf, or credentials issued from decisions
    reviews: bool = False  # a review's scores, flags, decision or signature; imported feedback
    talk: bool = False  # a talk-time analysis of a recording

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


NOTHING = Changes()
