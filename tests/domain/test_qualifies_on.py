"""The day someone qualifies when time alone decides (domain.rules.qualifies_on), and who is close to
eligible: concrete profiles, then the defining property on many generated ones — eligible on the
day found, not eligible the day before — and a day-by-day scan agreeing with the search."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.rulebook import default_rulebook
from domain.rules.counting import shift_years
from domain.rules.eligibility import evaluate_eligibility
from domain.rules.facts import PostFacts, RankRow
from domain.rules.qualifies_on import (
    assumed_skp_years,
    is_close,
    near_candidates,
    projected,
    qualifies_on,
)
from tests.domain.talent_factory import (
    AS_OF,
    JPT_POST,
    AssessmentRow,
    JobRow,
    PenaltyRow,
    SkpRow,
    TalentData,
    eligible_facts,
    make_nip,
)

BOOK = default_rulebook()
ADM_POST = PostFacts(code="ADM", level="administrator", eselon="III.b", title="Kepala Bagian")


def eligible_on(person, post, day) -> bool:
    return evaluate_eligibility(projected(person, AS_OF), post, day, BOOK).eligible


def assert_first_day(person, post, on) -> None:
    assert eligible_on(person, post, on), f"not eligible on {on}"
    if on > AS_OF:
        assert not eligible_on(person, post, on - timedelta(days=1)), f"already eligible on the eve of {on}"


def test_someone_eligible_today_qualifies_today():
    assert qualifies_on(eligible_facts(), JPT_POST, AS_OF, BOOK) == AS_OF


def test_one_year_eight_months_as_administrator_qualifies_on_reaching_two_years():
    start = date(2024, 5, 26)  # 1 year 8 months before AS_OF
    person = eligible_facts(
        jobs=[JobRow(date(2016, 1, 1), date(2024, 5, 25), "pengawas"), JobRow(start, None, "administrator")]
    )
    on = qualifies_on(person, JPT_POST, AS_OF, BOOK)
    assert on == start + timedelta(days=730)  # 2 years = 730 days of the default rulebook
    failing = [c.rule for c in evaluate_eligibility(person, JPT_POST, AS_OF, BOOK).failing]
    assert failing == ["experience"]
    assert_first_day(person, JPT_POST, on)


def test_a_rank_with_a_later_tmt_qualifies_on_that_tmt():
    tmt = date(2026, 4, 1)
    person = eligible_facts(golongan="III/d", ranks=[RankRow(date(2020, 4, 1), "III/d"), RankRow(tmt, "IV/a")])
    assert qualifies_on(person, JPT_POST, AS_OF, BOOK) == tmt
    assert_first_day(person, JPT_POST, tmt)


def test_a_penalty_qualifies_once_its_end_leaves_the_look_back_window():
    penalty = PenaltyRow(date(2025, 1, 10), "sedang", date(2025, 2, 1), date(2025, 7, 31))
    person = eligible_facts(penalties=[penalty])
    on = qualifies_on(person, JPT_POST, AS_OF, BOOK)
    assert on == date(2026, 8, 1)  # the end is 12 months before the day before
    assert_first_day(person, JPT_POST, on)


def test_the_next_skp_year_assumes_the_latest_predicate_and_says_so():
    person = eligible_facts(skps=[SkpRow(2024, "butuh_perbaikan"), SkpRow(2025, "baik")])
    on = qualifies_on(person, JPT_POST, AS_OF, BOOK)
    assert on == date(2027, 1, 1)  # the window becomes 2025-2026
    assert assumed_skp_years(person, JPT_POST, AS_OF, on, BOOK) == [2026]
    assert_first_day(person, JPT_POST, on)


def test_age_reached_first_means_never():
    born = date(1969, 6, 1)  # turns 57 on 1 June 2026, before two years as administrator
    person = eligible_facts(
        birth_date=born,
        jobs=[JobRow(date(2010, 1, 1), date(2025, 2, 28), "pengawas"), JobRow(date(2025, 3, 1), None, "administrator")],
    )
    assert qualifies_on(person, JPT_POST, AS_OF, BOOK) is None


def test_a_rule_time_does_not_change_means_no_date():
    person = eligible_facts(assessments=[AssessmentRow(date(2025, 6, 1), "jpt_pratama", 50.0)])
    assert qualifies_on(person, JPT_POST, AS_OF, BOOK, horizon_years=3) is None
    verdict = evaluate_eligibility(person, JPT_POST, AS_OF, BOOK)
    assert is_close(verdict, None)  # one rule fails: close, without a date


def test_close_excludes_placement_and_age_and_several_untimed_failures():
    jpt_holder = eligible_facts(jobs=[JobRow(date(2015, 1, 1), None, "jpt_pratama")])
    assert not is_close(evaluate_eligibility(jpt_holder, ADM_POST, AS_OF, BOOK), None)  # a demotion
    too_old = eligible_facts(birth_date=date(1960, 1, 1))
    assert not is_close(evaluate_eligibility(too_old, JPT_POST, AS_OF, BOOK), None)
    two_untimed = eligible_facts(education="SMA", assessments=[AssessmentRow(date(2025, 6, 1), "jpt_pratama", 50.0)])
    assert not is_close(evaluate_eligibility(two_untimed, JPT_POST, AS_OF, BOOK), None)


# --- the property, on generated profiles --------------------------------------------------------

profiles = st.builds(
    lambda adm_days, tmt_in, penalty_end, bad_skp, born_year, jpm: eligible_facts(
        birth_date=date(born_year, 3, 15),
        golongan="III/d" if tmt_in is not None else "IV/a",
        ranks=[RankRow(date(2018, 4, 1), "III/d"), RankRow(AS_OF + timedelta(days=tmt_in), "IV/a")]
        if tmt_in is not None
        else [],
        jobs=[
            JobRow(date(2008, 1, 1), AS_OF - timedelta(days=adm_days + 1), "pengawas"),
            JobRow(AS_OF - timedelta(days=adm_days), None, "administrator"),
        ],
        penalties=[PenaltyRow(date(2024, 1, 5), "sedang", date(2024, 2, 1), AS_OF + timedelta(days=penalty_end))]
        if penalty_end is not None
        else [],
        skps=[SkpRow(2024, "butuh_perbaikan" if bad_skp else "baik"), SkpRow(2025, "baik")],
        assessments=[AssessmentRow(date(2025, 6, 1), "jpt_pratama", jpm)],
    ),
    adm_days=st.integers(0, 1200),
    tmt_in=st.none() | st.integers(-30, 900),
    penalty_end=st.none() | st.integers(-500, 400),
    bad_skp=st.booleans(),
    born_year=st.integers(1966, 1990),
    jpm=st.sampled_from([60.0, 70.0, 85.0]),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles)
def test_on_the_day_found_eligible_and_not_the_day_before(person):
    on = qualifies_on(person, JPT_POST, AS_OF, BOOK)
    if on is not None:
        assert on >= AS_OF
        assert_first_day(person, JPT_POST, on)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles)
def test_the_search_agrees_with_a_day_by_day_scan(person):
    horizon = 2
    on = qualifies_on(person, JPT_POST, AS_OF, BOOK, horizon_years=horizon)
    end, day, first = shift_years(AS_OF, horizon), AS_OF, None
    ahead = projected(person, AS_OF)
    while day <= end:
        if evaluate_eligibility(ahead, JPT_POST, day, BOOK).eligible:
            first = day
            break
        day += timedelta(days=1)
    assert on == first


# --- the list beside the ranking ------------------------------------------------------------------


async def test_near_candidates_lists_the_close_with_their_day_soonest_first(session):
    data = TalentData(session)
    await data.unit("PROV")
    await data.post("JPT-B", "PROV")
    soon = eligible_facts(
        nip=make_nip(date(1975, 1, 1)),
        jobs=[
            JobRow(date(2015, 1, 1), date(2024, 9, 30), "pengawas"),
            JobRow(date(2024, 10, 1), None, "administrator"),
        ],
    )
    later = eligible_facts(
        nip=make_nip(date(1976, 1, 1)),
        jobs=[JobRow(date(2015, 1, 1), date(2025, 2, 28), "pengawas"), JobRow(date(2025, 3, 1), None, "administrator")],
    )
    one_untimed = eligible_facts(nip=make_nip(date(1977, 1, 1)), education="SMA")
    far = eligible_facts(nip=make_nip(date(1978, 1, 1)), education="SMA", golongan="III/a")
    eligible = eligible_facts(nip=make_nip(date(1979, 1, 1)))
    never_served = eligible_facts(nip=make_nip(date(1980, 1, 1)), jobs=[JobRow(date(2010, 1, 1), None, "pelaksana")])
    for person in (soon, later, one_untimed, far, eligible, never_served):
        await data.person(person, "PROV")
    await session.commit()
    near = await near_candidates(session, "JPT-B", AS_OF)
    assert [n.nip for n in near] == [soon.nip, later.nip, one_untimed.nip]
    assert near[0].qualifies_on == date(2026, 10, 1) and near[2].qualifies_on is None
    assert [c.rule for c in near[2].failing] == ["education"]
    for n in near[:2]:
        assert_first_day(n.nip == soon.nip and soon or later, JPT_POST, n.qualifies_on)


async def test_near_candidates_applies_the_visibility_filter(session):
    from domain.models import Employee

    data = TalentData(session)
    await data.unit("PROV")
    await data.unit("A", "PROV")
    await data.unit("B", "PROV")
    await data.post("JPT-B", "PROV")
    mine = eligible_facts(nip=make_nip(date(1975, 1, 1)), education="SMA")
    theirs = eligible_facts(nip=make_nip(date(1976, 1, 1)), education="SMA")
    await data.person(mine, "A")
    await data.person(theirs, "B")
    await session.commit()
    near = await near_candidates(session, "JPT-B", AS_OF, visible=Employee.unit_code == "A")
    assert [n.nip for n in near] == [mine.nip]


@pytest.mark.parametrize("post", [JPT_POST, ADM_POST])
def test_a_post_without_time_bound_failures_is_answered_at_once(post):
    person = replace(eligible_facts(), health_ok=False)
    assert qualifies_on(person, post, AS_OF, BOOK, horizon_years=3) is None


def test_the_level_outlook_judges_each_level_from_the_one_held_up():
    from domain.rules.qualifies_on import level_outlook

    start = date(2024, 5, 26)
    person = eligible_facts(
        jobs=[JobRow(date(2016, 1, 1), date(2024, 5, 25), "pengawas"), JobRow(start, None, "administrator")]
    )
    outlook = {o.level: o for o in level_outlook(person, AS_OF, BOOK)}
    assert set(outlook) == {"administrator", "jpt_pratama"}  # pengawas is below the level held
    jpt = outlook["jpt_pratama"]
    assert not jpt.eligibility.eligible and jpt.qualifies_on == start + timedelta(days=730)
    assert outlook["administrator"].qualifies_on is None  # no assessment against administrator: not by time


# --- the SQL pre-filter (domain.rules.near_sql) changes no answer ---------------------------------


async def near_both_ways(session, code: str, day: date) -> list:
    """The near list with and without the SQL pre-filter, asserted equal; returns it."""
    filtered = await near_candidates(session, code, day, BOOK)
    everyone = await near_candidates(session, code, day, BOOK, prefilter=False)
    assert [n.nip for n in filtered] == [n.nip for n in everyone], (code, day)
    assert filtered == everyone, (code, day)  # verdicts and days too
    return filtered


async def pool_of(session, code: str, day: date) -> set[str]:
    from domain.rules.facts import load_post
    from domain.rules.near_sql import near_pool_query
    from domain.rules.requirements import resolve
    from domain.rules.sql_parts import dialect_of

    req = resolve(await load_post(session, code), day, BOOK)
    return set((await session.exec(near_pool_query(await dialect_of(session), req))).scalars())


def _jobs(adm_days: int, lower: str = "pengawas", current: str = "administrator") -> list[JobRow]:
    return [
        JobRow(date(2008, 1, 1), AS_OF - timedelta(days=adm_days + 1), lower),
        JobRow(AS_OF - timedelta(days=adm_days), None, current),
    ]


# One fact of eligible_facts moved to, across or just short of a bar (JPT_POST's on AS_OF; the
# administrator post's bars sit elsewhere, so the same people probe those too).
_MOVES = [
    *({"jobs": _jobs(days)} for days in (200, 729, 730, 731, 1100)),
    {"jobs": _jobs(2000, "pelaksana", "jpt_pratama")},
    {"jobs": _jobs(900, "pelaksana", "pengawas")},
    {"birth_date": date(1969, 11, 28)},
    {"birth_date": date(1969, 3, 1)},
    {"education": "S1"},
    {"education": "SMA"},
    {"health_ok": False},
    {"health_ok": None},
    {"golongan": "III/c"},
    {"golongan": "III/d", "ranks": [RankRow(date(2016, 4, 1), "III/d"), RankRow(AS_OF + timedelta(days=40), "IV/a")]},
    {"golongan": "III/d", "ranks": [RankRow(date(2016, 4, 1), "III/d"), RankRow(AS_OF, "IV/a")]},
    {"skps": [SkpRow(2024, "butuh_perbaikan"), SkpRow(2025, "baik")]},
    {"skps": [SkpRow(2024, "baik"), SkpRow(2025, "kurang")]},
    {"skps": [SkpRow(2025, "baik")]},
    {"assessments": []},
    *({"assessments": [AssessmentRow(date(2025, 6, 1), "jpt_pratama", jpm)]} for jpm in (67.99, 68.0, 60.0)),
    {"assessments": [AssessmentRow(date(2025, 6, 1), "administrator", 80.0)]},
    *(
        {"penalties": [PenaltyRow(date(2024, 1, 5), "sedang", date(2024, 2, 1), AS_OF + timedelta(days=end))]}
        for end in (-366, -365, 100)
    ),
]


def varied_profile(rng, i: int):
    """One generated person: eligible_facts with one to three facts moved (``_MOVES``), so one, two
    or several rules fail, timed and untimed mixed, many of them exactly at a bar."""
    changes: dict = {"nip": make_nip(date(1966 + i % 24, 1 + i % 12, 1 + i % 28), 1 + i % 2)}
    for move in rng.sample(_MOVES, rng.choice([1, 1, 2, 2, 3])):
        changes.update(move)
    return eligible_facts(**changes)


async def test_the_sql_prefilter_changes_no_answer_on_generated_profiles(session):
    """A differential run over 160 generated people for a JPT and an administrator post on three
    days: the near list is the same with the SQL pre-filter as without it, every close person is
    in the SQL pool (it is permissive), and the pool leaves people out (it is a filter)."""
    import random

    rng = random.Random(11)
    data = TalentData(session)
    await data.unit("PROV")
    await data.post("JPT-A", "PROV")
    await data.post("ADM", "PROV", level="administrator", eselon="III.a")
    people = [varied_profile(rng, i) for i in range(160)]
    await data.people([(p, None) for p in people], "PROV")
    await session.commit()
    sizes = []
    for code in ("JPT-A", "ADM"):
        for day in (AS_OF, AS_OF + timedelta(days=200), date(2027, 1, 1)):
            near = await near_both_ways(session, code, day)
            pool = await pool_of(session, code, day)
            assert {n.nip for n in near} <= pool
            sizes.append((code, day, len(near), len(pool)))
    jpt_today = sizes[0]
    assert jpt_today[2] >= 30 and jpt_today[3] < len(people) - 20, sizes  # close ones, and some left out
    assert any(len(n.failing) > 1 for n in await near_candidates(session, "JPT-A", AS_OF, BOOK))


async def test_the_sql_prefilter_changes_no_answer_on_the_demo_province(sessions, monkeypatch):
    """The demo province (generated by ``seed_demo``): one post of each structural level below JPT
    Madya, today and a year on."""
    from argon2 import PasswordHasher

    import domain.accounts
    from domain.demo import seed_demo
    from domain.models import Position

    monkeypatch.setattr(domain.accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    summary = await seed_demo(sessions, employees=300, seed=5)
    today = summary.reference_date
    async with sessions() as session:
        posts = [summary.vacant_jpt_pratama[0]]
        for level in ("administrator", "pengawas"):
            posts.append(
                (
                    await session.exec(sa.select(Position.code).where(Position.level == level).order_by(Position.code))
                ).first()[0]
            )
        found = 0
        for code in posts:
            for day in (today, shift_years(today, 1)):
                found += len(await near_both_ways(session, code, day))
        assert found > 0
