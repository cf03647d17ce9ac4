"""One demo employee's talent profile, generated from their :class:`~domain.demo.plan.Plan` as plain
row dicts (employee, job/rank/education history, trainings, SKP, assessments, discipline).

Everything is drawn from the one ``random.Random`` passed in and dated relative to the
``reference_date`` (the demo's "today"), never from the clock, so a seed always gives the same rows.
Candidates for the vacant JPT posts are built with margins (years, ranks, JPM) so that they stay
eligible for appointments throughout 2026 and 2027; each near-miss fails exactly one rule.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from domain.demo.careers import YEAR, CareerRows
from domain.demo.names import pick_name, pick_religion
from domain.demo.organisation import Organisation
from domain.demo.plan import Plan
from domain.demo.rows import Rows
from domain.demo.talent import TalentRows
from domain.reference import Gender, Level

# age range on the reference date and minimum years of service, per kind of plan
_AGE = {
    "sekda": (52, 58),
    "jpt": (47, 58),
    "candidate": (42, 54),
    "near_miss": (42, 54),
    "administrator": (38, 57),
    "pengawas": (32, 57),
    "fungsional": (24, 57),
    "pelaksana": (20, 57),
}
_MIN_SERVICE = {
    "sekda": 26,
    "jpt": 18,
    "candidate": 14,
    "near_miss": 14,
    "administrator": 12,
    "pengawas": 8,
    "fungsional": 1,
    "pelaksana": 0,
}
_ENTRY_AGE = {"S1": 23, "D-III": 22, "SMA": 19}


@dataclass
class Person:
    """What the seed remembers about one generated employee (for accounts and the summary)."""

    nip: str
    name: str
    kind: str
    opd_code: str
    position_code: str | None
    flaw: str | None
    official: bool


class ProfileFactory(CareerRows, TalentRows):
    """Turns plans into rows. Holds the state that spans people: NIP sequences, assessment ids,
    and the round-robin that guarantees every nine-box cell is populated."""

    def __init__(
        self,
        rng: random.Random,
        org: Organisation,
        reference_date: date,
        competency_standard: dict[str, int],
        first_assessment_id: int,
    ) -> None:
        self.rng = rng
        self.org = org
        self.ref = reference_date
        # The Tuesday after the demo's "today": the near-miss on experience is one day short then.
        self.appointment_day = reference_date + timedelta(days=2)
        self.standard = competency_standard
        self.next_assessment_id = first_assessment_id
        self.sequences: dict[str, int] = {}
        self.nine_box_turn = 0
        self.discipline_turn = 0
        self.posts_by_level = {level: org.by_level(level) for level in Level}
        self.opd_names = {u["code"]: str(u["name"]) for u in org.units}
        self.opd_codes = sorted(org.opd_units)
        self.skp_years = list(range(reference_date.year - 3, reference_date.year + 1))

    # -- one person -------------------------------------------------------------------------

    def add(self, plan: Plan, rows: Rows) -> Person:
        rng = self.rng
        kind = plan.kind
        senior = kind in ("sekda", "jpt", "candidate", "near_miss", "administrator")
        gender = Gender.MALE if rng.random() < (0.65 if senior else 0.5) else Gender.FEMALE
        religion = pick_religion(rng)
        name = pick_name(rng, gender, religion)
        education, entry = self._education(plan)
        birth = self._birth_date(plan, entry)
        cpns = self._cpns_start(plan, birth, entry)
        nip = self._nip(birth, cpns, gender)
        level = self._level(plan)
        jobs = self._job_rows(plan, nip, cpns, level)
        rows.job_history.extend(jobs)
        golongan, golongan_tmt = self._rank_rows(plan, nip, cpns, entry, rows)
        major, back_title, front_title = self._education_rows(nip, birth, cpns, education, entry, plan, rows)
        self._training_rows(plan, nip, jobs, rows)
        perf, potential = self._talent_plan(plan)
        self._skp_rows(plan, nip, cpns, perf, rows)
        self._assessment_rows(plan, nip, level, potential, rows)
        self._discipline_rows(plan, nip, cpns, rows)
        health: bool | None
        if plan.flaw == "health":
            health = False
        elif plan.official or kind in ("candidate", "near_miss", "sekda"):
            health = True
        else:
            roll = rng.random()
            health = True if roll < 0.85 else (None if roll < 0.98 else False)
        rows.employee.append(
            {
                "nip": nip,
                "name": name,
                "front_title": front_title,
                "back_title": back_title,
                "birth_date": birth,
                "gender": gender.value,
                "cpns_start": cpns,
                "religion": religion.value,
                "golongan": golongan,
                "golongan_tmt": golongan_tmt,
                "education": education,
                "major": major,
                "unit_code": plan.unit_code,
                "position_code": plan.post.code if plan.post else None,
                "health_ok": health,
            }
        )
        return Person(nip, name, kind, plan.opd_code, plan.post.code if plan.post else None, plan.flaw, plan.official)

    # -- identity ---------------------------------------------------------------------------

    def _birth_date(self, plan: Plan, entry: str) -> date:
        if plan.flaw == "age":
            # Turned 57 a few days before the ceremony day: too old for a JPT post, still in service.
            turned_57 = self.appointment_day - timedelta(days=self.rng.randint(3, 25))
            return date(turned_57.year - 57, turned_57.month, min(turned_57.day, 28))
        low, high = _AGE[plan.kind]
        low = max(low, _ENTRY_AGE[entry] + 1)  # nobody is a graduate civil servant before graduating
        age_days = self.rng.randint(int(low * YEAR) + 1, int((high + 1) * YEAR) - 2)
        return self.ref - timedelta(days=age_days)

    def _education(self, plan: Plan) -> tuple[str, str]:
        """(highest level, level on entering the service)."""
        roll = self.rng.random()
        if plan.flaw == "education":
            return "D-III", "D-III"
        if plan.kind in ("sekda", "jpt", "candidate", "near_miss"):
            highest = "S1" if roll < 0.2 else ("S2" if roll < 0.9 else "S3")
        elif plan.kind == "administrator":
            highest = "S1" if roll < 0.45 else ("S2" if roll < 0.95 else "S3")
        elif plan.kind == "pengawas":
            highest = "D-III" if roll < 0.1 else ("S1" if roll < 0.75 else "S2")
        elif plan.kind == "fungsional":
            highest = "S1" if roll < 0.7 else ("S2" if roll < 0.98 else "S3")
        else:
            highest = "SMA" if roll < 0.35 else ("D-III" if roll < 0.6 else ("S1" if roll < 0.95 else "S2"))
        entry = highest if highest in ("SMA", "D-III") else "S1"
        return highest, entry

    def _cpns_start(self, plan: Plan, birth: date, entry: str) -> date:
        rng = self.rng
        low = _ENTRY_AGE[entry]
        age_now = (self.ref - birth).days / YEAR
        latest = min(low + 10, age_now - _MIN_SERVICE[plan.kind] - 0.2)
        years = rng.uniform(low, max(low, latest))
        start = birth + timedelta(days=int(years * YEAR))
        start = date(start.year, start.month, 1)
        eighteenth_month = date(birth.year + 18, birth.month, 1)
        if start <= eighteenth_month:
            start = date(birth.year + 19, birth.month, 1)
        last = date(self.ref.year, self.ref.month, 1)
        return min(start, last)

    def _nip(self, birth: date, cpns: date, gender: Gender) -> str:
        head = f"{birth:%Y%m%d}{cpns:%Y%m}{1 if gender is Gender.MALE else 2}"
        seq = self.sequences.get(head, 0) + 1
        self.sequences[head] = seq
        return f"{head}{seq:03d}"

    def _level(self, plan: Plan) -> Level:
        if plan.post is not None:
            return plan.post.level
        assert plan.staff_level is not None
        return plan.staff_level
