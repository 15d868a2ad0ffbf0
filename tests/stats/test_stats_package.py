"""House rules for the package: no web or database imports; labels for every value."""
from __future__ import annotations

import ast
from pathlib import Path

from survey.stats.labels import LABELS_EN, LABELS_VI

STATS = Path(__file__).resolve().parents[2] / "survey" / "stats"


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_stats_imports_only_numbers_libraries():
    allowed = {"__future__", "collections", "dataclasses", "math", "typing", "numpy", "scipy",
               "survey"}
    for path in STATS.glob("*.py"):
        assert imported_roots(path) <= allowed, path.name
        text = path.read_text(encoding="utf-8")
        assert "survey.models" not in text
        assert "import flask" not in text.lower()


def test_labels_cover_every_machine_value():
    expected = {
        "verdict": {"above", "below", "indeterminate", "insufficient"},
        "reliability": {"ok", "low", "suppressed"},
        "change": {"improved", "declined", "no-change"},
        "funnel": {"in", "alert-high", "alert-low", "alarm-high", "alarm-low", "not-plotted"},
        "method": {"binomial", "additive-random-effects"},
    }
    for table in (LABELS_VI, LABELS_EN):
        for group, keys in expected.items():
            assert set(table[group]) == keys
    assert {g: set(v) for g, v in LABELS_VI.items()} == {g: set(v) for g, v in LABELS_EN.items()}


def test_vietnamese_labels_are_composed_unicode():
    import unicodedata
    for group in LABELS_VI.values():
        for text in group.values():
            assert unicodedata.normalize("NFC", text) == text
    assert LABELS_VI["verdict"]["insufficient"] == "Chưa đủ dữ liệu"
