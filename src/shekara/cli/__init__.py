"""The ``shekara`` command line: thin commands over the knowledge base and the services.

Each command parses its options, calls one core function, prints the result and
exits with a meaningful code: 0 success, 1 data problems found (validation
errors, refused import), 2 bad usage (Typer's own code for wrong options).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer._click.exceptions import NoArgsIsHelpError

from shekara import __version__
from shekara.cli.assess import assess_app, reproduce_app, sensitivity_cmd
from shekara.cli.catalogue import indicators_app, pairs_app, regions_app, summary
from shekara.cli.common import lang_of, print_findings
from shekara.cli.crossings import crossings_app
from shekara.cli.data import data_app, db_app
from shekara.cli.flood import flood_app
from shekara.cli.hydro import hydro_app
from shekara.cli.option_help import opt
from shekara.cli.platform import platform_app
from shekara.cli.population import population_app
from shekara.cli.refusals import argv_lang, error_line, refusal_words
from shekara.cli.report import report_cmd
from shekara.cli.swot import swot_cmd
from shekara.cli.tables import TableCommands
from shekara.cli.water import water_app
from shekara.cli.web import serve_cmd, users_app
from shekara.kb.errors import DataError
from shekara.output import set_table_lang

app = typer.Typer(
    help="Shekara — information-analytical system for Kazakhstan–Russia cross-border cooperation.\n\n"
    "The knowledge base lives in data/ (CSV + YAML, every value with its source); "
    "'shekara db build' loads it into the store (SQLite by default, PostgreSQL when "
    "SHEKARA_DATABASE_URL points at one).",
    no_args_is_help=True,
    add_completion=False,
    cls=TableCommands,  # --no-source and --columns on every table command
)
#: Every command group (a Typer) and single command (a function), in the order of ``--help``.
COMMANDS: tuple[tuple[str, typer.Typer | Callable[..., Any]], ...] = (
    ("data", data_app),
    ("db", db_app),
    ("regions", regions_app),
    ("pairs", pairs_app),
    ("indicators", indicators_app),
    ("assess", assess_app),
    ("reproduce", reproduce_app),
    ("sensitivity", sensitivity_cmd),
    ("swot", swot_cmd),
    ("hydro", hydro_app),
    ("water", water_app),
    ("flood", flood_app),
    ("population", population_app),
    ("crossings", crossings_app),
    ("platform", platform_app),
    ("serve", serve_cmd),
    ("report", report_cmd),
    ("users", users_app),
    ("summary", summary),
)
for name, face in COMMANDS:
    if isinstance(face, typer.Typer):
        app.add_typer(face, name=name)
    else:
        app.command(name)(face)


def version_callback(value: bool) -> None:
    if value:
        typer.echo(f"shekara {__version__}")
        raise typer.Exit()


def lang_defaults(command: Any, lang: str) -> dict[str, Any]:
    """Click's ``default_map`` that gives every command below *command* ``--lang`` *lang*.

    >>> group = typer.main.get_command(app)
    >>> lang_defaults(group, "kk")["regions"]["list"], "lang" in lang_defaults(group, "kk")["swot"]
    ({'lang': 'kk'}, True)
    """
    subs = getattr(command, "commands", {})
    if not subs:
        return {"lang": lang} if any(p.name == "lang" for p in command.params) else {}
    return {name: lang_defaults(sub, lang) for name, sub in subs.items()}


@app.callback()
def main_options(
    ctx: typer.Context,
    version: Annotated[bool, opt("--version", callback=version_callback, is_eager=True)] = False,
    lang: Annotated[str, opt("--lang", key="shekara --lang")] = "en",
) -> None:
    """Shekara command line."""
    if lang != "en":
        lang_of(lang)  # an unknown language is a usage error here too
        ctx.default_map = lang_defaults(ctx.command, lang)


def _command_of(argv: list[str]) -> list[str]:
    """*argv* without the root group's ``--lang`` (what names a command, if anything).

    >>> _command_of(["--lang", "kk"]), _command_of(["--lang=ru", "regions", "list"])
    ([], ['regions', 'list'])
    """
    rest = list(argv)
    while rest[:1] == ["--lang"] or (rest[:1] and rest[0].startswith("--lang=")):
        rest = rest[2:] if rest[0] == "--lang" else rest[1:]
    return rest


def run(argv: list[str]) -> int:
    """Run the command line on *argv* and return the exit code; no traceback reaches the user.

    Usage errors (a malformed date, an unknown choice, a number that is not one) are one
    line naming the option and what it accepts; any unexpected error is one line too, with
    the variable that shows the trace to a developer (``SHEKARA_DEBUG=1``).
    """
    import os

    if not _command_of(argv):  # "shekara" or "shekara --lang kk": the help, in that language
        argv = [*argv, "--help"]
    set_table_lang("en")  # until a command's --lang says otherwise
    try:
        result = app(args=argv, prog_name="shekara", standalone_mode=False)
    except typer.Exit as exc:
        return int(exc.exit_code)
    except typer.Abort:
        typer.echo(refusal_words("Aborted.", argv_lang(argv)), err=True)
        return 1
    except NoArgsIsHelpError:  # "shekara flood": Typer has printed the group's help
        return 2
    except typer.TyperException as exc:  # usage errors: one line, option and accepted values
        text = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        typer.echo(error_line(" ".join(text.split()), argv_lang(argv)), err=True)
        return int(getattr(exc, "exit_code", 2))
    except DataError as exc:
        print_findings(exc.findings)
        return 1
    except Exception as exc:  # last resort: a clean message, the trace only on request
        from shekara.kb.faults import store_fault

        fault = store_fault(exc)  # a locked, read-only or full store: its coded finding
        if fault is not None:
            print_findings([fault])
            return 1
        if os.environ.get("SHEKARA_DEBUG"):
            raise
        detail = " ".join(str(exc).split()) or type(exc).__name__
        message = (
            f"unexpected failure ({type(exc).__name__}: {detail}); "
            "set SHEKARA_DEBUG=1 to see the trace and please report it."
        )
        typer.echo(error_line(message, argv_lang(argv)), err=True)
        return 70
    return result if isinstance(result, int) else 0


def main() -> None:
    """Entry point of the ``shekara`` script."""
    sys.exit(run(sys.argv[1:]))
