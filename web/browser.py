"""Headless Chromium (Debian's package) driven by Playwright: for the browser tests and the
README screenshot. Playwright's own browser download is never used."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

CHROMIUM = os.environ.get("IZAGIS_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot(url: str, out: Path) -> None:
    """The investor map once its layers have loaded."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(url)
        page.wait_for_selector("body[data-izagis-ready='1']", timeout=30_000)
        page.wait_for_timeout(1000)
        page.screenshot(path=str(out))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Screenshot of a running izagis map page")
    parser.add_argument("--url", default="http://127.0.0.1:8000/en")
    parser.add_argument("--out", type=Path, default=Path("docs/investor-map.png"))
    args = parser.parse_args()
    screenshot(args.url, args.out)
    print(f"wrote {args.out}")
