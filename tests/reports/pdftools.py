"""PDF test helpers: poppler's pdftotext, pdffonts and pdftoppm via subprocess."""

from __future__ import annotations

import shutil
import subprocess  # noqa: S404  (fixed poppler commands on our own files)
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def _poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")
    return path


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text in reading order, as pdftotext gives it."""
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    result = subprocess.run([_poppler("pdftotext"), "-layout", str(source), "-"],  # noqa: S603
                            capture_output=True, check=True, text=True)
    return result.stdout


def pdf_fonts(pdf: bytes, tmp_path: Path) -> list[dict]:
    """pdffonts' table as [{name, emb}]."""
    source = tmp_path / "fonts.pdf"
    source.write_bytes(pdf)
    result = subprocess.run([_poppler("pdffonts"), str(source)],  # noqa: S603
                            capture_output=True, check=True, text=True)
    rows = result.stdout.splitlines()[2:]
    # columns: name type encoding emb sub uni object ID; the type may contain spaces,
    # so read the yes/no flags from the right.
    return [{"name": row.split()[0], "emb": row.split()[-5]} for row in rows if row.strip()]


def first_page_png(pdf: bytes, name: str) -> Path:
    """Page 1 at 80 dpi into test-artifacts/ (git-ignored), to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
    subprocess.run([_poppler("pdftoppm"), "-r", "80", "-png", "-f", "1", "-l", "1",  # noqa: S603
                    "-singlefile", str(ARTIFACTS / f"{name}.pdf"), str(ARTIFACTS / name)],
                   check=True)
    return ARTIFACTS / f"{name}.png"


def squash(text: str) -> str:
    """Collapse whitespace so that a phrase split over lines still matches."""
    return " ".join(text.split())
