"""Ranking in SQL must accept exactly whom the Python rules accept, and order them stably."""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from datetime import date

import pytest

from domain.errors import InvalidInput
from domain.models import Employee, Position
from domain.reference import SkpPredicate
from domain.rulebook import default_rulebook
from domain.rules.counting import days_counted, shift_years
from domain.rules.eligibility import evaluate_eligibility, latest_assessment
from domain.rules.facts import PersonFacts, PostFacts
from domain.rules.kinds import NominationKind, default_kind_rules, kind_checks
from domain.rules.ninebox import place
from domain.rules.ranking import rank_candidates
from domain.rules.requirements import counts_as_experience, resolve
from domain.rules.scoring import mean_skp_score, score_parts
from tests.domain.talent_factory import (
    AS_OF,
    AssessmentRow,
    JobRow,
    PenaltyRow,
    SkpRow,
    TalentData,
    TrainingRow,
    days,
    eligible_facts,
    make_nip,
)
from workflow.eligibility import nomination_checks

BOOK = default_rulebook()
POSTS = {
    "JPT-A": PostFacts("JPT-A", "jpt_pratama", "II.a"),
    "JPT-B": PostFacts("JPT-B", "jpt_pratama", "II.b"),
    "ADM": PostFacts("ADM", "administrator", "III.b"),
    "PGW": PostFacts("PGW", "pengawas", "IV.a"),
}


def _near(rng: random.Random, day: date, spread: int = 400) -> date:
    """A day on, next to, or somewhere around ``day`` — boundaries come up often."""
    return day + days(rng.choice([-1, 0, 1, rng.randint(-spread, spread)]))


def random_person(rng: random.Random, i: int) -> PersonFacts:
    """Mostly-qualified profiles with some rules pushed onto their boundaries (the day before, of
    and after), for AS_OF and 2025-12-31 and the posts above; many fail exactly one rule."""

    def chance(p: float) -> bool:
        return rng.random() < p

    birth = (
        _near(rng, shift_years(AS_OF, -57), 0) if chance(0.3) else date(rng.randint(1966, 1992), rng.randint(1, 12), 28)
    )
    jobs = [
        JobRow(date(2000 + rng.randint(0, 4), 1, 1), date(2014, 12, 31), rng.choice(["pelaksana", "fungsional"])),
        JobRow(
            rng.choice([date(2015, 1, 1), date(2019, 12, 31) - days(1094), date(2019, 12, 31) - days(1096)]),
            date(2019, 12, 31),
            "pengawas",
        ),
    ]
    if chance(0.3):  # still a pengawas: a candidate for pengawas (rotation) and administrator posts only
        jobs[-1] = replace(jobs[-1], end_date=None)
    else:
        admin_start = AS_OF - days(730 + rng.choice([-1, 0, 1, rng.randint(-300, 1500)]))
        admin_end = rng.choice([None, None, _near(rng, AS_OF, 30), AS_OF - days(1)])
        jobs.append(JobRow(admin_start, admin_end, "administrator"))
    if chance(0.15):
        jobs.append(JobRow(AS_OF - days(730 + rng.choice([-1, 0, 1, -100])), None, "jpt_pratama"))
    predicates = [p.value for p in SkpPredicate]
    skps = []
    for year in (2023, 2024, 2025, 2026):
        if chance(0.93):
            skps.append(SkpRow(year, rng.choice(["baik", "sangat_baik"]) if chance(0.85) else rng.choice(predicates)))
    assessments: list[AssessmentRow] = []
    for level in ("jpt_pratama", "administrator", "pengawas"):
        for _ in range(2 if chance(0.2) else 1 if chance(0.85) else 0):
            jpm = rng.choice([67.99, 68.0, 68.01, 79.99, 80.0, round(rng.uniform(55, 105), 2)])
            when = rng.choice([AS_OF, AS_OF + days(1), date(2025, 12, 31), AS_OF - days(rng.randint(1, 900))])
            if all(a.assessed_on != when for a in assessments):
                assessments.append(AssessmentRow(when, level, jpm))
    penalties = []
    if chance(0.25):
        cutoff = rng.choice([date(2025, 1, 26), date(2024, 12, 31)])  # 12 months before each tested day
        end = rng.choice([None, cutoff - days(1), cutoff, cutoff + days(1)])
        penalties.append(PenaltyRow(date(2023, 6, 1), rng.choice(["ringan", "sedang", "berat"]), date(2023, 7, 1), end))
    if chance(0.05):
        penalties.append(PenaltyRow(AS_OF + days(1), "berat", AS_OF + days(1), None))
    starts: set[date] = set()
    jobs = [j for j in jobs if not (j.start_date in starts or starts.add(j.start_date))]  # (nip, start) is unique
    return PersonFacts(
        nip=make_nip(birth, 1 + i % 2),
        birth_date=birth,
        education=rng.choice(["S1", "S2", "D-IV"]) if chance(0.8) else rng.choice(["SMA", "D-III", "S3"]),
        golongan=rng.choice(["IV/a", "IV/b", "IV/c"])
        if chance(0.7)
        else rng.choice(["II/c", "II/d", "III/a", "III/c", "III/d"]),
        health_ok=rng.choice([True] * 8 + [None, False]),
        jobs=jobs,
        skps=skps,
        assessments=assessments,
        penalties=penalties,
        trainings=[TrainingRow("PKN_II")] if chance(0.5) else [],
    )


@pytest.fixture
async def population(session):
    """300 random people plus 20 certainly eligible for every post; one of them holds JPT-B."""
    rng = random.Random(20260126)
    data = TalentData(session)
    await data.unit("PROV")
    for post in POSTS.values():
        await data.post(post.code, "PROV", level=post.level, eselon=post.eselon)
    people = [random_person(rng, i) for i in range(300)]
    people += [
        eligible_facts(
            nip=make_nip(date(1970 + i, 1, 1)),
            golongan="IV/b",
            skps=[SkpRow(2023, "baik"), SkpRow(2024, "sangat_baik"), SkpRow(2025, "baik")],
            assessments=[
                AssessmentRow(date(2025, 6, 1), level, rng.choice([70.0, 80.0, 90.0])) for level in ("jpt_pratama",)
            ]
            + [
                AssessmentRow(date(2025, 6, 2), "administrator", 75.0),
                AssessmentRow(date(2025, 6, 3), "pengawas", 85.0),
            ],
        )
        for i in range(20)
    ]
    incumbent = people[-1].nip
    await data.people([(p, "JPT-B" if p.nip == incumbent else None) for p in people], "PROV")
    await session.commit()
    held = {"position_code": "JPT-B", "position_level": "jpt_pratama"}  # as load_people reads it back
    return {p.nip: replace(p, **(held if p.nip == incumbent else {})) for p in people}


def python_score(person: PersonFacts, post: PostFacts, as_of: date) -> float:
    req = resolve(post, as_of, BOOK)
    jpm = latest_assessment(person, post.level, as_of).jpm
    by_year = {s.year: s.predicate for s in person.skps}
    skp_mean = mean_skp_score([by_year[y] for y in req.skp_years])
    level_days = sum(days_counted(j.start_date, j.end_date, as_of) for j in person.jobs if counts_as_experience(j, req))
    parts = score_parts(BOOK["ranking_weights"], jpm, place(person, as_of, BOOK).box, skp_mean, level_days)
    return sum(p.points for p in parts)


def python_accepts(person: PersonFacts, post: PostFacts, as_of: date, kind: NominationKind | None) -> bool:
    """The Python rules' answer: the talent rules, and the kind's level rules (``kinds``) when given."""
    if not evaluate_eligibility(person, post, as_of, BOOK).eligible:
        return False
    return kind is None or all(c.passed for c in kind_checks(person, post, as_of, default_kind_rules(kind)))


# TRANSFER has no level rule: its answer is None's. Eligible people at least, per kind: most of the
# population holds an administrator post, so few are promoted to PGW and only JPT holders rotate to
# a JPT post (test_the_nomination_kind_decides_who_is_listed has both sides of each).
KINDS = [None, NominationKind.PROMOTION, NominationKind.ROTATION]
POSITIVES = {None: 10, NominationKind.PROMOTION: 0, NominationKind.ROTATION: 0}


@pytest.mark.parametrize("code", list(POSTS))
async def test_sql_accepts_exactly_whom_the_python_rules_accept(session, population, code):
    post = POSTS[code]
    for as_of, kind in itertools.product((AS_OF, date(2025, 12, 31)), KINDS):  # SKP years and lookbacks move
        expected = {nip for nip, person in population.items() if python_accepts(person, post, as_of, kind)}
        rules = default_kind_rules(kind) if kind else None
        page = await rank_candidates(session, code, as_of, limit=500, kind_rules=rules)
        assert page.total == len(page.items) == len(expected), (as_of, kind)
        assert {c.nip for c in page.items} == expected, (as_of, kind)
        assert len(expected) >= POSITIVES[kind], kind  # the dataset exercises the positive side too
        if expected and kind in (NominationKind.PROMOTION, NominationKind.ROTATION):
            assert {c.rule for c in page.items[0].eligibility.checks} & {
                "promotion_to_higher_level",
                "rotation_same_level",
            }

        # Deterministic order: score descending, then NIP ascending; scores as the Python formula says.
        assert [c.nip for c in page.items] == [c.nip for c in sorted(page.items, key=lambda c: (-c.score, c.nip))]
        for c in page.items:
            assert c.score == pytest.approx(python_score(population[c.nip], post, as_of), abs=1e-9)
            assert c.score == pytest.approx(sum(p.points for p in c.parts), abs=1e-9)
            assert c.eligibility.eligible and c.eligibility.nip == c.nip
        assert [c.rank for c in page.items] == list(range(1, len(expected) + 1))
        again = await rank_candidates(session, code, as_of, limit=500, kind_rules=rules)
        assert [(c.nip, c.score) for c in again.items] == [(c.nip, c.score) for c in page.items]


async def test_the_incumbent_is_not_a_candidate_for_their_own_post(session, population):
    incumbent = next(nip for nip, p in population.items() if p.position_code == "JPT-B")
    assert incumbent in {c.nip for c in (await rank_candidates(session, "JPT-A", AS_OF, limit=500)).items}
    assert incumbent not in {c.nip for c in (await rank_candidates(session, "JPT-B", AS_OF, limit=500)).items}


async def test_pages_join_up_into_the_whole_ranking(session, population):
    whole = await rank_candidates(session, "ADM", AS_OF, limit=500)
    pages, offset = [], 0
    while offset < whole.total:
        page = await rank_candidates(session, "ADM", AS_OF, limit=7, offset=offset)
        assert page.total == whole.total
        pages += page.items
        offset += 7
    assert [c.nip for c in pages] == [c.nip for c in whole.items]
    assert [c.rank for c in pages] == [c.rank for c in whole.items]
    beyond = await rank_candidates(session, "ADM", AS_OF, limit=5, offset=whole.total + 10)
    assert beyond.items == [] and beyond.total == whole.total


async def test_equal_scores_are_ordered_by_nip(session):
    data = TalentData(session)
    await data.unit("PROV")
    await data.post("JPT-B", "PROV")
    nips = ["198001012005011003", "197001012000011001", "197501012000011002"]
    for nip in nips:
        await data.person(eligible_facts(nip=nip, birth_date=date(1976, 1, 1)), "PROV")
    stronger = eligible_facts(
        nip="199001012015011009", assessments=[AssessmentRow(date(2025, 6, 1), "jpt_pratama", 99.0)]
    )
    await data.person(stronger, "PROV")
    await session.commit()
    page = await rank_candidates(session, "JPT-B", AS_OF)
    assert [c.nip for c in page.items] == ["199001012015011009", *sorted(nips)]
    assert page.items[1].score == page.items[2].score == page.items[3].score
    top = page.items[0]
    assert [p.name for p in top.parts] == ["jpm", "ninebox", "skp", "years_at_level"]
    assert top.parts[0].value == 99.0 and top.parts[0].weight == 0.5
    assert top.box == 8 and top.box_label == "Kinerja sesuai ekspektasi dan potensial tinggi"


async def test_paging_arguments_are_checked(session):
    with pytest.raises(InvalidInput, match="limit 0"):
        await rank_candidates(session, "X", AS_OF, limit=0)
    with pytest.raises(InvalidInput, match="offset -1"):
        await rank_candidates(session, "X", AS_OF, offset=-1)


async def test_the_nomination_kind_decides_who_is_listed(session):
    """An administrator and a pengawas, both eligible for an administrator post: a promotion lists
    the pengawas only, a rotation the administrator only — as the select-nominee guard decides
    (workflow.eligibility.nomination_checks, the same domain.rules.kinds) — and no kind both."""
    data = TalentData(session)
    await data.unit("PROV")
    await data.post("ADM", "PROV", level="administrator", eselon="III.b")
    admin = eligible_facts(
        nip=make_nip(date(1976, 1, 1)), assessments=[AssessmentRow(date(2025, 6, 1), "administrator", 80.0)]
    )
    pengawas = replace(admin, nip=make_nip(date(1977, 1, 1)), jobs=[JobRow(date(2019, 1, 1), None, "pengawas")])
    for person in (admin, pengawas):
        await data.person(person, "PROV")
    await session.commit()

    async def listed(kind: NominationKind | None) -> dict[str, list[str]]:
        rules = default_kind_rules(kind) if kind else None
        page = await rank_candidates(session, "ADM", AS_OF, kind_rules=rules)
        return {c.nip: [ch.key for ch in c.eligibility.checks if ch.key.startswith("kind.")] for c in page.items}

    assert await listed(None) == {admin.nip: [], pengawas.nip: []}
    assert await listed(NominationKind.TRANSFER) == {admin.nip: [], pengawas.nip: []}
    assert await listed(NominationKind.PROMOTION) == {pengawas.nip: ["kind.promotion"]}
    assert await listed(NominationKind.ROTATION) == {admin.nip: ["kind.rotation"]}

    post = await session.get(Position, "ADM")
    for person, kind, key in [
        (admin, NominationKind.PROMOTION, "kind.not_promotion"),
        (pengawas, NominationKind.PROMOTION, "kind.promotion"),
        (admin, NominationKind.ROTATION, "kind.rotation"),
        (pengawas, NominationKind.ROTATION, "kind.not_rotation"),
    ]:
        employee = await session.get(Employee, person.nip)
        checks = await nomination_checks(session, default_kind_rules(kind), employee, post, AS_OF)
        assert [c.key for c in checks] == [key], (person.nip, kind)
