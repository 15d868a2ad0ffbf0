"""The `flask demo` command: builds the demo province and prints how to sign in."""

from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import with_appcontext

from .build import DemoSummary, build_demo
from .writer import DemoError

DEFAULT_SEED = 2843  # the number of the decision the platform was built from


@click.command("demo")
@click.option("--months", default=12, show_default=True, type=click.IntRange(1, 60),
              help="How many whole months of responses, ending with last month.")
@click.option("--seed", default=DEFAULT_SEED, show_default=True, type=int,
              help="The same seed gives the same province, codes, responses and passwords.")
@click.option("--scale", default=1.0, show_default=True, type=click.FloatRange(0.01, 10),
              help="Multiplies the response volumes (1.0: about 150,000 a year).")
@click.option("--end", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Pretend today is this date (YYYY-MM-DD).")
@click.option("--replace", is_flag=True,
              help="Delete every unit, channel, response, token, user and audit event first.")
@with_appcontext
def demo_command(months: int, seed: int, scale: float, end: dt.datetime | None,
                 replace: bool) -> None:
    """Build the demo province: units, channels, users and months of responses."""
    from ..extensions import db

    try:
        summary = build_demo(db.session, seed=seed, months=months, scale=scale,
                             end=end.date() if end else None,
                             timezone=current_app.config["TIMEZONE"], replace=replace)
    except DemoError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    base = current_app.config["PUBLIC_URL"].rstrip("/")
    for line in describe(summary, base, example_survey_url()):
        click.echo(line)


def example_survey_url() -> str | None:
    """One desk's survey address, so a newcomer can try the citizen's side at once."""
    from .. import queries
    from ..channels import public_url

    desk = next((c for c in queries.channels() if c.kind == "desk" and c.active), None)
    return public_url(desk) if desk else None


def describe(s: DemoSummary, base_url: str, survey_url: str | None = None) -> list[str]:
    lines = [
        f"Demo province (seed {s.seed}) built in {s.seconds:.1f} s: {s.units} units, "
        f"{s.channels} channels, {s.responses:,} responses from {s.first_day:%d/%m/%Y} "
        f"to {s.last_day:%d/%m/%Y}, {s.comments:,} comments, {s.tokens:,} receipt codes.",
        f"Merger on {s.merge_date:%d/%m/%Y}: {' + '.join(s.merged_codes)} -> {s.successor_code}",
        f"Below target: {', '.join(s.below_target)}",
        f"Tiny (under 10 a month): {', '.join(s.tiny)}",
        f"Suspicious bursts: {', '.join(s.burst)}",
        "",
        f"A citizen's survey: {survey_url}" if survey_url else "",
        f"Sign in at {base_url}/admin/sign-in with:",
    ]
    for user in s.users:
        scope = f" (scope {user.scope_code})" if user.scope_code else ""
        lines.append(f"  {user.role:<13} {user.username} / {user.password}{scope}")
    return lines
