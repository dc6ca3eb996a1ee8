"""A credential as plain text, for the terminal (`portfolio credentials show`)."""

from __future__ import annotations

import textwrap

from portfolio_app.core.credential import Credential, EvidenceRequirement, PromptPart

WIDTH = 92


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(" ".join(text.split()), WIDTH, initial_indent=indent, subsequent_indent=" " * len(indent))


def requirement_limits(requirement: EvidenceRequirement) -> str:
    """'1–2 × video · at most 10:00 · at most 500 MB'."""
    count = str(requirement.min_count)
    if requirement.max_count and requirement.max_count != requirement.min_count:
        count += f"–{requirement.max_count}"
    parts = [f"{count} × {' or '.join(str(k) for k in requirement.kinds)}"]
    if requirement.max_video_seconds:
        minutes, seconds = divmod(requirement.max_video_seconds, 60)
        parts.append(f"at most {minutes}:{seconds:02d} min")
    if requirement.max_file_mb:
        parts.append(f"at most {requirement.max_file_mb} MB")
    return " · ".join(parts)


def word_limits(min_words: int, max_words: int) -> str:
    return f"{min_words}–{max_words} words" if min_words else f"up to {max_words} words"


def _prompt_part(label: str, part: PromptPart) -> list[str]:
    lines = [f"{label}: {part.title}"]
    if part.instructions:
        lines.append(_wrap(part.instructions, "  "))
    for prompt in part.prompts:
        lines.append(_wrap(f"[{prompt.id}] {prompt.text} ({word_limits(prompt.min_words, prompt.max_words)})", "  - "))
    return lines


def credential_as_text(credential: Credential) -> str:
    c = credential
    lines = [f"{c.title}  ({c.id}, version {c.version})", "=" * min(WIDTH, len(c.title) + 4), ""]
    lines += [
        _wrap(c.summary),
        "",
        "Competency",
        _wrap(c.competency, "  "),
        "",
        "Key method",
        _wrap(c.key_method, "  "),
    ]
    lines += ["", "Method components"]
    lines += [_wrap(f"{m.title}: {m.description}", "  - ") for m in c.method_components]
    lines += [""] + _prompt_part("Part 1", c.overview) + [""]
    lines.append(f"Part 2: {c.work_examples.title}")
    for r in c.work_examples.requirements:
        lines.append(_wrap(f"[{r.id}] {r.title} ({requirement_limits(r)}): {r.description}", "  - "))
    lines += [""] + _prompt_part("Part 3", c.reflection) + ["", "Rubric"]
    for criterion in c.criteria:
        passing = criterion.level(criterion.passing_level).label
        lines.append(_wrap(f"[{criterion.id}] {criterion.title} ({criterion.part}, passing: {passing})", "  "))
        for level in criterion.levels:
            lines.append(_wrap(f"{level.label}: {level.descriptor}", "      "))
    if c.supporting_research:
        lines += ["", "Supporting research"] + [_wrap(r.citation, "  - ") for r in c.supporting_research]
    return "\n".join(lines)
