"""Folium maps on vendored, offline copies of Leaflet and its plugins.

Folium writes ``<script>``/``<link>`` tags pointing at public CDNs: each Folium class lists
its files in the class attributes ``default_js``/``default_css`` as ``(link name, url)``
pairs. The local copies live in ``web/static/vendor/<package>@<version>/``, and
``MANIFEST.json`` there maps each Folium link name to its vendored file (``folium_links``;
``web/vendor_assets.py`` re-creates the folder from it). The replacement lists are set on the
*instances*, never on Folium's classes. A link with no vendored copy makes rendering fail
with ``UnvendoredAssetError`` rather than fall back to the internet.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import folium
from branca.element import Element
from folium.elements import JSCSSMixin

STATIC_DIR = Path(__file__).resolve().parent / "static"
MANIFEST_PATH = STATIC_DIR / "vendor" / "MANIFEST.json"
PREFIX = "/static/vendor"

Link = tuple[str, str]
# What folium.Map links for features the pages never use: Bootstrap and jQuery (Folium's
# popups built from HTML and its "keep in front" option), Font Awesome and the awesome markers
# (icons on markers), Bootstrap 3's glyphicons. About 500 kB a page; the page script builds
# its popups, panels and icons without them. They stay vendored for maps that need them.
UNUSED_BY_PAGES = frozenset(
    {
        "jquery",
        "bootstrap",
        "bootstrap_css",
        "glyphicons_css",
        "awesome_markers",
        "awesome_markers_css",
        "awesome_markers_font_css",
        "awesome_rotate_css",
    }
)


class UnvendoredAssetError(LookupError):
    """A Folium element links a remote JS/CSS file that has no vendored copy."""


@cache
def _manifest() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(MANIFEST_PATH.read_text(encoding="utf-8"))
    return entries


def package_url(package: str, path: str, base: str = "") -> str:
    """The URL of a vendored package's file, whatever version the manifest pins; ``base`` is
    the path the app is served under (ASGI ``root_path``)."""
    entry = next(e for e in _manifest() if e["package"] == package)
    return f"{base}{PREFIX}/{package}@{entry['version']}/{path}"


@cache
def vendored_links() -> dict[str, str]:
    """Folium link names (``"leaflet"``, ``"vectorGrid"``...) -> local URL."""
    return {
        name: package_url(entry["package"], path)
        for entry in _manifest()
        for name, path in entry.get("folium_links", {}).items()
    }


def _localize(
    links: Sequence[Link], owner: str, base: str = "", drop: frozenset[str] = frozenset()
) -> list[Link]:
    local = vendored_links()
    result: list[Link] = []
    for name, url in links:
        if name in drop:
            continue
        if name in local:
            result.append((name, base + local[name]))
        elif url.startswith(("http://", "https://", "//")):
            raise UnvendoredAssetError(
                f"{owner} links {name!r} = {url}, which is not vendored; add it to "
                f"{MANIFEST_PATH.name} and run web/vendor_assets.py --relock"
            )
        else:
            result.append((name, url))
    return result


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


class OfflineMap(folium.Map):
    """A ``folium.Map`` whose page, plugins included, loads JS/CSS only from izagis, under
    ``base_url`` (the path the app is served under; "" at the root). With ``lean`` set, the
    links in ``UNUSED_BY_PAGES`` are left out (only for maps without Folium popups, markers
    with icons or ``objects_to_stay_in_front``)."""

    base_url: str = ""
    lean: bool = False

    def render(self, **kwargs: Any) -> str:
        drop = UNUSED_BY_PAGES if self.lean else frozenset()
        for element in _walk(self):
            if isinstance(element, JSCSSMixin):
                owner = type(element).__name__
                element.default_js = _localize(element.default_js, owner, self.base_url, drop)
                element.default_css = _localize(element.default_css, owner, self.base_url, drop)
        return super().render(**kwargs)


def offline_map(base_url: str = "", lean: bool = False, **kwargs: Any) -> OfflineMap:
    """``folium.Map(**kwargs)`` on vendored assets served under ``base_url``; ``tiles``
    defaults to none, since an internet tile server would not load on an intranet (add base
    maps as optional layers)."""
    kwargs.setdefault("tiles", None)
    m = OfflineMap(**kwargs)
    m.base_url = base_url
    m.lean = lean
    return m
