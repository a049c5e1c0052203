"""Answers go gzipped to a client that accepts it; downloads keep their size and PDFs go as
they are."""

from __future__ import annotations

import httpx


def test_pages_and_json_are_gzipped(api: httpx.Client) -> None:
    for path in ("/en", "/api/v1/zones", "/api/v1/industries"):
        res = api.get(path, headers={"Accept-Encoding": "gzip"})
        assert res.status_code == 200, path
        assert res.headers["content-encoding"] == "gzip", path
        assert int(res.headers["content-length"]) < len(res.content) / 2, path
    plain = api.get("/api/v1/zones", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers


def test_downloads_keep_their_size_and_pdfs_go_as_they_are(api: httpx.Client) -> None:
    res = api.get(
        "/api/v1/export/zones", params={"format": "geojson"}, headers={"Accept-Encoding": "gzip"}
    )
    assert res.status_code == 200 and "content-encoding" not in res.headers
    assert int(res.headers["content-length"]) == len(res.content)
    pdf = api.get("/api/v1/sheets/zones/TD2.pdf", headers={"Accept-Encoding": "gzip"})
    assert pdf.status_code == 200 and "content-encoding" not in pdf.headers
    assert pdf.content.startswith(b"%PDF")
