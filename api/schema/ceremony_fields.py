"""Inauguration ceremonies: the root queries, and the resolvers of ``createCeremony`` and
``conductCeremony`` (listed among the nomination mutations, where the contract orders them)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry
from sqlmodel import col, select
from strawberry.types import Info

from api.schema.connections import Connection, build_connection, fetch_page
from api.schema.errors import Conflict, Ineligible, InvalidInput, NotAllowed, NotFound
from api.schema.nomination_service import run
from api.schema.permissions import refuse, require_viewer
from api.schema.types.ceremonies import result_of
from api.schema.types.documents import CeremonyDocuments, Letterhead, documents_of, letterhead_of
from api.schema.types.nominations import Ceremony, CeremonyConducted
from domain import access, models
from domain.db import read_session
from workflow import ceremonies
from workflow import letterhead as letterheads
from workflow.letterhead import read_letterhead

__all__ = [
    "CeremonyQueries",
    "ClergyInput",
    "conduct_ceremony",
    "create_ceremony",
    "update_ceremony_documents",
    "update_letterhead",
]

CeremonyResult = Annotated[
    Ceremony | NotAllowed | Conflict | Ineligible | InvalidInput | NotFound, strawberry.union("CeremonyResult")
]
ConductCeremonyResult = Annotated[
    CeremonyConducted | NotAllowed | Conflict | Ineligible | InvalidInput | NotFound,
    strawberry.union("ConductCeremonyResult"),
]


@strawberry.type
class CeremonyQueries:
    @strawberry.field(description="Inauguration ceremonies, latest date first.")
    async def ceremonies(self, info: Info, first: int | None = None, after: str | None = None) -> Connection[Ceremony]:
        viewer = require_viewer(info)
        if not access.can_see_ceremony(viewer):
            raise refuse(
                info,
                "ceremonies need a staff role",
                "Only staff roles may list ceremonies.",
                key="not_allowed.staff_only",
            )
        query = select(models.Ceremony).where(access.ceremony_filter(viewer))
        order = [col(models.Ceremony.id)]
        rows, size, total = await fetch_page(info.context.sessions, query, order, first, after, descending=True)
        return build_connection(rows, size, total, lambda r: (r.id,), Ceremony.from_row, after)

    @strawberry.field
    async def ceremony(self, info: Info, id: int) -> Ceremony | None:
        viewer = require_viewer(info)
        if not access.can_see_ceremony(viewer):
            raise refuse(
                info,
                "ceremony needs a staff role",
                "Only staff roles may see ceremonies.",
                key="not_allowed.staff_only",
            )
        row = await info.context.loaders.ceremony.load(id)
        return Ceremony.from_row(row) if row and access.can_see_ceremony(viewer, row) else None

    @strawberry.field(
        description="The facts of a ceremony's Berita Acara (letterhead, numbers, names with titles, pangkat, "
        "witnesses, officiant), for the nominations you may see; null for a ceremony you may not see."
    )
    async def ceremony_documents(self, info: Info, id: int) -> CeremonyDocuments | None:
        viewer = require_viewer(info)
        if not access.can_see_ceremony(viewer):
            raise refuse(
                info,
                "ceremony documents need a staff role",
                "Only staff roles may see ceremonies.",
                key="not_allowed.staff_only",
            )
        row = await info.context.loaders.ceremony.load(id)
        if row is None or not access.can_see_ceremony(viewer, row):
            return None
        async with read_session(info.context.sessions) as session:
            letterhead = await read_letterhead(session)
        return await documents_of(info, row, letterhead)

    @strawberry.field(description="The letterhead of the official documents; null until an admin sets it.")
    async def letterhead(self, info: Info) -> Letterhead | None:
        require_viewer(info)
        async with read_session(info.context.sessions) as session:
            return letterhead_of(await read_letterhead(session))


@strawberry.input(description="The rohaniwan (clergy) attending for one religion.")
class ClergyInput:
    religion: str
    name: str


def _clergy(items: list[ClergyInput] | None) -> dict[str, str] | None:
    return {c.religion.strip().lower(): c.name.strip() for c in items} if items else None


async def create_ceremony(
    info: Info,
    date_: Annotated[date, strawberry.argument(name="date")],
    place: str,
    officiant: str,
    invitation_on: date | None = None,
    clergy: list[ClergyInput] | None = None,
    document_number: str | None = None,
    officiant_nip: str | None = None,
) -> CeremonyResult:
    row = await run(
        info,
        ceremonies.create_ceremony,
        date_,
        place,
        officiant,
        invitation_on=invitation_on,
        clergy=_clergy(clergy),
        document_number=document_number,
        officiant_nip=officiant_nip,
        idempotent=False,
    )
    return Ceremony.from_row(row)


async def update_ceremony_documents(
    info: Info, ceremony_id: int, document_number: str | None = None, officiant_nip: str | None = None
) -> CeremonyResult:
    row = await run(
        info, ceremonies.update_ceremony_documents, ceremony_id, document_number, officiant_nip, idempotent=False
    )
    return Ceremony.from_row(row)


LetterheadResult = Annotated[Letterhead | NotAllowed | Conflict | InvalidInput, strawberry.union("LetterheadResult")]


async def update_letterhead(info: Info, province_name: str, address: str, city: str) -> LetterheadResult:
    row = await run(info, letterheads.update_letterhead, province_name, address, city, idempotent=False)
    result = letterhead_of(row)
    assert result is not None
    return result


async def conduct_ceremony(
    info: Info,
    ceremony_id: int,
    witness_nips: list[str],
    pledge_nips: list[str] | None = None,
    clergy: list[ClergyInput] | None = None,
    dry_run: bool = False,
) -> ConductCeremonyResult:
    results = await run(
        info,
        ceremonies.conduct_ceremony,
        ceremony_id,
        witness_nips,
        clergy=_clergy(clergy),
        pledge_nips=frozenset(pledge_nips or ()),
        dry_run=dry_run,
        idempotent=False,
    )
    async with read_session(info.context.sessions) as session:
        row = await session.get(models.Ceremony, ceremony_id)
    assert row is not None
    return CeremonyConducted(ceremony=Ceremony.from_row(row), results=[result_of(r) for r in results])
