"""``--help`` in the language of ``--lang``: every text of the command tree from the ``help`` catalog.

Typer builds the Click command tree afresh for each run; :func:`localise_help` walks it before
the command line is parsed and puts the Kazakh or Russian text in place of each English one:
command descriptions, option and argument help, the usage line's words, the value-type labels
(``<str>`` → ``<мәтін>``), argument names and Typer's own panel titles and ``[default: …]``.
The English texts are the message ids (:data:`~shekara.cli.help_texts.HELP` and the commands'
docstrings); a text the catalog lacks stays English, and ``tests/cli/test_help_kk_ru.py``
fails on it.

Typer's words sit in module constants of :mod:`typer.rich_utils` that it reads when it draws
the help, and the help option and the type labels are made inside Click; no public hook
translates them, so this module sets them (and puts the English back for an English run).

Example (what a user types):
    shekara hydro calibrate --help --lang kk
    shekara --lang ru --help
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import typer.rich_utils as rich_utils
from typer import _click as click

from shekara.i18n import translator

#: Typer's own words in :mod:`typer.rich_utils`, as Typer ships them (the message ids).
_TYPER_WORDS: dict[str, str] = {
    name: getattr(rich_utils, name)
    for name in (
        "DEFAULT_STRING",
        "REQUIRED_LONG_STRING",
        "DEPRECATED_STRING",
        "ARGUMENTS_PANEL_TITLE",
        "OPTIONS_PANEL_TITLE",
        "COMMANDS_PANEL_TITLE",
    )
}
#: The usage line's words: "Usage: shekara flood [OPTIONS] COMMAND [ARGS]...".
_USAGE_WORDS = ("Usage:", "[OPTIONS]", "COMMAND", "[ARGS]...")
_ENGLISH = "_shekara_english"  # attribute keeping an object's English texts between runs


def _commands(cmd: Any, path: str = "shekara") -> Iterator[tuple[str, Any]]:
    """(command line, command) of *cmd* and of every command below it."""
    yield path, cmd
    for name, sub in getattr(cmd, "commands", {}).items():
        yield from _commands(sub, f"{path} {name}")


def _params(cmd: Any) -> list[Any]:
    """*cmd*'s options and arguments, with the ``--help`` option Click adds when it parses."""
    help_option = cmd.get_help_option(click.Context(cmd))
    return [*cmd.params, *([help_option] if help_option is not None else [])]


def _english(obj: Any, *names: str) -> dict[str, Any]:
    """The English values of *obj*'s attributes *names* (kept from the first run: a cached
    option is reused by the next run, which must not take the last run's Kazakh as English)."""
    if not hasattr(obj, _ENGLISH):
        setattr(obj, _ENGLISH, {name: getattr(obj, name, None) for name in names})
    kept: dict[str, Any] = getattr(obj, _ENGLISH)
    return kept


def _usage(get_usage: Callable[[Any], str], word: str, ctx: Any) -> str:
    """The usage line with its first word in the user's language."""
    return get_usage(ctx).replace("Usage: ", f"{word} ", 1)


def _type_label(
    display_type: Callable[[Any], str | None], tr: Callable[[str], str], ctx: Any
) -> str | None:
    """``<str>`` → ``<мәтін>``: the value-type label of an option in the user's language."""
    label = display_type(ctx)
    return None if label is None else tr(label)


def _localise_param(param: Any, tr: Callable[[str], str]) -> None:
    en = _english(param, "help", "metavar", "display_type_rich")
    param.help = tr(en["help"]) if en["help"] else en["help"]
    param.display_type_rich = partial(_type_label, en["display_type_rich"], tr)
    if param.param_type_name == "argument" and en["metavar"] is None:
        key = "{" + param.name + "}"  # the braces make the catalog key ("{hydrograph}")
        param.metavar = tr(key)[1:-1] if tr(key) != key else None  # English: Click's own


def _localise_command(cmd: Any, tr: Callable[[str], str]) -> None:
    en = _english(cmd, "help", "short_help", "options_metavar", "subcommand_metavar", "get_usage")
    cmd.help = tr(en["help"].strip()) if en["help"] else en["help"]
    cmd.short_help = tr(en["short_help"]) if en["short_help"] else en["short_help"]
    if en["options_metavar"]:
        cmd.options_metavar = tr(en["options_metavar"])
    if en["subcommand_metavar"]:
        command, args = en["subcommand_metavar"].split(" ", 1)  # "COMMAND [ARGS]..."
        cmd.subcommand_metavar = f"{tr(command)} {tr(args)}"
    cmd.get_usage = partial(_usage, en["get_usage"], tr("Usage:"))
    for param in _params(cmd):
        _localise_param(param, tr)


def localise_help(root: Any, lang: str) -> None:
    """Put *lang*'s texts on *root*'s whole command tree and on Typer's own words.

    >>> import typer
    >>> from shekara.cli import app
    >>> root = typer.main.get_command(app)
    >>> localise_help(root, "ru")
    >>> root.commands["hydro"].commands["calibrate"].params[5].help
    'Год(ы) разгона модели, например 1979 (по умолчанию — первый год).'
    >>> localise_help(root, "en")
    >>> root.commands["hydro"].commands["calibrate"].params[5].help
    'Spin-up year(s), e.g. 1979 (default: first year).'
    """
    tr = translator(lang, "help") if lang in ("kk", "ru") else (lambda text: text)
    for name, english in _TYPER_WORDS.items():
        setattr(rich_utils, name, tr(english))
    for _, cmd in _commands(root):
        _localise_command(cmd, tr)


def english_texts() -> dict[str, set[str]]:
    """Every English text ``--help`` can show, with where it stands: the ``help`` catalog's ids.

    >>> texts = english_texts()
    >>> sorted(texts["Usage:"])[:1], "<float>" in texts, "{hydrograph}" in texts
    (['usage line'], True, True)
    """
    import typer

    from shekara.cli import app

    root = typer.main.get_command(app)
    localise_help(root, "en")
    found: dict[str, set[str]] = {}

    def add(text: str | None, where: str) -> None:
        if text:
            found.setdefault(text, set()).add(where)

    for word in _TYPER_WORDS.values():
        add(word, "Typer")
    for word in _USAGE_WORDS:
        add(word, "usage line")
    for path, cmd in _commands(root):
        add(cmd.help and cmd.help.strip(), path)
        add(cmd.short_help, path)
        ctx = click.Context(cmd)
        for param in _params(cmd):
            add(param.help, f"{path} {param.opts[0] if param.opts else param.name}")
            add(param.display_type_rich(ctx), "value type")
            if param.param_type_name == "argument":
                add("{" + param.name + "}", f"{path} (argument)")
    return found
