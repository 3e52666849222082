"""The ACLED event taxonomy, read from ``data/acled_taxonomy.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class SubEventType:
    name: str
    event_type: str
    disorder_type: str
    plover: str | None
    plover_mode: str | None
    territorial: bool


def read_sub_event_types() -> dict[str, SubEventType]:
    """All 25 ACLED sub-event types by name, read from the packaged file (extraction gets them
    through ``Knowledge.taxonomy``)."""
    text = resources.files("warwatch").joinpath("data/acled_taxonomy.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    out: dict[str, SubEventType] = {}
    for event_type, spec in data["event_types"].items():
        for name, attrs in spec["sub_event_types"].items():
            attrs = attrs or {}
            out[name] = SubEventType(
                name=name,
                event_type=event_type,
                disorder_type=spec["disorder_type"],
                plover=attrs.get("plover"),
                plover_mode=attrs.get("plover_mode"),
                territorial=bool(attrs.get("territorial", False)),
            )
    return out


# The codebook for the layers around extraction (export columns, the typer's labels, the resolve
# rules): a fixed reference table, read once per process.
sub_event_types = lru_cache(maxsize=1)(read_sub_event_types)


def event_types() -> list[str]:
    """The six ACLED event types, in codebook order."""
    seen: dict[str, None] = {}
    for sub in sub_event_types().values():
        seen.setdefault(sub.event_type, None)
    return list(seen)
