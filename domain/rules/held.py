"""What a person holds on a given day — post, level, rank, education — read from the dated histories.

This is the one definition of "current level" and "the incumbent": the eligibility rules, their SQL
twin (``candidate_sql``) and the workflow's kind rules (promotion / rotation, the oath's witnesses)
all ask these functions, so nobody is "Pelaksana" to one and "Administrator" to another.

- A job-history row is *in force* on a day from its ``start_date`` to its ``end_date`` (the last
  day held) inclusive; an open row (no end) is in force from its start on.
- The employee's recorded post (``Employee.position_code``) is a cache of *today*. It counts only
  when the history has no row for that post at all — the row that would date it is missing, so it is
  taken as held on any day. Otherwise the dated rows decide.
- For an appointment on day D the posts that count are those held on **the eve of D**
  (:func:`eve_of`): an appointment takes effect on its date and ends the old row the day before
  (``workflow.oath``), so re-checking an appointment after it happened gives the verdict it had
  then, and experience likewise counts "up to the day before the appointment date".
- **Rank** on a day (:func:`rank_on`): the latest golongan whose TMT is on or before it, from the
  rank history and the employee's dated snapshot (``golongan`` with ``golongan_tmt``, which wins
  only when strictly later than every history row in effect). An undated snapshot counts only for
  someone with no rank history at all. Nothing in effect yet → None: the rank rule fails.
- **Education** on a day (:func:`education_on`): the highest level completed on or before it (a
  row without a date counts as completed); the snapshot ``education`` only for someone with no
  education history. Both have an SQL twin in ``candidate_sql``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.reference import EDUCATION_ORDINAL, Education, Level
from domain.rules.facts import JobRow, PersonFacts, load_person

__all__ = [
    "DatedValue",
    "HeldPost",
    "education_on",
    "education_ordinal",
    "eve_of",
    "holds_post",
    "in_post_since",
    "level_held",
    "level_on",
    "posts_held",
    "rank_on",
    "rows_in_force",
]


@dataclass(frozen=True)
class HeldPost:
    position_code: str | None
    level: str | None
    since: date | None  # None: the recorded post without a job-history row (undated)


def eve_of(appointment: date) -> date:
    """The day whose posts count as held going into an appointment on ``appointment``."""
    return appointment - timedelta(days=1)


def rows_in_force(jobs: list[JobRow], day: date) -> list[JobRow]:
    return [j for j in jobs if j.start_date <= day and (j.end_date is None or j.end_date >= day)]


def posts_held(person: PersonFacts, day: date) -> list[HeldPost]:
    """Every post ``person`` holds on ``day``: the job rows in force, plus the recorded post when
    the history has no row for it."""
    held = [HeldPost(j.position_code, j.level, j.start_date) for j in rows_in_force(person.jobs, day)]
    recorded = person.position_code
    if recorded is not None and all(j.position_code != recorded for j in person.jobs):
        held.append(HeldPost(recorded, person.position_level, None))
    return held


def holds_post(person: PersonFacts, position_code: str, day: date) -> bool:
    """Is ``person`` the incumbent of ``position_code`` on ``day``?"""
    return any(p.position_code == position_code for p in posts_held(person, day))


def level_held(person: PersonFacts, day: date) -> Level:
    """The highest level among the posts held on ``day``; Pelaksana when none is held."""
    levels = []
    for p in posts_held(person, day):
        try:
            levels.append(Level(p.level))
        except ValueError:
            continue
    return max(levels, key=lambda lv: lv.order, default=Level.PELAKSANA)


def in_post_since(person: PersonFacts, row: JobRow) -> date:
    """When the stint in ``row``'s post began: consecutive rows of the same post (a new decree for
    the same post, e.g. X held 2022-2024 and again from 2025-01-01) join up, so time in the post is
    not reset by paperwork. Rows join when one starts on or before the day after the other ends
    (rows of one person must not overlap; see contract/import-format.md). A row without a post code
    (a post outside this government) stands alone."""
    start = row.start_date
    if row.position_code is None:
        return start
    same = sorted((j for j in person.jobs if j.position_code == row.position_code), key=lambda j: j.start_date)
    for j in reversed(same):
        if j.start_date < start and j.end_date is not None and j.end_date >= start - timedelta(days=1):
            start = j.start_date
    return start


@dataclass(frozen=True)
class DatedValue:
    value: str
    since: date | None  # None: undated (the snapshot, or a row without a date)


def rank_on(person: PersonFacts, day: date) -> DatedValue | None:
    """The golongan in effect on ``day``; None when the history starts later."""
    in_effect = [r for r in person.ranks if r.tmt <= day]
    latest = max(in_effect, key=lambda r: r.tmt, default=None)
    snapshot_tmt = person.golongan_tmt
    if snapshot_tmt is not None and snapshot_tmt <= day and (latest is None or snapshot_tmt > latest.tmt):
        return DatedValue(person.golongan, snapshot_tmt)
    if latest is not None:
        return DatedValue(latest.golongan, latest.tmt)
    if snapshot_tmt is None and not person.ranks:
        return DatedValue(person.golongan, None)
    return None


def education_ordinal(level: str) -> int:
    """``reference.EDUCATION_ORDINAL`` of ``level``; 0 for a level that is not known."""
    try:
        return EDUCATION_ORDINAL[Education(level)]
    except ValueError:
        return 0


def education_on(person: PersonFacts, day: date) -> DatedValue | None:
    """The highest education level completed on or before ``day``; None when none was yet."""
    if not person.educations:
        return DatedValue(person.education, None)
    done = [e for e in person.educations if e.graduated_on is None or e.graduated_on <= day]
    best = max(done, key=lambda e: education_ordinal(e.level), default=None)
    return DatedValue(best.level, best.graduated_on) if best else None


async def level_on(session: AsyncSession, nip: str, day: date) -> Level:
    """:func:`level_held` for the employee ``nip`` on ``day``, loaded (NotFound for an unknown NIP)."""
    return level_held(await load_person(session, nip), day)
