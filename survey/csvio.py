"""Shared pieces of the all-or-nothing CSV imports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path


class CsvImportError(ValueError):
    """A bad row: the message names the row (as a spreadsheet numbers it) and the reason."""

    def __init__(self, row: int, reason: str):
        super().__init__(f"row {row}: {reason}")
        self.row = row
        self.reason = reason


def read_rows(path: Path, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, row) with the header as row 1; check the header first."""
    text = path.read_text(encoding="utf-8-sig")  # Excel writes a BOM
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [name for name in required if name not in header]
    if missing:
        raise CsvImportError(1, "missing column(s): " + ", ".join(missing))
    for number, row in enumerate(reader, start=2):
        if None in row:
            raise CsvImportError(number, "more values than columns")
        yield number, {key: (value or "").strip() for key, value in row.items()}


def optional_date(row: int, value: str, column: str) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CsvImportError(row, f"{column} '{value}' is not a date (YYYY-MM-DD)") from None


def write_csv(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
