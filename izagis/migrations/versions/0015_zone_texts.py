"""Zones in both languages: the legal basis and the developer in English, and notes in
Vietnamese and English (the dataset's README says which texts are translations).

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-28
"""

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        "ALTER TABLE zones ADD COLUMN legal_basis_en text, ADD COLUMN developer_en text, "
        "ADD COLUMN notes_vi text, ADD COLUMN notes_en text"
    )


def downgrade() -> None:
    op.execute(
        "ALTER TABLE zones DROP COLUMN notes_en, DROP COLUMN notes_vi, "
        "DROP COLUMN developer_en, DROP COLUMN legal_basis_en"
    )
