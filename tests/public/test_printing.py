"""QR codes, posters and sticker sheets: what is printed decodes to exactly the right URL."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
import sqlalchemy as sa
from PIL import Image
from pyzbar.pyzbar import decode

from survey import tokens
from survey.models import Token

from .survey_factories import DESK, KIOSK, RECEIPT

PUBLIC = "https://hailong.example.vn"


def pdf_pages_as_images(pdf: bytes, tmp_path, dpi: int = 150) -> list[Image.Image]:
    assert pdf.startswith(b"%PDF")
    source = tmp_path / "doc.pdf"
    source.write_bytes(pdf)
    subprocess.run([shutil.which("pdftoppm") or "pdftoppm", "-r", str(dpi), "-png",  # noqa: S603
                    str(source), str(tmp_path / "page")], check=True)
    return [Image.open(path) for path in sorted(tmp_path.glob("page*.png"))]


def decoded(image: Image.Image) -> list[str]:
    return sorted(symbol.data.decode() for symbol in decode(image))


def sticker_cells(page: Image.Image) -> list[Image.Image]:
    """One image per 70 x 42.3 mm label: a phone scans one sticker, not a sheet."""
    width, height = page.size
    cell_w, cell_h = width / 3, height * 42.3 / 297
    return [page.crop((int(col * cell_w), int(row * cell_h),
                       int((col + 1) * cell_w), int((row + 1) * cell_h)))
            for row in range(7) for col in range(3)]


def test_qr_png_and_svg_of_a_desk(client, channels):
    png = client.get(f"/s/{DESK}/qr.png")
    assert png.mimetype == "image/png"
    assert decoded(Image.open(io.BytesIO(png.data))) == [f"{PUBLIC}/s/{DESK}"]
    svg = client.get(f"/s/{DESK}/qr.svg")
    assert svg.mimetype == "image/svg+xml" and b"<svg" in svg.data and b"<path" in svg.data
    kiosk = client.get(f"/s/{KIOSK}/qr.png")
    assert decoded(Image.open(io.BytesIO(kiosk.data))) == [f"{PUBLIC}/k/{KIOSK}"]
    assert client.get(f"/s/{RECEIPT}/qr.png").status_code == 404


def test_poster_pdf_decodes_to_each_channel_url(runner, channels, tmp_path, artifacts):
    output = tmp_path / "posters.pdf"
    result = runner.invoke(args=["posters", "--unit", "SO-TNMT", "-o", str(output)])
    assert result.exit_code == 0, result.output
    pages = pdf_pages_as_images(output.read_bytes(), tmp_path)
    pages[0].save(artifacts / "poster-desk.png")
    assert len(pages) == 1  # one desk; kiosks and receipt channels have no poster
    assert decoded(pages[0]) == [f"{PUBLIC}/s/{DESK}"]
    pdftotext = shutil.which("pdftotext") or "pdftotext"
    text = subprocess.run([pdftotext, str(output), "-"], capture_output=True,  # noqa: S603
                          text=True, check=True).stdout
    assert "Sở Tài nguyên và Môi trường" in text and "Quầy 3 - Đất đai" in text
    assert f"hailong.example.vn/s/{DESK}" in text and "Quét mã QR" in text


def test_posters_for_unknown_unit_fail_clearly(runner, channels, tmp_path):
    result = runner.invoke(args=["posters", "--unit", "NOPE", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1 and "no unit with code 'NOPE'" in result.output


def test_sticker_sheet_issues_tokens_that_decode(runner, channels, tmp_path, fetch, artifacts):
    output = tmp_path / "stickers.pdf"
    result = runner.invoke(args=["tokens", "--channel", RECEIPT, "--count", "23",
                                 "-o", str(output)])
    assert result.exit_code == 0, result.output
    pages = pdf_pages_as_images(output.read_bytes(), tmp_path, dpi=200)
    pages[0].save(artifacts / "stickers-page1.png")
    assert len(pages) == 2  # 21 stickers a sheet
    urls = [url for page in pages for cell in sticker_cells(page) for url in decoded(cell)]
    assert len(urls) == 23 and len(set(urls)) == 23
    stored = fetch(lambda s: set(s.scalars(sa.select(Token.code_hash))))
    for url in urls:
        assert re.fullmatch(rf"{PUBLIC}/r/[0-9A-HJKMNP-TV-Z]{{12}}", url)
        assert tokens.sha256(url.rsplit("/", 1)[1]) in stored
    assert len(stored) == 23


@pytest.mark.parametrize("args", [["--channel", DESK, "--count", "1"],
                                  ["--channel", RECEIPT, "--count", "0"]])
def test_tokens_command_refuses_bad_requests(runner, channels, tmp_path, args, count):
    result = runner.invoke(args=["tokens", *args, "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0
    assert count(Token) == 0
