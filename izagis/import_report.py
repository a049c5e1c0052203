"""What an import found and what it changes, before anything is written: per feature (its
number in the file, its source id, what is wrong, what was done), and the change set (added,
changed with the fields that change, retired, and what retirement had to keep). Printed as a
table (rich) and saved as CSV and JSON.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Final, Literal

from rich.table import Table

Severity = Literal["error", "repaired", "note"]
# What was done about a problem, by its severity.
ACTIONS: Final[dict[str, str]] = {
    "error": "refused: nothing is imported",
    "repaired": "repaired and kept",
    "note": "noted",
}


@dataclass(frozen=True)
class Issue:
    feature: int | None  # 1-based number in the file; None for the file as a whole
    source_id: str  # the feature's code as the file gives it ('' when it has none)
    problem: str
    severity: Severity
    action: str = ""

    @property
    def done(self) -> str:
        return self.action or ACTIONS[self.severity]


@dataclass(frozen=True)
class Change:
    code: str
    change: Literal["added", "changed", "retired", "kept"]
    fields: tuple[str, ...] = ()  # the fields that change; for "kept", why it stays
    details: tuple[str, ...] = ()  # for "changed": each field's "name: before → after"


@dataclass
class ImportReport:
    layer: str
    file: str
    checksum: str
    source_crs: int | None  # None for a table without geometry
    features: int
    issues: list[Issue] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged: int = 0
    dry_run: bool = False
    applied: bool = False
    seconds: dict[str, float] = field(default_factory=dict)  # read, check, write, derived

    @property
    def ok(self) -> bool:
        return not any(i.severity == "error" for i in self.issues)

    def count(self, change: str) -> int:
        return sum(1 for c in self.changes if c.change == change)

    @property
    def counts(self) -> dict[str, int]:
        counts = {k: self.count(k) for k in ("added", "changed", "retired", "kept")}
        return counts | {"unchanged": self.unchanged}

    def as_dict(self) -> dict[str, object]:
        return {
            "layer": self.layer,
            "file": self.file,
            "checksum": self.checksum,
            "source_crs": f"EPSG:{self.source_crs}" if self.source_crs else None,
            "features": self.features,
            "ok": self.ok,
            "dry_run": self.dry_run,
            "applied": self.applied,
            "counts": self.counts,
            "issues": [asdict(i) | {"action": i.done} for i in self.issues],
            "changes": [asdict(c) for c in self.changes],
            "seconds": {k: round(v, 3) for k, v in self.seconds.items()},
        }

    def save(self, stem: Path) -> list[Path]:
        """Write ``stem``.json (everything) and ``stem``.csv (one row per issue or change)."""
        as_json = stem.with_name(stem.name + ".json")
        as_json.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n")
        as_csv = stem.with_name(stem.name + ".csv")
        with as_csv.open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["feature", "source_id", "kind", "detail", "action"])
            for i in self.issues:
                writer.writerow([i.feature or "", i.source_id, i.severity, i.problem, i.done])
            for c in self.changes:
                writer.writerow(["", c.code, c.change, "; ".join(c.details or c.fields), ""])
        return [as_json, as_csv]

    def tables(self, limit: int = 50) -> list[Table]:
        """The issues and the change set as rich tables (the first ``limit`` rows of each)."""
        issues = Table("#", "source id", "problem", "done", title=f"{self.file}: findings")
        for i in self.issues[:limit]:
            style = {"error": "red", "repaired": "yellow", "note": ""}[i.severity]
            issues.add_row(str(i.feature or ""), i.source_id, i.problem, i.done, style=style)
        if len(self.issues) > limit:
            issues.add_row(
                "", "", f"... {len(self.issues) - limit} more (see the saved report)", ""
            )
        changes = Table("code", "change", "what changes", title=f"{self.layer}: change set")
        for c in self.changes[:limit]:
            changes.add_row(c.code, c.change, "; ".join(c.details or c.fields))
        if len(self.changes) > limit:
            changes.add_row("", f"... {len(self.changes) - limit} more", "")
        return [t for t in (issues, changes) if t.row_count]

    def summary(self) -> str:
        counts = self.counts
        crs = f", EPSG:{self.source_crs}" if self.source_crs else ""
        verb = "would change" if self.dry_run or not self.applied else "changed"
        if not self.ok:
            errors = sum(i.severity == "error" for i in self.issues)
            return (
                f"{self.file} ({self.features} features{crs}): refused ({errors} "
                f"error{'' if errors == 1 else 's'}); nothing is imported"
            )
        return (
            f"{self.file} ({self.features} features{crs}): {verb} "
            f"{counts['added']} added, {counts['changed']} changed, {counts['retired']} retired, "
            f"{counts['kept']} kept from retirement, {counts['unchanged']} unchanged"
        )
