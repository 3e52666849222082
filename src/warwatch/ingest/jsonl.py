"""JSON Lines: one report object per line.

``text`` is required; ``id``, ``published``, ``source``, ``url`` and ``title`` are optional.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from warwatch.errors import InputError
from warwatch.ingest.document import Draft

OPTIONAL_FIELDS = ("id", "published", "source", "url", "title")


def read_jsonl(text: str, path: str) -> Iterator[Draft | InputError]:
    """One :class:`Draft` per non-blank line, or an :class:`InputError` naming ``path:LINE``.

    Keys other than the documented ones (a ``gold`` annotation, say) are ignored.
    """
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        origin = f"{path}:{number}"
        try:
            yield _read_line(line, origin)
        except InputError as error:
            yield error


def _read_line(line: str, origin: str) -> Draft:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputError(
            f"invalid JSON ({error.msg} at column {error.colno})", source=origin
        ) from None
    if not isinstance(record, dict):
        raise InputError(
            f"expected a JSON object per line, got {type(record).__name__}", source=origin
        )
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError('missing or empty "text" field', source=origin)
    values: dict[str, str | None] = {}
    for name in OPTIONAL_FIELDS:
        value = record.get(name)
        # bool is an int in Python: '"id": true' became the id "True" (issue 14)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (str, int))):
            raise InputError(
                f'field "{name}" must be a string{" or an integer" if name == "id" else ""}, '
                f"not {_json_type(value)} ({json.dumps(value)[:40]})",
                source=origin,
            )
        values[name] = None if value is None else str(value)
    return Draft(
        text=text,
        origin=origin,
        format="jsonl",
        title=values["title"],
        published=values["published"],
        source=values["source"],
        url=values["url"],
        external_id=values["id"],
    )


def _json_type(value: object) -> str:
    """The JSON name of a value's type, as the person who wrote the file sees it."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
