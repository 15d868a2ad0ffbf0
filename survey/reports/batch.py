"""`report all`: every unit's PDF plus the comparison, on every core.

Each worker process builds its own app from the parent's settings and renders whole
reports (database reads and WeasyPrint alike), so the work spreads over the cores;
the parent only hands out unit codes and advances the progress bar.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing import get_context
from pathlib import Path

_worker_app = None

# Settings a worker needs to see the same database and render the same way.
FORWARDED = ("DATABASE_URL", "SECRET_KEY", "TIMEZONE", "TARGET", "TARGETS_BY_KIND", "MIN_N",
             "LOW_N", "RANK_SEED", "ISSUER_PARENT", "ISSUER_NAME", "PLACE", "PUBLIC_URL")


def settings_of(app) -> dict:
    return {key: app.config[key] for key in FORWARDED}


def start_worker(settings: dict) -> None:
    global _worker_app
    from survey import create_app

    _worker_app = create_app(settings)


def render_unit_file(code: str, period_text: str, out_dir: str) -> str:
    """In a worker: one unit's report to OUT_DIR/CODE.pdf; returns the code."""
    from survey.extensions import db
    from survey.reports.service import unit_report_pdf

    with _worker_app.app_context():
        try:
            pdf = unit_report_pdf(db.session, code, period_text)
        finally:
            db.session.remove()
    Path(out_dir, f"{code}.pdf").write_bytes(pdf)
    return code


def render_all(app, codes: list[str], period_text: str, out_dir: Path,
               workers: int | None = None) -> Iterator[str]:
    """Yield each unit code as its PDF is written."""
    workers = workers or os.cpu_count() or 1
    context = get_context("spawn")  # no SQLAlchemy connection crosses a fork
    with ProcessPoolExecutor(workers, mp_context=context, initializer=start_worker,
                             initargs=(settings_of(app),)) as pool:
        futures = [pool.submit(render_unit_file, code, period_text, str(out_dir))
                   for code in codes]
        for future in as_completed(futures):
            yield future.result()


def with_progress(items: Iterator[str], total: int, bar: Callable) -> list[str]:
    done = []
    with bar(length=total, label="Rendering unit reports") as progress:
        for code in items:
            done.append(code)
            progress.update(1)
    return done
