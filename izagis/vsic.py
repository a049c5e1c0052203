"""The VSIC 2018 industries izagis knows: every division and the classes the reference data
hold, with their Vietnamese and English titles (``izagis/data/vsic2018.csv``; where each
title comes from is in ``izagis/data/README.md``). A title that could not be sourced is
empty, never guessed."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final, Literal

Lang = Literal["vi", "en"]
LIST: Final = "vsic2018.csv"


@dataclass(frozen=True)
class Industry:
    code: str
    level: Literal["division", "class"]
    title_vi: str
    title_en: str
    # izagis's own search words (not titles of the classification): how investors say it
    keywords: str

    def title(self, lang: Lang) -> str:
        """The title in ``lang``, else in the other language (a class may lack one)."""
        own = self.title_vi if lang == "vi" else self.title_en
        return own or self.title_en or self.title_vi


@cache
def industries() -> dict[str, Industry]:
    """The shipped list by code, in the list's order."""
    text = (resources.files("izagis") / "data" / LIST).read_text(encoding="utf-8")
    return {
        row["code"]: Industry(
            code=row["code"],
            level="division" if row["level"] == "division" else "class",
            title_vi=row["title_vi"],
            title_en=row["title_en"],
            keywords=row["keywords"],
        )
        for row in csv.DictReader(text.splitlines())
    }


def check(code: str) -> str:
    """``code`` if izagis knows it; a ValueError naming it otherwise."""
    if code not in industries():
        raise ValueError(
            f"unknown VSIC 2018 code {code}: not among the divisions and classes izagis "
            "knows; give its two-digit division instead"
        )
    return code
