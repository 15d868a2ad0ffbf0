"""Units CSV: code,name,kind,level,parent_code,valid_from,valid_to,successor_code.

Import is all-or-nothing and upserts by code; parents and successors may be defined
anywhere in the file or already in the database.
"""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .csvio import CsvImportError, optional_date, read_rows, write_csv
from .models import UNIT_KINDS, Unit

COLUMNS = ["code", "name", "kind", "level", "parent_code", "valid_from", "valid_to",
           "successor_code"]
CODE = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")


def import_units(session: Session, path: Path) -> int:
    """Validate every row, then write; raises CsvImportError on the first bad row."""
    rows = list(read_rows(path, COLUMNS))
    known = {u.code: u for u in session.scalars(select(Unit))}
    seen: dict[str, int] = {}
    for number, row in rows:
        check_row(number, row, seen)
    codes = set(known) | set(seen)
    for number, row in rows:
        for column in ("parent_code", "successor_code"):
            if row[column] and row[column] not in codes:
                raise CsvImportError(number, f"{column} '{row[column]}' is not a known unit")
    check_no_cycles(rows, known)
    with session.no_autoflush:
        apply_rows(session, rows, known)
    return len(rows)


def check_row(number: int, row: dict[str, str], seen: dict[str, int]) -> None:
    code = row["code"]
    if not CODE.match(code):
        raise CsvImportError(number, f"code '{code}' must be 1-40 letters, digits, . _ or -")
    if code in seen:
        raise CsvImportError(number, f"code '{code}' already appears in row {seen[code]}")
    seen[code] = number
    if not row["name"] or len(row["name"]) > 200:
        raise CsvImportError(number, "name is empty or longer than 200 characters")
    if row["kind"] not in UNIT_KINDS:
        raise CsvImportError(number, f"kind '{row['kind']}' is not one of {', '.join(UNIT_KINDS)}")
    if not row["level"] or len(row["level"]) > 40:
        raise CsvImportError(number, "level is empty or longer than 40 characters")
    start = optional_date(number, row["valid_from"], "valid_from")
    end = optional_date(number, row["valid_to"], "valid_to")
    if start and end and end < start:
        raise CsvImportError(number, "valid_to is before valid_from")
    if row["parent_code"] == code or row["successor_code"] == code:
        raise CsvImportError(number, "a unit cannot be its own parent or successor")


def check_no_cycles(rows: list[tuple[int, dict[str, str]]], known: dict[str, Unit]) -> None:
    parent = {code: (u.parent.code if u.parent else "") for code, u in known.items()}
    parent.update({row["code"]: row["parent_code"] for _, row in rows})
    for number, row in rows:
        walked, cursor = set(), row["code"]
        while cursor:
            if cursor in walked:
                raise CsvImportError(number, f"parent_code makes a loop through '{cursor}'")
            walked.add(cursor)
            cursor = parent.get(cursor, "")


def apply_rows(session: Session, rows, known: dict[str, Unit]) -> None:
    units = dict(known)
    for _, row in rows:
        unit = units.get(row["code"]) or Unit(code=row["code"])
        unit.name, unit.kind, unit.level = row["name"], row["kind"], row["level"]
        unit.valid_from = optional_date(0, row["valid_from"], "valid_from")
        unit.valid_to = optional_date(0, row["valid_to"], "valid_to")
        units[row["code"]] = unit
        session.add(unit)
    for _, row in rows:
        unit = units[row["code"]]
        unit.parent = units.get(row["parent_code"]) if row["parent_code"] else None
        unit.successor = units.get(row["successor_code"]) if row["successor_code"] else None


def export_units(session: Session) -> str:
    units = session.scalars(select(Unit).order_by(Unit.code))
    rows = [[u.code, u.name, u.kind, u.level, u.parent.code if u.parent else "",
             u.valid_from or "", u.valid_to or "", u.successor.code if u.successor else ""]
            for u in units]
    return write_csv(COLUMNS, rows)
