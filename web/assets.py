"""Serve Folium maps with vendored, offline copies of Leaflet and its plugins.

Folium writes ``<script>``/``<link>`` tags pointing at public CDNs.  Each Folium class
that needs JS/CSS lists it in the class attributes ``default_js``/``default_css`` as
``(link name, url)`` pairs, and ``JSCSSMixin.render`` adds one tag per pair to the page
header, keyed by the link name.  The local copies live in
``web/static/vendor/<package>@<version>/`` and ``MANIFEST.json`` there maps each Folium
link name to its vendored file (``folium_links``; see ``web/vendor_assets.py``).

Nothing here mutates Folium's class attributes: the replacement lists are set on the
*instances* (an instance attribute shadows the class attribute that ``render`` reads), so
ordinary ``folium.Map`` objects elsewhere in the process keep their CDN links.

Usage::

    import folium
    from folium.plugins import Fullscreen
    from web.assets import offline_map

    m = offline_map(location=[20.25, 105.97], zoom_start=11)  # tiles=None by default
    folium.GeoJson(zones, tooltip=folium.GeoJsonTooltip(["name"])).add_to(m)
    Fullscreen().add_to(m)              # localized automatically when the map renders
    folium.LayerControl().add_to(m)
    html = m.get_root().render()        # only /static/vendor/... URLs for JS/CSS

The app must serve ``STATIC_DIR`` under ``/static`` (``asset_prefix`` otherwise), e.g.
``app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")``.

A plugin whose JS/CSS is not vendored makes rendering raise ``UnvendoredAssetError``
(``strict_assets=False`` keeps its CDN link instead and only logs a warning); vendor it
by adding an entry to MANIFEST.json and running ``python web/vendor_assets.py --relock``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import folium
from branca.element import Element
from folium.elements import JSCSSMixin

__all__ = [
    "DEFAULT_PREFIX",
    "STATIC_DIR",
    "VENDOR_DIR",
    "OfflineMap",
    "UnvendoredAssetError",
    "VendoredFile",
    "localize_assets",
    "localize_tree",
    "missing_vendored_files",
    "offline_map",
    "vendored_links",
]

log = logging.getLogger(__name__)

STATIC_DIR = Path(__file__).resolve().parent / "static"
VENDOR_DIR = STATIC_DIR / "vendor"
MANIFEST_PATH = VENDOR_DIR / "MANIFEST.json"
DEFAULT_PREFIX = "/static/vendor"

Link = tuple[str, str]
E = TypeVar("E", bound=JSCSSMixin)


class UnvendoredAssetError(LookupError):
    """A Folium element links a remote JS/CSS file that has no vendored copy."""


@dataclass(frozen=True)
class VendoredFile:
    """One vendored file: ``<prefix>/<package>@<version>/<path>``."""

    package: str
    version: str
    path: str

    @property
    def relative_url(self) -> str:
        return f"{self.package}@{self.version}/{self.path}"

    def url(self, prefix: str = DEFAULT_PREFIX) -> str:
        return f"{prefix.rstrip('/')}/{self.relative_url}"


@cache
def vendored_links(manifest: Path = MANIFEST_PATH) -> dict[str, VendoredFile]:
    """Map Folium link names (e.g. ``"leaflet"``, ``"vectorGrid"``) to vendored files."""
    links: dict[str, VendoredFile] = {}
    for entry in json.loads(manifest.read_text(encoding="utf-8")):
        for name, path in entry.get("folium_links", {}).items():
            if name in links:
                raise ValueError(f"{manifest}: Folium link {name!r} is vendored twice")
            links[name] = VendoredFile(entry["package"], entry["version"], path)
    return links


def missing_vendored_files(vendor_dir: Path = VENDOR_DIR) -> list[Path]:
    """Vendored files that the manifest links but that are absent (e.g. for a startup check)."""
    files = (
        vendor_dir / f.relative_url for f in vendored_links(vendor_dir / "MANIFEST.json").values()
    )
    return [path for path in files if not path.is_file()]


def _is_remote(url: str) -> bool:
    return url.startswith(("http://", "https://", "//"))


def _localize_links(links: Sequence[Link], owner: str, prefix: str, strict: bool) -> list[Link]:
    vendored = vendored_links()
    result: list[Link] = []
    for name, url in links:
        if name in vendored:
            result.append((name, vendored[name].url(prefix)))
        elif not _is_remote(url):
            result.append((name, url))  # already local (or localized before)
        elif strict:
            raise UnvendoredAssetError(
                f"{owner} links {name!r} = {url} which is not vendored; add it to "
                f"{MANIFEST_PATH} and run web/vendor_assets.py --relock, "
                "or pass strict_assets=False"
            )
        else:
            log.warning("%s keeps remote asset %r = %s (not vendored)", owner, name, url)
            result.append((name, url))
    return result


def localize_assets(element: E, prefix: str = DEFAULT_PREFIX, strict: bool = True) -> E:
    """Point one Folium element's JS/CSS at the vendored copies and return the element.

    Works for ``folium.Map`` and any plugin (``Fullscreen``, ``Search``, ``MousePosition``,
    ``VectorGridProtobuf``...).  The new lists are set on the instance, never on the class.
    Idempotent.  Raises ``UnvendoredAssetError`` for a remote link without a vendored copy
    unless ``strict`` is false.  Plugins added to an ``offline_map`` need no explicit call:
    the map localizes its whole element tree when it renders.
    """
    owner = type(element).__name__
    element.default_js = _localize_links(element.default_js, owner, prefix, strict)
    element.default_css = _localize_links(element.default_css, owner, prefix, strict)
    return element


def _walk(element: Element) -> Iterator[Element]:
    yield element
    for child in list(element._children.values()):
        yield from _walk(child)


def localize_tree(root: Element, prefix: str = DEFAULT_PREFIX, strict: bool = True) -> None:
    """Apply ``localize_assets`` to ``root`` and every JS/CSS-carrying element below it."""
    for element in _walk(root):
        if isinstance(element, JSCSSMixin):
            localize_assets(element, prefix, strict)


class OfflineMap(folium.Map):
    """A ``folium.Map`` whose page (and plugins) load JS/CSS only from ``asset_prefix``.

    Before rendering, it localizes itself and every element added below it, so plugins
    may be added in any order.  Elements added to the parent ``Figure`` directly (outside
    the map) are not covered: call ``localize_assets`` on those.
    """

    def __init__(
        self,
        *args: Any,
        asset_prefix: str = DEFAULT_PREFIX,
        strict_assets: bool = True,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("tiles", None)
        super().__init__(*args, **kwargs)
        self.asset_prefix = asset_prefix
        self.strict_assets = strict_assets
        localize_assets(self, asset_prefix, strict_assets)

    def render(self, **kwargs: Any) -> str:
        localize_tree(self, self.asset_prefix, self.strict_assets)
        return super().render(**kwargs)


def offline_map(
    *,
    asset_prefix: str = DEFAULT_PREFIX,
    strict_assets: bool = True,
    tiles: Any = None,
    **kwargs: Any,
) -> folium.Map:
    """Create a ``folium.Map`` that references only the vendored Leaflet/plugin files.

    Arguments are those of ``folium.Map``, except that ``tiles`` defaults to ``None``: an
    internet tile server would not load on the intranet.  Add base maps as layers
    (e.g. izagis' own tiles, or ``folium.TileLayer("OpenStreetMap", show=False)`` as an
    optional extra), then ``folium.LayerControl()``.

    ``asset_prefix`` is the URL under which ``web/static/vendor`` is served (default
    ``/static/vendor``; use an absolute URL when the HTML is shown outside the app, e.g.
    in a notebook iframe).  With ``strict_assets`` (default) rendering raises
    ``UnvendoredAssetError`` if any element on the map needs a JS/CSS file that is not
    vendored, instead of silently falling back to a CDN.
    """
    return OfflineMap(asset_prefix=asset_prefix, strict_assets=strict_assets, tiles=tiles, **kwargs)
