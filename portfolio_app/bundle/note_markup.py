"""A note written in the app is Markdown: as HTML for the offline viewer, as paragraphs for report.pdf.

Only headings, emphasis, code, lists and paragraphs are read. Raw HTML, links and images stay the
text the teacher typed: the viewer opens offline, and a note must make it fetch or run nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from markdown_it import MarkdownIt
from markdown_it.token import Token

_LEFT_AS_TEXT = ["image", "link", "autolink", "html_inline", "html_block"]
_INLINE = {"strong_open": "<b>", "strong_close": "</b>", "em_open": "<i>", "em_close": "</i>"}


@dataclass(frozen=True)
class NoteBlock:
    """One block of a note for the report: `kind` is heading, paragraph, item or code; `markup` is
    reportlab's paragraph markup; `bullet` is "•" or "3." for a list item; `depth` its nesting."""

    kind: str
    markup: str
    bullet: str = ""
    depth: int = 0


def _reader() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).disable(_LEFT_AS_TEXT)


def note_html(text: str) -> str:
    """The note as HTML (CommonMark), with nothing that loads or runs."""
    return _reader().render(text)


def note_blocks(text: str) -> list[NoteBlock]:
    """The note's blocks in order, ready for reportlab Paragraphs."""
    blocks: list[NoteBlock] = []
    lists: list[list[int]] = []  # per open list: [next number] (0 for a bulleted list)
    heading = False
    item_starts = False  # the next inline text is the first of a list item: it carries the bullet
    for token in _reader().parse(text):
        if token.type in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrGet("start") or 1) if token.type == "ordered_list_open" else 0
            lists.append([start])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            item_starts = True
        elif token.type == "heading_open":
            heading = True
        elif token.type == "heading_close":
            heading = False
        elif token.type in ("fence", "code_block"):
            code = escape(token.content.rstrip("\n"), quote=False).replace("\n", "<br/>")
            blocks.append(NoteBlock("code", f'<font face="Courier">{code}</font>', depth=len(lists)))
        elif token.type == "inline":
            markup = _inline(token.children or [])
            if heading:
                blocks.append(NoteBlock("heading", markup))
            elif item_starts:
                item_starts = False
                number = lists[-1]
                bullet = f"{number[0]}." if number[0] else "•"
                if number[0]:
                    number[0] += 1
                blocks.append(NoteBlock("item", markup, bullet, len(lists)))
            else:
                blocks.append(NoteBlock("paragraph", markup, depth=len(lists)))
    return blocks


def _inline(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in _INLINE:
            parts.append(_INLINE[child.type])
        elif child.type == "code_inline":
            parts.append(f'<font face="Courier">{escape(child.content, quote=False)}</font>')
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("<br/>")
        else:
            parts.append(escape(child.content, quote=False))
    return "".join(parts)
