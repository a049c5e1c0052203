"""Public PDF fact sheets: generated from the database with a server-drawn map, headings in
Vietnamese and English, the codes in the text, a first page that is not blank, no personal
data."""

from __future__ import annotations

import io

import httpx
import numpy as np
import pypdfium2
import pytest
from pypdf import PdfReader


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _ink(pdf: bytes) -> float:
    """The share of non-white pixels on the first page."""
    page = pypdfium2.PdfDocument(pdf)[0]
    grey = np.asarray(page.render(scale=0.5).to_pil().convert("L"))
    return float((grey < 240).mean())


@pytest.mark.parametrize(
    ("path", "codes"),
    [
        ("/api/v1/sheets/zones/GK.pdf", ["GK", "KCN Gián Khẩu", "Gian Khau Industrial Zone"]),
        ("/api/v1/sheets/plots/TD2-035.pdf", ["TD2-035", "TD2", "KCN Tam Điệp II"]),
    ],
)
def test_a_sheet_is_a_bilingual_one_page_pdf(
    api: httpx.Client, path: str, codes: list[str]
) -> None:
    res = api.get(path)
    assert res.status_code == 200, res.text
    assert res.headers["content-type"] == "application/pdf"
    assert res.content.startswith(b"%PDF")
    assert len(PdfReader(io.BytesIO(res.content)).pages) == 1
    text = _text(res.content)
    for code in codes:
        assert code in text
    # Headings in both languages, and a vocabulary value in both.
    for words in ("Free land", "Đất trống", "Distances", "Khoảng cách", "Contact"):
        assert words in text, words
    assert _ink(res.content) > 0.05  # the map and the tables are on the page


def test_an_unknown_code_is_a_404(api: httpx.Client) -> None:
    assert api.get("/api/v1/sheets/zones/NOPE.pdf").status_code == 404
    assert api.get("/api/v1/sheets/plots/NOPE-1.pdf").status_code == 404
