"""Every refusal a command can print has a template, and every template is told in kk and ru.

The messages are read from the source: each ``raise``/``fail(...)`` whose message is a string
or an f-string, in the modules a command reaches (the CLI, the day parser, the services and
the methods they pass user values to). A sample message is made from each (every ``{…}`` filled
with a quoted value) and must come out of :func:`refusal_words` in Kazakh and Russian with no
English word. A new English refusal without a template fails here, before a user meets it.

Left out, and why: guards of a method's own contract that a command cannot reach, because the
service builds those arrays itself (shapes, dimensions, index ranges, dtypes); the web and
platform layers answer with problem+json codes, not CLI lines.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from latin import cli_words
from shekara.cli.refusal_templates import SPANS, TEMPLATES
from shekara.cli.refusals import _best_fit, refusal_words
from shekara.i18n import catalog

SRC = Path(__file__).resolve().parents[2] / "src" / "shekara"
#: Where a command's refusals come from.
REACHED = (
    "cli/",
    "dates.py",
    "services/",
    "methods/queues/",
    "methods/hydrology/",
    "methods/gravity.py",
    "methods/potential.py",
    "methods/sensitivity.py",
    "kb/periods.py",
)
#: Callables whose first string argument is a refusal.
RAISERS = re.compile(r"(?:[A-Z]\w*Error|BadParameter|fail|__init__)$")
#: A method's contract on arrays its service builds: no user value reaches it.
CONTRACT = re.compile(
    r"shape|1-D|2-D|\(m, n\)|\(n,\)|\(m, \{|index|dtype|integer arrays|idx_|chunk_size"
    r"|broadcast|normalise_rows|rank_descending|keys_i|fixed_indicators|pairwise|row_index"
    r"|must be one-dimensional|one value per pair|kernel"
)
_PLACEHOLDER = re.compile(r"\{\w+\}")


def _literal(node: ast.expr) -> str | None:
    """The message of *node* with every interpolated value as ``{}`` (None: not a literal)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.replace("{", "{{").replace("}", "}}")
    if isinstance(node, ast.JoinedStr):
        return "".join(
            v.value.replace("{", "{{").replace("}", "}}") if isinstance(v, ast.Constant) else "{}"
            for v in node.values
        )
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left), _literal(node.right)
        return None if left is None or right is None else left + right
    return None


def raised_messages() -> Iterator[tuple[str, str]]:
    """(where, message pattern) of every refusal raised in the modules a command reaches."""
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if not rel.startswith(REACHED):
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            if not RAISERS.search(name):
                continue
            for arg in node.args:
                text = _literal(arg)
                if text and " " in text and not CONTRACT.search(text):
                    yield f"{rel}:{node.lineno}", text


def sample(pattern: str) -> str:
    """*pattern* with its values filled: ``‹1›``, ``‹2›`` … (no letters, so the check below
    sees only the words of the message itself)."""
    count = iter(range(1, 100))
    filled = re.sub(r"(?<!\{)\{\}(?!\})", lambda _m: f"‹{next(count)}›", pattern)
    return filled.replace("{{", "{").replace("}}", "}")


MESSAGES = sorted(set(raised_messages()))


def test_the_walk_finds_the_refusals() -> None:
    wheres = {w.split(":")[0] for w, _ in MESSAGES}
    for expected in (
        "dates.py",
        "cli/swot.py",
        "services/crossings/config.py",
        "methods/queues/erlang.py",
    ):
        assert expected in wheres, expected
    assert len(MESSAGES) > 200


@pytest.mark.parametrize(("where", "pattern"), MESSAGES, ids=lambda v: str(v)[:60])
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_raised_refusal_is_told(where: str, pattern: str, lang: str) -> None:
    message = sample(re.sub(r"^[A-Z]{3}\d{3}: ", "", pattern))
    _untold, template, _values = _best_fit(message, TEMPLATES)
    assert template, f"{where}: no template fits {message!r}"
    told = refusal_words(message, lang)
    assert cli_words(told) == [], f"{where}: {told}"


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_template_has_a_translation_with_the_same_placeholders(lang: str) -> None:
    told = catalog(lang, "cli")
    missing = [t for t in TEMPLATES if t not in told]
    assert missing == []
    for template in TEMPLATES:
        words = told[template]
        assert sorted(_PLACEHOLDER.findall(words)) == sorted(_PLACEHOLDER.findall(template)), (
            template,
            words,
        )
        assert cli_words(_PLACEHOLDER.sub(" ", words)) == [], words


def test_the_most_specific_template_wins() -> None:
    """A suggestion is told as one ("did you mean"), not as a generic "is not known; …"."""
    assert refusal_words(
        "'KZ-3O' is not known; did you mean 'KZ-35', 'KZ-39'? see 'shekara regions list --all'",
        "ru",
    ) == (
        "'KZ-3O' — неизвестное значение; возможно, имелось в виду 'KZ-35', 'KZ-39'? "
        "см. 'shekara regions list --all'"
    )
    assert refusal_words("'x' is not a real day (month must be in 1..12)", "kk") == (
        "'x' — күнтізбеде жоқ күн (ай нөмірі 1–12 аралығында болуы керек)"
    )


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_year_span_is_told_in_words(lang: str) -> None:
    assert all(catalog(lang, "cli").get(words) for words in SPANS.values())
    told = refusal_words("HYD007: calibration years 1900-1910 outside data 1979-1988", lang)
    assert (
        told
        == {
            "kk": "HYD007: калибрлеу кезеңі: 1900–1910 жылдары деректер аралығынан (1979–1988) тыс",
            "ru": "HYD007: период калибровки: годы 1900–1910 вне периода данных 1979–1988",
        }[lang]
    )
