"""`data/index.html`: the offline viewer. One file, inline CSS and script, nothing from a network.

Opened from the unzipped bundle in any browser: the credential, the teacher, the responses, the
self-assessment grid and every evidence item. Every tag is a link: on a video or recording it
plays from the tagged moment and pauses at its end; on a photo it outlines the tagged region;
on a document it opens the tagged page. All text is escaped; every file is referenced by a
relative path inside the bag.
"""

from __future__ import annotations

from html import escape
from urllib.parse import quote

from portfolio_app.bundle.content import BundleEvidence, SubmissionContent
from portfolio_app.bundle.note_markup import note_html
from portfolio_app.bundle.region_pictures import page_name, renders_pages, tagged_pages
from portfolio_app.bundle.submission import thumbnail_name, word_count
from portfolio_app.bundle.viewer_assets import SCRIPT, STYLE
from portfolio_app.core.credential import Credential, EvidenceKind, Part
from portfolio_app.core.portfolio import Tag
from portfolio_app.core.talk import figures_text
from portfolio_app.core.text import clock, size_text


def index_html(content: SubmissionContent) -> bytes:
    """The viewer page as UTF-8 bytes."""
    credential = content.credential
    title = f"{credential.title} — {content.profile.name}"
    body = [
        _header(content),
        _nav(),
        "<main>",
        _draft_notice(content),
        _responses(content),
        _assessment(content),
        _evidence(content),
        "</main>",
        f"<footer>Made by Micro-credential Portfolio on {_e(content.created_at[:10])}. The signature and "
        "hashes of every file in this bundle can be checked with <code>portfolio verify</code>, "
        "<code>bagit.py --validate</code> and <code>minisign</code>.</footer>",
    ]
    page = (
        "<!DOCTYPE html>\n"
        f'<html lang="{_e(credential.language or "en")}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        # No network: forbid every fetch except files of this bundle and inline style and script.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self' data:; "
        "media-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + f"\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


def _header(content: SubmissionContent) -> str:
    c = content.credential
    p = content.profile
    return (
        '<header class="cover">'
        f'<p class="eyebrow">Micro-credential submission{" · DRAFT" if content.draft else ""}</p>'
        f"<h1>{_e(c.title)}</h1>"
        f'<p class="competency">{_e(c.competency)}</p>'
        '<dl class="facts">'
        f"<div><dt>Teacher</dt><dd>{_e(p.name)} &lt;{_e(p.email)}&gt;</dd></div>"
        f"<div><dt>Credential</dt><dd>{_e(c.id)} · version {_e(c.version)}</dd></div>"
        f"<div><dt>Issuer</dt><dd>{_e(c.issuer.name)}</dd></div>"
        f"<div><dt>Portfolio</dt><dd>{_e(content.portfolio.title)} · attempt {content.portfolio.attempt}</dd></div>"
        f"<div><dt>Created</dt><dd>{_e(content.created_at[:16].replace('T', ' '))} UTC</dd></div>"
        "</dl></header>"
    )


def _nav() -> str:
    return (
        '<nav><a href="#responses">Responses</a><a href="#assessment">Self-assessment</a>'
        '<a href="#evidence">Evidence</a><a href="report.pdf">Printable report (PDF)</a></nav>'
    )


def _draft_notice(content: SubmissionContent) -> str:
    if not content.draft:
        return ""
    items = "".join(f"<li>{_e(item)}</li>" for item in content.outstanding)
    return (
        '<aside class="draft" role="note"><strong>Draft.</strong> This bundle is not ready for review.'
        + (f" Still to do:<ul>{items}</ul>" if items else "")
        + "</aside>"
    )


def _responses(content: SubmissionContent) -> str:
    credential = content.credential
    answers = {r.prompt_id: r for r in content.responses}
    out = ['<section id="responses"><h2>Written responses</h2>']
    for part in (credential.overview, credential.reflection):
        out.append(f"<h3>{_e(part.title)}</h3>")
        for prompt in part.prompts:
            response = answers.get(prompt.id)
            words = word_count(response.text) if response else 0
            limit = f"{prompt.min_words}–{prompt.max_words}" if prompt.min_words else f"up to {prompt.max_words}"
            over = " over" if words > prompt.max_words or words < prompt.min_words else ""
            text = (
                "".join(f"<p>{_e(par)}</p>" for par in response.text.split("\n\n") if par.strip())
                if response and response.text.strip()
                else '<p class="missing">No response.</p>'
            )
            out.append(
                f'<article class="response" id="prompt-{_e(prompt.id)}"><h4>{_e(prompt.text)}</h4>{text}'
                f'<p class="words{over}">{words} words ({limit})</p></article>'
            )
    out.append("</section>")
    return "".join(out)


def _assessment(content: SubmissionContent) -> str:
    chosen = {a.criterion_id: a for a in content.assessments}
    tags = {t.id: t for t in content.tags}
    out = [
        '<section id="assessment"><h2>Self-assessment against the rubric</h2>',
        '<table class="rubric"><thead><tr><th scope="col">Criterion</th><th scope="col">Levels</th>'
        '<th scope="col">Justification and evidence</th></tr></thead><tbody>',
    ]
    for criterion in content.credential.criteria:
        assessment = chosen.get(criterion.id)
        cells = []
        for level in criterion.levels:
            classes = ["level"]
            if assessment and assessment.level_id == level.id:
                classes.append("chosen")
            if level.id == criterion.passing_level:
                classes.append("passing")
            cells.append(f'<li class="{" ".join(classes)}" title="{_e(level.descriptor)}">{_e(level.label)}</li>')
        if assessment is None:
            verdict = '<span class="badge missing">Not assessed</span>'
            justification = ""
            links = ""
        else:
            passes = criterion.passes(assessment.level_id)
            verdict = f'<span class="badge {"pass" if passes else "notyet"}">{"Meets" if passes else "Not yet"}</span>'
            justification = f"<p>{_e(assessment.justification)}</p>"
            links = " ".join(_tag_link(content, tags[t], with_criterion=False) for t in assessment.tag_ids if t in tags)
        out.append(
            f'<tr id="criterion-{_e(criterion.id)}"><th scope="row">{_e(criterion.title)}'
            f'<span class="part">{_part_name(criterion.part)}</span></th>'
            f'<td><ol class="levels">{"".join(cells)}</ol>{verdict}</td>'
            f"<td>{justification}{f'<p class=tags>{links}</p>' if links else ''}</td></tr>"
        )
    out.append("</tbody></table></section>")
    return "".join(out)


def _evidence(content: SubmissionContent) -> str:
    by_evidence: dict[str, list[Tag]] = {}
    for tag in content.tags:
        by_evidence.setdefault(tag.evidence_id, []).append(tag)
    out = ['<section id="evidence"><h2>Evidence</h2>']
    for number, item in enumerate(content.evidence, start=1):
        tags = by_evidence.get(item.evidence.id, [])
        out.append(_evidence_item(content, number, item, tags))
    out.append("</section>")
    return "".join(out)


def _evidence_item(content: SubmissionContent, number: int, item: BundleEvidence, tags: list[Tag]) -> str:
    e = item.evidence
    src = _href(item.archive_name)
    thumb = thumbnail_name(item)
    poster = f' poster="{_href(thumb)}"' if thumb else ""
    media_id = f"media-{_e(e.id)}"
    if e.kind == EvidenceKind.VIDEO:
        view = f'<video id="{media_id}" controls preload="metadata"{poster} src="{src}"></video>'
    elif e.kind == EvidenceKind.AUDIO:
        view = f'<audio id="{media_id}" controls preload="metadata" src="{src}"></audio>'
    elif e.kind == EvidenceKind.IMAGE:
        regions = _outlines(content, [t for t in tags if t.region is not None])
        view = f'<div class="stage"><img id="{media_id}" src="{src}" alt="{_e(e.title)}">{regions}</div>'
    else:
        picture = f'<img class="page" src="{_href(thumb)}" alt="">' if thumb else ""
        view = f'<a class="document" href="{src}">{picture}<span>Open {_e(e.title)}</span></a>'
        view += "".join(_page_stage(content, item, page, tags) for page in tagged_pages(item, tags))
    facts = [str(e.kind).capitalize(), size_text(item.size_bytes)]
    if e.duration_s:
        facts.append(clock(e.duration_s))
    if e.width and e.height:
        facts.append(f"{e.width}×{e.height}")
    if e.derivation:
        facts.append(f"edited: {e.derivation}")
    requirement = ""
    if e.requirement_id:
        try:
            requirement = (
                f'<p class="requirement">For: {_e(content.credential.requirement(e.requirement_id).title)}</p>'
            )
        except KeyError:
            requirement = ""
    if e.kind == EvidenceKind.NOTE:
        note = f'<div class="note-text">{note_html(e.note)}</div>'
    else:
        note = f'<p class="note">{_e(e.note)}</p>' if e.note else ""
    note += _talk(item.talk) if item.talk else ""
    tag_list = "".join(f"<li>{_tag_link(content, t, with_criterion=True)}{_tag_note(t)}</li>" for t in tags)
    return (
        f'<article class="evidence" id="ev-{_e(e.id)}"><h3><span class="number">{number}</span>{_e(e.title)}</h3>'
        f'<p class="facts">{" · ".join(_e(f) for f in facts)} · <a href="{src}" download>file</a></p>'
        f"{requirement}{view}{note}"
        + (f'<h4>Tagged moments and regions</h4><ul class="tag-list">{tag_list}</ul>' if tags else "")
        + f'<p class="hash">SHA-256 <code>{_e(item.sha256)}</code></p></article>'
    )


def _outlines(content: SubmissionContent, tags: list[Tag]) -> str:
    return "".join(
        f'<div class="region" id="region-{_e(t.id)}" style="{_box(t)}" '
        f'title="{_e(_criterion_title(content.credential, t))}"></div>'
        for t in tags
    )


def _page_stage(content: SubmissionContent, item: BundleEvidence, page: int, tags: list[Tag]) -> str:
    """A tagged page of a document, rendered, with its regions outlined as on a photo."""
    on_page = [t for t in tags if t.region is not None and t.region.page == page]
    link = f'<a href="{_href(item.archive_name)}#page={page + 1}">Open page {page + 1}</a>'
    return (
        f'<figure class="page-stage"><div class="stage"><img class="page" src="{_href(page_name(item, page))}" '
        f'alt="Page {page + 1} of {_e(item.evidence.title)}">{_outlines(content, on_page)}</div>'
        f"<figcaption>{link}</figcaption></figure>"
    )


def _coached(talk: dict) -> str:
    coached = talk.get("questions_coded_by_coach", 0)  # absent in bundles from before coaches' questions counted
    return f" ({coached} of the {talk['questions']} questions coded by a coach observing)" if coached else ""


def _talk(talk: dict) -> str:
    """A measured recording's talk-time figures, said to be the estimate they are."""
    return (
        f'<p class="talk">Talk time, measured on the teacher\'s laptop (an estimate): {_e(figures_text(talk))}'
        f"{_coached(talk)}.</p>"
    )


def _tag_link(content: SubmissionContent, tag: Tag, *, with_criterion: bool) -> str:
    items = content.evidence_by_id()
    item = items.get(tag.evidence_id)
    criterion = _criterion_title(content.credential, tag)
    where = _where(tag)
    label = (
        f"{criterion}: {where}" if with_criterion else f"{item.evidence.title if item else tag.evidence_id}, {where}"
    )
    common = f'class="tag-link" data-tag="{_e(tag.id)}" data-evidence="{_e(tag.evidence_id)}"'
    if tag.span is not None:
        return (
            f'<a {common} href="#ev-{_e(tag.evidence_id)}" data-start="{tag.span.start_s:.3f}" '
            f'data-end="{tag.span.end_s:.3f}">▶ {_e(label)}</a>'
        )
    if (
        tag.region is not None
        and item is not None
        and item.evidence.kind != EvidenceKind.IMAGE
        and not renders_pages(item)
    ):
        return f'<a {common} href="{_href(item.archive_name)}#page={tag.region.page + 1}">{_e(label)}</a>'
    if tag.region is not None:
        return f'<a {common} href="#ev-{_e(tag.evidence_id)}" data-region="region-{_e(tag.id)}">▣ {_e(label)}</a>'
    return f'<a {common} href="#ev-{_e(tag.evidence_id)}">{_e(label)}</a>'


def _tag_note(tag: Tag) -> str:
    return f' <span class="tag-note">— {_e(tag.note)}</span>' if tag.note else ""


def _where(tag: Tag) -> str:
    if tag.span is not None:
        return f"{clock(tag.span.start_s)}–{clock(tag.span.end_s)}"
    if tag.region is not None:
        return f"region on page {tag.region.page + 1}" if tag.region.page else "region"
    return "whole item"


def _criterion_title(credential: Credential, tag: Tag) -> str:
    try:
        return credential.criterion(tag.criterion_id).title
    except KeyError:
        return tag.criterion_id


def _box(tag: Tag) -> str:
    r = tag.region
    assert r is not None
    return f"left:{r.x * 100:.3f}%;top:{r.y * 100:.3f}%;width:{r.w * 100:.3f}%;height:{r.h * 100:.3f}%"


def _part_name(part: Part) -> str:
    return {Part.OVERVIEW: "Part 1", Part.WORK_EXAMPLES: "Part 2", Part.REFLECTION: "Part 3"}[part]


def _href(path: str) -> str:
    """A path under data/ as a relative URL, percent-encoded, then escaped for an attribute."""
    return escape(quote(path, safe="/"), quote=True)


def _e(text: object) -> str:
    return escape(str(text), quote=True)
