"""HTML pages (main text and metadata via trafilatura) and HTML fragments to plain text."""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.etree
import lxml.html

_BLOCK_TAGS = frozenset((
    "p", "div", "section", "article", "header", "footer", "aside", "blockquote", "pre", "li",
    "ul", "ol", "dl", "dt", "dd", "table", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "figure",
    "figcaption", "address", "hr",
))  # fmt: skip
_SPACES = re.compile(r"\s+")
_DROP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "svg")


@dataclass(frozen=True)
class HtmlReport:
    """Main text of a web page and the metadata found in it (values as written)."""

    text: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None


def extract_html(html: str) -> HtmlReport:
    """Main text and metadata of a page, offline: trafilatura, else plain tag stripping.

    ``source`` is the site name, else the host name; ``published`` is the original publication
    date found in the page's metadata (trafilatura's date search in the body text is off, as body
    dates are usually event dates).
    """
    import trafilatura
    from trafilatura.settings import set_date_params

    result = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=set_date_params(extensive=False),
    )
    if result is None:
        return HtmlReport(text=html_to_text(html))
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = data.get("text") or ""
    if not text.strip():
        text = html_to_text(html)
    return HtmlReport(
        text=text,
        title=data.get("title") or None,
        published=data.get("date") or None,
        source=data.get("sitename") or data.get("hostname") or None,
        url=data.get("url") or None,
    )


def html_to_text(html: str) -> str:
    """Plain text of an HTML page or fragment, one blank line between paragraphs.

    >>> html_to_text("<p>Shelling in <b>Kharkiv</b>.</p><p>Three killed.</p>")
    'Shelling in Kharkiv.\\n\\nThree killed.'
    """
    if "<" not in html:
        return _tidy(html)
    try:
        # huge_tree: libxml2 otherwise stops at 256 levels of nesting, and a page nested 1,000
        # deep came out empty ("no readable text") although it held a real sentence (issue 14);
        # a parser per call, as lxml parsers must not be shared between threads.
        root = lxml.html.fragment_fromstring(
            html, create_parent="div", parser=lxml.html.HTMLParser(huge_tree=True)
        )
    except (lxml.etree.ParserError, ValueError):
        return _stripped(html)
    for element in list(root.iter(*_DROP_TAGS)):
        element.drop_tree()
    for element in root.iter():
        _lay_out(element)
    # libxml2 stops building the tree past 2,048 levels even with huge_tree: then strip the tags
    return _tidy(root.text_content()) or _stripped(html)


def _stripped(html: str) -> str:
    """The text between the tags, scripts and styles left out (for pages lxml cannot build)."""
    html = re.sub(r"(?is)<(script|style|template)\b.*?</\1\s*>", " ", html)
    return _tidy(re.sub(r"<[^>]*>", " ", html))


def _lay_out(element: lxml.etree._Element) -> None:
    """Rewrite one element's text and tail so ``text_content`` keeps the page's line breaks."""
    # Source line breaks are spaces in HTML: the breaks kept are those the tags below make.
    element.tail = _SPACES.sub(" ", element.tail) if element.tail else element.tail
    if not isinstance(element.tag, str):  # comments, processing instructions
        return
    tag = element.tag.lower()
    if tag != "pre" and element.text:
        element.text = _SPACES.sub(" ", element.text)
    if tag == "br":
        element.tail = "\n" + (element.tail or "")
    elif tag in _BLOCK_TAGS:
        element.text = "\n\n" + (element.text or "")
        element.tail = "\n\n" + (element.tail or "")
    elif tag in ("td", "th"):
        element.tail = " " + (element.tail or "")


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
