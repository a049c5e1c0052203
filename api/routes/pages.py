"""The map pages: investor map in Vietnamese or English, staff and planning pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Query
from fastapi.responses import HTMLResponse

from web.i18n import DEFAULT_LANGUAGE, LANGUAGES
from web.pages import Audience, build_map

router = APIRouter(include_in_schema=False)
LANG_COOKIE = "izagis_lang"
ONE_YEAR = 365 * 24 * 3600


def _page(audience: Audience, lang: str) -> HTMLResponse:
    response = HTMLResponse(build_map(lang, audience))
    response.set_cookie(LANG_COOKIE, lang, max_age=ONE_YEAR, samesite="lax")
    return response


def _chosen(lang: str | None, cookie: str | None) -> str:
    for candidate in (lang, cookie):
        if candidate in LANGUAGES:
            return str(candidate)
    return DEFAULT_LANGUAGE


@router.get("/")
def investor(izagis_lang: Annotated[str | None, Cookie()] = None) -> HTMLResponse:
    return _page("investor", _chosen(None, izagis_lang))


@router.get("/vi")
def investor_vi() -> HTMLResponse:
    return _page("investor", "vi")


@router.get("/en")
def investor_en() -> HTMLResponse:
    return _page("investor", "en")


@router.get("/staff")
def staff(
    lang: Annotated[str | None, Query()] = None,
    izagis_lang: Annotated[str | None, Cookie()] = None,
) -> HTMLResponse:
    return _page("staff", _chosen(lang, izagis_lang))


@router.get("/planning")
def planning(
    lang: Annotated[str | None, Query()] = None,
    izagis_lang: Annotated[str | None, Cookie()] = None,
) -> HTMLResponse:
    return _page("planning", _chosen(lang, izagis_lang))
