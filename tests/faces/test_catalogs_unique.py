"""Every message of a catalog is written once (issue 11).

Babel reads a catalog into a dict keyed by (msgid, msgctxt): a second entry with the same key
silently shadows the first, so one of the two translations never shows ("country" was the
column header "Страна" and the entity type "страна": the table cells came out capitalised).
Two meanings of one English word take a ``msgctxt``; one meaning takes one entry.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import shekara.i18n as shekara_i18n

CATALOGS = sorted((Path(shekara_i18n.__file__).parent).glob("*/LC_MESSAGES/*.po"))
_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def keys(po: Path) -> list[tuple[str, str]]:
    """(msgctxt, msgid) of every entry, read from the text (not through Babel, which dedupes)."""
    out: list[tuple[str, str]] = []
    field, parts = "", {"msgctxt": "", "msgid": ""}
    for line in [*po.read_text("utf-8").splitlines(), ""]:
        head = line.split(" ", 1)[0]
        if head in ("msgctxt", "msgid", "msgstr", "msgid_plural") or not line.strip():
            if field == "msgid" and head != "msgid":
                out.append((parts["msgctxt"], parts["msgid"]))
                parts = {"msgctxt": "", "msgid": ""}
            field = head if line.strip() else ""
            if field in parts:
                parts[field] = ""
        if field in parts:
            parts[field] += "".join(_STRING.findall(line))
    return [k for k in out if k[1]]


def test_catalogs_are_found() -> None:
    assert len(CATALOGS) >= 30  # kk, ru, en × ten domains


@pytest.mark.parametrize("po", CATALOGS, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_no_message_is_written_twice(po: Path) -> None:
    seen = Counter(keys(po))
    assert [k for k, n in seen.items() if n > 1] == []
    assert len(seen) > 5


def test_the_reader_finds_a_duplicate(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n\nmsgid "country"\nmsgstr "Ел"\n\n'
        'msgctxt "entity type"\nmsgid "country"\nmsgstr "ел"\n\nmsgid ""\n"coun"\n"try"\nmsgstr "x"\n',
        "utf-8",
    )
    assert keys(po) == [("", "country"), ("entity type", "country"), ("", "country")]
