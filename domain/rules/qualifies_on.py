"""From which day will someone qualify for a post, if time alone decides? And who is *close to*
eligible for a post (the "Tidak memenuhi syarat" list beside the ranking).

**One decision, one place.** Nothing here knows a threshold. :func:`qualifies_on` asks
:func:`~domain.rules.eligibility.evaluate_eligibility` itself on chosen days: the answer is the
earliest day on which the verdict is *eligible*, so evaluating on that day passes and on the day
before fails — by construction, not by a second copy of the rules.

How the days are chosen, so a handful of evaluations suffice: a verdict changes only

- on a day one of the person's dated facts starts or stops counting (a job row's start or end, a
  rank's TMT, a graduation, an assessment, a penalty's decree, New Year's Day for the SKP years),
  or the day after (the rules read posts held on the eve of the appointment); call these *events*;
- or, between two events, where a rule that only improves with time passes: experience (days at a
  level grow), the rotation lock (days in post grow), a penalty's look-back (its end slides out of
  the look-back window). Age is the one rule that only worsens.

So between two events every bar rule other than age is monotone in the day: if the verdict without
age fails on the last day before the next event, it fails on the whole stretch; otherwise a binary
search finds its first passing day. Age then decides: if it fails on that day it fails on every
later day too (None: never). An SKP year that has not ended has no record yet: the look-ahead
assumes it repeats the latest recorded predicate (:func:`projected`), and says which years it
assumed (:func:`assumed_skp_years`).

**Close to eligible** (:func:`near_candidates`), precisely: on the day asked, someone who

1. is not eligible, but passes the placement rules (``current_level``, ``incumbent``: a holder of
   a higher post or of the post itself is no candidate at all) and age (age only gets worse), and
2. fails exactly one bar rule, or qualifies by time alone within :data:`NEAR_HORIZON_YEARS`
   (:func:`qualifies_on` finds a day), and
3. has served at a level the post's experience rule counts (a job-history row at one of
   ``Requirements.experience_levels``): the post is their next step, not a distant one.

Ordered by the day they qualify (soonest first, those without a day last), then by the number of
rules failed, then by NIP.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.models import Employee, JobHistory
from domain.reference import ESELON_OF_LEVEL, STRUCTURAL_LEVELS
from domain.rulebook import Rulebook, load_rulebook
from domain.rules.counting import shift_years
from domain.rules.eligibility import evaluate_eligibility
from domain.rules.facts import PersonFacts, PostFacts, SkpRow, load_people, load_person, load_post
from domain.rules.held import eve_of, level_held
from domain.rules.near_sql import near_pool_query
from domain.rules.requirements import resolve
from domain.rules.sql_parts import dialect_of
from domain.rules.verdict import Check, Eligibility

__all__ = [
    "NEAR_HORIZON_YEARS",
    "PLACEMENT_RULES",
    "TIME_BOUND_RULES",
    "LevelOutlook",
    "NearCandidate",
    "assumed_skp_years",
    "check_with_qualifying_date",
    "is_close",
    "level_outlook",
    "near_candidates",
    "person_outlook",
    "projected",
    "qualifies_on",
]

# How far ahead "close to eligible" looks: a mapping period plans the next few years of moves.
NEAR_HORIZON_YEARS = 3
# How far ahead qualifies_on looks at most when asked for one person: beyond the longest experience
# any level demands (5 years in total for JPT), with room for a rank or penalty to come first.
SEARCH_HORIZON_YEARS = 10
# Rules that time alone can turn: years at a level, the rotation lock, a rank's TMT, a penalty's
# end, the next SKP year. The page marks these failures "menunggu waktu"; the date comes from
# qualifies_on, never from this list.
TIME_BOUND_RULES = frozenset({"experience", "experience_total", "rotation_lock", "rank", "discipline", "skp"})
# Rules that say someone is no candidate for the post at all (not a shortfall to wait out).
PLACEMENT_RULES = frozenset({"current_level", "incumbent"})
_WORSENS_WITH_TIME = "age"


def projected(person: PersonFacts, as_of: date, horizon_years: int = SEARCH_HORIZON_YEARS) -> PersonFacts:
    """``person`` as a projection reads them: an SKP year not over on ``as_of`` (``as_of``'s year
    and later) that has no record yet is assumed to repeat the latest recorded predicate — the only
    way "the next SKP year" can be looked ahead at; :func:`assumed_skp_years` names the years a
    date rests on so the page can say so. Recorded years are never changed."""
    recorded = {s.year for s in person.skps}
    latest = max(person.skps, key=lambda s: s.year, default=None)
    if latest is None:
        return person
    future = [
        SkpRow(year, latest.predicate)
        for year in range(as_of.year, as_of.year + horizon_years + 1)
        if year not in recorded and year > latest.year
    ]
    return replace(person, skps=[*person.skps, *future]) if future else person


def assumed_skp_years(person: PersonFacts, post: PostFacts, as_of: date, on: date, rulebook: Rulebook) -> list[int]:
    """The SKP years the verdict on ``on`` reads that ``projected`` assumed (not yet recorded)."""
    recorded = {s.year for s in person.skps}
    return [y for y in resolve(post, on, rulebook).skp_years if y >= as_of.year and y not in recorded]


def _event_days(person: PersonFacts, start: date, end: date) -> list[date]:
    """Days in (start, end] on which some rule may change its outcome (see the module docstring)."""
    # A job row counts from its start and its end + 1; its post is held on the eve of the day after
    # each (``held.eve_of``). Every other fact changes the verdict on its own day.
    facts: list[date | None] = [person.golongan_tmt]
    for job in person.jobs:
        facts += [job.start_date, job.start_date + timedelta(days=1)]
        if job.end_date is not None:
            facts += [job.end_date + timedelta(days=1), job.end_date + timedelta(days=2)]
    facts += [r.tmt for r in person.ranks]
    facts += [e.graduated_on for e in person.educations]
    facts += [a.assessed_on for a in person.assessments]
    facts += [p.decree_date for p in person.penalties]
    facts += [date(year, 1, 1) for year in range(start.year + 1, end.year + 1)]
    days = {day for day in facts if day is not None and start < day <= end}
    return sorted(days)


def _first_passing(lo: date, hi: date, passes: Callable[[date], bool]) -> date | None:
    """The first day in [lo, hi] on which ``passes`` holds, for a ``passes`` that never turns back
    to False within the range; None when it fails on ``hi``."""
    if not passes(hi):
        return None
    if passes(lo):  # most stretches open on the day that turns them (a TMT, New Year's Day): no search
        return lo
    while lo < hi:
        mid = lo + (hi - lo) // 2
        if passes(mid):
            hi = mid
        else:
            lo = mid + timedelta(days=1)
    return lo


def qualifies_on(
    person: PersonFacts,
    post: PostFacts,
    as_of: date,
    rulebook: Rulebook,
    horizon_years: int = SEARCH_HORIZON_YEARS,
) -> date | None:
    """The earliest day on or after ``as_of`` on which ``person`` is eligible for ``post`` with
    the facts recorded today (future SKP years as :func:`projected` assumes them), ``as_of``
    itself when they already are; None when no day within ``horizon_years`` makes them eligible
    (age reached first, or a rule time does not change)."""

    ahead = projected(person, as_of, horizon_years)

    def verdict(day: date) -> Eligibility:
        return evaluate_eligibility(ahead, post, day, rulebook)

    def passes_but_age(day: date) -> bool:
        return all(c.rule == _WORSENS_WITH_TIME for c in verdict(day).failing)

    end = shift_years(as_of, horizon_years)
    bounds = [as_of, *_event_days(person, as_of, end), end + timedelta(days=1)]
    for lo, next_event in zip(bounds, bounds[1:], strict=False):
        found = _first_passing(lo, next_event - timedelta(days=1), passes_but_age)
        if found is not None:
            return found if verdict(found).eligible else None  # age failing now fails for good
    return None


def is_close(verdict: Eligibility, on: date | None) -> bool:
    """Conditions 1 and 2 of "close to eligible" (module docstring) for a verdict and its
    qualifying day (from :func:`qualifies_on` with :data:`NEAR_HORIZON_YEARS`)."""
    failing = {c.rule for c in verdict.failing}
    if not failing or failing & PLACEMENT_RULES or _WORSENS_WITH_TIME in failing:
        return False
    return len(failing) == 1 or on is not None


@dataclass(frozen=True)
class NearCandidate:
    nip: str
    name: str
    unit_code: str
    eligibility: Eligibility  # on the day asked
    qualifies_on: date | None  # when time alone makes them eligible (within NEAR_HORIZON_YEARS)

    @property
    def failing(self) -> list[Check]:
        return self.eligibility.failing


async def near_candidates(
    session: AsyncSession,
    position_code: str,
    as_of: date,
    rulebook: Rulebook | None = None,
    visible: sa.ColumnElement[bool] | None = None,
    prefilter: bool = True,
) -> list[NearCandidate]:
    """Everyone close to eligible for ``position_code`` on ``as_of`` (module docstring), among the
    employees ``visible`` lets through (an SQL filter on ``Employee``, e.g. the access module's
    ``employee_filter``), in the documented order.

    Cost: ``near_sql`` keeps, in one query, the few people who *may* be close (a superset of the
    answer: it only drops people failing the competency rule and another one); only
    their facts are loaded and judged here, and a day is searched only for the close ones.
    ``prefilter=False`` judges every served person of the right age in Python instead — the same
    answer, slowly (the differential test and ``bench.near`` compare the two)."""
    post = await load_post(session, position_code)
    book = rulebook or await load_rulebook(session)
    req = resolve(post, as_of, book)
    if prefilter:
        query = near_pool_query(await dialect_of(session), req, visible)
    else:
        served = sa.select(JobHistory.nip).where(JobHistory.level.in_(req.experience_levels or ("",)))
        query = sa.select(Employee.nip, Employee.name, Employee.unit_code).where(
            Employee.nip.in_(served),  # condition 3
            Employee.birth_date > req.born_on_or_before_fails,  # age: the requirement's own bound
        )
        if visible is not None:
            query = query.where(visible)
    rows = (await session.exec(query)).all()
    people = await load_people(session, [r.nip for r in rows])
    near = []
    for nip, name, unit_code in rows:
        verdict = evaluate_eligibility(people[nip], post, as_of, book, req)
        failing = {c.rule for c in verdict.failing}
        if not failing or failing & PLACEMENT_RULES or _WORSENS_WITH_TIME in failing:
            continue
        # Education, competency or health failing: no day to search for (only a new record turns them).
        on = qualifies_on(people[nip], post, as_of, book, NEAR_HORIZON_YEARS) if failing <= TIME_BOUND_RULES else None
        if is_close(verdict, on):
            near.append(NearCandidate(nip, name, unit_code, verdict, on))
    near.sort(key=lambda n: (n.qualifies_on is None, n.qualifies_on or as_of, len(n.failing), n.nip))
    return near


async def check_with_qualifying_date(
    session: AsyncSession, nip: str, position_code: str, as_of: date, rulebook: Rulebook | None = None
) -> tuple[Eligibility, date | None]:
    """The verdict for ``nip`` and ``position_code`` on ``as_of`` and, when they are not eligible,
    the day time alone would make them (:func:`qualifies_on`; None when it does not)."""
    post = await load_post(session, position_code)
    person = await load_person(session, nip)
    book = rulebook or await load_rulebook(session)
    verdict = evaluate_eligibility(person, post, as_of, book)
    on = None if verdict.eligible else qualifies_on(person, post, as_of, book)
    return verdict, on


@dataclass(frozen=True)
class LevelOutlook:
    """One structural level seen from a person's profile: the verdict against a post of that level
    (no particular post: the strictest eselon's rank applies) and, when not eligible, the day time
    alone makes them (None: not by time alone)."""

    level: str
    eligibility: Eligibility
    qualifies_on: date | None


def level_outlook(person: PersonFacts, as_of: date, rulebook: Rulebook) -> list[LevelOutlook]:
    """The eligibility summary of a profile: every structural level not below the level the person
    holds, lowest first (a holder of a higher post is no candidate for a lower one). A level is
    judged against a post of each of its eselons; the best answer counts (eligible for one, or the
    soonest qualifying day), since a level's lower eselon asks a lower rank."""
    held = level_held(person, eve_of(as_of))
    outlook = []
    for level in sorted(STRUCTURAL_LEVELS, key=lambda lv: lv.order):
        if level.order < held.order:
            continue
        options = []
        for eselon in ESELON_OF_LEVEL[level]:
            post = PostFacts(code=f"({level.value} {eselon})", level=level.value, eselon=eselon)
            verdict = evaluate_eligibility(person, post, as_of, rulebook)
            on = as_of if verdict.eligible else qualifies_on(person, post, as_of, rulebook)
            options.append((on is None, on or as_of, len(verdict.failing), verdict, on))
        *_, verdict, on = min(options, key=lambda o: o[:3])
        outlook.append(LevelOutlook(level.value, verdict, None if verdict.eligible else on))
    return outlook


async def person_outlook(
    session: AsyncSession, nip: str, as_of: date, rulebook: Rulebook | None = None
) -> list[LevelOutlook]:
    """:func:`level_outlook` of the employee ``nip`` (NotFound for an unknown NIP)."""
    person = await load_person(session, nip)
    return level_outlook(person, as_of, rulebook or await load_rulebook(session))
