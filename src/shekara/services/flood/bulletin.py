"""The daily flood bulletin of the four basins: HTML and PDF, in kk, ru and en.

The context (:func:`bulletin_context`) is shared with the dashboard page: the latest
bulletin values per post and reservoir, the forecast's alert class and exceedance
probability, the travel time to the next post across the border, the map. Every value
that rests on an assumption carries the mark ``*`` and the footnote says which; exercise
data carry "exercise — not observed" in the title block. Numbers and dates are formatted
with Babel for the bulletin's language; the PDF reuses the report's embedded font and
WeasyPrint writer (nothing is fetched).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy.engine import Engine

from shekara.i18n import fmt_number, translator
from shekara.i18n.words import as_of_words
from shekara.services.flood import EXERCISE_MARK
from shekara.services.flood.exchange import stored_rows
from shekara.services.flood.forecast import NetworkForecast, network_forecast, prepare
from shekara.services.flood.mapsvg import ALERT_COLOURS, network_svg, svg_context
from shekara.services.flood.network import Network, load_network
from shekara.services.flood.verification_figures import VerificationText, summary_rows

TEMPLATES = Path(__file__).resolve().parents[2] / "report" / "templates"
MAP_WORDS = ("normal", "watch", "warning", "danger", "none", "schematic")


def latest_values(engine: Engine, day: date) -> dict[str, dict[str, Any]]:
    """Values reported for *day*, per node and quantity."""
    out: dict[str, dict[str, Any]] = {}
    for r in stored_rows(engine, start=day, end=day):
        out.setdefault(r.node_id, {})[r.quantity] = r.value
    return out


@dataclass(frozen=True)
class PostLine:
    """A post's line of the bulletin, every figure formatted for the bulletin's language."""

    id: str
    name: str
    country: str
    alert: str
    alert_text: str
    colour: str
    level: str
    discharge: str
    ice: str
    danger_level: str
    danger_q: str
    danger_assumed: bool
    peak: str
    p_danger: str
    next_post: str
    travel: str


@dataclass(frozen=True)
class ReservoirLine:
    """A reservoir's line of the bulletin (``fill_ratio`` unformatted, for the page's gauge)."""

    id: str
    name: str
    country: str
    level: str
    volume: str
    fill: str
    fill_ratio: float | None
    inflow: str
    outflow: str
    nrl_volume: str
    assumed: bool


@dataclass(frozen=True)
class BasinLines:
    """A basin's section of the bulletin: its posts and reservoirs."""

    id: str
    name: str
    posts: list[PostLine]
    reservoirs: list[ReservoirLine]


@dataclass(frozen=True)
class BulletinContext:
    """Everything the bulletin template and the dashboard's flood page show, formatted for
    ``lang``; the template reads its fields as variables (:meth:`template_vars`)."""

    lang: str
    tf: Callable[[str], str]
    title: str
    day: str
    issued: str
    exercise: bool
    exercise_mark: str
    horizon: int
    members: int
    basins: list[BasinLines]
    map_svg: Markup
    forecast: NetworkForecast
    verification: VerificationText

    def post(self, node_id: str) -> PostLine:
        """The line of post *node_id*."""
        return next(p for b in self.basins for p in b.posts if p.id == node_id)

    def reservoir(self, node_id: str) -> ReservoirLine:
        """The line of reservoir *node_id*."""
        return next(r for b in self.basins for r in b.reservoirs if r.id == node_id)

    def template_vars(self) -> dict[str, Any]:
        """The fields by name, as the template's variables."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


def bulletin_context(
    engine: Engine,
    *,
    lang: str,
    as_of: date | None = None,
    net: Network | None = None,
    forecast: NetworkForecast | None = None,
) -> BulletinContext:
    """Everything the bulletin template (and the dashboard page) shows, formatted for *lang*."""
    net = net or load_network()
    _ = translator(lang, "flood")
    if forecast is None:
        fi = prepare(engine, as_of=as_of, net=net)
        forecast = network_forecast(engine, inputs=fi, members=30)
    day = date.fromisoformat(forecast.issued)
    latest = latest_values(engine, day)

    def num(v: object, d: int = 0) -> str:
        return "—" if v is None else fmt_number(float(v), lang, d)  # type: ignore[arg-type]

    basins = []
    for b in net.basins:
        posts: list[PostLine] = []
        reservoirs: list[ReservoirLine] = []
        for nid in b.node_ids:
            n = net.node(nid)
            if n.basin_id != b.basin_id:
                continue
            v = latest.get(nid, {})
            if n.kind == "post" and nid in forecast.posts:
                p = forecast.posts[nid]
                nxt = net.node(p.next_border_post).name(lang) if p.next_border_post else "—"
                posts.append(PostLine(
                    id=nid, name=n.name(lang), country=_(n.country), alert=p.alert,
                    alert_text=_(p.alert), colour=ALERT_COLOURS[p.alert],
                    level=num(v.get("level")), discharge=num(v.get("discharge")),
                    ice=_(str(v["ice"])) if "ice" in v else "—",
                    danger_level=num(n.danger_level_cm), danger_q=num(n.danger_q_m3s),
                    danger_assumed="danger_q_m3s" in n.assumed,
                    peak=num(max(p.q_median[p.observed_days:])),
                    p_danger="—" if p.p_exceed_danger is None else fmt_number(100 * p.p_exceed_danger, lang, 0) + " %",
                    next_post=nxt,
                    travel="—" if p.travel_hours is None else fmt_number(p.travel_hours / 24, lang, 1),
                ))  # fmt: skip
            elif n.kind == "reservoir":
                spec = net.reservoirs[nid]
                vol = v.get("volume")
                reservoirs.append(ReservoirLine(
                    id=nid, name=n.name(lang), country=_(n.country),
                    level=num(v.get("res_level"), 2), volume=num(vol),
                    fill="—" if vol is None else fmt_number(100 * float(vol) / spec.volume_mcm, lang, 0) + " %",
                    fill_ratio=None if vol is None else float(vol) / spec.volume_mcm,
                    inflow=num(v.get("inflow")), outflow=num(v.get("outflow")),
                    nrl_volume=num(spec.volume_mcm), assumed=bool(spec.assumed),
                ))  # fmt: skip
        basins.append(BasinLines(b.basin_id, b.names.get(lang) or b.names["en"], posts, reservoirs))
    alerts, fills = svg_context(net, forecast, latest)
    words = {w: _(w) for w in MAP_WORDS}
    svg = network_svg(
        net, alerts=alerts, fills=fills, labels=words, title=_("Flood season"), lang=lang
    )
    return BulletinContext(
        lang=lang, tf=_, title=_("Daily flood bulletin"), day=as_of_words(day, lang),  # "2026 жылғы 18 мамырдағы"
        issued=forecast.issued, exercise=forecast.exercise, exercise_mark=_(EXERCISE_MARK),
        horizon=forecast.horizon_days, members=forecast.members, basins=basins,
        map_svg=Markup(svg), forecast=forecast, verification=summary_rows(lang),
    )  # fmt: skip


def render_bulletin(ctx: BulletinContext) -> str:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"])
    )
    from shekara.report.builder import FONT_PLACEHOLDER
    from shekara.report.fonts import font_face_css

    html = env.get_template("flood_bulletin.html.j2").render(
        **ctx.template_vars(), font_placeholder=FONT_PLACEHOLDER
    )
    return html.replace(FONT_PLACEHOLDER, font_face_css(html), 1)


def write_bulletin(engine: Engine, out: Path, *, lang: str, as_of: date | None = None) -> Path:
    """Write the bulletin as ``.html`` or ``.pdf`` (by suffix)."""
    if out.suffix.lower() not in (".html", ".pdf"):
        raise ValueError(f"FLB001: bulletin output must end in .html or .pdf, not {out.suffix!r}")
    html = render_bulletin(bulletin_context(engine, lang=lang, as_of=as_of))
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".html":
        out.write_text(html, encoding="utf-8")
    else:
        from shekara.report.builder import write_pdf

        write_pdf(html, out)
    return out
