"""The README's pictures of the staff page, taken from a running app: signed in as staff, one
enquiry's shortlisted sites compared (the table beside them on the map), and the first page
of its proposal PDF rendered to PNG. It only reads: nothing is recorded or changed.

    python -m web.staff_shots --url http://127.0.0.1:8000 --email staff@example.vn \
        --enquiry 1 < password.txt
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

import pypdfium2
from PIL import Image
from playwright.sync_api import Page

from web.browser import chromium, signed_in

READY = "body[data-izagis-staff='{}']"


def pdf_first_page(pdf: bytes, scale: float = 1.5) -> Image.Image:
    """A PDF's first page as an image (``scale`` 1 is 72 dots per inch)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        image: Image.Image = document[0].render(scale=scale).to_pil().convert("RGB")
    finally:
        document.close()
    return image


def _compare(page: Page, enquiry: int, lang: str) -> None:
    """Opens the enquiry and compares its first three shortlisted sites (two at least)."""
    page.goto(f"/staff?lang={lang}#enquiry={enquiry}")
    page.wait_for_selector(READY.format("enquiry"), timeout=60_000)
    page.wait_for_selector("#izagis-staff-shortlist-list li", timeout=30_000)
    ticks = page.locator("#izagis-staff-shortlist-list .izagis-staff-tick")
    for n in range(min(3, ticks.count())):
        ticks.nth(n).check()
    page.click("#izagis-staff-compare-run")
    page.wait_for_selector("#izagis-staff-compare-table", timeout=60_000)
    page.locator("#izagis-staff-shortlist").evaluate("d => d.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(1500)  # the tiles under the compared sites


def take(
    url: str, email: str, password: str, enquiry: int, out_dir: Path, lang: str = "en"
) -> list[Path]:
    """``out_dir``/staff-page.png and staff-proposal.png; the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    shot, first_page = out_dir / "staff-page.png", out_dir / "staff-proposal.png"
    with chromium() as browser:
        page = signed_in(
            browser, url, f"/staff?lang={lang}", "izagis-staff", READY, email, password
        )
        _compare(page, enquiry, lang)
        page.screenshot(path=str(shot))
        pdf = page.request.get(f"{url}/api/v1/enquiries/{enquiry}/proposal.pdf", timeout=120_000)
        if not pdf.ok:
            raise RuntimeError(f"the proposal PDF was refused ({pdf.status}): {pdf.text()}")
        pdf_first_page(pdf.body()).save(first_page)
        page.context.close()
    return [shot, first_page]


def main() -> None:
    parser = argparse.ArgumentParser(description="Screenshots of the staff page and a proposal")
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--email", required=True, help="a staff or admin account")
    parser.add_argument("--enquiry", type=int, required=True, help="one with 2+ shortlisted sites")
    parser.add_argument("--lang", default="en", choices=("en", "vi"))
    parser.add_argument("--out-dir", type=Path, default=Path("docs"))
    args = parser.parse_args()
    password = getpass.getpass() if sys.stdin.isatty() else sys.stdin.readline().rstrip("\n")
    for path in take(args.url, args.email, password, args.enquiry, args.out_dir, args.lang):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
