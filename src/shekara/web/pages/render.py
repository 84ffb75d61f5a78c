"""Rendering dashboard pages: the Jinja environment and what every page's template gets."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import date
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from shekara import __version__
from shekara.i18n import browser_locale
from shekara.i18n.words import (
    data_words,
    day_words,
    period_span,
    retell,
    sources_words,
    unit_after,
)
from shekara.kb.query import unit_labels
from shekara.services.assessment.ranking import NOTE_TEMPLATES
from shekara.web.pages.i18n import LANG_NAMES, LANGS, PageText, page_text, request_lang
from shekara.web.state import WebState, web_state

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
TEMPLATES.env.trim_blocks = True
TEMPLATES.env.lstrip_blocks = True
# The page's language for filters (set by render() for the request being rendered).
_PAGE_LANG: ContextVar[str] = ContextVar("page_lang", default="en")
# ``{{ ref|cite }}``: source keys as a reader's words on kk/ru pages ("мақала, 566-жол").
TEMPLATES.env.filters["cite"] = lambda ref: sources_words(str(ref), _PAGE_LANG.get())
# ``{{ note|dt }}``: an English text of data/ (note, gloss, parameter name) in the page's language.
TEMPLATES.env.filters["dt"] = lambda text: data_words(text, _PAGE_LANG.get())
# ``{{ note|note }}``: a note of the assessment service (e.g. the populations' vintage) in the
# page's language, retold from its template (translations in the ``cli`` catalog).
TEMPLATES.env.filters["note"] = lambda note: retell(
    str(note), NOTE_TEMPLATES, _PAGE_LANG.get(), "cli"
)
# ``{{ "2018-12-31"|longday }}``: a day in full ("2018 жылғы 31 желтоқсан"), as format.js's date().
TEMPLATES.env.filters["longday"] = lambda iso: day_words(
    date.fromisoformat(str(iso)), _PAGE_LANG.get()
)
# ``{{ value.period|span }}``: a stored period as a reader writes it ("2018–2030", "01.2018–08.2018").
TEMPLATES.env.filters["span"] = lambda period: period_span(str(period or ""))


#: What a page handler asks for to reach the store and the caches: ``state: State``.
State = Annotated[WebState, Depends(web_state)]


def page_router(prefix: str = "") -> APIRouter:
    """A router of dashboard pages: HTML for people, so kept out of the OpenAPI schema.

    >>> page_router("/platform").prefix
    '/platform'
    """
    return APIRouter(prefix=prefix, include_in_schema=False)


#: Years offered by the "as of" selectors (the article's year, the Abai split, now).
FIRST_YEAR = 2017


def year_choices() -> list[int]:
    return list(range(date.today().year, FIRST_YEAR - 1, -1))


def parse_year(text: str | None) -> int:
    """The as-of year of a page (``?as_of=YYYY``), default this year; out-of-range → this year.

    >>> parse_year("2018"), parse_year("x") == date.today().year
    (2018, True)
    """
    if text and text.isdigit() and 1000 <= int(text) <= 9999:
        return int(text)
    return date.today().year


def lang_links(request: Request) -> list[dict[str, Any]]:
    """Links of the language switch: ``/lang/<code>?next=<this page>``."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    here = request.url.path + (f"?{urlencode(kept)}" if kept else "")
    current = request_lang(request)
    return [
        {
            "code": code,
            "name": LANG_NAMES[code],
            "href": f"/lang/{code}?{urlencode({'next': here})}",
            "current": code == current,
        }
        for code in LANGS
    ]


def render(
    request: Request, template: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """Render *template* with the page language, its texts and the navigation."""
    t: PageText = page_text(request_lang(request))
    _PAGE_LANG.set(t.lang)
    ctx = {
        "unit": _unit_labeller(request, t.lang),
        "request": request,
        "t": t,
        "_": t.gettext,
        "lang": t.lang,
        "lang_links": lang_links(request),
        "version": __version__,
        "locale_data": browser_locale(t.lang),  # for static/js/format.js
        "path": request.url.path,
        **context,
    }
    return TEMPLATES.TemplateResponse(request, template, ctx, status_code=status_code)


def _unit_labeller(request: Request, lang: str) -> Any:
    """``{{ unit(code) }}``: a unit's label in the page's language (``thousand_persons`` →
    ``мың адам``); the code itself when the store has no such unit or no store is attached."""
    state = getattr(request.app.state, "shekara", None)
    labels: dict[str, str] = (
        {}
        if state is None
        else state.cached(("unit-labels", lang), lambda: unit_labels(state.engine, lang))  # type: ignore[arg-type]
    )

    def label(code: object, value: object = None) -> str:
        """``unit(code)``; ``unit(code, value)`` agrees with the number ("0 баллов")."""
        if not code:
            return ""
        text = labels.get(str(code), str(code))
        return unit_after(text, value, lang) if isinstance(value, int | float) else text

    return label


def html_error(request: Request, status: int, title: str, detail: str) -> HTMLResponse:
    """An error page in the page's language (the API answers problem+json instead)."""
    return render(
        request, "error.html", {"status": status, "title": title, "detail": detail}, status
    )
