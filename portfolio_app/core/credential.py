"""A micro-credential definition: competency, method, submission parts and rubric."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from portfolio_app.core.ids import (
    CredentialId,
    CriterionId,
    LevelId,
    PromptId,
    RequirementId,
    StackId,
)


class EvidenceKind(enum.StrEnum):
    VIDEO = "video"
    AUDIO = "audio"
    IMAGE = "image"
    DOCUMENT = "document"
    NOTE = "note"
    OBSERVATION = "observation"


class Part(enum.StrEnum):
    OVERVIEW = "part1"
    WORK_EXAMPLES = "part2"
    REFLECTION = "part3"


@dataclass(frozen=True)
class Issuer:
    name: str
    url: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class MethodComponent:
    title: str
    description: str


@dataclass(frozen=True)
class Reference:
    citation: str
    url: str | None = None
    summary: str | None = None


@dataclass(frozen=True)
class Resource:
    title: str
    description: str
    url: str | None = None


@dataclass(frozen=True)
class Prompt:
    id: PromptId
    text: str
    max_words: int
    min_words: int = 0
    guidance: str | None = None


@dataclass(frozen=True)
class EvidenceRequirement:
    id: RequirementId
    title: str
    description: str
    kinds: tuple[EvidenceKind, ...]
    min_count: int = 1
    max_count: int | None = None
    max_video_seconds: int | None = None
    max_file_mb: int | None = None


@dataclass(frozen=True)
class PromptPart:
    """Part 1 (overview) or Part 3 (reflection): written prompts."""

    title: str
    instructions: str
    prompts: tuple[Prompt, ...]


@dataclass(frozen=True)
class WorkExamplesPart:
    """Part 2: the evidence a teacher must submit."""

    title: str
    instructions: str
    requirements: tuple[EvidenceRequirement, ...]


@dataclass(frozen=True)
class Level:
    id: LevelId
    label: str
    descriptor: str


@dataclass(frozen=True)
class Criterion:
    id: CriterionId
    title: str
    description: str
    part: Part
    levels: tuple[Level, ...]  # lowest first
    passing_level: LevelId

    def rank(self, level_id: LevelId) -> int:
        """Position of a level, 0 for the lowest; raises KeyError for an unknown level."""
        for index, level in enumerate(self.levels):
            if level.id == level_id:
                return index
        raise KeyError(level_id)

    def passes(self, level_id: LevelId) -> bool:
        return self.rank(level_id) >= self.rank(self.passing_level)

    def level(self, level_id: LevelId) -> Level:
        return self.levels[self.rank(level_id)]


@dataclass(frozen=True)
class Alignment:
    target_name: str
    target_url: str
    target_description: str | None = None
    target_framework: str | None = None
    target_code: str | None = None
    target_type: str | None = None


@dataclass(frozen=True)
class Credential:
    """One version of one micro-credential; (id, version) identifies it for ever."""

    id: CredentialId
    version: str
    title: str
    summary: str
    language: str
    issuer: Issuer
    competency: str
    key_method: str
    method_components: tuple[MethodComponent, ...]
    supporting_research: tuple[Reference, ...]
    resources: tuple[Resource, ...]
    overview: PromptPart
    work_examples: WorkExamplesPart
    reflection: PromptPart
    criteria: tuple[Criterion, ...]
    stacks: tuple[StackId, ...] = ()
    keywords: tuple[str, ...] = ()
    estimated_hours: int | None = None
    alignment: tuple[Alignment, ...] = ()

    @property
    def key(self) -> str:
        return f"{self.id}@{self.version}"

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        return self.overview.prompts + self.reflection.prompts

    def prompt(self, prompt_id: str) -> Prompt:
        for prompt in self.prompts:
            if prompt.id == prompt_id:
                return prompt
        raise KeyError(prompt_id)

    def criterion(self, criterion_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == criterion_id:
                return criterion
        raise KeyError(criterion_id)

    def requirement(self, requirement_id: str) -> EvidenceRequirement:
        for requirement in self.work_examples.requirements:
            if requirement.id == requirement_id:
                return requirement
        raise KeyError(requirement_id)

    def criteria_for(self, part: Part) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if c.part == part)


@dataclass(frozen=True)
class Stack:
    """A group of credentials that together earn a larger recognition."""

    id: StackId
    title: str
    description: str
    credential_ids: tuple[CredentialId, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class CatalogEntry:
    """The newest version of a credential, with what a catalog list shows."""

    credential: Credential
    versions: tuple[str, ...]
    source: str
    portfolio_count: int
