"""The command-line contract of DESIGN.md: `flask --app survey <command>`."""

from __future__ import annotations

import click
from flask import Flask


def register_commands(app: Flask) -> None:
    app.cli.add_command(init_db)


@click.command("init-db")
def init_db():
    """Create or upgrade the schema, and load the built-in questionnaires."""
    from flask_migrate import upgrade

    from .extensions import db
    from .questionnaires import sync_builtin

    upgrade()
    sync_builtin(db.session)
    db.session.commit()
    click.echo("Database is at the latest schema; built-in questionnaires loaded.")
