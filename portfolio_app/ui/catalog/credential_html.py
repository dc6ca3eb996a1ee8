"""A credential as rich text for QTextBrowser (the subset of HTML and CSS Qt renders)."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from portfolio_app.core.credential import Credential, Part, PromptPart
from portfolio_app.core.credential_text import requirement_limits, word_limits
from portfolio_app.ui import palette

if TYPE_CHECKING:  # the rubric marks a reviewer's levels only after feedback: not at start-up
    from portfolio_app.core.feedback import Feedback

STYLE = f"<style>{palette.document_css()}</style>"


def _t(text: str) -> str:
    return QCoreApplication.translate("CredentialView", text)


def _p(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def _prompts(part: PromptPart, label: str) -> str:
    items = []
    for prompt in part.prompts:
        limit = word_limits(prompt.min_words, prompt.max_words)
        guidance = f"<p class='guidance'>{escape(prompt.guidance)}</p>" if prompt.guidance else ""
        items.append(f"<li><b>{escape(prompt.text)}</b> <span class='limit'>({escape(limit)})</span>{guidance}</li>")
    instructions = _p(part.instructions) if part.instructions else ""
    return f"<h2>{escape(label)}: {escape(part.title)}</h2>{instructions}<ol>{''.join(items)}</ol>"


def guide_html(credential: Credential, *, with_header: bool = True) -> str:
    """Competency, method, the three parts and the research: what a teacher reads first."""
    c = credential
    out = [STYLE]
    if with_header:
        meta = _t("Version {version} · {issuer}").format(version=c.version, issuer=c.issuer.name)
        if c.estimated_hours:
            meta += " · " + _t("about {hours} hours").format(hours=c.estimated_hours)
        out += [f"<h1>{escape(c.title)}</h1>", f"<p class='meta'>{escape(meta)}</p>", _p(c.summary)]
    out += [f"<h2>{_t('Competency')}</h2>", _p(c.competency), f"<h2>{_t('Key method')}</h2>", _p(c.key_method)]
    out.append(f"<h2>{_t('Method components')}</h2><ul>")
    out += [f"<li><b>{escape(m.title)}.</b> {escape(m.description)}</li>" for m in c.method_components]
    out.append("</ul>")
    out.append(_prompts(c.overview, _t("Part 1")))
    out.append(f"<h2>{_t('Part 2')}: {escape(c.work_examples.title)}</h2>")
    if c.work_examples.instructions:
        out.append(_p(c.work_examples.instructions))
    out.append("<ul>")
    for r in c.work_examples.requirements:
        out.append(
            f"<li><b>{escape(r.title)}</b> <span class='limit'>({escape(requirement_limits(r))})</span>"
            f"<br>{escape(r.description)}</li>"
        )
    out.append("</ul>")
    out.append(_prompts(c.reflection, _t("Part 3")))
    if c.supporting_research:
        out.append(f"<h2>{_t('Supporting research')}</h2><ul>")
        for ref in c.supporting_research:
            link = f" <a href='{escape(ref.url)}'>{escape(ref.url)}</a>" if ref.url else ""
            out.append(f"<li>{escape(ref.citation)}{link}</li>")
        out.append("</ul>")
    if c.resources:
        out.append(f"<h2>{_t('Resources')}</h2><ul>")
        for res in c.resources:
            link = f" <a href='{escape(res.url)}'>{escape(res.url)}</a>" if res.url else ""
            out.append(f"<li><b>{escape(res.title)}</b>: {escape(res.description)}{link}</li>")
        out.append("</ul>")
    return "".join(out)


def rubric_html(credential: Credential, reviewed: Feedback | None = None, earlier: bool = False) -> str:
    """One table per part: criteria down, levels across, the passing level shaded; with `reviewed`, the
    reviewer's level marked in each row and the reviewer's feedback under it (`earlier`: last attempt's)."""
    scored = {c.criterion_id: c for c in reviewed.criteria} if reviewed is not None else {}
    out = [STYLE]
    part_names = {Part.OVERVIEW: _t("Part 1"), Part.WORK_EXAMPLES: _t("Part 2"), Part.REFLECTION: _t("Part 3")}
    out.append(
        f"<p>{_t('Every criterion must reach its passing level (shaded) for the credential to be awarded.')}</p>"
    )
    for part, name in part_names.items():
        criteria = credential.criteria_for(part)
        if not criteria:
            continue
        out.append(f"<h2>{escape(name)}</h2>")
        for criterion in criteria:
            out.append(f"<h3>{escape(criterion.title)}</h3><p class='meta'>{escape(criterion.description)}</p>")
            out.append("<table border='1' cellspacing='0' width='100%'><tr>")
            out += [f"<th>{escape(level.label)}</th>" for level in criterion.levels]
            out.append("</tr><tr>")
            found = scored.get(criterion.id)
            for level in criterion.levels:
                css = " class='pass'" if level.id == criterion.passing_level else ""
                mark = ""
                if found is not None and found.level_id == level.id:
                    said = _t("Last attempt, the reviewer chose this") if earlier else _t("The reviewer chose this")
                    mark = f"<p><b>{'✓' if found.passes else '✗'} {escape(said)}</b></p>"
                out.append(f"<td{css}>{mark}{escape(level.descriptor)}</td>")
            out.append("</tr></table>")
            if found is not None and found.feedback:
                out.append(f"<p><i>{escape(_t('Reviewer'))}:</i> “{escape(found.feedback)}”</p>")
    return "".join(out)
