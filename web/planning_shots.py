"""The README's picture of the planning page, taken from a running app: signed in as a
planner, the KPIs against their targets and the saved proposals open in the panel, the two
latest saved proposals compared (drawn on the map) over the suitability heat layer. It only
reads: nothing is recorded or changed.

    python -m web.planning_shots --url http://127.0.0.1:8000 --email planner@example.vn \
        < password.txt
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from web.browser import chromium, signed_in

READY = "body[data-izagis-planning='{}']"


def take(url: str, email: str, password: str, out: Path, lang: str = "en") -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    with chromium() as browser:
        page = signed_in(
            browser, url, f"/planning?lang={lang}", "izagis-plan", READY, email, password
        )
        for section in ("occupancy", "forecast", "reclaim"):  # folded: the new sections in view
            page.evaluate(f"document.getElementById('izagis-plan-{section}').open = false")
        page.click("#izagis-plan-kpis summary")
        page.click("#izagis-plan-saved summary")
        if page.locator("#izagis-plan-compare-a option").count() >= 2:
            page.click("#izagis-plan-compare")
            page.wait_for_selector("body[data-izagis-compared='1']", timeout=60_000)
        page.wait_for_timeout(1000)  # the compared proposals' fly-to
        page.evaluate("IZAGIS.map.setView(IZAGIS.map.getCenter(), 12, {animate: false})")
        title = "Suitability" if lang == "en" else "Mức độ phù hợp"
        page.locator(".leaflet-control-layers-overlays label", has_text=title).click()
        page.wait_for_selector("body[data-izagis-suitability='1']", timeout=60_000)
        page.locator("#izagis-plan-kpis").evaluate("d => d.scrollIntoView({block: 'start'})")
        page.wait_for_timeout(1000)
        page.screenshot(path=str(out))
        page.context.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description="A screenshot of the planning page")
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--email", required=True, help="a planner or admin account")
    parser.add_argument("--lang", default="en", choices=("en", "vi"))
    parser.add_argument("--out", type=Path, default=Path("docs/planning.png"))
    args = parser.parse_args()
    password = getpass.getpass() if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    print(f"wrote {take(args.url, args.email, password, args.out, args.lang)}")


if __name__ == "__main__":
    main()
