"""A note's Markdown as the viewer's HTML and the report's paragraphs: structure kept, nothing that loads."""

from __future__ import annotations

from portfolio_app.bundle.note_markup import NoteBlock, note_blocks, note_html

NOTE = (
    "## Reteach plan\n\nSix students mixed **halves** and *quarters* <b>&</b>.\n\n"
    "- strips first\n- then the `number line`\n\n3. ask why\n4. wait\n\n"
    "![pixel](https://example.org/p.png) [site](https://example.org)"
)


def test_the_report_gets_headings_emphasis_and_numbered_and_bulleted_items():
    assert note_blocks(NOTE) == [
        NoteBlock("heading", "Reteach plan"),
        NoteBlock("paragraph", "Six students mixed <b>halves</b> and <i>quarters</i> &lt;b&gt;&amp;&lt;/b&gt;."),
        NoteBlock("item", "strips first", "•", 1),
        NoteBlock("item", 'then the <font face="Courier">number line</font>', "•", 1),
        NoteBlock("item", "ask why", "3.", 1),
        NoteBlock("item", "wait", "4.", 1),
        NoteBlock("paragraph", "![pixel](https://example.org/p.png) [site](https://example.org)"),
    ]


def test_the_viewer_gets_html_with_no_image_link_or_raw_html():
    html = note_html(NOTE)
    assert "<h2>Reteach plan</h2>" in html and "<strong>halves</strong>" in html and '<ol start="3">' in html
    assert "<img" not in html and "<a " not in html and "<b>" not in html
    assert "&lt;b&gt;" in html and "![pixel](https://example.org/p.png)" in html
