"""index.html: every tag is a working link, every file it references is in the bag, nothing comes from a network."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from portfolio_app.bundle.viewer import index_html
from portfolio_app.core.portfolio import Profile

TOP = "exit-tickets-ana-2026-11-20/"


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data):
        self.text.append(data)


@pytest.fixture(scope="module")
def page(bundle) -> tuple[str, _Elements, set[str]]:
    with zipfile.ZipFile(bundle) as archive:
        html = archive.read(TOP + "data/index.html").decode("utf-8")
        files = {n.removeprefix(TOP + "data/") for n in archive.namelist() if n.startswith(TOP + "data/")}
    parser = _Elements()
    parser.feed(html)
    return html, parser, files


def test_every_tag_has_a_link_that_finds_its_moment_or_region(page, content):
    _, parsed, files = page
    links = {a["data-tag"]: a for tag, a in parsed.elements if tag == "a" and "data-tag" in a}
    ids = {a.get("id") for _, a in parsed.elements}
    media = {a["id"]: tag for tag, a in parsed.elements if a.get("id", "").startswith("media-")}
    assert set(links) == {t.id for t in content.tags}
    for tag in content.tags:
        link = links[tag.id]
        if tag.span is not None:
            assert float(link["data-start"]) == pytest.approx(tag.span.start_s)
            assert float(link["data-end"]) == pytest.approx(tag.span.end_s)
            assert media[f"media-{tag.evidence_id}"] in ("video", "audio")
        elif link.get("data-region"):
            assert link["data-region"] in ids
        elif tag.region is not None:  # a region of a document page opens that page
            path, _, fragment = unquote(link["href"]).partition("#")
            assert path in files and fragment == f"page={tag.region.page + 1}"
        else:
            assert link["href"].lstrip("#") in ids


def test_every_evidence_item_is_shown(page, content):
    _, parsed, _ = page
    ids = {a.get("id") for _, a in parsed.elements}
    for item in content.evidence:
        assert f"ev-{item.evidence.id}" in ids
    kinds = {tag for tag, a in parsed.elements if a.get("id", "").startswith("media-")}
    assert kinds == {"video", "img"}


def test_every_file_it_references_is_in_the_bag_and_nothing_is_remote(page):
    html, parsed, files = page
    references = [
        value
        for _, attrs in parsed.elements
        for name, value in attrs.items()
        if name in ("src", "href", "poster", "data")
    ]
    assert references
    for reference in references:
        assert not reference.lower().startswith(("http:", "https:", "//", "file:", "data:")), reference
        path = unquote(reference.partition("#")[0])
        assert not path or path in files, f"{reference} is not in the bag"
    assert not [tag for tag, _ in parsed.elements if tag in ("link", "iframe", "object", "embed")]
    assert "@import" not in html and "url(" not in html and "fetch(" not in html
    assert "Content-Security-Policy" in html


def test_text_is_escaped(content):
    hostile = replace(content, profile=Profile("<script>alert(1)</script>", 'a@b.c" onload="x'))
    html = index_html(hostile).decode("utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'onload="x' not in html
    assert "Sorted exit tickets &amp; tally &lt;grid&gt;" in html


def test_it_shows_the_responses_and_the_rubric(page, content):
    html, parsed, _ = page
    text = " ".join(parsed.text)
    for prompt in content.credential.prompts:
        assert prompt.text in text
    for criterion in content.credential.criteria:
        assert criterion.title in text
    assert text.count("Not yet") == 1 and text.count("Meets") == 4
    assert 'class="level chosen' in html
