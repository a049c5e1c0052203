"""The map pages: investor map in Vietnamese or English, staff and planning pages."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import APIRouter, Cookie, Depends, Header, Query, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from sqlalchemy.exc import SQLAlchemyError

from api.security import new_nonce, page_policy, with_nonce
from izagis import registry
from izagis.registry import ZonesExtent
from web.assets import package_url
from web.i18n import DEFAULT_LANGUAGE, LANGUAGES
from web.pages import Audience, build_map

router = APIRouter(include_in_schema=False)
log = logging.getLogger(__name__)
LANG_COOKIE = "izagis_lang"
ONE_YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class Choice:
    lang: str
    explicit: bool  # asked for by the user, so remembered


def base_path(request: Request) -> str:
    """The path the app is served under (ASGI ``root_path``, e.g. behind a reverse proxy that
    forwards ``/izagis/...``); "" at the root. Every URL a page loads starts with it."""
    root: str = request.scope.get("root_path", "")
    return quote(root.rstrip("/"), safe="/%")  # it lands in URLs, HTML and script strings


def _with_policy(html: str, image_hosts: tuple[str, ...] = ()) -> HTMLResponse:
    """The page with its scripts marked by a fresh nonce, and the policy that admits them
    (and images from ``image_hosts``)."""
    nonce = new_nonce()
    response = HTMLResponse(with_nonce(html, nonce))
    response.headers["Content-Security-Policy"] = page_policy(nonce, image_hosts)
    return response


def _zones(request: Request) -> ZonesExtent | None:
    """Where the zones on file lie, written into the page so that the map opens on all of them
    (and the province outline's layer is named for what it is); None while the database cannot
    be reached (or the app has none): the page needs no database and is still served, on its
    usual view."""
    engine = getattr(request.app.state, "engine", None)
    if engine is None:
        return None
    try:
        with engine.connect() as conn:
            return registry.zones_extent(conn)
    except SQLAlchemyError:
        log.warning("zones' extent not read: the page opens on its usual view", exc_info=True)
        return None


def _page(request: Request, audience: Audience, choice: Choice) -> HTMLResponse:
    base = base_path(request)
    tiles = request.app.state.settings.base_map_url
    hosts = (f"{urlsplit(tiles).scheme}://{urlsplit(tiles).netloc}",) if tiles else ()
    html = build_map(choice.lang, audience, base, tiles, _zones(request))
    response = _with_policy(html, hosts)
    if choice.explicit:
        response.set_cookie(
            LANG_COOKIE,
            choice.lang,
            max_age=ONE_YEAR,
            path=base or "/",
            samesite="lax",
            secure=request.url.scheme == "https",
        )
    return response


def chosen_language(
    lang: Annotated[str | None, Query(description="vi or en")] = None,
    izagis_lang: Annotated[str | None, Cookie()] = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> Choice:
    """The asked language, else the remembered one, else the browser's first known one."""
    if lang in LANGUAGES:
        return Choice(str(lang), explicit=True)
    if izagis_lang in LANGUAGES:
        return Choice(str(izagis_lang), explicit=False)
    for item in (accept_language or "").split(","):
        code = item.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return Choice(code, explicit=False)
    return Choice(DEFAULT_LANGUAGE, explicit=False)


Language = Annotated[Choice, Depends(chosen_language)]


@router.get("/")
def investor(request: Request, lang: Language) -> HTMLResponse:
    return _page(request, "investor", lang)


@router.get("/vi")
def investor_vi(request: Request) -> HTMLResponse:
    return _page(request, "investor", Choice("vi", explicit=True))


@router.get("/en")
def investor_en(request: Request) -> HTMLResponse:
    return _page(request, "investor", Choice("en", explicit=True))


@router.get("/staff")
def staff(request: Request, lang: Language) -> HTMLResponse:
    return _page(request, "staff", lang)


@router.get("/planning")
def planning(request: Request, lang: Language) -> HTMLResponse:
    return _page(request, "planning", lang)


@router.get("/docs")
def docs(request: Request) -> HTMLResponse:
    """The interactive API docs, with Swagger UI served by izagis itself."""
    base = base_path(request)
    html = get_swagger_ui_html(
        openapi_url=f"{base}/openapi.json",
        title="izagis API",
        swagger_js_url=package_url("swagger-ui-dist", "swagger-ui-bundle.js", base),
        swagger_css_url=package_url("swagger-ui-dist", "swagger-ui.css", base),
        swagger_favicon_url="data:,",
    )
    return _with_policy(bytes(html.body).decode())
