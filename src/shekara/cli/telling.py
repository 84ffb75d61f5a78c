"""Cells and findings of a CLI table told in the table language (``--lang``; issue 11).

The commands build their rows with the stable keys and English values; in kk and ru the
values a reader sees (yes/no, days and times, severities, catalogue findings, seed lines)
are told here, from the existing catalogs: ``cli`` for table words, ``report`` for the
findings the report already tells, ``web`` for the water page's words. In en every helper
gives its input back, so the English tables stay as they were.

Example:
    >>> from shekara.output import set_table_lang
    >>> set_table_lang("ru"); yes_no(True), moment("2024-04-19T08:00:00"), seed_ref("A:185-191")
    ('да', '19 апреля 2024 г., 08:00', 'статья, стр. 185–191')
    >>> set_table_lang("kk"); moment("1988-03-01"), severity("warning")
    ('1988 жылғы 1 наурыз', 'ескерту')
    >>> set_table_lang("en"); yes_no(True), moment("1988-03-01"), severity("warning")
    (True, '1988-03-01', 'warning')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import inspect
from sqlalchemy.engine import Engine

from shekara.i18n import catalog
from shekara.i18n.words import source_words
from shekara.kb.errors import Finding
from shekara.output import table_lang, table_num, table_text
from shekara.report.article_words import explain_sez, explain_transport, zone_rule_words
from shekara.report.names import SEED_LINES, SEVERITIES, Names
from shekara.report.text import Localiser

#: The documents of the short seed lines ("A:185-191", "D:588").
_SEED_IDS = {"A": "seed-a", "D": "seed-d"}
#: A seed file's lines inside a message: "(000_63cf53f9b2286ec3.txt:185-191)".
_SEED_FILE_LINES = re.compile(r"(\d{3}_[0-9a-f]{16}\.txt):(\d+(?:-\d+)?)")
_YES_NO = {"kk": ("иә", "жоқ"), "ru": ("да", "нет")}


def yes_no(value: object) -> object:
    """A flag as "иә"/"жоқ", "да"/"нет"; en (and a value that is no flag) unchanged."""
    words = _YES_NO.get(table_lang())
    return words[0 if value else 1] if words and isinstance(value, bool) else value


def moment(text: object) -> object:
    """An ISO day or day-and-time as a reader writes it ("19 апреля 2024 г., 08:00").

    en, empty and unreadable values stay as they are.
    """
    lang = table_lang()
    if lang == "en" or not isinstance(text, str) or not text:
        return text
    from shekara.i18n.words import day_words

    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        return text
    day = day_words(date(stamp.year, stamp.month, stamp.day), lang)
    return day if len(text) == 10 else f"{day}, {stamp:%H:%M}"


def seed_ref(text: str) -> str:
    """ "A:185-191" (a line of the article or the dissertation) as a source cell in kk and ru."""
    lang = table_lang()
    if lang == "en":
        return text

    def one(m: re.Match[str]) -> str:
        return source_words(f"{_SEED_IDS[m.group(1)]}:{m.group(2).replace('-', '–')}", lang)

    return SEED_LINES.sub(one, text)


def seed_file_refs(text: str, engine: Engine | None) -> str:
    """The seed files' lines a message cites ("000_63cf….txt:185-191") as the reader's
    label ("мақала, 185–191-жол"); a file the store's sources do not name stays."""
    if engine is None or table_lang() == "en" or not _SEED_FILE_LINES.search(text):
        return text
    from shekara.kb import query

    ids = {str(s["file_name"]): str(s["source_id"]) for s in query.table_rows(engine, "sources")}

    def one(m: re.Match[str]) -> str:
        sid = ids.get(m.group(1))
        if sid is None:
            return m.group(0)
        return source_words(f"{sid}:{m.group(2).replace('-', '–')}", table_lang())

    return _SEED_FILE_LINES.sub(one, text)


def term(text: str) -> str:
    """A word of a table (``cli`` catalog): a key, a unit, a period, a method, a series."""
    return text if table_lang() == "en" else table_text(text)


def table_words(table: str) -> str:
    """A store table's name as the data dictionary tells it ("көрсеткіш мәндері")."""
    from shekara.i18n.words import data_words

    return data_words(table, table_lang())


def count(n: int) -> str:
    """A count as the English line wrote it ("10292"), grouped in kk and ru ("10 292")."""
    return str(n) if table_lang() == "en" else table_num(n, 0)


def report_words(message: str) -> str:
    """A word or phrase the report already tells (domain ``report``), in the table language."""
    lang = table_lang()
    return message if lang == "en" else catalog(lang, "report").get(message, message)


def web_words(message: str) -> str:
    """A word or phrase the dashboard already tells (domain ``web``), in the table language."""
    lang = table_lang()
    return message if lang == "en" else catalog(lang, "web").get(message, message)


def severity(key: str) -> str:
    """ "error", "warning", "info" as the report words them ("қате", "предупреждение")."""
    return report_words(SEVERITIES.get(key, key)) if table_lang() != "en" else key


def names(engine: Engine | None) -> Names:
    """The report's :class:`Names` (pairs, regions, indicators) in the table language; without
    a store (``data validate --no-store``) ids stay ids."""
    from shekara.kb import query
    from shekara.services.article import ARTICLE_YEAR

    checked = query.check_lang(table_lang())
    loc = Localiser.for_lang(checked)
    if engine is None:
        return Names(loc, {}, {}, {}, {})
    pairs = {p.pair_id: p for p in query.pairs(engine, lang=checked)}
    for p in query.pairs(engine, as_of=ARTICLE_YEAR, lang=checked):
        pairs.setdefault(p.pair_id, p)
    regions = {r.region_id: r for r in query.regions(engine, as_of=ARTICLE_YEAR, lang=checked)}
    regions.update({r.region_id: r for r in query.regions(engine, lang=checked)})
    defs = query.table_rows(engine, "indicator_defs")
    return Names(
        loc,
        pairs,
        regions,
        {p.place_id: p for p in query.places(engine, lang=checked)},
        {str(d["indicator"]): str(d.get(f"name_{checked}") or "") for d in defs},
    )


def finding_text(engine: Engine | None, code: str, message: str, audit: bool) -> str:
    """An audit (``AUD…``) or validation (``KB…``) message told as the report tells it; en, or
    a message its template does not fit, as it is."""
    lang = table_lang()
    if lang == "en":
        return message
    told = names(engine)
    text, text_lang = (told.audit_message if audit else told.validation_message)(code, message)
    if not audit and text_lang is None:  # KB501 names zones by id: their names from the store
        zones = zone_names(engine, lang) if engine is not None else {}
        text = zone_rule_words(text, told.loc, zones)
    return seed_file_refs(text, engine)


def location(f: Finding) -> str:
    """Where a finding is: "indicators/article.csv:32 [value]" (en), "indicators/article.csv,
    32-жол, value өрісі" (kk), "indicators/article.csv, строка 32, поле value" (ru). The file
    and the field keep their names: they are what the reader opens and looks for."""
    lang = table_lang()
    if lang == "en":
        return f.location()
    parts = [f.file] if f.file else []
    if f.row is not None:
        parts.append(table_text("row {row}", row=f.row))
    if f.field:
        parts.append(table_text("field {field}", field=f.field))
    return ", ".join(parts)


def validation_rows(findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """The rows of ``data validate``'s table: severity, code, location, message."""
    store = None
    if table_lang() != "en":
        from shekara.kb.store import make_engine
        from shekara.paths import default_database_url

        eng = make_engine(default_database_url())
        store = eng if inspect(eng).has_table("meta") else None
    return [
        {
            "severity": severity(f.severity),
            "code": f.code,
            "location": location(f),
            "message": finding_text(store, f.code, f.message, audit=False),
        }
        for f in findings
    ]


def zone_names(engine: Engine, lang: str) -> dict[str, str]:
    """Zone id → the zone's name in *lang*."""
    from shekara.kb import query

    return {str(z["zone_id"]): str(z[f"name_{lang}"]) for z in query.table_rows(engine, "zones")}


def disagreements(
    engine: Engine, table3: list[dict[str, Any]], table4: list[dict[str, Any]]
) -> list[str]:
    """ "pair: why" for each row of Tables 3 and 4 that disagrees with the registries; in kk
    and ru worded as the report words it."""
    lang = table_lang()
    rows = [r for r in table3 + table4 if not r["agree"]]
    if lang == "en":
        return [f"{r['pair_id']}: {r['explanation']}" for r in rows]
    loc = Localiser.for_lang(lang)
    zones = zone_names(engine, lang)
    out = []
    for r in rows:
        why = (
            explain_sez(loc, r, lambda z: zones.get(z, z))
            if "kz_zones" in r
            else explain_transport(loc, r["published"], r["computed"])
        )
        out.append(f"{r['pair_id']}: {why}")
    return out


def finding_line(f: Finding) -> str:
    """One finding as a refusal prints it on stderr: "error KB202 values.csv:3 [entity_id]: …"
    (en, exactly ``str(f)``); in kk/ru the severity, place and message in words, the code, file,
    field and the nearest known value ("→ KZ-39?") kept."""
    if table_lang() == "en":
        return str(f)
    place = location(f)
    tip = f" → {f.suggestion}?" if f.suggestion else ""
    head = f"{severity(f.severity)} {f.code}" + (f" {place}" if place else "")
    return f"{head}: {finding_text(None, f.code, f.message, audit=False)}{tip}"
