"""Investors' enquiries: who asks (personal data), for what project, with which needs, and
where the enquiry stands in the pipeline.

Contact data (name, e-mail, phone) is personal data under Decree 13/2023/NĐ-CP: it leaves
the core only through ``get``, ``list_enquiries`` and ``export_person`` (staff and admin
routes), never in an error message; the audit triggers leave it out. ``erase_person`` empties
it and keeps the enquiry, anonymised. Every stage change is written to ``enquiry_stages`` with
the change itself.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, Field
from sqlalchemy import Connection, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.sql import bindparam

from izagis.errors import InvalidInputError, NotFoundError
from izagis.inputs import MAX_TEXT, TEXT_PATTERN, StrictModel
from izagis.needs import SiteNeeds
from izagis.vocab import EnquiryStage

Source = Literal["staff", "public"]
MAX_PAGE: Final = 500
# An e-mail address: one @, no spaces or control characters, a dot in the domain. (No \s:
# Python's and JavaScript's differ, and the pattern is published in the OpenAPI document.)
_ADDRESS = r"[^@\u0000-\u0020\u007f-\u00a0]"
EMAIL_PATTERN: Final = rf"^{_ADDRESS}{{1,64}}@{_ADDRESS}+\.{_ADDRESS}+$"
PHONE_PATTERN: Final = r"^\+?[0-9 ().-]{3,40}$"

Company = Annotated[str, Field(min_length=1, max_length=200, pattern=TEXT_PATTERN)]
Name = Annotated[str, Field(min_length=1, max_length=200, pattern=TEXT_PATTERN)]
Email = Annotated[str, Field(max_length=254, pattern=EMAIL_PATTERN)]
Phone = Annotated[str, Field(max_length=40, pattern=PHONE_PATTERN)]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2")]
Industry = Annotated[str, Field(pattern=r"^[0-9]{2,5}$", description="VSIC 2018 code")]
UsdM = Annotated[float, Field(ge=0, le=1_000_000, description="million US dollars")]
Jobs = Annotated[int, Field(ge=0, le=10_000_000)]
Short = Annotated[str, Field(max_length=200, pattern=TEXT_PATTERN)]
Notes = Annotated[str, Field(max_length=MAX_TEXT, pattern=TEXT_PATTERN)]
ConsentVersion = Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]{1,40}$")]

# The columns a caller writes, in the order of the table.
WRITABLE: Final = (
    "company",
    "contact_name",
    "email",
    "phone",
    "country",
    "industry",
    "investment_usd_m",
    "jobs",
    "timeline",
    "notes",
    "needs",
)
CONTACT: Final = ("contact_name", "email", "phone")
# The stages in the order an enquiry moves through them; "lost" can follow any.
PIPELINE: Final[list[EnquiryStage]] = [s for s in EnquiryStage if s != EnquiryStage.LOST]


class EnquiryFields(StrictModel):
    """The investor, the project and its needs, as staff record them."""

    company: Company
    contact_name: Name | None = None
    email: Email | None = None
    phone: Phone | None = None
    country: Country | None = None
    industry: Industry | None = None
    investment_usd_m: UsdM | None = None
    jobs: Jobs | None = None
    timeline: Short | None = None
    notes: Notes | None = None
    needs: SiteNeeds | None = Field(default=None, description="a site-search body")


class EnquiryIn(EnquiryFields):
    stage: EnquiryStage = EnquiryStage.NEW


class PublicEnquiryIn(StrictModel):
    """What an investor leaves on the public map; contact data and consent are required."""

    company: Company
    contact_name: Name
    email: Email
    phone: Phone | None = None
    country: Country | None = None
    industry: Industry | None = None
    investment_usd_m: UsdM | None = None
    jobs: Jobs | None = None
    timeline: Short | None = None
    notes: Notes | None = None
    needs: SiteNeeds | None = Field(default=None, description="a site-search body")
    consent: bool = Field(description="the investor ticked the consent box; must be true")
    consent_text_version: ConsentVersion = Field(description="the consent text shown")


class EnquiryPatch(StrictModel):
    """A partial change: only the members sent are changed (null empties a field)."""

    company: Company | None = None
    contact_name: Name | None = None
    email: Email | None = None
    phone: Phone | None = None
    country: Country | None = None
    industry: Industry | None = None
    investment_usd_m: UsdM | None = None
    jobs: Jobs | None = None
    timeline: Short | None = None
    notes: Notes | None = None
    needs: SiteNeeds | None = None
    stage: EnquiryStage | None = None


class StageChange(BaseModel):
    stage: EnquiryStage
    at: dt.datetime
    by: str | None


class Enquiry(BaseModel):
    id: int
    company: str
    contact_name: str | None
    email: str | None
    phone: str | None
    country: str | None
    industry: str | None
    investment_usd_m: float | None
    jobs: int | None
    timeline: str | None
    notes: str | None
    needs: dict[str, Any] | None
    stage: EnquiryStage
    source: Source
    consent_at: dt.datetime | None
    consent_text_version: str | None
    erased_at: dt.datetime | None
    created_by: str | None
    created_at: dt.datetime
    updated_at: dt.datetime


class EnquiryDetail(Enquiry):
    history: list[StageChange] = Field(description="the stages it entered, oldest first")


class EnquiryPage(BaseModel):
    total: int
    items: list[Enquiry]


class PersonExport(BaseModel):
    """Everything stored about one person: every enquiry that holds their e-mail address."""

    enquiries: list[EnquiryDetail]


class Erasure(BaseModel):
    erased: int = Field(description="how many enquiries had their contact data erased")


COLUMNS: Final = ", ".join(Enquiry.model_fields)


def _values(fields: dict[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    if isinstance(out.get("needs"), SiteNeeds):
        out["needs"] = out["needs"].model_dump(mode="json", exclude_unset=True)
    return out


def _insert(
    conn: Connection,
    fields: dict[str, Any],
    *,
    stage: EnquiryStage,
    source: Source,
    created_by: str | None,
    consent_text_version: str | None = None,
) -> int:
    values = _values(fields)
    statement = text(
        f"INSERT INTO enquiries ({', '.join(WRITABLE)}, stage, source, consent_at, "
        "consent_text_version, created_by) VALUES ("
        + ", ".join(f":{c}" for c in WRITABLE)
        + ", :stage, :source, CASE WHEN :public THEN now() END, :consent_version, :by)"
        " RETURNING id"
    ).bindparams(bindparam("needs", type_=JSONB))
    enquiry_id = int(
        conn.execute(
            statement,
            {
                **{c: values.get(c) for c in WRITABLE},
                "stage": stage.value,
                "source": source,
                "public": source == "public",
                "consent_version": consent_text_version,
                "by": created_by,
            },
        ).scalar_one()
    )
    _stage(conn, enquiry_id=enquiry_id, stage=stage, by=created_by)
    return enquiry_id


def _stage(conn: Connection, *, enquiry_id: int, stage: EnquiryStage, by: str | None) -> None:
    conn.execute(
        text("INSERT INTO enquiry_stages (enquiry_id, stage, by) VALUES (:id, :stage, :by)"),
        {"id": enquiry_id, "stage": stage.value, "by": by},
    )


def set_stage(conn: Connection, *, enquiry_id: int, stage: EnquiryStage, by: str | None) -> None:
    """Move an enquiry forward to ``stage`` and record the move (shortlisting, a hold or a
    lease moves it); an enquiry already further on, or lost, stays where it is."""
    later = [s.value for s in PIPELINE[PIPELINE.index(stage) :]] + [EnquiryStage.LOST.value]
    moved = conn.execute(
        text(
            "UPDATE enquiries SET stage = :stage WHERE id = :id AND NOT stage = ANY(:later) "
            "RETURNING id"
        ),
        {"id": enquiry_id, "stage": stage.value, "later": later},
    ).first()
    if moved is not None:
        _stage(conn, enquiry_id=enquiry_id, stage=stage, by=by)


def create(conn: Connection, *, enquiry: EnquiryIn, created_by: str | None = None) -> int:
    """Record an enquiry taken by staff; returns its id."""
    fields = enquiry.model_dump(exclude={"stage"})
    fields["needs"] = enquiry.needs
    return _insert(conn, fields, stage=enquiry.stage, source="staff", created_by=created_by)


def create_public(conn: Connection, *, enquiry: PublicEnquiryIn) -> int:
    """Record an enquiry an investor left on the public map, with the time and version of
    the consent they gave; refused without consent."""
    if not enquiry.consent:
        raise InvalidInputError(
            "consent must be given to store the enquiry's contact data", field="consent"
        )
    fields = enquiry.model_dump(exclude={"consent", "consent_text_version"})
    fields["needs"] = enquiry.needs
    return _insert(
        conn,
        fields,
        stage=EnquiryStage.NEW,
        source="public",
        created_by=None,
        consent_text_version=enquiry.consent_text_version,
    )


def _history(conn: Connection, ids: list[int]) -> dict[int, list[StageChange]]:
    out: dict[int, list[StageChange]] = {i: [] for i in ids}
    rows = conn.execute(
        text(
            "SELECT enquiry_id, stage, at, by FROM enquiry_stages "
            "WHERE enquiry_id = ANY(:ids) ORDER BY at, id"
        ),
        {"ids": ids},
    ).mappings()
    for row in rows:
        out[row["enquiry_id"]].append(StageChange(stage=row["stage"], at=row["at"], by=row["by"]))
    return out


def get(conn: Connection, *, enquiry_id: int) -> EnquiryDetail:
    row = (
        conn.execute(text(f"SELECT {COLUMNS} FROM enquiries WHERE id = :id"), {"id": enquiry_id})
        .mappings()
        .one_or_none()
    )
    if row is None:
        raise NotFoundError(f"no enquiry {enquiry_id}", field="id")
    return EnquiryDetail(**row, history=_history(conn, [enquiry_id])[enquiry_id])


def list_enquiries(
    conn: Connection,
    *,
    stage: EnquiryStage | None = None,
    limit: int = 100,
    offset: int = 0,
) -> EnquiryPage:
    """Enquiries, newest first, optionally of one stage."""
    if not 1 <= limit <= MAX_PAGE or offset < 0:
        raise InvalidInputError(f"limit must be 1-{MAX_PAGE} and offset >= 0", field="limit")
    where = "WHERE stage = :stage" if stage is not None else ""
    params: dict[str, Any] = {"stage": stage.value if stage else None}
    total = int(conn.execute(text(f"SELECT count(*) FROM enquiries {where}"), params).scalar_one())
    rows = conn.execute(
        text(
            f"SELECT {COLUMNS} FROM enquiries {where} ORDER BY created_at DESC, id DESC "
            "LIMIT :limit OFFSET :offset"
        ),
        {**params, "limit": limit, "offset": offset},
    ).mappings()
    return EnquiryPage(total=total, items=[Enquiry(**row) for row in rows])


def update(
    conn: Connection, *, enquiry_id: int, changes: EnquiryPatch, by: str | None = None
) -> EnquiryDetail:
    """Change the members ``changes`` sets; a new stage is written to the history."""
    sent = changes.model_fields_set
    if "company" in sent and changes.company is None:
        raise InvalidInputError("company cannot be emptied", field="company")
    if "stage" in sent and changes.stage is None:
        raise InvalidInputError("stage cannot be emptied", field="stage")
    current = conn.execute(
        text("SELECT stage FROM enquiries WHERE id = :id FOR UPDATE"), {"id": enquiry_id}
    ).scalar_one_or_none()
    if current is None:
        raise NotFoundError(f"no enquiry {enquiry_id}", field="id")
    fields = _values({c: getattr(changes, c) for c in WRITABLE if c in sent})
    if changes.stage is not None:
        fields["stage"] = changes.stage.value
    if fields:
        statement = text(
            "UPDATE enquiries SET "
            + ", ".join(f"{c} = :{c}" for c in fields)
            + " WHERE id = :enquiry_id"
        )
        if "needs" in fields:
            statement = statement.bindparams(bindparam("needs", type_=JSONB))
        conn.execute(statement, {**fields, "enquiry_id": enquiry_id})
    if changes.stage is not None and changes.stage != current:
        _stage(conn, enquiry_id=enquiry_id, stage=changes.stage, by=by)
    return get(conn, enquiry_id=enquiry_id)


class StageCount(BaseModel):
    stage: EnquiryStage
    count: int


class MonthCount(BaseModel):
    month: str = Field(description="YYYY-MM, Vietnam's calendar")
    stage: EnquiryStage
    count: int = Field(description="enquiries that entered the stage that month")


class Funnel(BaseModel):
    stages: list[StageCount] = Field(description="enquiries now at each stage")
    months: list[MonthCount]


def funnel(conn: Connection) -> Funnel:
    """The pipeline: how many enquiries stand at each stage now, and how many entered each
    stage in each month."""
    now = {
        str(stage): int(count)
        for stage, count in conn.execute(
            text("SELECT stage, count(*) FROM enquiries GROUP BY stage")
        ).all()
    }
    months = conn.execute(
        text(
            "SELECT to_char(at AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM') AS month, stage,"
            " count(DISTINCT enquiry_id) AS count FROM enquiry_stages"
            " GROUP BY 1, 2 ORDER BY 1, 2"
        )
    ).mappings()
    return Funnel(
        stages=[StageCount(stage=s, count=now.get(s.value, 0)) for s in EnquiryStage],
        months=[MonthCount(**row) for row in months],
    )


def _ids_of(conn: Connection, email: str) -> list[int]:
    return list(
        conn.execute(
            text(
                "SELECT id FROM enquiries WHERE lower(email) = lower(:email) ORDER BY id FOR UPDATE"
            ),
            {"email": email.strip()},
        ).scalars()
    )


def export_person(conn: Connection, *, email: str) -> PersonExport:
    """Every enquiry holding ``email`` (case-insensitive), with all its fields and history."""
    ids = _ids_of(conn, email)
    return PersonExport(enquiries=[get(conn, enquiry_id=i) for i in ids])


def erase_person(conn: Connection, *, email: str) -> Erasure:
    """Erase one person's contact data from every enquiry holding ``email``; the enquiries
    stay, anonymised, with the time of the erasure."""
    ids = _ids_of(conn, email)
    if ids:
        conn.execute(
            text(
                "UPDATE enquiries SET "
                + ", ".join(f"{c} = NULL" for c in CONTACT)
                + ", erased_at = now() WHERE id = ANY(:ids)"
            ),
            {"ids": ids},
        )
    return Erasure(erased=len(ids))
