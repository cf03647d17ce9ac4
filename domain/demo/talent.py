"""The performance side of a demo profile: leadership training, yearly SKP, competency assessments
(with JPM from their scores) and discipline, placed so that every nine-box cell is populated.
"""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from itertools import accumulate

from domain.competency import compute_jpm
from domain.demo.careers import YEAR
from domain.demo.plan import Plan
from domain.demo.rows import Rows
from domain.demo.vocabulary import ASSESSORS, MANAGERIAL, SOCIOCULTURAL, TECHNICAL, TRAINING_NAMES
from domain.reference import Level, Rating, SkpPredicate, skp_predicate

# Every (work result, behaviour) pair that gives a predicate, from the official matrix.
_PAIRS_FOR: dict[SkpPredicate, list[tuple[str, str]]] = {}
for _r in Rating:
    for _b in Rating:
        _PAIRS_FOR.setdefault(skp_predicate(_r, _b), []).append((_r.value, _b.value))
_GOOD = (SkpPredicate.SANGAT_BAIK, SkpPredicate.BAIK)
_BELOW = (SkpPredicate.BUTUH_PERBAIKAN, SkpPredicate.KURANG, SkpPredicate.SANGAT_KURANG)
_USUAL_PREDICATES = (
    SkpPredicate.SANGAT_BAIK,
    SkpPredicate.BAIK,
    SkpPredicate.BUTUH_PERBAIKAN,
    SkpPredicate.KURANG,
    SkpPredicate.SANGAT_KURANG,
)
_USUAL_CUM_WEIGHTS = tuple(accumulate((18, 70, 8, 3, 1)))
_BANDS = ("above", "as_expected", "below")
_POTENTIALS = ("high", "middle", "low")


class TalentRows:
    """Mixin of :class:`~domain.demo.profiles.ProfileFactory`: training, SKP, assessments, discipline."""

    rng: random.Random
    ref: date
    standard: dict[str, int]
    next_assessment_id: int
    nine_box_turn: int
    discipline_turn: int
    skp_years: list[int]

    def _training_rows(self, plan: Plan, nip: str, jobs: list[dict], rows: Rows) -> None:
        rng, kind = self.rng, plan.kind
        kinds: list[str] = []
        if kind == "sekda":
            kinds = ["PKP", "PKA", "PKN_II", "PKN_I"]
        elif kind == "jpt":
            kinds = ["PKA", "PKN_II"] if rng.random() < 0.9 else ["PKA"]
        elif kind in ("candidate", "near_miss"):
            kinds = ["PKP", "PKA"] + (["PKN_II"] if rng.random() < 0.5 else [])
        elif kind == "administrator":
            kinds = (["PKA"] if rng.random() < 0.85 else []) + (["PKN_II"] if rng.random() < 0.35 else [])
        elif kind == "pengawas":
            kinds = ["PKP"] if rng.random() < 0.8 else []
        elif rng.random() < 0.05:
            kinds = ["other"]
        if not kinds:
            return
        first_day = jobs[0]["start_date"]
        span = max((self.ref - first_day).days - 60, 30)
        for i, training in enumerate(kinds, start=1):
            completed = first_day + timedelta(days=span * i // (len(kinds) + 1))
            rows.training.append(
                {"nip": nip, "kind": training, "name": TRAINING_NAMES[training], "completed_on": completed}
            )

    def _talent_plan(self, plan: Plan) -> tuple[str, str | None]:
        """(performance band of the last two SKP years, potential band or None = not assessed)."""
        rng, kind = self.rng, plan.kind
        if kind in ("candidate", "near_miss"):
            return rng.choice(("above", "as_expected", "as_expected")), rng.choice(("high", "middle"))
        assessed = {
            "sekda": 1.0,
            "jpt": 1.0,
            "administrator": 0.85,
            "pengawas": 0.6,
            "fungsional": 0.4 if plan.post is not None else 0.06,
            "pelaksana": 0.2 if plan.post is not None else 0.04,
        }[kind]
        if plan.official and plan.post is None:
            assessed = 0.0
        if rng.random() >= assessed:
            return rng.choices(_BANDS, weights=(20, 65, 15))[0], None
        if self.nine_box_turn < 9:  # the first nine assessed people fill the nine boxes, one each
            turn = self.nine_box_turn
            self.nine_box_turn += 1
            return _BANDS[turn % 3], _POTENTIALS[turn // 3]
        return rng.choices(_BANDS, weights=(25, 55, 20))[0], rng.choices(_POTENTIALS, weights=(30, 45, 25))[0]

    def _skp_rows(self, plan: Plan, nip: str, cpns: date, perf: str, rows: Rows) -> None:
        rng = self.rng
        years = [y for y in self.skp_years if y > cpns.year]
        last_two = self.skp_years[-2:]
        strict = plan.kind in ("candidate", "near_miss")
        for year in years:
            if plan.flaw == "skp" and year == self.skp_years[-2]:
                predicate = SkpPredicate.BUTUH_PERBAIKAN
            elif year in last_two:
                if perf == "above":
                    predicate = SkpPredicate.SANGAT_BAIK
                elif perf == "as_expected":
                    predicate = SkpPredicate.BAIK
                else:
                    predicate = rng.choices(_BELOW, weights=(70, 22, 8))[0]
            elif strict:
                predicate = rng.choice(_GOOD)
            else:
                if not plan.official and rng.random() < 0.01:
                    continue  # a missing year: the rule fails and nine-box mapping may not
                predicate = rng.choices(_USUAL_PREDICATES, cum_weights=_USUAL_CUM_WEIGHTS)[0]
            work_result, behaviour = rng.choice(_PAIRS_FOR[predicate])
            rows.skp.append(
                {
                    "nip": nip,
                    "year": year,
                    "work_result": work_result,
                    "behaviour": behaviour,
                    "predicate": predicate.value,
                }
            )

    def _target_level(self, plan: Plan, level: Level) -> str:
        rng = self.rng
        if plan.kind in ("sekda", "jpt", "candidate", "near_miss"):
            return Level.JPT_PRATAMA.value
        if plan.kind == "administrator":
            return Level.JPT_PRATAMA.value if rng.random() < 0.45 else Level.ADMINISTRATOR.value
        if plan.kind == "pengawas":
            return Level.ADMINISTRATOR.value if rng.random() < 0.5 else Level.PENGAWAS.value
        return Level.PENGAWAS.value

    def _assessment_rows(self, plan: Plan, nip: str, level: Level, potential: str | None, rows: Rows) -> None:
        if potential is None:
            return
        rng = self.rng
        target = self._target_level(plan, level)
        standard = int(self.standard.get(target, 3))
        technical = rng.sample(TECHNICAL, 2)
        competencies = [(c, "managerial") for c in MANAGERIAL] + [(c, "sociocultural") for c in SOCIOCULTURAL]
        competencies += [(c, "technical") for c in technical]
        total_standard = standard * len(competencies)
        if plan.flaw == "jpm":
            target_sum = math.ceil(0.68 * total_standard) - 1  # just under 68 %
        elif potential == "high":
            target_sum = rng.randint(math.ceil(0.82 * total_standard), total_standard)
        elif potential == "middle":
            target_sum = rng.randint(math.ceil(0.70 * total_standard), math.floor(0.78 * total_standard))
        else:
            target_sum = rng.randint(math.ceil(0.45 * total_standard), math.floor(0.65 * total_standard))
        levels = [standard] * len(competencies)
        missing = total_standard - target_sum
        while missing > 0:
            i = rng.randrange(len(levels))
            if levels[i] > 1:
                levels[i] -= 1
                missing -= 1
        # Latest assessment within the last two years, never after the demo's "today".
        assessed_on = self.ref - timedelta(days=rng.randint(30, 700))
        assessment_id = self.next_assessment_id
        self.next_assessment_id += 1
        rows.competency_assessment.append(
            {
                "id": assessment_id,
                "nip": nip,
                "assessed_on": assessed_on,
                "target_level": target,
                "assessor": rng.choice(ASSESSORS),
                "jpm": compute_jpm((lv, standard) for lv in levels),
            }
        )
        for (competency, kind), lv in zip(competencies, levels, strict=True):
            rows.competency_score.append(
                {
                    "assessment_id": assessment_id,
                    "competency": competency,
                    "kind": kind,
                    "level": lv,
                    "standard": standard,
                }
            )

    def _discipline_rows(self, plan: Plan, nip: str, cpns: date, rows: Rows) -> None:
        rng, ref = self.rng, self.ref
        if plan.flaw == "discipline":
            # An allowance cut that ended five months ago: still within the 12-month look-back.
            end = ref - timedelta(days=150)
            start = end - timedelta(days=182)
            rows.discipline.append(
                {
                    "nip": nip,
                    "decree_date": start - timedelta(days=7),
                    "severity": "sedang",
                    "penalty": "Pemotongan tunjangan kinerja 25% selama 6 bulan",
                    "start_date": start,
                    "end_date": end,
                }
            )
            return
        if plan.official or plan.kind in ("sekda", "jpt", "candidate", "near_miss"):
            return
        forced = self.discipline_turn < 3  # the first three get one penalty of each severity, recent
        if not forced and rng.random() >= 0.025:
            return
        earliest = max(cpns, ref - timedelta(days=int(8 * YEAR)))
        if forced:
            earliest = max(cpns, ref - timedelta(days=200))
        if (ref - earliest).days < 30:
            return
        decree = earliest + timedelta(days=rng.randint(0, (ref - earliest).days - 7))
        start = decree + timedelta(days=7)
        if forced:
            severity = ("ringan", "sedang", "berat")[self.discipline_turn]
            self.discipline_turn += 1
        else:
            severity = rng.choices(("ringan", "sedang", "berat"), weights=(55, 30, 15))[0]
        if severity == "ringan":
            penalty, end = rng.choice(("Teguran lisan", "Teguran tertulis", "Pernyataan tidak puas")), start
        elif severity == "sedang":
            months = rng.choice((6, 9, 12))
            penalty, end = (
                f"Pemotongan tunjangan kinerja 25% selama {months} bulan",
                start + timedelta(days=30 * months),
            )
        else:
            penalty, end = "Penurunan jabatan setingkat lebih rendah selama 12 bulan", start + timedelta(days=365)
        rows.discipline.append(
            {
                "nip": nip,
                "decree_date": decree,
                "severity": severity,
                "penalty": penalty,
                "start_date": start,
                "end_date": end,
            }
        )
