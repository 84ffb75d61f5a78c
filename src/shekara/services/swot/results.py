"""SWOT results: items, evidence, notes; JSON and Markdown forms."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any

from pydantic import Field, field_serializer

from shekara.i18n.words import as_of_words, period_span, sources_words, unit_after
from shekara.kb import query
from shekara.methods.swot_rules import (
    QUADRANTS,
    Quadrant,
    SwotRule,
)
from shekara.plain import Hidden, Plain
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

    id: str
    quadrant: Hidden[Quadrant]
    text: str
    origin: Annotated[
        Origin, Field(description="rule (computed from the registries) or curated (a statement).")
    ]
    rule: SwotRule | None
    evidence: tuple[Evidence, ...]

    @field_serializer("rule")
    def _rule_json(self, rule: SwotRule | None) -> dict[str, Any] | None:
        """The rule as its id, threshold and direction (the rest is in the rule catalogue)."""
        return None if rule is None else rule.to_dict()


@dataclass(frozen=True)
class SwotNote(Plain):
    """An evidence gap: a published score that breaks its own scale or rule (not a SWOT item)."""

    id: str
    text: str
    evidence: tuple[Evidence, ...]


@dataclass(frozen=True)
class SwotResult(Plain):
    """The SWOT of one scope in one language, as of a day."""

    scope: str
    scope_name: str
    lang: query.Lang
    as_of: str
    quadrants: Annotated[
        Mapping[Quadrant, tuple[SwotItem, ...]],
        Field(description="strength, weakness, opportunity, threat → items with evidence."),
    ]
    notes: Annotated[
        tuple[SwotNote, ...],
        Field(description="Evidence gaps: published scores off their own rule."),
    ]
    unit_labels: Hidden[Mapping[str, str]]

    def items(self) -> list[SwotItem]:
        return [i for q in QUADRANTS for i in self.quadrants[q]]

    def to_markdown(self) -> str:
        tr = _translate(self.lang)
        out = [
            f"# {tr('title').format(scope=self.scope_name)}",
            "",
            f"{tr('as_of').format(date=as_of_words(date.fromisoformat(self.as_of), self.lang))}"
            + (f" · `{self.scope}`" if self.lang == "en" or self.scope != "border" else ""),
        ]
        for q in QUADRANTS:
            out += ["", f"## {tr(q)}", ""]
            if not self.quadrants[q]:
                out.append(tr("no_items"))
            for item in self.quadrants[q]:
                origin = tr("origin_rule") if item.origin == "rule" else tr("origin_curated")
                out.append(f"- {item.text} *({origin}{self._id_md(item.id, ' ')})*")
                out += [f"  - {self._evidence_md(e)}" for e in item.evidence]
        if self.notes:
            out += ["", f"## {tr('notes')}", ""]
            for note in self.notes:
                tag = f" *({self._id_md(note.id)})*" if self.lang == "en" else ""
                out.append(f"- {note.text}{tag}")
                out += [f"  - {self._evidence_md(e)}" for e in note.evidence]
        return "\n".join(out) + "\n"

    def _id_md(self, rule_id: str, before: str = "") -> str:
        """A rule's id for the English reader who looks it up in docs/swot.md; a kk or ru
        reader gets the rule's words only, as in the report (no internal code)."""
        return f"{before}`{rule_id}`" if self.lang == "en" else ""

    def _evidence_md(self, e: Evidence) -> str:
        text = e.label
        if e.value is not None:
            value = (
                _fmt_value(e.value, e.unit, self.lang) if isinstance(e.value, float) else e.value
            )
            unit = self.unit_labels.get(e.unit, e.unit) if e.unit else ""
            if isinstance(e.value, float):
                unit = unit_after(unit, e.value, self.lang)  # "0 баллов", as in the report
            text += f": {value}" + (f" {unit}" if unit else "")
        if self.lang == "en":  # English keeps the stored period and the raw source key
            return text + (f" ({e.period})" if e.period else "") + f" — `{e.source}`"
        if e.period:
            text += f" ({period_span(e.period)})"
        return f"{text} — {sources_words(e.source, self.lang)}"
