"""``crewplan db``, ``crewplan users`` and ``crewplan audit``: the shared database from the command line.

These commands act as the machine's operator (``local:<login>`` in the audit log): whoever may run them may
read and write the database file or server directly anyway.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from crewplan.commands.common import EXIT_FINDINGS, JsonOption, console, err_console, load, print_json, styled
from crewplan.errors import UsageError

if TYPE_CHECKING:
    from crewplan.storage.repository import Actor

DatabaseOption = Annotated[str | None, typer.Option(
    "--database", help="Database URL: sqlite:///PATH.db or postgresql://USER@HOST:PORT/NAME (default: "
    "$CREWPLAN_DATABASE_URL, else sqlite:///crewplan.db in the current folder).", show_default=False)]
PASSWORD_ENV = "CREWPLAN_PASSWORD"


def register(app: typer.Typer) -> None:
    db = typer.Typer(help="The shared database: create or upgrade it, import scenarios, export revisions.",
                     no_args_is_help=True)
    db.command("upgrade")(upgrade)
    db.command("import")(import_scenario)
    db.command("export")(export)
    db.command("plans")(list_plans)
    app.add_typer(db, name="db")
    users = typer.Typer(help="Users of the shared service.", no_args_is_help=True)
    users.command("add")(add_user)
    app.add_typer(users, name="users")
    audit = typer.Typer(help="The tamper-evident audit log.", no_args_is_help=True)
    audit.command("verify")(verify)
    app.add_typer(audit, name="audit")


def _actor() -> Actor:
    from crewplan.storage import Actor

    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = str(os.getuid())
    return Actor(f"local:{login}")


def upgrade(database: DatabaseOption = None) -> None:
    """Create the database, or upgrade its schema to this crewplan's (back it up first)."""
    from crewplan.storage import open_database
    from crewplan.storage.database import shown

    db = open_database(database, upgrade=True)
    try:
        console.print(styled("database {url} is at schema [bold]{rev}[/bold] (the newest)", url=shown(db.url),
                             rev=db.revision()))
    finally:
        db.dispose()


def import_scenario(
        path: Annotated[Path | None, typer.Argument(help="Scenario or manifest file or folder (default: the "
                                                    "built-in scenario tiangong-iss).", show_default=False)] = None,
        name: Annotated[str | None, typer.Option("--name", help="The plan's name (default: the scenario's).",
                                                 show_default=False)] = None,
        database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Import a scenario (or a manifest) as a new shared plan at revision 1."""
    from crewplan.storage import open_database, repository

    scenario = load(path)
    db = open_database(database)
    try:
        with db.transaction() as session:
            plan = repository.create_plan(session, scenario, _actor(), name)
            row = repository.revision(session, plan.id)
            out = {"plan": plan.id, "name": plan.name, "revision": row.number, "sha256": row.sha256}
    finally:
        db.dispose()
    if as_json:
        print_json(out)
        return
    console.print(styled("plan [bold]{plan}[/bold] ({name}): revision {revision}, {sha256}", **out))


def export(plan: Annotated[int, typer.Argument(help="The plan's number (crewplan db plans lists them).")],
           out: Annotated[Path, typer.Option("--out", help="The .yaml file to write (its element sets go to an "
                                             "elements/ folder beside it).", show_default=False)],
           revision: Annotated[int | None, typer.Option("--revision", help="Which revision (default: the "
                                                        "newest).", min=1, show_default=False)] = None,
           database: DatabaseOption = None) -> None:
    """Export a plan's revision to a YAML scenario file that crewplan loads as it was imported."""
    from crewplan.scenario.save import scenario_target
    from crewplan.storage import open_database, repository
    from crewplan.storage.documents import export_document

    scenario_target(out)  # a bad --out is refused before the database is opened
    db = open_database(database, existing=True)
    try:
        with db.sessions() as session:
            row = repository.revision(session, plan, revision)
            document, number, sha = row.document, row.number, row.sha256
    finally:
        db.dispose()
    target = export_document(document, out)
    console.print(styled("plan {plan} revision {number} ({sha}) written to {out}", plan=plan, number=number,
                         sha=sha, out=target))


def list_plans(database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """List the shared plans and branches."""
    from crewplan.storage import open_database, repository

    db = open_database(database, existing=True)
    try:
        with db.sessions() as session:
            rows = [{"plan": p.id, "name": p.name, "scenario": p.scenario_id, "revision": p.revision,
                     "branch_of": p.parent_id, "created_at": p.created_at.isoformat(), "created_by": p.created_by}
                    for p in repository.plans(session)]
    finally:
        db.dispose()
    if as_json:
        print_json({"plans": rows})
        return
    if not rows:
        console.print("no plans yet: crewplan db import PATH")
    for r in rows:
        console.print(styled("{plan}  {name}  ({scenario}) revision {revision}", **r))


def _password() -> str:
    given = os.environ.get(PASSWORD_ENV)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise UsageError(f"no password: set {PASSWORD_ENV} or run crewplan users add in a terminal to be asked")
    first = getpass.getpass("password: ")
    if getpass.getpass("again: ") != first:
        raise UsageError("the two passwords differ; nothing was written")
    return first


def add_user(username: Annotated[str, typer.Argument(help="Log-in name (lower case, digits, . _ -).")],
             agency: Annotated[str, typer.Option("--agency", help="The user's agency (an agency id in the "
                                                 "database, e.g. CMSA).", show_default=False)],
             nationality: Annotated[list[str], typer.Option("--nationality", help="ISO 3166 code; repeat for "
                                                            "several.", show_default=False)],
             role: Annotated[list[str], typer.Option("--role", help="viewer, planner or admin; repeat for "
                                                     "several.")] = ["viewer"],  # noqa: B006
             database: DatabaseOption = None) -> None:
    """Add a user. The password comes from $CREWPLAN_PASSWORD or is asked for (never given as an argument,
    which other users of the machine could read)."""
    from crewplan.storage import open_database, repository

    password = _password()
    db = open_database(database)
    try:
        with db.transaction() as session:
            user = repository.add_user(session, _actor(), username=username, password=password,
                                       agency=agency, nationalities=nationality, roles=role)
            uid, roles = user.id, ", ".join(user.roles)
    finally:
        db.dispose()
    console.print(styled("user {name} ({uid}) of {agency}: {roles}", name=username, uid=uid, agency=agency,
                         roles=roles))


def verify(database: DatabaseOption = None, as_json: JsonOption = False) -> None:
    """Recompute the audit log's hash chain: exit 0 if intact, 1 naming the first record changed, removed or
    moved."""
    from crewplan.storage import audit, open_database

    db = open_database(database, existing=True)
    try:
        with db.sessions() as session:
            verdict = audit.verify(session)
    finally:
        db.dispose()
    if as_json:
        print_json({"intact": verdict.intact, "events": verdict.events, "first_bad": verdict.first_bad,
                    "problem": verdict.problem, "head_hash": verdict.head_hash})
    elif verdict.intact:
        console.print(styled("[green]intact[/green]: {n} events; head {head}", n=verdict.events,
                             head=verdict.head_hash))
    else:
        err_console.print(f"broken: {verdict.problem}")
    if not verdict.intact:
        raise typer.Exit(EXIT_FINDINGS)
