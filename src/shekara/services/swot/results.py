"""SWOT results: items, evidence, notes; JSON and Markdown forms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from shekara.i18n.words import as_of_words
from shekara.kb import query
from shekara.methods.swot_rules import (
    QUADRANTS,
    Quadrant,
    SwotRule,
)
from shekara.plain import Plain
from shekara.services.swot.messages import Origin
from shekara.services.swot.scope import _fmt_value, _translate


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Evidence(Plain):
    """One value behind an item, with its unit, period and source locator."""

    label: str
    value: float | str | None
    unit: str | None
    period: str | None
    source: str


@dataclass(frozen=True)
class SwotItem(Plain):
    """One SWOT item: a rule that fired or a curated statement, with its evidence."""

    _plain_exclude = frozenset({"quadrant"})

    id: str
    quadrant: Quadrant
    text: str
    origin: Origin
    rule: SwotRule | None
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class SwotNote(Plain):
    """An evidence gap: a published score that breaks its own scale or rule (not a SWOT item)."""

    id: str
    text: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class SwotResult:
    """The SWOT of one scope in one language, as of a day."""

    scope: str
    scope_name: str
    lang: query.Lang
    as_of: str
    quadrants: Mapping[Quadrant, tuple[SwotItem, ...]]
    notes: tuple[SwotNote, ...]
    unit_labels: Mapping[str, str]

    def items(self) -> list[SwotItem]:
        return [i for q in QUADRANTS for i in self.quadrants[q]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "scope_name": self.scope_name,
            "lang": self.lang,
            "as_of": self.as_of,
            "quadrants": {q: [i.to_dict() for i in self.quadrants[q]] for q in QUADRANTS},
            "notes": [n.to_dict() for n in self.notes],
        }

    def to_markdown(self) -> str:
        tr = _translate(self.lang)
        out = [
            f"# {tr('title').format(scope=self.scope_name)}",
            "",
            f"{tr('as_of').format(date=as_of_words(date.fromisoformat(self.as_of), self.lang))}"
            f" · `{self.scope}`",
        ]
        for q in QUADRANTS:
            out += ["", f"## {tr(q)}", ""]
            if not self.quadrants[q]:
                out.append(tr("no_items"))
            for item in self.quadrants[q]:
                origin = tr("origin_rule") if item.origin == "rule" else tr("origin_curated")
                out.append(f"- {item.text} *({origin} `{item.id}`)*")
                out += [f"  - {self._evidence_md(e)}" for e in item.evidence]
        if self.notes:
            out += ["", f"## {tr('notes')}", ""]
            for note in self.notes:
                out.append(f"- {note.text} *(`{note.id}`)*")
                out += [f"  - {self._evidence_md(e)}" for e in note.evidence]
        return "\n".join(out) + "\n"

    def _evidence_md(self, e: Evidence) -> str:
        text = e.label
        if e.value is not None:
            value = (
                _fmt_value(e.value, e.unit, self.lang) if isinstance(e.value, float) else e.value
            )
            unit = self.unit_labels.get(e.unit, e.unit) if e.unit else ""
            text += f": {value}" + (f" {unit}" if unit else "")
        if e.period:
            text += f" ({e.period})"
        return f"{text} — `{e.source}`"
