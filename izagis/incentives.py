"""The investment incentives an investor may claim, as rules with their conditions
(``izagis/data/incentives.csv``; where each comes from is in ``izagis/data/README.md``).
Which zone's commune meets an area condition is not on file, so no rule is said to apply to
a zone: each states what a project must be, and where."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, Field


class Incentive(BaseModel):
    code: str
    kind: Literal["corporate_income_tax", "land_rent"]
    title_vi: str
    title_en: str
    condition_vi: str = Field(description="what the project must be, and where")
    condition_en: str
    legal_basis: str = Field(description="the document and article, in Vietnamese")
    legal_basis_en: str
    source: str = Field(description="where the text of the legal basis was read")


@cache
def incentives() -> tuple[Incentive, ...]:
    text = (resources.files("izagis") / "data" / "incentives.csv").read_text(encoding="utf-8")
    return tuple(Incentive.model_validate(row) for row in csv.DictReader(text.splitlines()))
