"""Fingerprints of extraction output, to show a refactoring changed nothing.

Ingests each corpus into a fresh SQLite database and prints the SHA-256 of its JSON Lines export,
without the fields that change from run to run (``timestamp``, the ingestion time, and
``event_id_cnty``, built from the database row id), lines sorted (so document order and worker
count do not matter):

    .venv/bin/python scripts/parity.py [--workers 2] [--shared ../shared] [--keep DIR] [--only NAME]
                                       [--without-knowledge-version]

``--without-knowledge-version`` drops ``knowledge_version`` too: it names the gazetteer build,
whose version hashes the builder's code, so any edit to that code changes it with the same
records.

Corpora: the ACLED dev notes, the news_dev articles and the seed article, all read from
``../shared`` (never copied into the repo).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

_VOLATILE = ("timestamp", "event_id_cnty")


def _stable(line: str, volatile: tuple[str, ...] = _VOLATILE) -> str:
    record = json.loads(line)
    for key in volatile:
        record.pop(key, None)
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


def _fingerprint(
    inputs: list[Path],
    workers: int,
    extra: list[str],
    keep: Path | None = None,
    volatile: tuple[str, ...] = _VOLATILE,
) -> tuple[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/parity.db"
        warwatch = [sys.executable, "-c", "from warwatch.cli import main; main()"]
        subprocess.run(
            [
                *warwatch,
                "ingest",
                *map(str, inputs),
                "--db",
                db,
                "--workers",
                str(workers),
                "-q",
                *extra,
            ],
            check=True,
        )
        out = Path(tmp) / "events.jsonl"
        subprocess.run(
            [*warwatch, "export", "--format", "jsonl", "--db", db, "-o", str(out)], check=True
        )
        text = out.read_text(encoding="utf-8")
        lines = sorted(_stable(line, volatile) for line in text.splitlines())
    text = "\n".join(lines)
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / f"{inputs[0].parent.name}.jsonl").write_text(text + "\n", encoding="utf-8")
    return hashlib.sha256(text.encode()).hexdigest(), len(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--shared", type=Path, default=Path(__file__).resolve().parents[1] / ".." / "shared"
    )
    parser.add_argument("--keep", type=Path, help="write the normalised exports to this folder")
    parser.add_argument("--only", help="one corpus: acled_notes, news_dev or seed_article")
    parser.add_argument("--without-knowledge-version", action="store_true")
    args = parser.parse_args()
    volatile = _VOLATILE + (("knowledge_version",) if args.without_knowledge_version else ())
    data = args.shared / "data"
    corpora = {
        "acled_notes": ([data / "acled_notes" / "dev.jsonl"], []),
        "news_dev": ([data / "news_dev" / "dev.jsonl"], []),
        "seed_article": (
            [args.shared / "samples" / "seed_article.txt"],
            ["--published", "2024-12-07"],
        ),
    }
    for name, (inputs, extra) in corpora.items():
        if args.only and name != args.only:
            continue
        digest, count = _fingerprint(inputs, args.workers, extra, args.keep, volatile)
        print(f"{name:14} {count:6d} events  sha256 {digest}")


if __name__ == "__main__":
    main()
