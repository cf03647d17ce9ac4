"""The oath (sumpah/janji jabatan) and what completing it changes in the domain.

Wording per PP 11/2017 and Perka BKN 7/2017 (``domain.oath_formula``, with its sources): the opening
follows the appointee's religion, or the pledge form for anyone who objects to an oath. Two witnesses attend, civil
servants whose post is at least the appointee's level, and a rohaniwan (clergy) of the religion
unless the pledge is taken.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.errors import InvalidInput, Problem
from domain.models import Employee, JobHistory, Nomination, Position, SiasnExport, Unit
from domain.nip import normalize_nip
from domain.oath_formula import OPENINGS, PLEDGE_OPENING
from domain.oath_formula import render as render_formula
from domain.reference import Level
from workflow.eligibility import current_level
from workflow.runner import utcnow

# The words are reference data with their sources: domain.oath_formula (OPENINGS: the religions with an oath form).
PLEDGE = PLEDGE_OPENING


def oath_text(religion: str | None, level: str, title: str, pledge: bool) -> str:
    """The full text read by the appointee: the regulation's formula word for word ("jabatan ini";
    the Berita Acara names the post ``title`` in its sentence before the oath). ``level`` is checked
    to be a known level, nothing more: the formula is the same for every structural level."""
    Level(level)
    return render_formula(religion, pledge)


async def check_participants(
    session: AsyncSession,
    appointee: Employee,
    post: Position,
    witness_nips: list[str],
    clergy_name: str | None,
    pledge: bool,
) -> tuple[list[str], list[str]]:
    """Validated witness NIPs, or InvalidInput listing every problem. Returns (witnesses, problems)."""
    problems: list[str] = []
    witnesses: list[str] = []
    for raw in witness_nips:
        try:
            witnesses.append(normalize_nip(raw))
        except ValueError as exc:
            problems.append(Problem(f"witness {raw}: {exc}", key="input.witness_nip_invalid", params={"nip": raw}))
    if len(set(witnesses)) != 2:
        problems.append(
            Problem(
                f"{len(set(witnesses))} distinct witnesses given; the oath needs exactly 2",
                key="input.witness_count",
                params={"count": len(set(witnesses))},
            )
        )
    needed = Level(post.level)
    for nip in dict.fromkeys(witnesses):
        if nip == appointee.nip:
            problems.append(
                Problem(
                    f"witness {nip} is the appointee; choose another civil servant",
                    key="input.witness_is_appointee",
                    params={"nip": nip},
                )
            )
            continue
        witness = await session.get(Employee, nip)
        if witness is None:
            problems.append(
                Problem(f"witness {nip} is not a known employee", key="input.witness_unknown", params={"nip": nip})
            )
            continue
        held = await current_level(session, witness)
        if held.order < needed.order:
            problems.append(
                Problem(
                    f"witness {nip} ({witness.name}) holds a {held.label} post; "
                    f"witnesses must hold at least {needed.label}",
                    key="input.witness_level",
                    params={"nip": nip, "name": witness.name, "held": held.label, "needed": needed.label},
                )
            )
    if not pledge:
        if appointee.religion not in OPENINGS:
            problems.append(
                Problem(
                    f"the appointee's religion is {appointee.religion or 'not recorded'}, which has no oath form; "
                    "take the pledge (pledge=true) or record the religion",
                    key="input.oath_no_form",
                    params={"religion": appointee.religion or "-"},
                )
            )
        elif not (clergy_name or "").strip():
            problems.append(
                Problem(
                    f"name the rohaniwan ({appointee.religion}) attending the oath, or take the pledge",
                    key="input.oath_clergy_missing",
                    params={"religion": appointee.religion},
                )
            )
    return witnesses, problems


async def witness_record(session: AsyncSession, witness_nips: list[str]) -> list[dict[str, str]]:
    """The witnesses as printed on the Berita Acara: NIP and full name (with titles) as they were
    on the day, so a later change of name or title does not rewrite a signed record."""
    rows = []
    for nip in witness_nips:
        witness = await session.get(Employee, nip)
        rows.append({"nip": nip, "name": witness.full_name if witness else ""})
    return rows


def oath_record(
    text: str,
    witnesses: list[dict[str, str]],
    clergy_name: str | None,
    pledge: bool,
    religion: str | None,
    taken_on: date | None,
    recorded_at: datetime,
) -> dict[str, Any]:
    """What ``Nomination.oath`` holds once the oath is taken: everything the Berita Acara
    Pengambilan Sumpah/Janji Jabatan prints, so the document is the server's record, not a page's template."""
    return {
        "witness_nips": [w["nip"] for w in witnesses],
        "witnesses": witnesses,
        "clergy_name": None if pledge else clergy_name,
        "pledge": pledge,
        "religion": religion,
        "text": text,
        "taken_on": taken_on.isoformat() if taken_on else None,
        "recorded_at": recorded_at.isoformat(),
    }


async def apply_effects(
    session: AsyncSession, nomination: Nomination, appointee: Employee, post: Position
) -> dict[str, Any]:
    """The appointee holds the post from the effective date; history and SIASN export follow.
    Runs inside the oath's transaction. Returns what changed, for the audit event."""
    effective = nomination.effective_date
    assert effective is not None and nomination.decree_date is not None
    changed: dict[str, Any] = {"old_position_code": appointee.position_code, "new_position_code": post.code}
    incumbent = (await session.exec(select(Employee).where(Employee.position_code == post.code))).first()
    if incumbent is not None and incumbent.nip != appointee.nip:
        # The decree moves the incumbent out; their own nomination (if any) gives them a new post.
        incumbent.position_code = None
        session.add(incumbent)
        await _close_open_rows(session, incumbent.nip, effective)
        changed["displaced_incumbent"] = incumbent.nip
        await session.flush()
    await _close_open_rows(session, appointee.nip, effective)
    unit = await session.get(Unit, post.unit_code)
    appointee.position_code = None
    session.add(appointee)
    await session.flush()
    appointee.position_code = post.code
    appointee.unit_code = post.unit_code
    session.add(appointee)
    row = JobHistory(
        nip=appointee.nip,
        start_date=effective,
        position_code=post.code,
        title=post.title,
        level=post.level,
        eselon=post.eselon,
        unit_name=unit.name if unit else None,
        decree_number=nomination.decree_number,
        decree_date=nomination.decree_date,
    )
    session.add(row)
    payload = siasn_payload(nomination, appointee, post, unit)
    session.add(SiasnExport(nomination_id=nomination.id or 0, nip=appointee.nip, payload=payload, created_at=utcnow()))
    await session.flush()
    changed["job_history_id"] = row.id
    changed["siasn"] = payload
    return changed


async def _close_open_rows(session: AsyncSession, nip: str, effective: date) -> None:
    rows = await session.exec(select(JobHistory).where(JobHistory.nip == nip))
    for row in rows.all():
        if row.start_date == effective and row.end_date is not None:
            raise InvalidInput(
                f"{nip} already has a job-history row starting on the effective date {effective}; "
                "correct the history or the decree's effective date",
                key="input.job_history_same_start",
                params={"nip": nip, "effective": effective},
            )
        if row.start_date < effective and (row.end_date is None or row.end_date >= effective):
            row.end_date = effective - timedelta(days=1)
            session.add(row)
        elif row.start_date >= effective and row.end_date is None:
            raise InvalidInput(
                f"{nip} has a job-history row starting {row.start_date}, on or after the effective date "
                f"{effective}; correct the history or the decree's effective date",
                key="input.job_history_later_start",
                params={"nip": nip, "start": row.start_date, "effective": effective},
            )


def siasn_payload(nomination: Nomination, appointee: Employee, post: Position, unit: Unit | None) -> dict[str, Any]:
    """The fields of SIASN's ``jabatan/save`` for the new post."""
    return {
        "nip": appointee.nip,
        "jenis_jabatan": "struktural",
        "jabatan_id": post.code,
        "jabatan_nama": post.title,
        "eselon": post.eselon,
        "unor_id": post.unit_code,
        "unor_nama": unit.name if unit else None,
        "nomor_sk": nomination.decree_number,
        "tanggal_sk": nomination.decree_date.isoformat() if nomination.decree_date else None,
        "tmt_jabatan": nomination.effective_date.isoformat() if nomination.effective_date else None,
        "tmt_pelantikan": nomination.inaugurated_on.isoformat() if nomination.inaugurated_on else None,
    }
