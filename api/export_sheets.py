"""The spreadsheets ``api.exports`` serves: each one is a GraphQL operation (the page's list, with
the same arguments), its column headers in both languages, and how a node becomes a row."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from domain.accounts import Official
from domain.clock import zone

__all__ = ["HIDDEN", "SHEETS", "Sheet"]

HIDDEN = {"id": "disembunyikan", "en": "hidden"}  # a value the viewer may not read: never "—"
_AWAITING = {"id": " (menunggu pelantikan)", "en": " (awaiting inauguration)"}
_YES = {"id": ("ya", "tidak"), "en": ("yes", "no")}


@dataclass(frozen=True)
class Sheet:
    name: str
    document: str
    field: str
    arguments: Mapping[str, type]
    headers: Mapping[str, list[str]]
    rows: Callable[[Any, str], Iterable[list[Any]]]
    title: Mapping[str, str]
    paged: bool = True
    required: tuple[str, ...] = ()
    fixed: Mapping[str, Any] = field(default_factory=dict)
    members_document: str | None = None  # the nine-box: every member of a cell, page by page


def _local(at: str | None) -> datetime | None:
    """An ISO timestamp as the province's wall-clock time (a spreadsheet cell holds no zone)."""
    if not at:
        return None
    return datetime.fromisoformat(at).astimezone(zone()).replace(tzinfo=None)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _official(value: Mapping[str, Any] | None, language: str) -> str | None:
    if value is None:
        return None
    acting = value.get("actingFor")
    principal = Official(acting["username"], acting["name"], acting["role"]) if acting else None
    return Official(value["username"], value["name"], value["role"], principal).label(language)


# --- nominations ---------------------------------------------------------------------------

_NOMINATIONS = """
query ExportNominations($state: NominationState, $kind: NominationKind, $positionCode: String,
  $assignedToMe: Boolean, $overdue: Boolean, $awaitingInauguration: Boolean, $search: String,
  $unitCode: String, $subunits: Boolean, $sort: String, $first: Int, $after: String) {
  nominations(state: $state, kind: $kind, positionCode: $positionCode, assignedToMe: $assignedToMe,
    overdue: $overdue, awaitingInauguration: $awaitingInauguration, search: $search, unitCode: $unitCode,
    subunits: $subunits, sort: $sort, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { id state kind stageDueOn awaitingInauguration
      position { code title unit { name } } nominee { nip name } } }
  }
}"""


def _nomination_rows(node: Mapping[str, Any], language: str) -> Iterable[list[Any]]:
    post = node.get("position") or {}
    nominee = node.get("nominee") or {}
    yield [
        node["id"],
        post.get("title"),
        post.get("code"),
        (post.get("unit") or {}).get("name"),
        node["kind"],
        node["state"] + (_AWAITING[language] if node.get("awaitingInauguration") else ""),
        nominee.get("name"),
        nominee.get("nip"),
        _day(node.get("stageDueOn")),
    ]


# --- audit ---------------------------------------------------------------------------------

_AUDIT = """
query ExportAudit($search: String, $dateFrom: Date, $dateTo: Date, $nominationId: Int, $nip: String,
  $sort: String, $first: Int, $after: String) {
  auditEvents(search: $search, dateFrom: $dateFrom, dateTo: $dateTo, nominationId: $nominationId, nip: $nip,
    sort: $sort, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { seq at actor role action nominationId fromState toState reason outcome hash
      official { username name role actingFor { username name role } } subject { nip name hidden } } }
  }
}"""


def _audit_rows(node: Mapping[str, Any], language: str) -> Iterable[list[Any]]:
    subject = node.get("subject")
    if subject is None:
        about = None
    elif subject.get("hidden"):
        about = HIDDEN[language]
    else:
        about = f"{subject['name']} ({subject['nip']})"
    official = _official(node.get("official"), language)
    yield [
        node["seq"],
        _local(node["at"]),
        official if official is not None else (node.get("actor") or HIDDEN[language]),
        node["action"],
        node.get("nominationId"),
        about,
        node.get("fromState"),
        node.get("toState"),
        node.get("reason"),
        node["outcome"],
        node["hash"],
    ]


# --- ranking of a post ---------------------------------------------------------------------

_RANKING = """
query ExportRanking($positionCode: String!, $asOf: Date, $first: Int, $after: String) {
  candidates(positionCode: $positionCode, asOf: $asOf, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { rank score employee { nip name golongan position { title } unit { name } nineBox { box label } }
      eligibility { eligible } } }
  }
}"""


def _ranking_rows(node: Mapping[str, Any], language: str) -> Iterable[list[Any]]:
    person = node["employee"]
    box = person.get("nineBox")
    yes, no = _YES[language]
    yield [
        node["rank"],
        person["name"],
        person["nip"],
        person.get("golongan"),
        (person.get("position") or {}).get("title"),
        (person.get("unit") or {}).get("name"),
        node["score"] if node.get("score") is not None else HIDDEN[language],
        (f"{box['box']} {box['label']}" if box and box.get("box") else HIDDEN[language]) if box is not None else None,
        yes if node["eligibility"]["eligible"] else no,
    ]


# --- nine-box with its members -------------------------------------------------------------

_NINE_BOX = """
query ExportNineBox($unitCode: String, $asOf: Date) {
  nineBox(unitCode: $unitCode, asOf: $asOf, membersFirst: 100) {
    cells { box label count members { nip } }
    unmapped { reason count members { nip name golongan unit { name } position { title } } }
  }
}"""


_NINE_BOX_MEMBERS = """
query ExportNineBoxMembers($box: Int!, $unitCode: String, $asOf: Date, $first: Int, $after: String) {
  nineBoxMembers(box: $box, unitCode: $unitCode, asOf: $asOf, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { nip name golongan unit { name } position { title } } }
  }
}"""


def _nine_box_rows(grid: Mapping[str, Any], language: str) -> Iterable[list[Any]]:
    def person(p: Mapping[str, Any]) -> list[Any]:
        return [
            p["name"],
            p["nip"],
            p.get("golongan"),
            (p.get("position") or {}).get("title"),
            (p.get("unit") or {}).get("name"),
        ]

    for cell in grid["cells"]:
        for member in cell["members"]:
            yield [cell["box"], cell["label"], cell["count"], *person(member)]
    for group in grid["unmapped"]:
        for member in group["members"]:
            yield [None, group["reason"], group["count"], *person(member)]


_PERSON = {"id": ["Nama", "NIP", "Golongan", "Jabatan", "Unit"], "en": ["Name", "NIP", "Golongan", "Post", "Unit"]}

SHEETS: dict[str, Sheet] = {
    sheet.name: sheet
    for sheet in (
        Sheet(
            name="nominations",
            document=_NOMINATIONS,
            field="nominations",
            arguments={
                "state": str,
                "kind": str,
                "positionCode": str,
                "assignedToMe": bool,
                "overdue": bool,
                "awaitingInauguration": bool,
                "search": str,
                "unitCode": str,
                "subunits": bool,
                "sort": str,
            },
            headers={
                "id": [
                    "Nomor",
                    "Jabatan",
                    "Kode jabatan",
                    "Unit",
                    "Jenis",
                    "Tahap",
                    "Calon",
                    "NIP calon",
                    "Batas tahap",
                ],
                "en": ["Number", "Post", "Post code", "Unit", "Kind", "Stage", "Nominee", "Nominee NIP", "Stage due"],
            },
            rows=_nomination_rows,
            title={"id": "Usulan", "en": "Nominations"},
        ),
        Sheet(
            name="audit",
            document=_AUDIT,
            field="auditEvents",
            arguments={"search": str, "dateFrom": date, "dateTo": date, "nominationId": int, "nip": str, "sort": str},
            headers={
                "id": ["No.", "Waktu", "Pejabat", "Aksi", "Usulan", "Tentang", "Dari", "Ke", "Alasan", "Hasil", "Hash"],
                "en": [
                    "No.",
                    "Time",
                    "Official",
                    "Action",
                    "Nomination",
                    "About",
                    "From",
                    "To",
                    "Reason",
                    "Outcome",
                    "Hash",
                ],
            },
            rows=_audit_rows,
            title={"id": "Audit", "en": "Audit"},
        ),
        Sheet(
            name="ranking",
            document=_RANKING,
            field="candidates",
            arguments={"positionCode": str, "asOf": date},
            required=("positionCode",),
            headers={
                "id": ["Peringkat", *_PERSON["id"], "Skor", "Kotak nine-box", "Memenuhi syarat"],
                "en": ["Rank", *_PERSON["en"], "Score", "Nine-box", "Eligible"],
            },
            rows=_ranking_rows,
            title={"id": "Peringkat", "en": "Ranking"},
        ),
        Sheet(
            name="ninebox",
            document=_NINE_BOX,
            field="nineBox",
            arguments={"unitCode": str, "asOf": date},
            paged=False,
            members_document=_NINE_BOX_MEMBERS,
            headers={
                "id": ["Kotak", "Label", "Jumlah", *_PERSON["id"]],
                "en": ["Box", "Label", "Count", *_PERSON["en"]],
            },
            rows=_nine_box_rows,
            title={"id": "Nine-box", "en": "Nine-box"},
        ),
    )
}
