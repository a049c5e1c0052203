"""Headless Chromium (Debian's package) driven by Playwright: for the browser tests and the
README screenshot. Playwright's own browser download is never used."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

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


def signed_in(
    browser: Browser, url: str, path: str, prefix: str, ready: str, email: str, password: str
) -> Page:
    """A 1400x900 page of a signed-in page (``/staff?lang=..``, ``/planning?..``), signed in
    through its form (``#{prefix}-login``); ``ready`` is its state selector with ``{}``."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=url)
    page = context.new_page()
    page.goto(path)
    page.wait_for_selector(ready.format("login"), timeout=30_000)
    page.fill(f"#{prefix}-login input[name=email]", email)
    page.fill(f"#{prefix}-login input[name=password]", password)
    page.click(f"#{prefix}-login button[type=submit]")
    page.wait_for_selector(ready.format("1"), timeout=60_000)
    return page


def screenshot(url: str, out: Path, width: int = 1400, height: int = 900) -> None:
    """The investor map once its layers have loaded, and the site search's answer when the
    URL holds a search (``#find=1&...``, as a shared link does)."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(url)
        page.wait_for_selector("body[data-izagis-ready='1']", timeout=30_000)
        if "find=1" in url:
            page.wait_for_selector(".izagis-candidate", timeout=30_000)
        page.wait_for_timeout(1500)
        page.screenshot(path=str(out))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Screenshot of a running izagis map page")
    parser.add_argument("--url", default="http://127.0.0.1:8000/en")
    parser.add_argument("--out", type=Path, default=Path("docs/investor-map.png"))
    parser.add_argument("--size", default="1400x900", help="the viewport, WIDTHxHEIGHT")
    args = parser.parse_args()
    width, height = (int(n) for n in args.size.split("x"))
    screenshot(args.url, args.out, width, height)
    print(f"wrote {args.out}")
