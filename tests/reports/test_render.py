"""The renderer fetches packaged static files and nothing else."""

from pathlib import Path

import pytest
from weasyprint.urls import FatalURLFetchingError

from survey.reports.render import STATIC_DIR, RefusedURL, StaticOnlyFetcher, render_pdf

from .pdftools import pdf_fonts, pdf_text, squash


@pytest.fixture
def fetcher():
    return StaticOnlyFetcher()


def test_static_dir_is_beside_the_package():
    assert STATIC_DIR == Path(__file__).resolve().parents[2] / "static"
    assert (STATIC_DIR / "fonts" / "LiberationSerif-Regular.ttf").is_file()


@pytest.mark.parametrize("url", [
    "static:fonts/LiberationSerif-Regular.ttf",
    STATIC_DIR.joinpath("fonts", "LiberationSans-Regular.ttf").as_uri(),
    "fonts/LiberationSerif-Bold.ttf",
])
def test_serves_files_under_static(fetcher, url):
    response = fetcher(url)
    try:
        assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType file
    finally:
        response.close()


@pytest.mark.parametrize("url", [
    "http://example.com/logo.png",
    "https://example.com/style.css",
    "file:///etc/passwd",
    "file://otherhost/static/x.css",
    "static:../survey/reports/render.py",
    "static:/etc/passwd",
    "static:fonts/no-such-font.ttf",
    "data:text/css,body{}",
    "ftp://example.com/x",
    "//example.com/x.png",
])
def test_refuses_everything_else(fetcher, url):
    with pytest.raises(RefusedURL):
        fetcher(url)


def test_refuses_a_symlink_that_leaves_static(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "report.css").write_text("body {}")
    (tmp_path / "passwd").symlink_to("/etc/passwd")
    with pytest.raises(RefusedURL):
        StaticOnlyFetcher(tmp_path)("static:passwd")


@pytest.mark.parametrize("tag", [
    '<img src="http://example.com/track.png">',
    '<img src="file:///etc/passwd">',
    '<link rel="stylesheet" href="https://example.com/x.css">',
])
def test_rendering_stops_on_a_refused_url(tag):
    with pytest.raises(FatalURLFetchingError):
        render_pdf(f"<p>Xin chào</p>{tag}")


VIETNAMESE = "Ắ ặ ỗ ự ữ Đ đ ơ ư ỹ — Sở Nội vụ tỉnh Phú Thọ: 87,4%"


def test_vietnamese_round_trips_in_embedded_bundled_fonts(tmp_path):
    html = (f"<p>{VIETNAMESE}</p><p><b>{VIETNAMESE}</b></p><p><i>{VIETNAMESE}</i></p>"
            f'<p style="font-family: \'Report Sans\'">{VIETNAMESE}</p>')
    pdf = render_pdf(html)
    assert squash(pdf_text(pdf, tmp_path)).count(VIETNAMESE) == 4
    fonts = pdf_fonts(pdf, tmp_path)
    assert {f["emb"] for f in fonts} == {"yes"}
    names = {f["name"].split("+", 1)[1] for f in fonts}
    assert names == {"Report-Serif", "Report-Serif-Bold", "Report-Serif-Italic", "Report-Sans"}


def test_static_dir_can_be_overridden(tmp_path):
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "report.css").write_text("p { color: red }")
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    assert render_pdf('<p>x</p><img src="logo.svg">', static_dir=tmp_path).startswith(b"%PDF")
    with pytest.raises(FatalURLFetchingError):
        render_pdf(f'<img src="{STATIC_DIR.as_uri()}/reports/report.css">',
                   static_dir=tmp_path)
