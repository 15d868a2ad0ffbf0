"""Benchmark the PDF reports (issue: one unit's monthly report <= 1.5 s median in a warm
process; all units of a month in <= 5 minutes on 2 cores).

    .venv/bin/python bench/reports.py                       # demo province, unit report
    .venv/bin/python bench/reports.py --all                 # ... and `report all`
    .venv/bin/python bench/reports.py --database sqlite:///bench/.cache/stats-....sqlite --all

Without --database the demo province (seed 2843) is built once into bench/.cache/. The
baseline, measured in the same run, renders the same kind of report from synthetic plain
data (survey.reports.context.example_unit_context: 3 pages, two SVG charts) with no
database at all, so the ratio shows what assembling from the database adds.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
sys.path.insert(0, str(ROOT))


def demo_database(seed: int) -> str:
    from survey import create_app
    from survey.demo import build_demo
    from survey.extensions import db
    from survey.questionnaires import sync_builtin

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-seed{seed}.sqlite"
    url = f"sqlite:///{path}"
    if not path.exists():
        app = create_app({"DATABASE_URL": url})
        with app.app_context():
            db.create_all()
            sync_builtin(db.session)
            db.session.commit()
            started = time.perf_counter()
            build_demo(db.session, seed=seed, timezone=app.config["TIMEZONE"])
            db.session.commit()
            print(f"built demo province in {time.perf_counter() - started:.1f} s")
    return url


def busiest_unit_and_month(session):
    """The last complete month in the data and its unit with the most responses."""
    from sqlalchemy import func, select

    from survey.models import Response, Unit

    last = session.scalar(select(func.max(Response.local_date)))
    month = f"{last.year:04d}-{last.month:02d}"
    start = last.replace(day=1)
    code = session.execute(
        select(Unit.code).join(Response, Response.unit_id == Unit.id)
        .where(Response.local_date >= start).group_by(Unit.code)
        .order_by(func.count(Response.id).desc()).limit(1)).scalar()
    return code, month


def time_it(function, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return timings


def baseline_pdf() -> bytes:
    from survey.reports.context import example_unit_context
    from survey.reports.pdf import render_unit_report

    return render_unit_report(example_unit_context())


def unit_report_timings(url: str, runs: int) -> dict:
    from survey import create_app
    from survey.extensions import db
    from survey.periods import parse_period
    from survey.reports import assemble
    from survey.reports.pdf import render_unit_report
    from survey.reports.service import unit_report_pdf

    app = create_app({"DATABASE_URL": url})
    with app.app_context():
        code, month = busiest_unit_and_month(db.session)
        unit_report_pdf(db.session, code, month)  # warm: imports, fonts, caches
        baseline_pdf()
        unit = assemble.queries.unit_by_code(code)
        context = assemble.unit_context(db.session, unit, parse_period(month))
        result = {
            "unit": code, "month": month,
            "total": time_it(lambda: unit_report_pdf(db.session, code, month), runs),
            "assemble": time_it(lambda: assemble.unit_context(db.session, unit,
                                                              parse_period(month)), runs),
            "render": time_it(lambda: render_unit_report(context), runs),
            "baseline": time_it(baseline_pdf, runs),
        }
        units = len(assemble.statistics.group_scopes(db.session, "all",
                                                     parse_period(month))[1])
        result["units"] = units
    return result


def report_all_seconds(url: str, month: str, out: Path) -> float:
    env = dict(os.environ, SURVEY_DATABASE_URL=url)
    started = time.perf_counter()
    subprocess.run([str(ROOT / ".venv" / "bin" / "flask"), "--app", "survey", "report", "all",
                    "--period", month, "--out", str(out)], check=True, env=env, cwd=ROOT)
    return time.perf_counter() - started


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", help="SQLAlchemy URL (default: the demo province)")
    parser.add_argument("--seed", type=int, default=2843)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--all", action="store_true", help="also time `report all`")
    args = parser.parse_args()
    url = args.database or demo_database(args.seed)
    result = unit_report_timings(url, args.runs)
    total, base = median(result["total"]), median(result["baseline"])
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"database: {url.split('/')[-1]} ({result['units']} units in {result['month']})")
    print(f"unit report {result['unit']} {result['month']}, median of {args.runs} (warm): "
          f"{total:.3f} s (assemble {median(result['assemble']):.3f} s, render "
          f"{median(result['render']):.3f} s); baseline (synthetic context, no database) "
          f"{base:.3f} s; "
          f"ratio {total / base:.1f}x")
    if args.all:
        out = CACHE / "report-all"
        seconds = report_all_seconds(url, result["month"], out)
        print(f"report all {result['month']}: {result['units']} unit PDFs + comparison in "
              f"{seconds:.1f} s ({seconds / max(result['units'], 1):.2f} s per unit)")


if __name__ == "__main__":
    main()
