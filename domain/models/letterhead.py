"""The letterhead (kop surat) printed on the official documents: the province's name, its
address line, the city of the place-and-date line and its arms (lambang) as an uploaded image.

One row (``id`` 1). The arms are stored in the database, not on disk, so every API process and
every backup has the same picture; :mod:`domain.documents` validates an upload's type and size.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel


class Letterhead(SQLModel, table=True):
    __tablename__ = "letterhead"

    id: int = Field(default=1, primary_key=True)
    province_name: str = Field(max_length=120)  # e.g. "Banten": "PEMERINTAH PROVINSI BANTEN", "Gubernur Banten"
    address: str = Field(default="", max_length=250)
    city: str = Field(default="", max_length=80)  # the place of the place-and-date line, e.g. "Serang"
    arms: bytes | None = Field(default=None, sa_column=sa.Column(sa.LargeBinary, nullable=True))
    arms_type: str | None = Field(default=None, max_length=20)  # image/png or image/jpeg
    updated_at: datetime | None = None
