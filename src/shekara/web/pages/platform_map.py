"""Joint projects on the border map: a count badge per region and per pair.

The badges are a layer drawn over the dashboard's map (:mod:`shekara.present.mapsvg`)
from what its model already holds: a region's badge sits just above its outline's anchor, a
point surely inside it (:func:`shekara.present.maplayers.anchor_point`; regions sharing one
outline get badges side by side), a pair's at the middle of the line between its
administrative centres. Each badge links to the registry
filtered by that region or pair (``/platform/projects?region=KZ-55``). The layer is an SVG
``<g>`` passed to the map macro as its ``overlay``; a small key inside it names the badges
in the page's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from fastapi import Request
from markupsafe import Markup, escape
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from shekara.i18n import fmt_number
from shekara.kb import query
from shekara.platform import accounts, security
from shekara.platform.accounts import ANONYMOUS
from shekara.platform.mapcounts import ProjectCounts, project_counts
from shekara.present.mapsvg import MapInput, MapModel, build_map
from shekara.web.pages.i18n import page_text, request_lang
from shekara.web.pages.platform_common import platform_gettext

BADGE_R = 11.0
SIDE_BY_SIDE_PX = 2 * BADGE_R + 4


@dataclass(frozen=True)
class Badge:
    """One count on the map: where, how many, the filtered registry it opens."""

    kind: str  # "region" | "pair"
    key: str  # region id or pair id
    x: float
    y: float
    count: int
    href: str
    title: str


def layout(model: MapModel, counts: ProjectCounts, title: Callable[[str, int], str]) -> list[Badge]:
    """Badges of *counts* on *model* (regions and pairs without a project get none).

    *title* makes a badge's text from the region's or pair's name and the count.
    """
    out: list[Badge] = []
    for shape in model.regions:
        counted = [r for r in shape.regions if counts.by_region.get(r)]
        if not counted:
            continue
        # above the anchor, where the region's name and zone mark are placed first
        x, y = shape.anchor[0], round(shape.anchor[1] - SIDE_BY_SIDE_PX, 1)
        # the outline's title is "A" or "A + B (note)" (mapmodel.outline_label)
        names = dict(zip(shape.regions, shape.title.split(" (")[0].split(" + "), strict=False))
        for i, rid in enumerate(counted):
            dx = (i - (len(counted) - 1) / 2) * SIDE_BY_SIDE_PX
            n = counts.by_region[rid]
            out.append(Badge("region", rid, round(x + dx, 1), y, n,
                             f"/platform/projects?region={rid}", title(names.get(rid, rid), n)))  # fmt: skip
    for line in model.lines:
        n = counts.by_pair.get(line.pair_id, 0)
        if n:
            out.append(Badge("pair", line.pair_id, round((line.x1 + line.x2) / 2, 1),
                             round((line.y1 + line.y2) / 2, 1), n,
                             f"/platform/projects?pair_id={line.pair_id}",
                             title(line.title.split(":")[0], n)))  # fmt: skip
    return out


#: Fill of the badges: regions teal, pairs amber (both readable with white digits).
FILL = {"region": "#1f6f8b", "pair": "#8a4b00"}


def _shape(b: Badge) -> str:
    if b.kind == "pair":
        return (f'<rect x="{b.x - BADGE_R}" y="{b.y - BADGE_R}" width="{2 * BADGE_R}" '
                f'height="{2 * BADGE_R}" rx="4" fill="{FILL[b.kind]}" stroke="#fff" stroke-width="2"/>')  # fmt: skip
    return f'<circle cx="{b.x}" cy="{b.y}" r="{BADGE_R}" fill="{FILL[b.kind]}" stroke="#fff" stroke-width="2"/>'


def render_layer(badges: list[Badge], key: Mapping[str, str], lang: str, model: MapModel) -> Markup:
    """The badges as an SVG ``<g>`` with a key in the lower right corner."""
    if not badges:
        return Markup("")
    parts = ['<g class="pf-badges">']
    for b in badges:
        parts.append(
            f'<a href="{escape(b.href)}" class="pf-badge {b.kind}" data-{b.kind}="{escape(b.key)}"'
            f' data-count="{b.count}" data-tip="{escape(b.title)}" aria-label="{escape(b.title)}">'
            f"<title>{escape(b.title)}</title>{_shape(b)}"
            f'<text x="{b.x}" y="{b.y + 4}" text-anchor="middle" font-size="12" font-weight="bold"'
            f' fill="#fff">{escape(fmt_number(b.count, lang, 0))}</text></a>'
        )
    x, y = round(model.width - 230, 1), round(model.height - 46, 1)
    parts.append(
        f'<g class="pf-key" font-size="12"><circle cx="{x}" cy="{y}" r="6" fill="{FILL["region"]}"/>'
        f'<text x="{x + 11}" y="{y + 4}">{escape(key["region"])}</text>'
        f'<rect x="{x - 6}" y="{y + 12}" width="12" height="12" rx="2" fill="{FILL["pair"]}"/>'
        f'<text x="{x + 11}" y="{y + 22}">{escape(key["pair"])}</text></g></g>'
    )
    return Markup("".join(parts))


def page_user(request: Request, engine: Engine) -> accounts.User:
    """The user of the browser's session cookie (pages), or the anonymous visitor."""
    found = accounts.session_user(engine, request.cookies.get(security.SESSION_COOKIE))
    return found[0] if found else ANONYMOUS


def project_layer(request: Request, engine: Engine, model: MapModel) -> Markup:
    """The badge layer of the joint projects the visitor may read, for *model*.

    A store without the platform's tables (built before it) shows no badges.
    """
    lang = request_lang(request)
    _ = platform_gettext(lang)
    try:
        counts = project_counts(engine, page_user(request, engine))
    except SQLAlchemyError:
        return Markup("")
    label = _("Joint projects")
    badges = layout(model, counts, lambda name, n: f"{name} — {label}: {fmt_number(n, lang, 0)}")
    key = {"region": _("Projects of a region"), "pair": _("Projects of a pair")}
    return render_layer(badges, key, lang, model)


def plain_map(engine: Engine, lang: str, year: int) -> MapModel:
    """The border map of *year* without values (the registry's page)."""
    t = page_text(lang)  # type: ignore[arg-type]
    places = {p.place_id: p for p in query.places(engine, lang=t.lang)}
    return build_map(
        MapInput(
            year,
            query.regions(engine, as_of=year, lang=t.lang, border=True),
            query.pairs(engine, as_of=year, lang=t.lang),
            places,
        ),
        shared_note=t.gettext("one outline: the boundary data predate the split"),
        fmt=t.smart,
    )
