"""Provenance checks: every value cites a source, and a seed-line locator points at a passage that contains its quote."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from shekara.kb.errors import Finding, finding
from shekara.kb.package import Record

_LOCATOR = re.compile(r"^(?P<file>[^:;]+):(?P<a>\d+)(?:-(?P<b>\d+))?$")


# --------------------------------------------------------------------------- provenance
class SeedLines:
    """Lazy access to the seed documents' lines, for locator and quote checks."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._cache: dict[str, list[str] | None] = {}

    @property
    def available(self) -> bool:
        return self.folder.is_dir()

    def lines(self, file_name: str) -> list[str] | None:
        if file_name not in self._cache:
            p = self.folder / file_name
            self._cache[file_name] = (
                p.read_text(encoding="utf-8").split("\n") if p.exists() else None
            )
        return self._cache[file_name]


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _dehyphen(text: str) -> str:
    # The article is typeset with line-end hyphenation ("жал-\nпы"); a quote may
    # span such a break, so compare once more with "- " joins removed.
    return re.sub(r"(?<=\w)[-‐]\s+(?=\w)", "", text)


def quote_matches(quote: str, passage: str) -> bool:
    """True if *quote* occurs in *passage*, ignoring whitespace, case and line-end hyphens.

    >>> quote_matches("жалпы ұзындығы", "шекарасының жал-\\nпы ұзындығы 7500 км")
    True
    >>> quote_matches("7600 км", "ұзындығы 7500 км")
    False
    """
    q, p = _norm(quote), _norm(passage)
    if q in p:
        return True
    return _dehyphen(q) in _dehyphen(p)


def parse_locators(locator: str) -> Iterator[tuple[str, int, int]] | None:
    """Split ``file:a[-b][; file:c]`` into (file, first, last) triples, or None if malformed.

    >>> list(parse_locators("003_x.txt:5-7; 003_x.txt:9"))
    [('003_x.txt', 5, 7), ('003_x.txt', 9, 9)]
    """
    parts = [p.strip() for p in locator.split(";") if p.strip()]
    out = []
    for p in parts:
        m = _LOCATOR.match(p)
        if not m:
            return None
        a = int(m["a"])
        b = int(m["b"]) if m["b"] else a
        if b < a:
            return None
        out.append((m["file"], a, b))
    return iter(out)


def check_provenance(tables: dict[str, list[Record]], seeds: SeedLines) -> list[Finding]:
    """Every cited line exists, lies in its seed file, and holds the quoted text."""
    sources = {str(r.values["source_id"]): r for r in tables.get("sources", [])}
    out: list[Finding] = []
    if not seeds.available:
        out.append(finding("KB307", value=str(seeds.folder)))
    else:
        import hashlib

        for s in sources.values():
            fname = s.values.get("file_name")
            if s.values.get("kind") != "seed" or not fname:
                continue
            p = seeds.folder / str(fname)
            if p.exists() and s.values.get("sha256"):
                digest = hashlib.sha256(p.read_bytes()).hexdigest()
                if digest != s.values["sha256"]:
                    out.append(s.finding("KB306", value=fname, detail=digest))
    for table, records in tables.items():
        if table == "sources":
            continue
        for r in records:
            if "source_id" not in r.values:
                continue
            sid = r.values.get("source_id")
            src = sources.get(str(sid)) if sid else None
            if src is None:
                continue  # KB100/KB301 already reported
            if src.values.get("locator_kind") != "line":
                continue
            out.extend(_check_line_locator(r, src, seeds))
    return out


def _check_line_locator(r: Record, src: Record, seeds: SeedLines) -> list[Finding]:
    loc = r.values.get("locator")
    sid = str(src.values["source_id"])
    if not loc:
        return [r.finding("KB302", field="locator", value=sid)]
    parsed = parse_locators(str(loc))
    if parsed is None:
        return [r.finding("KB303", field="locator", value=loc, detail=sid)]
    spans = list(parsed)
    fname = str(src.values.get("file_name") or "")
    out: list[Finding] = []
    for f, _, _ in spans:
        if f != fname:
            out.append(r.finding("KB308", field="locator", value=loc, detail=sid))
            return out
    lines = seeds.lines(fname) if seeds.available else None
    if lines is None:
        return out
    n = len(lines)
    for _, _a, b in spans:
        if b > n:
            out.append(
                r.finding("KB304", field="locator", value=loc, detail=f"{fname} ({n} lines)")
            )
            return out
    quote = r.values.get("quote")
    if quote:
        passage = "\n".join("\n".join(lines[a - 1 : b]) for _, a, b in spans)
        if not quote_matches(str(quote), passage):
            out.append(r.finding("KB305", field="quote", value=quote, detail=loc))
    return out
