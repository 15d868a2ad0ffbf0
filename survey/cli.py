"""The command-line contract of DESIGN.md: `flask --app survey <command>`.

Commands parse options, call a domain function, print. Errors are one clear line on
stderr and exit status 1; imports write nothing unless every row is good.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from .extensions import db

units_cli = AppGroup("units", help="Import or export the unit tree as CSV.")
questionnaires_cli = AppGroup("questionnaires", help="Show the built-in questionnaires.")
channels_cli = AppGroup("channels", help="List channels (what QR codes point to).")
responses_cli = AppGroup("responses", help="Import or export responses.")
users_cli = AppGroup("users", help="Manage officials' accounts.")
report_cli = AppGroup("report", help="PDF reports for unit heads and the Department.")


def register_commands(app: Flask) -> None:
    for command in (init_db, units_cli, questionnaires_cli, channels_cli, responses_cli,
                    users_cli, stats, report_cli):
        app.cli.add_command(command)
    from .demo import demo_command
    from .public import commands as survey_cli  # the citizen survey's commands

    app.cli.add_command(demo_command)

    app.cli.add_command(survey_cli.posters)
    app.cli.add_command(survey_cli.tokens_command)
    app.cli.add_command(survey_cli.api_keys)
    app.cli.add_command(survey_cli.contacts)


def fail(message: str) -> None:
    db.session.rollback()
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


@click.command("init-db")
@with_appcontext
def init_db():
    """Create or upgrade the schema, and load the built-in questionnaires."""
    from flask_migrate import upgrade

    from .questionnaires import sync_builtin

    upgrade()
    sync_builtin(db.session)
    db.session.commit()
    click.echo("Database is at the latest schema; built-in questionnaires loaded.")


@units_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def units_import(file: Path):
    """Import units from CSV (all-or-nothing; existing codes are updated)."""
    from .csvio import CsvImportError
    from .units_io import import_units

    try:
        count = import_units(db.session, file)
    except (CsvImportError, UnicodeDecodeError) as problem:
        fail(f"{file.name}: {problem}; nothing was imported")
    db.session.commit()
    click.echo(f"Imported {count} units.")


@units_cli.command("export")
def units_export():
    """Write all units as CSV to standard output."""
    from .units_io import export_units

    click.echo(export_units(db.session), nl=False)


@questionnaires_cli.command("show")
@click.argument("key")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json")
def questionnaires_show(key: str, fmt: str):
    """The current version of KEY as JSON."""
    from .questionnaires import current

    row = current(db.session, key)
    if row is None:
        fail(f"no questionnaire '{key}' (run init-db to load the built-in ones)")
    click.echo(json.dumps(row.spec, ensure_ascii=False, indent=2))


@channels_cli.command("list")
@click.option("--unit", "unit_code", help="Only this unit's channels.")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv")
def channels_list(unit_code: str | None, fmt: str):
    """code,unit_code,kind,label,url for every channel."""
    from . import queries
    from .channels import public_url
    from .csvio import write_csv

    if unit_code and queries.unit_by_code(unit_code) is None:
        fail(f"unit '{unit_code}' does not exist")
    rows = [{"code": c.code, "unit_code": c.unit.code, "kind": c.kind, "label": c.label,
             "url": public_url(c)} for c in queries.channels(unit_code)]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        header = ["code", "unit_code", "kind", "label", "url"]
        click.echo(write_csv(header, [[r[h] for h in header] for r in rows]), nl=False)


@responses_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def responses_import(file: Path):
    """Import responses from CSV (all-or-nothing)."""
    from .csvio import CsvImportError
    from .responses_io import import_responses

    try:
        count = import_responses(db.session, file, current_app.config["TIMEZONE"])
    except (CsvImportError, UnicodeDecodeError) as problem:
        fail(f"{file.name}: {problem}; nothing was imported")
    db.session.commit()
    click.echo(f"Imported {count} responses.")


@responses_cli.command("export")
@click.option("--period", required=True, help="2026-11, 2026-Q4, 2026-H2, 2026 or a..b")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx"]), default="csv")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write (default: standard output).")
def responses_export(period: str, fmt: str, output: Path | None):
    """Every response of the period, one row each."""
    from . import audit
    from .periods import PeriodError, parse_period
    from .responses_io import export_csv, export_xlsx

    try:
        chosen = parse_period(period)
    except PeriodError as problem:
        fail(str(problem))
    tz = current_app.config["TIMEZONE"]
    data = (export_csv(db.session, chosen, tz).encode() if fmt == "csv"
            else export_xlsx(db.session, chosen, tz))
    audit.record(db.session, "export", target=f"responses {chosen.label}", format=fmt)
    db.session.commit()
    if output:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


@users_cli.command("create")
@click.argument("username")
@click.option("--role", required=True, help="admin, supervisor, unit_manager or viewer")
@click.option("--unit", "unit_code", help="The unit whose subtree the user may see.")
@click.option("--password", envvar="SURVEY_NEW_USER_PASSWORD",
              help="Default: a random password, printed once.")
def users_create(username: str, role: str, unit_code: str | None, password: str | None):
    """Create an official's account."""
    from .users import UserError, create_user

    try:
        user, secret = create_user(db.session, username, role, unit_code, password)
    except UserError as problem:
        fail(str(problem))
    db.session.commit()
    click.echo(f"Created {user.role} '{user.username}'. Password: {secret}")


@click.command("stats")
@click.option("--period", required=True, help="2026-11, 2026-Q4, 2026-H2, 2026 or a..b")
@click.option("--unit", "unit_code", help="One unit (with the units merged into it).")
@click.option("--group", help="all, a unit kind or a level.")
@click.option("--subtree", is_flag=True, help="With --unit: the unit and all below it.")
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json")
@with_appcontext
def stats(period: str, unit_code: str | None, group: str | None, subtree: bool, fmt: str):
    """Every published figure for a unit or a group, as JSON (suppressed = null)."""
    from . import queries, statistics
    from .periods import PeriodError, parse_period

    if bool(unit_code) == bool(group):
        fail("give exactly one of --unit CODE or --group all|KIND|LEVEL")
    try:
        chosen = parse_period(period)
        if unit_code:
            unit = queries.unit_by_code(unit_code) or fail(f"unit '{unit_code}' does not exist")
            result = statistics.unit_stats(db.session, unit, chosen, subtree)
        else:
            result = statistics.group_stats(db.session, group, chosen)
    except (PeriodError, statistics.ScopeError) as problem:
        fail(str(problem))
    click.echo(json.dumps(result, ensure_ascii=False, indent=2))


def period_or_fail(text: str):
    from .periods import PeriodError, parse_period

    try:
        return parse_period(text)
    except PeriodError as problem:
        fail(str(problem))


@report_cli.command("unit")
@click.argument("code")
@click.option("--period", required=True, help="2026-11, 2026-Q4, 2026-H2, 2026 or a..b")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def report_unit(code: str, period: str, output: Path):
    """The unit head's report for one period."""
    from .reports.service import ReportError, unit_report_pdf

    period_or_fail(period)
    try:
        output.write_bytes(unit_report_pdf(db.session, code, period))
    except ReportError as problem:
        fail(str(problem))
    click.echo(f"Wrote {output}")


@report_cli.command("compare")
@click.option("--period", required=True, help="2026-11, 2026-Q4, 2026-H2, 2026 or a..b")
@click.option("--group", default="all", show_default=True, help="all, a unit kind or a level")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def report_compare(period: str, group: str, output: Path):
    """The Department's comparison of a group of units."""
    from .reports.service import comparison_report_pdf
    from .statistics import ScopeError

    period_or_fail(period)
    try:
        output.write_bytes(comparison_report_pdf(db.session, group, period))
    except ScopeError as problem:
        fail(str(problem))
    click.echo(f"Wrote {output}")


@report_cli.command("all")
@click.option("--period", required=True, help="2026-11, 2026-Q4, 2026-H2, 2026 or a..b")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option("--workers", type=int, default=None, help="Processes (default: every core).")
def report_all(period: str, out_dir: Path, workers: int | None):
    """Every unit's PDF plus the comparison, with a progress bar, on every core."""
    from .reports.batch import render_all, with_progress
    from .reports.service import comparison_report_pdf
    from .statistics import group_scopes

    chosen = period_or_fail(period)
    out_dir.mkdir(parents=True, exist_ok=True)
    _, scopes = group_scopes(db.session, "all", chosen)
    codes = [scope.label for scope in scopes]
    db.session.remove()
    done = with_progress(render_all(current_app, codes, chosen.label, out_dir, workers),
                         len(codes), click.progressbar)
    comparison = out_dir / f"so-sanh-{chosen.label}.pdf"
    comparison.write_bytes(comparison_report_pdf(db.session, "all", chosen.label))
    click.echo(f"Wrote {len(done)} unit reports and {comparison.name} to {out_dir}")
