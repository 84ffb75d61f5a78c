"""The dashboard's language: chosen by ``?lang=``, remembered in a cookie, else the browser's.

Texts come from the ``web`` gettext domain (``i18n/<lang>/LC_MESSAGES/web.po``);
names of regions, pairs and indicators come from the knowledge base in the same
language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Request

from shekara.i18n import LANGS as LANGS
from shekara.i18n import fmt_number, translator
from shekara.i18n.words import retell
from shekara.web.api.models import LangCode

COOKIE = "shekara_lang"
LANG_NAMES: dict[str, str] = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
DOMAIN = "web"

#: Messages the templates translate from a variable (``_(x)``), not from a literal; the
#: catalog test checks these as well as every literal ``_("…")`` of the templates.
DYNAMIC_MESSAGES: tuple[str, ...] = (
    # entity types of the indicator catalogue
    "country", "region", "pair", "place", "basin", "river", "reservoir", "crossing", "zone",
    "border",
    # transport-link modes and statuses
    "rail", "intl_road", "pipeline", "operating", "closed", "proposed",
    # SWOT quadrants and item origins
    "strength", "weakness", "opportunity", "threat", "rule", "curated",
    # problem titles on error pages
    "Not found", "Method not allowed", "Invalid parameters", "Data refused",
    "Assessment impossible", "Authentication required", "Token not accepted",
    "Upload too large", "Unsupported media type", "Not acceptable", "HTTP error",
    "Internal error",
    # the water balance's words, told by present.water_rows for the page and the CLI
    "FAO & UN-Water 2021",
    "base",
    "change of the inflow from upstream (China)",
    "deficit / resources",
    "formed + inflow",
    "formed in Kazakhstan",
    "growth of water consumption",
    "increase of the upstream withdrawal",
    "inflow / resources",
    "inflow by transboundary rivers",
    "inflow from Russia / resources",
    "inflow from Russia / transboundary inflow",
    "national economic load",
    "national water withdrawal",
    "projected water deficit",
    "river {river}",
    "share of the inflow in the resources",
    "surface-water resources",
    "withdrawal by the Irtysh–Karaganda canal",
    # texts made in Python
    "one outline: the boundary data predate the split",
    "Cooperation potential of all pairs",
    "latest period of each",
    # water page: figure statuses, SDG 6.4.2 stress classes, water-balance figure labels
    # (shekara.services.water), units, alert levels, chart texts, reservoir input statuses
    "stated", "computed", "scenario", "missing",
    "no_stress", "low", "medium", "high", "critical", "water-stress class (SDG 6.4.2 bands)",
    "{stress} (southern part of the basin only)",
    "water resources", "transboundary inflow", "inflow from Russia", "water withdrawal",
    "water deficit", "economic load on water resources",
    "Kazakhstan's withdrawal by the Irtysh–Karaganda canal",
    "China's withdrawal, start of the stated growth",
    "China's withdrawal, end of the stated growth",
    "planned withdrawal of China's Karamay canal",
    "deficit on the Russian section (RF border to the Ob)", "deficit in low-water years",
    "growth of China's withdrawal",
    "withdrawals named upstream of the Russian border (China + KZ canal)",
    "watch", "warning", "danger",
    "hold, then release", "pre-release", "dam crest", "spillway crest (NRL)", "m",
    "inflow (assumed wave)", "outflow",
    "sourced", "assumed (set by the user)", "assumed (only 260 km² at NRL is sourced)",
    "Iriklinsk reservoir overflowed in spring 2024",
)  # fmt: skip


def _as_lang(value: str | None) -> LangCode | None:
    for code in LANGS:
        if value == code:
            return code
    return None


def accept_language(header: str) -> LangCode | None:
    """The first of kk/ru/en in an ``Accept-Language`` header (by q-value).

    >>> accept_language("de-DE,ru;q=0.8,en;q=0.5")
    'ru'
    >>> accept_language("fr") is None
    True
    """
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        ranked.append((-q, i, tag.split("-")[0].strip().lower()))
    for _, _, tag in sorted(ranked):
        lang = _as_lang(tag)
        if lang:
            return lang
    return None


def request_lang(request: Request) -> LangCode:
    """``?lang=`` → cookie → ``Accept-Language`` → English."""
    return (
        _as_lang(request.query_params.get("lang"))
        or _as_lang(request.cookies.get(COOKIE))
        or accept_language(request.headers.get("accept-language", ""))
        or "en"
    )


@dataclass(frozen=True)
class PageText:
    """What templates use to speak the page's language."""

    lang: LangCode
    gettext: Callable[[str], str]

    def num(self, value: float | None, decimals: int | None = None) -> str:
        """A number in the page's language (``—`` for a missing value)."""
        if value is None:
            return "—"
        return fmt_number(value, self.lang, decimals)

    def note(self, message: str) -> str:
        """An assessment note retold in the page's language (templates of the ``cli`` catalog)."""
        from shekara.services.assessment.ranking import NOTE_TEMPLATES

        return retell(message, NOTE_TEMPLATES, self.lang, "cli")

    def smart(self, value: float) -> str:
        """A number with as many decimals as its size needs (legends, axes).

        >>> t = page_text("en")
        >>> t.smart(1348387.0), t.smart(12.345), t.smart(0.1234)
        ('1,348,387', '12.3', '0.123')
        """
        size = abs(value)
        decimals = 0 if size >= 100 or size == 0 else 1 if size >= 10 else 2 if size >= 1 else 3
        return fmt_number(value, self.lang, decimals)


def page_text(lang: LangCode) -> PageText:
    return PageText(lang, translator(lang, DOMAIN))


def safe_next(path: str | None) -> str:
    """A local path to go back to after switching language (never another site).

    >>> safe_next("/pairs/KZ-15:RU-ORE?as_of=2018"), safe_next("//evil.example/"), safe_next(None)
    ('/pairs/KZ-15:RU-ORE?as_of=2018', '/', '/')
    """
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return "/"
    return path
