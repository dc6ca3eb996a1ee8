"""Typed identifiers and how new ones are made."""

import secrets
from typing import NewType

CredentialId = NewType("CredentialId", str)
CriterionId = NewType("CriterionId", str)
LevelId = NewType("LevelId", str)
PromptId = NewType("PromptId", str)
RequirementId = NewType("RequirementId", str)
StackId = NewType("StackId", str)
PortfolioId = NewType("PortfolioId", str)
EvidenceId = NewType("EvidenceId", str)
TagId = NewType("TagId", str)
MarkerId = NewType("MarkerId", str)
BlobHash = NewType("BlobHash", str)
ClassId = NewType("ClassId", str)
StudentId = NewType("StudentId", str)

# Crockford's base32 without ambiguous letters: ids are typed by people at a terminal.
_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"


def new_id(length: int = 10) -> str:
    """A random id of `length` base32 characters (50 bits at the default length)."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))
