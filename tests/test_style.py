"""STYLE.md's size limits, checked: small functions (radon cyclomatic complexity <= 15) and
modules of at most 400 lines."""

from __future__ import annotations

from pathlib import Path

from radon.complexity import cc_visit

SRC = Path(__file__).resolve().parents[1] / "src" / "warwatch"
MAX_COMPLEXITY = 15
MAX_LINES = 400
# Packages not yet held to the limits (none: every package is, since issue 9).
NOT_YET: tuple[str, ...] = ()


def _modules() -> list[Path]:
    paths = sorted(SRC.rglob("*.py"))
    assert len(paths) > 50  # the package is there
    return [p for p in paths if not p.relative_to(SRC).as_posix().startswith(NOT_YET)]


def _blocks(source: str):
    for block in cc_visit(source):
        yield block
        yield from getattr(block, "methods", ())  # classes: their methods too


def test_no_function_is_too_complex() -> None:
    too_complex = [
        f"{path.relative_to(SRC)}:{block.lineno} {block.name} ({block.complexity})"
        for path in _modules()
        for block in _blocks(path.read_text(encoding="utf-8"))
        if block.complexity > MAX_COMPLEXITY and not hasattr(block, "methods")
    ]
    assert too_complex == [], "split these into small named functions"


def test_no_module_is_too_long() -> None:
    too_long = [
        f"{path.relative_to(SRC)} ({n} lines)"
        for path in _modules()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert too_long == [], "split these modules"


def test_the_check_sees_a_complex_function() -> None:
    branches = "".join(f"    if x == {i}:\n        return {i}\n" for i in range(MAX_COMPLEXITY))
    [block] = cc_visit(f"def f(x):\n{branches}    return -1\n")
    assert block.complexity == MAX_COMPLEXITY + 1
