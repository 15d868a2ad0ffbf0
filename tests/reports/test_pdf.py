"""The two reports end to end: plain dicts in, PDF out; read back with poppler."""

import re

import pytest

from survey.reports.context import (
    ContextError,
    example_comparison_context,
    example_suppressed_unit_context,
    example_unit_context,
)
from survey.reports.pdf import dispersion_text, render_comparison_report, render_unit_report

from .pdftools import first_page_png, pdf_fonts, pdf_text, squash

BUNDLED = {"Report-Serif", "Report-Serif-Bold", "Report-Serif-Italic",
           "Report-Serif-Bold-Italic", "Report-Sans", "Report-Sans-Bold"}


@pytest.fixture(scope="module")
def unit_pdf():
    return render_unit_report(example_unit_context())


@pytest.fixture(scope="module")
def comparison_pdf():
    return render_comparison_report(example_comparison_context())


def test_unit_report_reads_right(unit_pdf, tmp_path):
    text = squash(pdf_text(unit_pdf, tmp_path))
    for phrase in (
        "UBND TỈNH PHÚ THỌ", "SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Phú Thọ, ngày 02 tháng 12 năm 2026",
        "BÁO CÁO KẾT QUẢ ĐO LƯỜNG", "SỰ HÀI LÒNG CỦA NGƯỜI DÂN", "UBND xã Thanh Sơn",
        "Tháng 11/2026", "87,4%", "83,3–90,7%",
        "Cao hơn mục tiêu 80% (có ý nghĩa thống kê)",
        "So với Tháng 10/2026", "+3,1 điểm %", "−2,3 đến +8,6 điểm %",
        "Toàn tỉnh Phú Thọ", "85,1%",
        "Tiếp nhận, xử lý góp ý, phản ánh, kiến nghị", "Chỉ số hài lòng chung các khía cạnh",
        "4,21", "80,3", "62,4%", "Mã một lần trên phiếu hẹn", "41,3%", "2,3%",
        "Tỷ lệ phản hồi: 12,6%", "2.520", "đã xử lý 11 ý kiến",
        "Ghi chú về phương pháp".upper(), "phương pháp Wilson", "tự chọn",
        "không thể hiện sai lệch do những người không trả lời", "Trang 1/3",
        "Nguyễn Thị Minh Hằng",
    ):
        assert phrase in text, phrase


def test_unit_report_masks_comments(unit_pdf, tmp_path):
    text = squash(pdf_text(unit_pdf, tmp_path))
    assert "[đã ẩn số điện thoại]" in text
    assert "[đã ẩn số định danh]" in text
    assert "[đã ẩn e-mail]" in text
    for leak in ("0912 345 678", "987654321", "025123456789", "nguyenvana@gmail.com"):
        assert leak not in text


def test_unit_report_low_reliability_mark(tmp_path):
    context = example_unit_context()
    context["summary"] = {**context["summary"], "n": 24, "satisfied": 21, "rate": 0.875,
                          "ci": [0.6897, 0.9566], "verdict": "indeterminate",
                          "reliability": "low"}
    text = squash(pdf_text(render_unit_report(context), tmp_path))
    assert "ĐỘ TIN CẬY THẤP" in text
    assert "Chưa khẳng định được cao hay thấp hơn mục tiêu 80%" in text


def test_suppressed_unit_prints_no_rate(tmp_path):
    context = example_suppressed_unit_context()
    pdf = render_unit_report(context)
    text = squash(pdf_text(pdf, tmp_path))
    assert "Chưa đủ dữ liệu (dưới 10 phiếu)" in text
    assert "Số người trả lời câu hỏi chung: 7" in text
    # No rate for the unit: the only figures in the headline are the province's.
    headline = text.split("II. DIỄN BIẾN")[0]
    assert set(re.findall(r"\d+,\d%", headline)) == {"85,1%", "85,5%"}
    assert "85,7%" not in text  # 6/7
    tables = text.split("III. KẾT QUẢ THEO KHÍA CẠNH")[1].split("IV. NGUỒN PHIẾU")[0]
    assert not re.search(r"\d+,\d%", tables)


def test_fonts_are_embedded_and_bundled(unit_pdf, comparison_pdf, tmp_path):
    for pdf in (unit_pdf, comparison_pdf):
        fonts = pdf_fonts(pdf, tmp_path)
        assert fonts, "no fonts found"
        assert {f["emb"] for f in fonts} == {"yes"}
        assert {f["name"].split("+", 1)[1] for f in fonts} <= BUNDLED


def test_comparison_report_reads_right(comparison_pdf, tmp_path):
    layout = pdf_text(comparison_pdf, tmp_path)
    text = squash(layout)
    for phrase in (
        "BÁO CÁO SO SÁNH KẾT QUẢ ĐO LƯỜNG", "Trung tâm phục vụ hành chính công các xã",
        "Giới hạn 95%", "Giới hạn 99,8%", "Mục tiêu 80%",
        "Đơn vị thấp hơn mục tiêu (có ý nghĩa thống kê)", "UBND xã Đà Bắc: 65,2%",
        "Đơn vị chưa đủ dữ liệu", "UBND xã Mỹ Lương: 7 phiếu", "UBND xã Cao Phong: 4 phiếu",
        "Thứ tự ước lượng".upper(), "Khoảng thứ hạng", "mô hình hiệu ứng ngẫu nhiên",
        "Biểu đồ phễu so sánh", "Trang 1/",
    ):
        assert phrase in text, phrase
    # a suppressed unit's row: its count, then dashes where rate and interval would be
    row = re.search(r"^\s*2\s+UBND xã Mỹ Lương\s+7\s+(\S+)\s+(\S+)", layout, re.MULTILINE)
    assert row
    assert row.groups() == ("—", "—")


def test_comparison_without_ranking(tmp_path):
    pdf = render_comparison_report(example_comparison_context(show_ranking=False))
    text = squash(pdf_text(pdf, tmp_path))
    assert "THỨ TỰ ƯỚC LƯỢNG" not in text
    assert "Khoảng thứ hạng" not in text


def test_dispersion_in_words():
    assert "nhị thức chính xác" in dispersion_text(
        {"phi": 1.1, "tau2": 0.0, "method": "binomial"})
    assert "φ = 1,84" in dispersion_text(
        {"phi": 1.84, "tau2": 0.0011, "method": "additive-random-effects"})


def test_missing_context_keys_are_named():
    context = example_unit_context()
    del context["summary"]["verdict"]
    with pytest.raises(ContextError, match="summary lacks verdict"):
        render_unit_report(context)
    comparison = example_comparison_context()
    del comparison["group_label"]
    with pytest.raises(ContextError, match="lacks group_label"):
        render_comparison_report(comparison)


def test_first_pages_as_artifacts(unit_pdf, comparison_pdf):
    for name, pdf in (("report-unit", unit_pdf), ("report-compare", comparison_pdf),
                      ("report-unit-suppressed",
                       render_unit_report(example_suppressed_unit_context()))):
        assert first_page_png(pdf, name).stat().st_size > 10_000
