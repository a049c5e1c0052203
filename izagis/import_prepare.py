"""The checks of one layer that need no database: each source attribute mapped to its izagis
field, values parsed to the column's type (numbers, dates, lists, vocabularies, the column's
CHECK bounds), required values present, codes present and unique, and geometries repaired with
``make_valid`` (kept only if still of the layer's kind; refused with ``strict``). Vectorised:
only the features with a problem are looked at one by one.

The layers and their fields come from ``izagis.tables``: a table's columns, less what the
database derives, with a reference ``<thing>_id`` read from the file as ``<thing>_code``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any, Final, Literal

import numpy as np
import pandas as pd
import shapely
from sqlalchemy import (
    CHAR,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    Numeric,
    Table,
)
from sqlalchemy.dialects.postgresql import ARRAY

from izagis import tables
from izagis.crs import inside_vietnam
from izagis.field_mapping import FieldMapping, normalise
from izagis.import_report import Issue
from izagis.vocab import PlotStatus

GeometryRule = Literal["polygon", "any", "none"]
# The layers ``izagis import`` takes: table and geometry rule.
LAYER_TABLES: Final[dict[str, tuple[str, GeometryRule]]] = {
    "zones": ("zones", "polygon"),
    "plots": ("plots", "polygon"),
    "projects": ("projects", "none"),
    "infrastructure": ("infrastructure", "any"),
    "constraints": ("constraint_areas", "any"),
}
# Columns the database keeps itself; a file never writes them.
DERIVED: Final = {"id", "geom", "geom_m", "geom_wm", "area_m2", "created_at", "updated_at"}
# Fields a file may carry that are not columns: the day its status took effect (plots).
EXTRA_FIELDS: Final[dict[str, tuple[str, ...]]] = {"plots": ("status_date",)}
TRUE_WORDS: Final = {"true", "t", "yes", "y", "1", "co", "x"}
FALSE_WORDS: Final = {"false", "f", "no", "n", "0", "khong", ""}


@dataclass(frozen=True)
class Spec:
    """One import layer: its table, geometry rule, and file fields -> column."""

    name: str
    table: Table
    geometry: GeometryRule
    fields: dict[str, Column[Any]]  # file field -> column (references as <thing>_code)
    references: dict[str, Table]  # <thing>_code -> the table whose code it names
    required: frozenset[str]
    allowed: dict[str, tuple[str, ...]] = field(default_factory=dict)  # vocabulary fields


def spec(layer: str) -> Spec:
    table_name, rule = LAYER_TABLES[layer]
    table = tables.metadata.tables[table_name]
    fields: dict[str, Column[Any]] = {}
    references: dict[str, Table] = {}
    required = set()
    for column in table.columns:
        if column.name in DERIVED:
            continue
        name = column.name
        if column.foreign_keys:
            name = column.name.removesuffix("_id") + "_code"
            references[name] = next(iter(column.foreign_keys)).column.table
        fields[name] = column
        if not column.nullable and column.server_default is None:
            required.add(name)
    allowed = {
        c: v for (t, c), v in tables.VOCABULARY_COLUMNS.items() if t == table_name and c in fields
    }
    if layer == "plots":  # a file may record a plot as reserved: it becomes a hold
        allowed["status"] = (*allowed["status"], PlotStatus.RESERVED.value)
    return Spec(layer, table, rule, fields, references, frozenset(required), allowed)


def _bounds(column: Column[Any]) -> tuple[float | None, float | None, bool]:
    """The column's CHECK bounds: (low, high, low is strict)."""
    for constraint in column.constraints:
        if not isinstance(constraint, CheckConstraint):
            continue
        sql = str(constraint.sqltext)
        if m := re.fullmatch(rf"{column.name} BETWEEN (\d+) AND (\d+)", sql):
            return float(m[1]), float(m[2]), False
        if m := re.fullmatch(rf"{column.name} (>=?) (\d+)", sql):
            return float(m[2]), None, m[1] == ">"
    return None, None, False


@dataclass
class Prepared:
    """A layer's values by izagis field (None where missing) and geometries, in file order."""

    values: pd.DataFrame
    geoms: np.ndarray[Any, Any] | None
    issues: list[Issue]
    ignored: list[str]  # source columns no field takes


def _text(value: Any) -> str | None:
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code or VSIC read as a number
    if isinstance(value, dt.datetime | pd.Timestamp):
        value = value.date()
    text = str(value).strip()
    return text or None


def _texts(raw: pd.Series) -> list[str | None]:
    """``_text`` of every value; a column of text only (the usual case) at once."""
    if pd.api.types.infer_dtype(raw, skipna=True) != "string":
        return [_text(v) for v in raw]
    return [t if isinstance(t, str) and t else None for t in raw.str.strip().to_numpy(object)]


def _to_list(value: Any) -> list[str] | None:
    """A list field: a real list (GeoJSON), or its JSON or comma-separated text."""
    if isinstance(value, list | tuple | np.ndarray):
        return [str(v) for v in value]
    text = _text(value)
    if text is None:
        return None
    if text.startswith("["):
        try:
            return [str(v) for v in json.loads(text)]
        except ValueError:
            text = text.strip("[]")
    return [v.strip().strip("'\"") for v in text.split(",") if v.strip()]


class _Checker:
    def __init__(self, layer: Spec, codes: list[str]) -> None:
        self.layer = layer
        self.codes = codes
        self.issues: list[Issue] = []

    def error(self, i: int, problem: str) -> None:
        self.issues.append(Issue(i + 1, self.codes[i], problem, "error"))

    def parse(self, name: str, raw: pd.Series, mapping: FieldMapping) -> list[Any]:
        column = self.layer.fields.get(name)
        if column is not None and isinstance(column.type, ARRAY):
            return [_to_list(v) for v in raw]
        texts = _texts(raw)
        if name in self.layer.allowed:
            allowed = self.layer.allowed[name]
            mapped = {t: mapping.value(name, t) for t in set(texts) if t is not None}  # few
            out: list[Any] = []
            for i, t in enumerate(texts):
                value = None if t is None else mapped[t]
                if value is not None and value not in allowed:
                    self.error(i, f"{name} {t!r} is not one of {', '.join(allowed)}")
                out.append(value)
            return out
        if name in self.layer.references:
            return texts
        kind = column.type if column is not None else Date()
        if isinstance(kind, Boolean):
            return [self._boolean(i, name, t) for i, t in enumerate(texts)]
        if isinstance(kind, Date | DateTime):
            return [self._date(i, name, t) for i, t in enumerate(texts)]
        if isinstance(kind, Numeric | Float | Integer):
            return self._numbers(name, texts, column)
        if isinstance(kind, CHAR):
            return [None if t is None else t.upper() for t in texts]
        return texts

    def _boolean(self, i: int, name: str, text: str | None) -> bool | None:
        if text is None:
            return None
        word = text.lower().replace("ó", "o").replace("ô", "o")
        if word in TRUE_WORDS or word in FALSE_WORDS:
            return word in TRUE_WORDS
        self.error(i, f"{name} {text!r} is not true or false")
        return None

    def _date(self, i: int, name: str, text: str | None) -> dt.date | None:
        if text is None:
            return None
        for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%Y/%m/%d"):
            try:
                return dt.datetime.strptime(text[:10], pattern).date()
            except ValueError:
                continue
        self.error(i, f"{name} {text!r} is not a date (YYYY-MM-DD or DD/MM/YYYY)")
        return None

    def _numbers(self, name: str, texts: list[str | None], column: Column[Any] | None) -> list[Any]:
        numbers = pd.to_numeric(
            pd.Series([None if t is None else t.replace(",", ".") for t in texts], dtype=object),
            errors="coerce",
        ).to_numpy(dtype=float)
        low, high, strict = _bounds(column) if column is not None else (None, None, False)
        integer = column is not None and isinstance(column.type, Integer)
        out: list[Any] = [None if np.isnan(n) else n for n in numbers]
        for i in np.flatnonzero(np.isnan(numbers) & np.array([t is not None for t in texts])):
            self.error(int(i), f"{name} {texts[i]!r} is not a number")
        finite = ~np.isnan(numbers)
        bad = np.zeros(len(numbers), bool)
        if low is not None:
            bad |= finite & ((numbers <= low) if strict else (numbers < low))
        if high is not None:
            bad |= finite & (numbers > high)
        for i in np.flatnonzero(bad):
            rule = (
                f"between {low:g} and {high:g}"
                if high is not None
                else (f"{'above' if strict else 'at least'} {low:g}")
            )
            self.error(int(i), f"{name} {numbers[i]:g} must be {rule}")
        if integer:
            for i in np.flatnonzero(finite & (numbers != np.round(numbers))):
                self.error(int(i), f"{name} {numbers[i]:g} must be a whole number")
            out = [None if v is None else int(v) for v in out]
        return out


def _known(layer: Spec) -> set[str]:
    return set(layer.fields) | set(EXTRA_FIELDS.get(layer.name, ()))


def _mapping_issues(frame: pd.DataFrame, layer: Spec, mapping: FieldMapping) -> list[Issue]:
    """A mapping file's typos: a field the layer lacks refuses the file (its column would be
    dropped unseen); a source column the file lacks is noted (one mapping serves many files)."""
    known, columns = _known(layer), {normalise(str(c)) for c in frame.columns}
    issues = [
        Issue(
            None,
            "",
            f"the mapping sends {source} to {target}, which is no field of {layer.name} "
            f"(one of {', '.join(sorted(known))})",
            "error",
        )
        for source, target in mapping.given.items()
        if target not in known
    ]
    issues += [
        Issue(
            None,
            "",
            f"the mapping gives values for {name}, which is no field of {layer.name} "
            f"(one of {', '.join(sorted(known))})",
            "error",
        )
        for name in mapping.given_values
        if name not in known
    ]
    absent = [s for s in mapping.given if normalise(s) not in columns]
    if absent:
        issues.append(
            Issue(
                None, "", f"the mapping names columns the file lacks: {', '.join(absent)}", "note"
            )
        )
    return issues


def _rename(
    frame: pd.DataFrame, layer: Spec, mapping: FieldMapping
) -> tuple[dict[str, str], list[str]]:
    known = _known(layer)
    taken: dict[str, str] = {}  # field -> source column
    ignored = []
    for source in frame.columns:
        if source == "geometry":
            continue
        target = mapping.target(str(source), known)
        if target in known and target not in taken:
            taken[target] = str(source)
        else:
            ignored.append(str(source))
    return taken, ignored


def _in_vietnam(
    geoms: np.ndarray[Any, Any], present: np.ndarray[Any, Any], check: _Checker
) -> np.ndarray[Any, Any]:
    """Whether each present shape (WGS 84) lies in Vietnam; each one that does not is refused
    by itself (a file whose features mostly do not is refused as a whole when it is read)."""
    bounds = shapely.bounds(np.where(present, geoms, np.full(len(geoms), None, dtype=object)))
    inside = inside_vietnam(tuple(bounds.T))
    for i in np.flatnonzero(present & ~inside):
        x, y = (bounds[i, 0] + bounds[i, 2]) / 2, (bounds[i, 1] + bounds[i, 3]) / 2
        swapped = inside_vietnam((y, x, y, x))
        check.error(
            int(i),
            f"lies outside Vietnam (around {x:.5f}, {y:.5f} in WGS 84)"
            + ("; x and y look swapped (longitude/easting must come first)" if swapped else ""),
        )
    return ~present | inside


def _geometries(
    geoms: np.ndarray[Any, Any], rule: GeometryRule, strict: bool, check: _Checker
) -> np.ndarray[Any, Any]:
    blank = np.full(len(geoms), None, dtype=object)
    missing = pd.isna(geoms) | shapely.is_empty(np.where(pd.isna(geoms), blank, geoms))
    for i in np.flatnonzero(missing):
        check.error(int(i), "no geometry (empty)")
    present = ~missing
    present &= _in_vietnam(geoms, present, check)
    invalid = present & ~shapely.is_valid(np.where(present, geoms, blank))
    for i in np.flatnonzero(invalid):
        reason = shapely.is_valid_reason(geoms[i])
        if strict:
            check.error(int(i), f"invalid geometry ({reason}); --strict refuses repairs")
            present[i] = False
            continue
        fixed = shapely.make_valid(geoms[i])
        if rule == "polygon":
            parts = [p for p in shapely.get_parts(fixed) if p.geom_type == "Polygon"]
            parts += [
                q
                for p in shapely.get_parts(fixed)
                if p.geom_type == "MultiPolygon"
                for q in p.geoms
            ]
            fixed = shapely.MultiPolygon(parts) if parts else None
        if fixed is None or fixed.is_empty:
            check.error(int(i), f"invalid geometry ({reason}), not polygonal once repaired")
            present[i] = False
            continue
        geoms[i] = fixed
        check.issues.append(
            Issue(
                int(i) + 1,
                check.codes[i],
                f"invalid geometry ({reason})",
                "repaired",
                "repaired with make_valid and kept",
            )
        )
    if rule == "polygon":
        types = shapely.get_type_id(np.where(present, geoms, blank))
        polygonal = np.isin(
            types, [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON]
        )
        for i in np.flatnonzero(present & ~polygonal):
            check.error(int(i), f"a {geoms[i].geom_type} where a polygon is needed")
        ok = present & polygonal
        zero = ok & (shapely.area(np.where(ok, geoms, blank)) <= 0)
        for i in np.flatnonzero(zero):
            check.error(int(i), "zero area")
        single = ok & (types == shapely.GeometryType.POLYGON)
        geoms[single] = shapely.multipolygons(geoms[single].reshape(-1, 1))
    return geoms


def prepare(
    frame: pd.DataFrame, layer: Spec, mapping: FieldMapping, *, strict: bool = False
) -> Prepared:
    """The layer's values and geometries from ``frame`` (attributes + ``geometry`` in WGS 84),
    with every problem found."""
    taken, ignored = _rename(frame, layer, mapping)
    code_source = taken.get("code")
    codes = [t or "" for t in _texts(frame[code_source])] if code_source else [""] * len(frame)
    check = _Checker(layer, codes)
    check.issues += _mapping_issues(frame, layer, mapping)
    missing = sorted(layer.required - set(taken))
    if layer.name == "plots" and "status" in missing:
        missing.remove("status")  # existing plots keep theirs; a new one without is refused
    if missing:
        check.issues.append(
            Issue(None, "", f"no column for the required {', '.join(missing)}", "error")
        )
    values = pd.DataFrame(index=range(len(frame)))
    for name, source in taken.items():
        values[name] = pd.Series(check.parse(name, frame[source], mapping), dtype=object)
    for name in layer.required & set(taken):
        for i in np.flatnonzero(values[name].isna().to_numpy()):
            check.error(int(i), f"no {name}")
    seen: dict[str, int] = {}
    for n, code in enumerate(codes):
        if code and code in seen:
            check.error(n, f"duplicate code, also feature {seen[code] + 1}")
        seen.setdefault(code, n)
    if layer.name == "plots" and {"status", "leasable_year"} <= set(taken):
        planned = (values["status"] == PlotStatus.PLANNED) & values["leasable_year"].isna()
        for i in np.flatnonzero(planned.to_numpy()):
            check.error(int(i), "planned without a leasable_year")
    geoms = None
    if layer.geometry != "none":
        raw = np.asarray(frame["geometry"].values, dtype=object).copy()
        geoms = _geometries(raw, layer.geometry, strict, check)
    issues = sorted(check.issues, key=lambda i: i.feature or 0)
    return Prepared(values, geoms, issues, ignored)
