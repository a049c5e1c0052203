"""The map pages: investor map in Vietnamese or English, staff and planning pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Header, Query
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from web.assets import package_url
from web.i18n import DEFAULT_LANGUAGE, LANGUAGES
from web.pages import Audience, build_map

router = APIRouter(include_in_schema=False)
LANG_COOKIE = "izagis_lang"
ONE_YEAR = 365 * 24 * 3600


def _page(audience: Audience, lang: str) -> HTMLResponse:
    response = HTMLResponse(build_map(lang, audience))
    response.set_cookie(LANG_COOKIE, lang, max_age=ONE_YEAR, samesite="lax")
    return response


def _chosen(lang: str | None, cookie: str | None, accept: str | None) -> str:
    """The asked language, else the remembered one, else the browser's first known one."""
    for candidate in (lang, cookie):
        if candidate in LANGUAGES:
            return str(candidate)
    for item in (accept or "").split(","):
        code = item.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


LangQuery = Annotated[str | None, Query(description="vi or en")]
LangCookie = Annotated[str | None, Cookie()]
AcceptLanguage = Annotated[str | None, Header()]


@router.get("/")
def investor(
    lang: LangQuery = None, izagis_lang: LangCookie = None, accept_language: AcceptLanguage = None
) -> HTMLResponse:
    return _page("investor", _chosen(lang, izagis_lang, accept_language))


@router.get("/vi")
def investor_vi() -> HTMLResponse:
    return _page("investor", "vi")


@router.get("/en")
def investor_en() -> HTMLResponse:
    return _page("investor", "en")


@router.get("/staff")
def staff(
    lang: LangQuery = None, izagis_lang: LangCookie = None, accept_language: AcceptLanguage = None
) -> HTMLResponse:
    return _page("staff", _chosen(lang, izagis_lang, accept_language))


@router.get("/planning")
def planning(
    lang: LangQuery = None, izagis_lang: LangCookie = None, accept_language: AcceptLanguage = None
) -> HTMLResponse:
    return _page("planning", _chosen(lang, izagis_lang, accept_language))


@router.get("/docs")
def docs() -> HTMLResponse:
    """The interactive API docs, with Swagger UI served by izagis itself."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="izagis API",
        swagger_js_url=package_url("swagger-ui-dist", "swagger-ui-bundle.js"),
        swagger_css_url=package_url("swagger-ui-dist", "swagger-ui.css"),
        swagger_favicon_url="data:,",
    )
