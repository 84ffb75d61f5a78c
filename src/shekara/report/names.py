"""Names of pairs, regions and centres in the report's language, and re-telling of service messages.

Region and place names come from the knowledge base (``name_kk/ru/en``) through the
queries' ``lang``; pairs are named "Kazakh region – Russian region" in tables and
text, and "Kazakh centre – Russian centre" where space is short (chart rows, map).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from shekara.i18n.words import data_words
from shekara.kb import query
from shekara.kb.errors import CATALOGUE
from shekara.methods.audit_rules import AUDIT_CATALOGUE
from shekara.report.messages import localise
from shekara.report.text import N_, Localiser

PAIR_ID = re.compile(r"[A-Z]{2}-[A-Z0-9]+:[A-Z]{2}-[A-Z0-9]+")
PAIR_LIST = re.compile(r"\[((?:[A-Z]{2}-[A-Z0-9]+:[A-Z]{2}-[A-Z0-9]+(?:, )?)*)\]")
TABLE_NO = re.compile(r"\bTable (\d+)\b")
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
# "A:193-199", "D:588": a line of the article or the dissertation, told as "мақала, 193–199-жол".
SEED_LINES = re.compile(r"\b([AD]):(\d+(?:-\d+)?)\b")


# The catalog's templates put "жолдарында" / "строки" around the value: name the document only.
_SEED_LINES_WORDS = {
    ("A", "kk"): "мақаланың {lines}",
    ("D", "kk"): "диссертацияның {lines}",
    ("A", "ru"): "{lines} статьи",
    ("D", "ru"): "{lines} диссертации",
}


def _seed_lines(m: re.Match[str], lang: str) -> str:
    """ "A:193-199" → "мақаланың 193–199" (kk), "193–199 статьи" (ru)."""
    form = _SEED_LINES_WORDS.get((m.group(1), lang), "{lines}")
    return form.format(lines=m.group(2).replace("-", "–"))


# Fixed phrases inside the audit service's messages, translated as whole phrases.
PHRASES: tuple[str, ...] = (
    N_("the link registry (0 = no operating link, 100 = one)"),
    N_("50·[KZ zone] + 50·[RU zone]"),
    N_("SEZ score"),
    N_("scale stated at"),
)
# Subjects of audit findings (``services.article.Finding.subject``).
SUBJECTS: dict[str, str] = {
    "published table": N_("published table"),
    "stated conclusion vs published table": N_("stated conclusion vs published table"),
    "stated conclusion vs computed result": N_("stated conclusion vs computed result"),
    "published table vs registry": N_("published table vs registry"),
}
AUDIT_TITLES: dict[str, str] = {
    "AUD001": N_("value off the stated scale"),
    "AUD002": N_("value contradicts the stated rule"),
    "AUD003": N_("top-k conclusion contradicts the table"),
    "AUD004": N_("top-k conclusion names the bottom-k"),
    "AUD005": N_("'maximum on every sub-score' conclusion contradicts the table"),
    "AUD006": N_("conclusion names a pair not in the table"),
    "AUD007": N_("two scales stated for one table"),
}
SEVERITIES: dict[str, str] = {
    "error": N_("error"),
    "warning": N_("warning"),
    "info": N_("note"),
}


class Names:
    """Localised names of the pairs, regions and centres a report mentions."""

    def __init__(
        self,
        loc: Localiser,
        pairs: Mapping[str, query.Pair],
        regions: Mapping[str, query.Region],
        places: Mapping[str, query.Place],
        indicators: Mapping[str, str],
    ) -> None:
        self.loc = loc
        self.pairs = pairs
        self.regions = regions
        self.places = places
        self.indicators = indicators

    def region(self, region_id: str) -> str:
        r = self.regions.get(region_id)
        return r.name if r else region_id

    def pair(self, pair_id: str) -> str:
        """The regions: "West Kazakhstan Region – Samara Oblast"."""
        p = self.pairs.get(pair_id)
        return f"{p.kz_name} – {p.ru_name}" if p else pair_id

    def centre_of(self, region_id: str) -> str:
        r = self.regions.get(region_id)
        if r is None or r.admin_centre is None or r.admin_centre not in self.places:
            return self.region(region_id)
        return self.places[r.admin_centre].name

    def pair_short(self, pair_id: str, compact: bool = False) -> str:
        """The admin centres: "Oral (Uralsk) – Samara" (*compact*: "Oral – Samara")."""
        p = self.pairs.get(pair_id)
        if p is None:
            return pair_id
        kz, ru = self.centre_of(p.kz_region), self.centre_of(p.ru_region)
        if compact:  # drop an alternative name in brackets: chart rows are short
            kz, ru = (re.sub(r"\s*\(.*?\)", "", n) for n in (kz, ru))
        return f"{kz} – {ru}"

    def pairs_list(self, pair_ids: list[str]) -> str:
        return self.loc.join([self.pair(p) for p in pair_ids])

    def indicator(self, indicator: str) -> str:
        return self.indicators.get(indicator) or indicator

    # ------------------------------------------------------------ service messages
    def render_value(self, _name: str, value: str) -> str:
        """One value read from a service message, told for the reader."""
        if NUMBER.fullmatch(value):
            return self.loc.num(float(value))
        text = PAIR_LIST.sub(lambda m: self.pairs_list(_split_ids(m.group(1))), value)
        text = PAIR_ID.sub(lambda m: self.pair(m.group(0)), text)
        text = TABLE_NO.sub(lambda m: self.loc.t("Table {n}", n=m.group(1)), text)
        if text.startswith("computed "):
            parts = text.removeprefix("computed ").split(" & ")  # component keys → words
            what = " & ".join(data_words(p, self.loc.lang) for p in parts)
            text = self.loc.t("computed: {what}", what=what)
        if self.loc.lang != "en":
            text = SEED_LINES.sub(lambda m: _seed_lines(m, self.loc.lang), text)
        # Indicator ids (longest first, so 'x_published' wins over 'x') and fixed phrases.
        for ind in sorted(self.indicators, key=len, reverse=True):
            if ind in text:
                text = re.sub(rf"\b{re.escape(ind)}\b", self.indicator(ind), text)
        for phrase in PHRASES:
            text = text.replace(phrase, self.loc._(phrase))
        return text

    def audit_message(self, code: str, message: str) -> tuple[str, str | None]:
        """(message, None) in the report's language, or (English message, "en") if it cannot."""
        rule = AUDIT_CATALOGUE.get(code)
        return self._retell(rule.template if rule else None, message)

    def validation_message(self, code: str, message: str) -> tuple[str, str | None]:
        problem = CATALOGUE.get(code)
        return self._retell(problem.template if problem else None, message)

    def _retell(self, template: str | None, message: str) -> tuple[str, str | None]:
        if template is None:
            return message, "en"
        translated = self.loc._(template)
        text = localise(message, template, translated, self.render_value)
        if text is None:
            return message, "en"
        return text, None


def _split_ids(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


SCALE_REF = re.compile(r" \(scale stated at (\S+)\)")
