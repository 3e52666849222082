"""Resolution: from stored statements to the living picture (issue 4).

Pure functions over records: :mod:`.merge` (reports into incidents), :mod:`.contradictions`
(opposite claims), :mod:`.control` (territorial control timeline) and :mod:`.tallies` (sums beside
claimed totals). :mod:`.service` is the one path that reads and writes them through the store.
"""

from __future__ import annotations

from .merge import Incident, Link
from .statements import Statement, from_stored

__all__ = ["Incident", "Link", "Statement", "from_stored"]
