"""The oath (sumpah/janji jabatan) as recorded: what the Berita Acara prints."""

from __future__ import annotations

from datetime import date, datetime

import strawberry
from strawberry.types import Info

__all__ = ["OathRecord", "OathWitness", "oath_record"]


@strawberry.type(description="A witness of the oath as printed on the Berita Acara: NIP and name on the day.")
class OathWitness:
    nip: str
    name: str


@strawberry.type(
    description="The oath (sumpah/janji jabatan) as recorded when it was taken: what the Berita Acara "
    "Pengambilan Sumpah/Janji Jabatan prints."
)
class OathRecord:
    text: str
    witnesses: list[OathWitness]
    clergy_name: str | None = strawberry.field(description="The rohaniwan; null when the pledge was taken.")
    pledge: bool = strawberry.field(description="True when the pledge (janji) was taken instead of an oath.")
    taken_on: date | None = strawberry.field(description="The day of the ceremony at which it was taken.")
    recorded_at: datetime | None


async def oath_record(info: Info, data: dict) -> OathRecord:
    """Records written before witness names were stored name the witnesses as they are now."""
    stored = data.get("witnesses")
    if stored is None:
        rows = await info.context.loaders.employee.load_many(list(data.get("witness_nips") or []))
        stored = [{"nip": r.nip, "name": r.full_name} for r in rows if r is not None]
    taken_on, recorded_at = data.get("taken_on"), data.get("recorded_at")
    return OathRecord(
        text=data.get("text") or "",
        witnesses=[OathWitness(nip=w["nip"], name=w["name"]) for w in stored],
        clergy_name=data.get("clergy_name"),
        pledge=bool(data.get("pledge")),
        taken_on=date.fromisoformat(taken_on) if taken_on else None,
        recorded_at=datetime.fromisoformat(recorded_at) if recorded_at else None,
    )
