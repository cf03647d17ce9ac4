"""Who holds which post in the demo province: one :class:`Plan` per employee, decided before any
profile is generated so vacancies, the ten open JPT posts and their candidates are exact.

Pelaksana and fungsional staff mostly have no ``Position`` row of their own (``position_code``
None, their job-history row carries title, level and unit name): those "posts" are held by many
people at once, and a post table of 100 000 one-person rows would drown the structural vacancies
a BKD operator actually fills. A few single-holder fungsional/pelaksana posts per OPD exist so
that every level has posts and vacancies.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

from domain.demo.organisation import (
    ASISTEN_ADMINISTRASI_POST,
    BKD_HEAD_POST,
    INSPEKTUR_POST,
    SEKDA_POST,
    Organisation,
    Post,
)
from domain.reference import Level

VACANT_JPT_COUNT = 10
MIN_EMPLOYEES = 100
# Posts whose holders sign in as officials; they are never left vacant.
OFFICIAL_POSTS = (SEKDA_POST, ASISTEN_ADMINISTRASI_POST, BKD_HEAD_POST, INSPEKTUR_POST)
# Staff who sign in (operators, auditor): placed first among the staff, in these OPDs.
OFFICIAL_STAFF_OPDS = ("BKD", "DINKES", "INSPEKTORAT")
# One near-miss candidate per rule: eligible on everything but that one (good for a demo of reasons).
NEAR_MISS_FLAWS = ("rank", "experience", "skp", "jpm", "discipline", "age", "education", "health")

# Share of posts that are held, per level (the rest are vacant), before the employee budget caps it.
_FILL_RATE = {Level.ADMINISTRATOR: 0.88, Level.PENGAWAS: 0.85, Level.FUNGSIONAL: 0.75, Level.PELAKSANA: 0.75}
# Where staff without a post of their own work: teachers and hospitals dominate a province's payroll.
_STAFF_OPD_WEIGHT = {"DINDIKBUD": 30, "DINKES": 6, "RSUD-BANTEN": 8, "RSUD-MALINGPING": 3, "DPUPR": 4, "BPKAD": 2}


@dataclass
class Plan:
    kind: str  # sekda | jpt | candidate | near_miss | administrator | pengawas | fungsional | pelaksana
    unit_code: str
    opd_code: str
    post: Post | None = None
    flaw: str | None = None  # near_miss: the one rule this person fails
    inaugurated: bool = False  # one of the ten JPT officials sworn in at the January ceremony
    official: bool = False  # signs in as an official: no discipline, fit for office
    staff_level: Level | None = None  # pelaksana/fungsional staff without a post


@dataclass
class Staffing:
    plans: list[Plan]
    vacant_jpt: list[Post]
    candidates: int


def plan_staffing(org: Organisation, employees: int, rng: random.Random) -> Staffing:
    """Decide every employee's place; raises ``ValueError`` when ``employees`` is too small."""
    if employees < MIN_EMPLOYEES:
        raise ValueError(
            f"--employees {employees} is too few: the demo needs at least {MIN_EMPLOYEES} to fill the JPT "
            f"posts and give each of the {VACANT_JPT_COUNT} vacant ones 3 eligible candidates"
        )
    posts = {p.code: p for p in org.posts}
    jpt = org.by_level(Level.JPT_PRATAMA)
    vacant_jpt = rng.sample([p for p in jpt if p.code not in OFFICIAL_POSTS], VACANT_JPT_COUNT)
    vacant_codes = {p.code for p in vacant_jpt}
    held_jpt = [p for p in jpt if p.code not in vacant_codes]

    plans: list[Plan] = [Plan("sekda", posts[SEKDA_POST].unit_code, "SETDA", posts[SEKDA_POST], official=True)]
    inaugurated = 0
    for post in held_jpt:
        official = post.code in OFFICIAL_POSTS
        # Ten of the held JPT posts were filled at the January ceremony of domain.md (not the officials').
        sworn_in = not official and inaugurated < VACANT_JPT_COUNT
        inaugurated += sworn_in
        plans.append(Plan("jpt", post.unit_code, post.opd_code, post, inaugurated=sworn_in, official=official))

    n_candidates = max(12, min(60, employees // 50))
    admin_posts = org.by_level(Level.ADMINISTRATOR)
    rng.shuffle(admin_posts)
    admin_iter = iter(admin_posts)
    for _ in range(n_candidates):
        post = next(admin_iter)
        plans.append(Plan("candidate", post.unit_code, post.opd_code, post))
    for flaw in NEAR_MISS_FLAWS:
        post = next(admin_iter)
        plans.append(Plan("near_miss", post.unit_code, post.opd_code, post, flaw=flaw))

    remaining = employees - len(plans) - len(OFFICIAL_STAFF_OPDS)
    used_admin = n_candidates + len(NEAR_MISS_FLAWS)
    budgets = {
        Level.ADMINISTRATOR: min(
            round(len(admin_posts) * _FILL_RATE[Level.ADMINISTRATOR]) - used_admin, int(remaining * 0.25)
        ),
        Level.PENGAWAS: min(
            round(len(org.by_level(Level.PENGAWAS)) * _FILL_RATE[Level.PENGAWAS]), int(remaining * 0.35)
        ),
    }
    for level in (Level.FUNGSIONAL, Level.PELAKSANA):
        budgets[level] = min(round(len(org.by_level(level)) * _FILL_RATE[level]), int(remaining * 0.05))
    for post in list(admin_iter)[: max(0, budgets[Level.ADMINISTRATOR])]:
        plans.append(Plan("administrator", post.unit_code, post.opd_code, post))
    for level in (Level.PENGAWAS, Level.FUNGSIONAL, Level.PELAKSANA):
        level_posts = org.by_level(level)
        rng.shuffle(level_posts)
        for post in level_posts[: budgets[level]]:
            plans.append(Plan(level.value, post.unit_code, post.opd_code, post))

    for opd in OFFICIAL_STAFF_OPDS:
        level = Level.FUNGSIONAL if opd in ("BKD", "INSPEKTORAT") else Level.PELAKSANA
        plans.append(Plan(level.value, rng.choice(org.opd_units[opd]), opd, official=True, staff_level=level))
    opds = sorted(org.opd_units)
    cum_weights = list(accumulate(_STAFF_OPD_WEIGHT.get(code, 1.5) for code in opds))  # computed once, not per call
    while len(plans) < employees:
        opd = rng.choices(opds, cum_weights=cum_weights)[0]
        teacher_heavy = opd == "DINDIKBUD" or opd.startswith("RSUD")
        level = Level.FUNGSIONAL if rng.random() < (0.8 if teacher_heavy else 0.3) else Level.PELAKSANA
        plans.append(Plan(level.value, rng.choice(org.opd_units[opd]), opd, staff_level=level))
    return Staffing(plans=plans, vacant_jpt=sorted(vacant_jpt, key=lambda p: p.code), candidates=n_candidates)
