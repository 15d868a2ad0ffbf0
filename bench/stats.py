"""Statistics at province scale: the group comparison for one month and a unit's
12-month trend, on SQLite and PostgreSQL, with peak memory (DESIGN.md, Budgets).

    .venv/bin/python bench/stats.py --engine both            # 300 units, 1.2M responses
    .venv/bin/python bench/stats.py --engine sqlite --responses 120000 --runs 3

The database is built once: the SQLite file is cached under bench/.cache/ (keyed by the
parameters), the PostgreSQL database `bench_stats` is reused when its parameters match
and dropped at the end unless --keep. The schema comes from the Alembic migrations, so a
cached database gets new migrations (indexes) applied on the next run.

Each engine is measured in its own child process, so the process's peak RSS belongs to
that engine's measurement alone (the build runs in another child).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import statistics as pystats
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CACHE = Path(__file__).resolve().parent / ".cache"
GENERATOR_VERSION = 1  # bump when the generated data changes
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"
PG_DB = "bench_stats"
FIRST_MONTH = dt.date(2025, 12, 1)  # 12 months: 2025-12 .. 2026-11 (local dates)
UTC_OFFSET = dt.timedelta(hours=7)  # Asia/Ho_Chi_Minh

# 300 units: (kind, level, count, questionnaire key)
UNIT_MIX = (("administrative", "department", 20, "admin"),
            ("administrative", "district", 10, "admin"),
            ("administrative", "commune", 150, "admin"),
            ("health", "health", 60, "health"),
            ("education", "school", 60, "education"))


def params_key(args) -> str:
    return f"u{args.units}-r{args.responses}-m{args.months}-s{args.seed}-g{GENERATOR_VERSION}"


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def make_app(url: str):
    from survey import create_app

    return create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": False})


def engine_url(engine: str, args) -> str:
    if engine == "sqlite":
        return f"sqlite:///{CACHE / f'stats-{params_key(args)}.sqlite'}"
    return f"{args.pg_server}/{PG_DB}"


# --- Building ------------------------------------------------------------------------------

def built(engine: str, args) -> bool:
    """Whether a database with these parameters is already there."""
    if engine == "sqlite":
        return (CACHE / f"stats-{params_key(args)}.sqlite").exists()
    import psycopg

    with psycopg.connect(f"{args.pg_server}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DB,)).fetchone():
            return False
    with psycopg.connect(f"{args.pg_server}/{PG_DB}") as conn:
        try:
            row = conn.execute("SELECT key FROM bench_params").fetchone()
        except psycopg.Error:
            return False
    return row is not None and row[0] == params_key(args)


def build(engine: str, args) -> None:
    """Schema by the migrations, questionnaires by sync_builtin, rows in bulk."""
    import numpy as np
    from flask_migrate import upgrade

    from survey.extensions import db
    from survey.instruments import builtin_instruments
    from survey.questionnaires import sync_builtin

    started = time.perf_counter()
    if engine == "sqlite":
        CACHE.mkdir(parents=True, exist_ok=True)
        path = CACHE / f"stats-{params_key(args)}.sqlite"
        for leftover in CACHE.glob(path.name + "*"):
            leftover.unlink()
        partial = path.with_suffix(".building")
        for leftover in CACHE.glob(partial.name + "*"):
            leftover.unlink()
        url = f"sqlite:///{partial}"
    else:
        import psycopg

        with psycopg.connect(f"{args.pg_server}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
            conn.execute(f"CREATE DATABASE {PG_DB}")
        url = f"{args.pg_server}/{PG_DB}"
    app = make_app(url)
    rng = np.random.default_rng(args.seed)
    with app.app_context():
        upgrade()
        questionnaires = {q.key: q for q in sync_builtin(db.session)}
        db.session.commit()
        instruments = builtin_instruments()
        units, channels, volumes = unit_rows(args, questionnaires, rng)
        writer = SqliteWriter(db.engine) if engine == "sqlite" else PostgresWriter(db.engine)
        writer.rows("unit", ("id", "code", "name", "kind", "level", "parent_id"), units)
        writer.rows("channel", ("id", "code", "unit_id", "questionnaire_id", "kind", "label",
                                "active", "created_at"), channels)
        writer.rows("service_volume", ("id", "unit_id", "month", "served"), volumes)
        forms = form_layouts(questionnaires, instruments)
        unit_q = np.array([0] + [forms.index_of[u[6]] for u in units])  # by unit id
        weights = unit_weights(args.units, rng)
        quality = rng.beta(8, 2.5, args.units + 1)  # per unit: propensity to be satisfied
        next_response, next_answer = 1, 1
        per_month = args.responses // args.months
        for m in range(args.months):
            month = add_months(FIRST_MONTH, m)
            n = per_month if m < args.months - 1 else args.responses - per_month * m
            responses, answers = month_rows(rng, month, n, next_response, next_answer,
                                            weights, unit_q, quality, forms)
            writer.rows("response", RESPONSE_COLUMNS, responses)
            writer.rows("answer", ("id", "response_id", "item_key", "value", "choice"), answers)
            next_response += len(responses)
            next_answer += len(answers)
            print(f"  {engine}: {month:%Y-%m} {len(responses):,} responses, "
                  f"{len(answers):,} answers ({time.perf_counter() - started:.0f} s)",
                  file=sys.stderr, flush=True)
        writer.finish(params_key(args))
        db.session.remove()
        db.engine.dispose()
    if engine == "sqlite":
        partial.rename(path)
    print(f"  {engine}: built {args.responses:,} responses, {next_answer - 1:,} answers in "
          f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)


RESPONSE_COLUMNS = ("id", "channel_id", "unit_id", "questionnaire_id", "submitted_at",
                    "local_date", "language", "verified", "seconds_spent", "flags", "excluded",
                    "exclusion_reason")


class Forms:
    """The three instruments as arrays: rating keys (overall first), choice key+options."""

    def __init__(self, layouts):
        self.keys = [layout[0] for layout in layouts]
        self.ids = [layout[1] for layout in layouts]
        self.choice = [layout[2] for layout in layouts]
        self.index_of = {}


def form_layouts(questionnaires, instruments) -> Forms:
    layouts, index_of = [], {}
    for key in ("admin", "health", "education"):
        inst, row = instruments[key], questionnaires[key]
        ratings = [inst.overall] + [i.key for i in inst.items
                                    if i.type == "rating" and i.key != inst.overall]
        choice = next(i for i in inst.items if i.type == "choice")
        layouts.append((ratings, row.id, (choice.key, [o.value for o in choice.options])))
        index_of[key] = len(layouts) - 1
    forms = Forms(layouts)
    forms.index_of = index_of
    return forms


def unit_rows(args, questionnaires, rng):
    scale = args.units / sum(count for _, _, count, _ in UNIT_MIX)
    plan = []
    for kind, level, count, qkey in UNIT_MIX:
        plan += [(kind, level, qkey)] * max(1, round(count * scale))
    plan = plan[:args.units]
    plan += [UNIT_MIX[2][0:2] + (UNIT_MIX[2][3],)] * (args.units - len(plan))
    districts = [i + 1 for i, p in enumerate(plan) if p[1] == "district"]
    units, channels, volumes = [], [], []
    now = dt.datetime(2025, 11, 1)
    for i, (kind, level, qkey) in enumerate(plan, start=1):
        parent = districts[i % len(districts)] if level == "commune" and districts else None
        units.append((i, f"{level[:3].upper()}-{i:04d}", f"Đơn vị {level} số {i}", kind, level,
                      parent, qkey))  # the last field is not a column: the unit's form
        for c, ckind in enumerate(("desk", "kiosk")):
            channels.append((2 * i - 1 + c, f"bench{2 * i - 1 + c:06d}", i,
                             questionnaires[qkey].id, ckind, f"{ckind} {i}", True, now))
        for m in range(args.months):
            volumes.append((i * 100 + m, i, add_months(FIRST_MONTH, m),
                            int(rng.integers(500, 5000))))
    return units, channels, volumes


def unit_weights(count: int, rng):
    """Skewed unit sizes (a few big hospitals and departments, many small communes), and
    three tiny units that fall under the suppression threshold."""
    weights = rng.lognormal(0.0, 0.9, count + 1)
    weights[0] = 0.0
    weights[1:4] = weights[1:].sum() * 2e-5
    return weights / weights.sum()


def month_rows(rng, month, n, first_response, first_answer, weights, unit_q, quality, forms):
    import numpy as np

    days = (add_months(month, 1) - month).days
    unit = rng.choice(len(weights), n, p=weights)
    form = unit_q[unit]
    channel = 2 * unit - 1 + rng.integers(0, 2, n)
    local = (np.datetime64(month, "s") + rng.integers(0, days, n) * 86400
             + rng.integers(7 * 3600, 17 * 3600, n)).astype("datetime64[s]")
    order = np.argsort(local, kind="stable")  # ids grow with time, as in production
    unit, form, channel, local = unit[order], form[order], channel[order], local[order]
    submitted = (local - np.timedelta64(7, "h")).astype(object)
    local_day = local.astype("datetime64[D]").astype(object)
    verified = rng.random(n) < 0.2
    flagged = rng.random(n) < 0.05
    excluded = rng.random(n) < 0.01
    seconds = rng.integers(20, 300, n)
    language = np.where(rng.random(n) < 0.93, "vi", "en")
    ids = np.arange(first_response, first_response + n)
    responses = list(zip(
        ids.tolist(), channel.tolist(), unit.tolist(),
        [forms.ids[f] for f in form.tolist()], submitted.tolist(), local_day.tolist(),
        language.tolist(), verified.tolist(), seconds.tolist(),
        np.where(flagged, "fast", "").tolist(), excluded.tolist(),
        [("trùng lặp" if e else None) for e in excluded.tolist()], strict=True))
    # Six rating slots (overall + five aspects) and one choice slot per response.
    p = quality[unit][:, None] + rng.normal(0.0, 0.08, (n, 6))
    satisfied = rng.random((n, 6)) < p
    values = np.where(satisfied, rng.integers(4, 6, (n, 6)), rng.integers(1, 4, (n, 6)))
    values[rng.random((n, 6)) < 0.03] = 0  # no opinion
    answered = rng.random((n, 6)) < np.array([0.98, 0.95, 0.95, 0.95, 0.95, 0.95])
    rating_keys = np.array(forms.keys, dtype=object)  # (3 forms, 6)
    r_idx, slot = np.nonzero(answered)
    answers_r = list(zip(ids[r_idx].tolist(), rating_keys[form[r_idx], slot].tolist(),
                         values[r_idx, slot].tolist(), strict=True))
    chose = np.nonzero(rng.random(n) < 0.6)[0]
    pick = rng.integers(0, 2, len(chose))
    answers_c = [(int(ids[r]), forms.choice[form[r]][0], None,
                  forms.choice[form[r]][1][k % len(forms.choice[form[r]][1])])
                 for r, k in zip(chose.tolist(), pick.tolist(), strict=True)]
    merged = sorted([(r, key, v, None) for r, key, v in answers_r] + answers_c,
                    key=lambda row: row[0])
    answers = [(first_answer + i, *row) for i, row in enumerate(merged)]
    return responses, answers


class SqliteWriter:
    def __init__(self, engine):
        self.engine = engine

    def rows(self, table, columns, rows, chunk=50_000):
        if table == "unit":
            rows = [row[:len(columns)] for row in rows]
        sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
               f"VALUES ({', '.join('?' for _ in columns)})")
        with self.engine.begin() as conn:
            for start in range(0, len(rows), chunk):
                conn.exec_driver_sql(sql, rows[start:start + chunk])

    def finish(self, key):
        with self.engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE bench_params (key TEXT)")
            conn.exec_driver_sql("INSERT INTO bench_params VALUES (?)", (key,))
            conn.exec_driver_sql("ANALYZE")
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


class PostgresWriter:
    def __init__(self, engine):
        self.engine = engine

    def rows(self, table, columns, rows):
        if table == "unit":
            rows = [row[:len(columns)] for row in rows]
        quoted = f'"{table}"' if table == "user" else table
        raw = self.engine.raw_connection()
        try:
            with raw.cursor() as cursor:
                with cursor.copy(f"COPY {quoted} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            raw.commit()
        finally:
            raw.close()

    def finish(self, key):
        with self.engine.begin() as conn:
            for table in ("unit", "channel", "response", "answer", "service_volume"):
                conn.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))")
            conn.exec_driver_sql("CREATE TABLE bench_params (key TEXT)")
            conn.exec_driver_sql("INSERT INTO bench_params VALUES (%s)", (key,))
        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")


# --- Measuring -----------------------------------------------------------------------------

def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def timed(fn, runs: int, reset) -> tuple[float, list[float]]:
    fn()  # warm-up: caches, connection pool, statement compilation
    reset()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
        reset()
    return pystats.median(times), times


def measure(engine: str, args) -> dict:
    from flask_migrate import upgrade
    from sqlalchemy import text

    from survey import queries, statistics
    from survey.extensions import db
    from survey.periods import month_period

    app = make_app(engine_url(engine, args))
    last = add_months(FIRST_MONTH, args.months - 1)
    period = month_period(last.year, last.month)
    rss_before = rss_mb()
    with app.app_context():
        upgrade()  # a cached database gets any new migration (index) first
        if engine == "sqlite":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
        session = db.session
        counts = session.execute(text(
            "SELECT count(*) FROM response WHERE local_date BETWEEN :a AND :b"),
            {"a": period.start, "b": period.end}).scalar()
        total = session.execute(text("SELECT count(*) FROM response")).scalar()
        answers = session.execute(text("SELECT max(id) FROM answer")).scalar()
        # The trend's unit: the median-sized unit of the month.
        sizes = session.execute(text(
            "SELECT unit_id, count(*) FROM response WHERE local_date BETWEEN :a AND :b "
            "GROUP BY unit_id ORDER BY 2, 1"), {"a": period.start, "b": period.end}).all()
        unit_id = sizes[len(sizes) // 2][0]
        unit = queries.units_by_codes(session, [
            session.execute(text("SELECT code FROM unit WHERE id = :i"), {"i": unit_id}).scalar()
        ])[0]
        months = period.trailing(12)
        session.remove() if hasattr(session, "remove") else None

        def comparison():
            return statistics.group_stats(db.session, "all", period)

        def trend_unit_stats():
            return [statistics.unit_stats(db.session, db.session.merge(unit), m)
                    for m in months]

        def trend_by_day():
            rows = queries.overall_by_day(db.session, [unit.id], months[0].start, period.end)
            folded: dict[str, list[int]] = {}
            for day, sat, valid in rows:
                total_ = folded.setdefault(f"{day:%Y-%m}", [0, 0])
                total_[0] += sat
                total_[1] += valid
            return folded

        def baseline_sql():
            # The bare scan the comparison cannot avoid: every answer of the month and of
            # the previous month, joined to its response, counted per unit.
            result = []
            for p in (period, period.previous()):
                result += db.session.execute(text(
                    "SELECT r.unit_id, count(*) FROM response r JOIN answer a "
                    "ON a.response_id = r.id WHERE r.local_date BETWEEN :a AND :b "
                    "AND r.excluded = :f GROUP BY r.unit_id"),
                    {"a": p.start, "b": p.end, "f": False}).all()
            return result

        def naive_python():
            # Loading the month's answers (both months) into Python rows.
            rows = []
            for p in (period, period.previous()):
                rows += db.session.execute(text(
                    "SELECT r.id, r.unit_id, a.item_key, a.value FROM response r JOIN answer a "
                    "ON a.response_id = r.id WHERE r.local_date BETWEEN :a AND :b "
                    "AND r.excluded = :f"), {"a": p.start, "b": p.end, "f": False}).all()
            return len(rows)

        reset = db.session.remove
        result = comparison()
        reset()
        comp, comp_all = timed(comparison, args.runs, reset)
        rss_after_comparison = rss_mb()
        tracemalloc.start()
        comparison()
        _, comp_py_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        reset()
        trend, trend_all = timed(trend_unit_stats, args.runs, reset)
        by_day, _ = timed(trend_by_day, args.runs, reset)
        base, _ = timed(baseline_sql, args.runs, reset)
        rss_before_naive = rss_mb()
        naive, _ = timed(naive_python, max(1, min(args.runs, 3)), reset)
        db.engine.dispose()
    return {
        "engine": engine, "units": len(result["units"]), "responses_total": total,
        "answers_total": answers, "month": period.label, "month_responses": counts,
        "comparison_s": comp, "comparison_runs": comp_all,
        "trend_unit": unit.code, "trend_unit_stats_s": trend, "trend_runs": trend_all,
        "trend_by_day_s": by_day, "baseline_sql_s": base, "naive_python_s": naive,
        "rss_start_mb": rss_before, "rss_peak_comparison_mb": rss_after_comparison,
        "rss_peak_before_naive_mb": rss_before_naive,
        "tracemalloc_peak_comparison_mb": comp_py_peak / 2**20,
        "centre": result["centre"],
    }


# --- Driver --------------------------------------------------------------------------------

def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in
                Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")),
               platform.processor())
    mem = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))
    return f"{os.cpu_count()} × {cpu}, {mem / 2**20:.0f} GB RAM, Python {platform.python_version()}"


def table(results: list[dict]) -> str:
    head = ("| engine | data | month | comparison (median) | trend: 12 × unit_stats | "
            "trend: overall_by_day | peak RSS | Python peak (tracemalloc) | "
            "baseline: bare GROUP BY | ratio | naive: rows into Python |\n"
            "|---|---|---|---|---|---|---|---|---|---|---|")
    lines = [head]
    for r in results:
        lines.append(
            f"| {r['engine']} | {r['units']} units, {r['responses_total'] / 1e6:.1f} M responses, "
            f"{r['answers_total'] / 1e6:.1f} M answers | {r['month']}: "
            f"{r['month_responses'] / 1e3:.0f} k | {r['comparison_s']:.2f} s | "
            f"{r['trend_unit_stats_s']:.2f} s | {r['trend_by_day_s']:.3f} s | "
            f"{r['rss_peak_comparison_mb']:.0f} MB | "
            f"{r['tracemalloc_peak_comparison_mb']:.0f} MB | {r['baseline_sql_s']:.2f} s | "
            f"{r['comparison_s'] / r['baseline_sql_s']:.1f}× | {r['naive_python_s']:.2f} s |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--responses", type=int, default=1_200_000)
    parser.add_argument("--units", type=int, default=300)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--keep", action="store_true",
                        help="keep the PostgreSQL database (the SQLite file is always cached)")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--pg-server", default=os.environ.get("BENCH_PG_SERVER", PG_SERVER),
                        help="server URL without a database name (trust auth)")
    parser.add_argument("--json", action="store_true", help="also print the raw results")
    parser.add_argument("--child", choices=("build", "measure"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        engine = args.engine
        if args.child == "build":
            build(engine, args)
        else:
            print("RESULT " + json.dumps(measure(engine, args)), flush=True)
        return
    engines = ("sqlite", "postgresql") if args.engine == "both" else (args.engine,)
    passthrough = [f"--{k}={getattr(args, k)}" for k in
                   ("responses", "units", "months", "runs", "seed", "pg_server")]
    passthrough = [p.replace("pg_server", "pg-server") for p in passthrough]
    results = []
    try:
        for engine in engines:
            if args.rebuild or not built(engine, args):
                print(f"building {engine} ({params_key(args)}) ...", file=sys.stderr, flush=True)
                subprocess.run([sys.executable, __file__, "--engine", engine, "--child", "build",
                                *passthrough], check=True)
            print(f"measuring {engine} ...", file=sys.stderr, flush=True)
            out = subprocess.run([sys.executable, __file__, "--engine", engine, "--child",
                                  "measure", *passthrough], check=True, capture_output=True,
                                 text=True)
            line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
            results.append(json.loads(line[len("RESULT "):]))
    finally:
        if "postgresql" in engines and not args.keep:
            import psycopg

            with psycopg.connect(f"{args.pg_server}/postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_DB}")
    print(f"\n{dt.date.today()} · {machine()}\n")
    print(table(results))
    if args.json:
        print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
