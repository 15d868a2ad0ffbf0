"""CLI for the survey (DESIGN.md contract): posters, receipt-code stickers, API keys,
and deleting a citizen's contact details on request."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from .. import printing, queries, submissions, tokens
from ..cli import fail
from ..extensions import db
from ..models import utcnow
from ..timeutil import local_date

MAX_TOKENS = 10_000
output_option = click.option("-o", "--output", required=True,
                             type=click.Path(dir_okay=False, writable=True, path_type=Path))


@click.command("posters")
@click.option("--unit", "unit_code", required=True, help="Unit code.")
@output_option
@with_appcontext
def posters(unit_code: str, output: Path):
    """Printable A4 QR posters, one page per desk of the unit."""
    unit = queries.unit_by_code(unit_code) or fail(f"no unit with code {unit_code!r}")
    channels = [c for c in queries.printable_channels(unit.id) if c.kind == "desk"]
    if not channels:
        fail(f"unit {unit_code} has no active desk channel")
    output.write_bytes(printing.posters_pdf(unit, channels, current_app.config["PUBLIC_URL"]))
    click.echo(f"{len(channels)} poster(s) for {unit.code} written to {output}")


@click.command("tokens")
@click.option("--channel", "channel_code", required=True, help="A receipt channel's code.")
@click.option("--count", required=True, type=click.IntRange(1, MAX_TOKENS))
@output_option
@with_appcontext
def tokens_command(channel_code: str, count: int, output: Path):
    """Issue COUNT one-time receipt codes and print them as QR stickers (PDF)."""
    channel = queries.channel_by_code(channel_code)
    if channel is None or channel.kind != "receipt":
        fail(f"no active receipt channel with code {channel_code!r}")
    now = utcnow()
    days = current_app.config["TOKEN_DAYS"]
    codes = tokens.issue_many(db.session, channel, count, now=now, days=days)
    expires = local_date(now + dt.timedelta(days=days), current_app.config["TIMEZONE"])
    pdf = printing.stickers_pdf(channel.unit.name, codes, current_app.config["PUBLIC_URL"],
                                expires)
    output.write_bytes(pdf)  # written before commit: a failed write issues nothing
    db.session.commit()
    click.echo(f"{count} receipt code(s) for {channel.code} written to {output}")


api_keys = AppGroup("api-keys", help="Keys with which one-stop software issues receipt codes.")


@api_keys.command("create")
@click.option("--unit", "unit_code", required=True)
@click.option("--label", required=True, help='Who uses it, e.g. "Phần mềm một cửa".')
def create_api_key(unit_code: str, label: str):
    """Create a key; it is shown once and only its hash is kept."""
    unit = queries.unit_by_code(unit_code) or fail(f"no unit with code {unit_code!r}")
    key = tokens.new_api_key(db.session, unit, label)
    db.session.commit()
    click.echo(key)


@api_keys.command("revoke")
@click.argument("key")
def revoke_api_key(key: str):
    found = queries.api_key_by_hash(tokens.sha256(key)) or fail("no such active key")
    found.revoked = True
    db.session.commit()
    click.echo(f"revoked key {found.id} ({found.label})")


contacts = AppGroup("contacts", help="Contact details citizens left for follow-up.")


@contacts.command("forget")
@click.option("--phone")
@click.option("--email")
def forget_contact(phone: str | None, email: str | None):
    """Delete a citizen's phone number or e-mail on request (the comment stays)."""
    if not phone and not email:
        fail("give --phone or --email")
    normalised = submissions.normalise_phone(phone) if phone else None
    if phone and not normalised:
        fail(f"{phone!r} is not a Vietnamese phone number")
    deleted = submissions.forget_contact(
        db.session, queries.contacts_matching(normalised, email))
    db.session.commit()
    click.echo(f"deleted {deleted} contact(s)")
