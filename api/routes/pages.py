"""The map pages: investor map in Vietnamese or English, staff and planning pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Depends, Header, Query
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


def chosen_language(
    lang: Annotated[str | None, Query(description="vi or en")] = None,
    izagis_lang: Annotated[str | None, Cookie()] = None,
    accept_language: Annotated[str | None, Header()] = None,
) -> str:
    """The asked language, else the remembered one, else the browser's first known one."""
    for candidate in (lang, izagis_lang):
        if candidate in LANGUAGES:
            return str(candidate)
    for item in (accept_language or "").split(","):
        code = item.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT_LANGUAGE


Language = Annotated[str, Depends(chosen_language)]


@router.get("/")
def investor(lang: Language) -> HTMLResponse:
    return _page("investor", lang)


@router.get("/vi")
def investor_vi() -> HTMLResponse:
    return _page("investor", "vi")


@router.get("/en")
def investor_en() -> HTMLResponse:
    return _page("investor", "en")


@router.get("/staff")
def staff(lang: Language) -> HTMLResponse:
    return _page("staff", lang)


@router.get("/planning")
def planning(lang: Language) -> HTMLResponse:
    return _page("planning", lang)


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
