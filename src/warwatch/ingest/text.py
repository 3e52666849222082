"""Plain-text reports: optional ``Title:``/``Published:``/``Source:``/``URL:`` header lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADER = re.compile(r"^(title|published|date|source|url)[ \t]*:[ \t]*(.*?)\s*$", re.IGNORECASE)
_RETRIEVED = re.compile(r"^\s*content retrieved from:\s*(\S+?)\.?\s*$", re.IGNORECASE)
MAX_TITLE_CHARS = 200


@dataclass(frozen=True)
class TextReport:
    """A plain-text report split into body and header metadata (values as written)."""

    body: str
    title: str | None = None
    published: str | None = None
    source: str | None = None
    url: str | None = None


def parse_text_report(text: str) -> TextReport:
    """Split header lines and a trailing ``Content retrieved from: URL`` line off a report.

    Header lines (case-insensitive ``Title:``, ``Published:`` or ``Date:``, ``Source:``,
    ``URL:``) are read from the top until the first other line; blank lines after them are
    dropped. Without a ``Title:`` header a short first line (under 200 characters, no final
    period) is used as the title and kept in the body.

    >>> parse_text_report("Title: Clashes in Daraa\\n\\nFighters took the city.").title
    'Clashes in Daraa'
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip().split("\n")
    headers: dict[str, str] = {}
    index = 0
    while index < len(lines):
        match = _HEADER.match(lines[index])
        if not match:
            break
        key = match.group(1).lower()
        key = "published" if key == "date" else key
        if match.group(2):
            headers.setdefault(key, match.group(2))  # the first value of a repeated header wins
        index += 1
    body_lines = lines[index:]
    url = headers.get("url")
    while body_lines and not body_lines[-1].strip():
        body_lines.pop()
    if body_lines:
        retrieved = _RETRIEVED.match(body_lines[-1])
        if retrieved:
            body_lines.pop()
            url = url or retrieved.group(1)  # an explicit URL: header wins
    body = "\n".join(body_lines).strip()
    title = headers.get("title") or _title_from_first_line(body)
    return TextReport(
        body=body,
        title=title,
        published=headers.get("published"),
        source=headers.get("source"),
        url=url,
    )


def _title_from_first_line(body: str) -> str | None:
    first, _, rest = body.partition("\n")
    first = first.strip().lstrip("#").strip()  # a Markdown heading
    if not first or not rest.strip() or len(first) >= MAX_TITLE_CHARS or first.endswith("."):
        return None
    return first
