"""The reference zones carry their texts in both languages (issue 11, item 5): an English
column for each Vietnamese field, in English (no Vietnamese left in it), and notes as pairs."""

from __future__ import annotations

import json
import unicodedata

import httpx

from izagis.dataset import REFERENCE_DIR


def _zones() -> list[dict[str, object]]:
    data = json.loads((REFERENCE_DIR / "zones.geojson").read_text(encoding="utf-8"))
    return [f["properties"] for f in data["features"]]


def _vietnamese(text: str) -> bool:
    """Letters with Vietnamese diacritics, or đ."""
    return any(
        c in "đĐ" or unicodedata.decomposition(c) not in ("", None) and c.isalpha() for c in text
    )


def test_every_vietnamese_field_has_its_english() -> None:
    for z in _zones():
        for field in ("developer", "legal_basis"):
            vi, en = z[field], z[f"{field}_en"]
            assert (vi is None) == (en is None), (z["code"], field)
            assert en is None or (isinstance(en, str) and not _vietnamese(en)), (z["code"], en)
        assert (z["notes_vi"] is None) == (z["notes_en"] is None), z["code"]


def test_the_words_the_issue_found_are_translated() -> None:
    by_code = {z["code"]: z for z in _zones()}
    assert by_code["TD2"]["developer_en"] == "VSIP / Phuc Loc (in talks)"
    assert "in talks" in str(by_code["PL"]["developer_en"])
    assert str(by_code["GK"]["legal_basis_en"]).startswith("Prime Minister's document 1499/TTg-KTN")
    assert "35 ha extension" in str(by_code["GK"]["notes_en"])


def test_the_api_serves_the_texts_in_both_languages(api: httpx.Client) -> None:
    by_code = {str(z["code"]): z for z in _zones()}
    for code in ("GK", "TD2", "KP"):
        served = api.get(f"/api/v1/zones/{code}").json()["properties"]
        for field in ("legal_basis_en", "developer_en", "notes_vi", "notes_en"):
            assert served[field] == by_code[code][field], (code, field)
