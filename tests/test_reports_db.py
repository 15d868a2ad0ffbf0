"""Reports from the database: the PDFs carry the same figures as `stats --format json`."""

from __future__ import annotations

import datetime as dt
import json
import random
import subprocess

import pytest

from survey.extensions import db
from survey.reports.formatting import pct, pct_ci
from tests.conftest import answer


def pdf_text(path) -> str:
    """The PDF's text with runs of white space folded to one space."""
    raw = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    return " ".join(raw.split())


@pytest.fixture
def filled(province):
    """November and October responses for two departments and the merged commune."""
    _, channels = province
    rng = random.Random(5)
    for code, p, n in (("SO-A", 0.88, 160), ("SO-B", 0.62, 90), ("X-C", 0.8, 6)):
        for month in (10, 11):
            for i in range(n):
                when = dt.datetime(2026, month, 3, 1) + dt.timedelta(minutes=7 * i)
                answer(channels[code], when, 5 if rng.random() < p else 2,
                       {"tiep_can": rng.choice([2, 4, 5]), "cong_chuc": rng.choice([0, 3, 5])})
    db.session.commit()
    return province


def test_unit_report_has_the_json_figures(filled, runner, tmp_path):
    stats = json.loads(runner.invoke(args=["stats", "--period", "2026-11", "--unit",
                                           "SO-B"]).output)
    out = tmp_path / "so-b.pdf"
    result = runner.invoke(args=["report", "unit", "SO-B", "--period", "2026-11",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert "BÁO CÁO KẾT QUẢ ĐO LƯỜNG SỰ HÀI LÒNG" in text
    assert "Đơn vị SO-B" in text
    assert pct(stats["rate"]) in text
    assert pct_ci(stats["ci"]).split("–")[0] in text
    assert "Tháng 11/2026" in text


def test_suppressed_unit_report_prints_no_rate(filled, runner, tmp_path):
    out = tmp_path / "x-c.pdf"
    result = runner.invoke(args=["report", "unit", "X-C", "--period", "2026-11",
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert "Chưa đủ dữ liệu" in text


def test_comparison_report_lists_every_unit(filled, runner, tmp_path):
    stats = json.loads(runner.invoke(args=["stats", "--period", "2026-11", "--group",
                                           "department"]).output)
    out = tmp_path / "compare.pdf"
    result = runner.invoke(args=["report", "compare", "--period", "2026-11", "--group",
                                 "department", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    for unit in stats["units"]:
        assert unit["name"] in text
        assert pct(unit["rate"]) in text


def test_report_all_writes_every_unit_and_the_comparison(filled, runner, tmp_path):
    result = runner.invoke(args=["report", "all", "--period", "2026-11", "--out",
                                 str(tmp_path / "out"), "--workers", "2"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == ["H-1.pdf", "SO-A.pdf", "SO-B.pdf", "X-C.pdf", "so-sanh-2026-11.pdf"]
    assert all((tmp_path / "out" / name).read_bytes().startswith(b"%PDF") for name in written)


def test_report_commands_refuse_bad_input(filled, runner, tmp_path):
    out = tmp_path / "x.pdf"
    bad_unit = runner.invoke(args=["report", "unit", "NOPE", "--period", "2026-11",
                                   "-o", str(out)])
    assert bad_unit.exit_code == 1 and "does not exist" in bad_unit.output
    bad_period = runner.invoke(args=["report", "compare", "--period", "2026-14", "-o", str(out)])
    assert bad_period.exit_code == 1 and "not a period" in bad_period.output
    assert not out.exists()
