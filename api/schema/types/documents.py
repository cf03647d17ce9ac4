"""The facts of the Berita Acara the server assembles, so every printed document reads the same
data the same way: the letterhead, the decree line, the appointee's name with titles, pangkat and
golongan from ``domain.reference``, the post's full name, the witnesses (Saksi I and II) and the
officiant. The page lays them out (frontend/js/pages/ceremony/print.js); it invents nothing."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from api.schema.permissions import viewer_of
from api.schema.types.nominations import Ceremony, Nomination
from api.schema.types.people import reached
from domain import access, models
from domain.documents import government_name
from domain.reference import RANKS

__all__ = ["CeremonyDocuments", "DocumentPerson", "Letterhead", "documents_of", "letterhead_of"]

ARMS_URL = "/documents/arms"


@strawberry.type(description="The letterhead (kop) of the official documents; an admin sets it.")
class Letterhead:
    province_name: str
    government_name: str = strawberry.field(description='"PEMERINTAH PROVINSI BANTEN": the first line.')
    address: str
    city: str = strawberry.field(description="The place of the place-and-date line, e.g. Serang.")
    arms_url: str | None = strawberry.field(description="The arms image (PNG/JPEG), null until uploaded.")


def letterhead_of(row: models.Letterhead | None) -> Letterhead | None:
    if row is None or not row.province_name:
        return None
    stamp = f"?v={int(row.updated_at.timestamp())}" if row.updated_at else ""
    return Letterhead(
        province_name=row.province_name,
        government_name=government_name(row) or "",
        address=row.address,
        city=row.city,
        arms_url=f"{ARMS_URL}{stamp}" if row.arms else None,
    )


@strawberry.type(description="A person as printed under a signature or in a list: full name with titles, NIP.")
class DocumentPerson:
    name: str
    nip: str | None


@strawberry.type(description="One appointee's Berita Acara: the facts both documents print.")
class AppointeeDocuments:
    nomination: Nomination
    appointee: DocumentPerson | None = strawberry.field(description="Full name with academic titles, NIP.")
    pangkat_golongan: str | None = strawberry.field(description='"Pembina Tingkat I, IV/b".')
    post_name: str = strawberry.field(description="The post's full name, with the province when it is not in it.")
    unit_name: str | None
    decree_line: str | None = strawberry.field(
        description='"Keputusan Gubernur Banten Nomor … tanggal …"; null until the decree is recorded.'
    )
    decree_date: date | None
    saksi: list[DocumentPerson] = strawberry.field(description="Saksi I and Saksi II once the oath is recorded.")


@strawberry.type(description="Everything the print view of a ceremony needs besides the nominations' own fields.")
class CeremonyDocuments:
    ceremony: Ceremony
    letterhead: Letterhead | None
    document_number: str | None
    officiant: DocumentPerson
    place_date_line: str = strawberry.field(description='"Serang, 26 Januari 2026" (the letterhead\'s city).')
    appointees: list[AppointeeDocuments]


MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def tanggal(day: date) -> str:
    """26 Januari 2026: documents are always in Indonesian."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def pangkat_golongan(code: str | None) -> str | None:
    rank = RANKS.get((code or "").strip())
    return f"{rank.name}, {rank.code}" if rank else None


def post_full_name(title: str, province: str | None) -> str:
    if province and province.lower() not in title.lower():
        return f"{title} Provinsi {province}"
    return title


async def documents_of(info: Info, row: models.Ceremony, letterhead_row: models.Letterhead | None) -> CeremonyDocuments:
    """The ceremony's documents for the nominations the viewer may see (the access module decides,
    through ``Ceremony.nominations``' own filter)."""
    ceremony = Ceremony.from_row(row)
    letterhead = letterhead_of(letterhead_row)
    province = letterhead.province_name if letterhead else None
    rows = await ceremony._visible(info, await info.context.loaders.ceremony_nominations.load(ceremony.id))
    posts = await info.context.loaders.position.load_many([r.position_code for r in rows])
    units = await info.context.loaders.by_key(models.Unit, models.Unit.code).load_many(
        [p.unit_code if p else "" for p in posts]
    )
    nominees = await info.context.loaders.employee.load_many([r.nominee_nip or "" for r in rows])
    viewer = viewer_of(info)
    appointees = []
    for nomination, post, unit, nominee_row in zip(rows, posts, units, nominees, strict=True):
        hidden = access.status_only(viewer) and (viewer is None or viewer.nip != nomination.nominee_nip)
        nominee = None if hidden else reached(info, nominee_row)
        decree = None
        if nomination.decree_number:
            authority = f"Gubernur {province}" if province else "Gubernur"
            when = f" tanggal {tanggal(nomination.decree_date)}" if nomination.decree_date else ""
            decree = f"Keputusan {authority} Nomor {nomination.decree_number}{when}"
        witnesses = (nomination.oath or {}).get("witnesses") or [] if nominee else []
        appointees.append(
            AppointeeDocuments(
                nomination=Nomination.from_row(nomination),
                appointee=DocumentPerson(name=nominee.full_name, nip=nominee.nip) if nominee else None,
                pangkat_golongan=pangkat_golongan(nominee_row.golongan) if nominee and nominee_row else None,
                post_name=post_full_name(post.title, province) if post else "",
                unit_name=unit.name if unit else None,
                decree_line=decree,
                decree_date=nomination.decree_date,
                saksi=[DocumentPerson(name=w.get("name") or "", nip=w.get("nip")) for w in witnesses[:2]],
            )
        )
    city = letterhead.city if letterhead else ""
    return CeremonyDocuments(
        ceremony=ceremony,
        letterhead=letterhead,
        document_number=row.document_number,
        officiant=DocumentPerson(name=row.officiant, nip=row.officiant_nip),
        place_date_line=f"{city or row.place}, {tanggal(row.held_on)}",
        appointees=appointees,
    )
