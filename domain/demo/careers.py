"""Careers of demo employees: job history, rank history and education, consistent with each other,
with the person's level and with the rules' counting (a row ends the day before the next starts).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from domain.demo.organisation import Organisation, Post
from domain.demo.plan import Plan
from domain.demo.rows import Rows
from domain.demo.vocabulary import D3_MAJORS, INSTITUTIONS, JF_BY_OPD, JF_GENERIC, MAJORS, PELAKSANA_TITLES, SMA_MAJORS
from domain.reference import RANK_ORDER, Level

# The ten JPT officials of domain.md's ceremony took office on this day.
JANUARY_CEREMONY = date(2026, 1, 26)
YEAR = 365.25
_RANK_BOUNDS = {
    "sekda": ("IV/d", "IV/e"),
    "jpt": ("IV/b", "IV/d"),
    "candidate": ("IV/b", "IV/c"),
    "near_miss": ("IV/b", "IV/c"),
    "administrator": ("III/d", "IV/b"),
    "pengawas": ("III/b", "IV/a"),
    "fungsional": ("III/a", "IV/c"),
    "pelaksana": ("II/a", "III/d"),
}
_ENTRY_RANK = {"S1": "III/a", "D-III": "II/c", "SMA": "II/a"}


def _promotion_period(day: date) -> date:
    """The first promotion date (1 April or 1 October) on or after ``day``."""
    if day <= date(day.year, 4, 1):
        return date(day.year, 4, 1)
    if day <= date(day.year, 10, 1):
        return date(day.year, 10, 1)
    return date(day.year + 1, 4, 1)


class CareerRows:
    """Mixin of :class:`~domain.demo.profiles.ProfileFactory`: the dated history rows of a career."""

    rng: random.Random
    ref: date
    appointment_day: date
    org: Organisation
    posts_by_level: dict[Level, list[Post]]
    opd_names: dict[str, str]
    opd_codes: list[str]

    def _current_start(self, plan: Plan, cpns: date) -> date:
        rng, ref = self.rng, self.ref
        if plan.inaugurated and ref >= JANUARY_CEREMONY:
            return JANUARY_CEREMONY
        if plan.flaw == "experience":
            return self.appointment_day - timedelta(days=729)  # 729 days as administrator: one short
        low, high = {
            "sekda": (1.0, 4.0),
            "jpt": (1.0, 6.0),
            "candidate": (2.3, 6.0),
            "near_miss": (2.3, 6.0),
            "administrator": (0.3, 6.0),
            "pengawas": (0.3, 6.0),
        }.get(plan.kind, (0.5, 12.0))
        start = ref - timedelta(days=int(rng.uniform(low, high) * YEAR))
        return max(start, cpns)

    def _previous_stages(self, plan: Plan) -> list[tuple[Level, float]]:
        """Earlier posts, most recent first, as (level, years); the earliest stage (pelaksana from the
        CPNS start) is added by the caller."""
        rng, kind = self.rng, plan.kind
        stages: list[tuple[Level, float]] = []
        if kind == "sekda":
            stages = [(Level.JPT_PRATAMA, rng.uniform(4, 8)), (Level.ADMINISTRATOR, rng.uniform(3, 6))]
            stages.append((Level.PENGAWAS, rng.uniform(3, 5)))
        elif kind == "jpt":
            if rng.random() < 0.3:
                stages.append((Level.JPT_PRATAMA, rng.uniform(2, 4)))
            stages += [(Level.ADMINISTRATOR, rng.uniform(3, 7)), (Level.PENGAWAS, rng.uniform(3, 5))]
        elif kind in ("candidate", "near_miss"):
            if plan.flaw != "experience" and rng.random() < 0.5:
                stages.append((Level.ADMINISTRATOR, rng.uniform(1, 3)))
            stages.append((Level.PENGAWAS, rng.uniform(3, 5)))
        elif kind == "administrator":
            if rng.random() < 0.3:
                stages.append((Level.ADMINISTRATOR, rng.uniform(1, 3)))
            stages.append((Level.PENGAWAS, rng.uniform(3, 6)))
        elif kind == "pengawas":
            if rng.random() < 0.3:
                stages.append((Level.PENGAWAS, rng.uniform(1, 3)))
        elif kind == "fungsional" and rng.random() < 0.4:
            stages.append((Level.FUNGSIONAL, rng.uniform(2, 6)))
        elif kind == "pelaksana" and rng.random() < 0.4:
            stages.append((Level.PELAKSANA, rng.uniform(2, 6)))
        return stages

    def _job_rows(self, plan: Plan, nip: str, cpns: date, level: Level) -> list[dict]:
        current_start = self._current_start(plan, cpns)
        stages = self._previous_stages(plan)
        # Squeeze earlier stages if the career is too short, keeping a year or more as pelaksana.
        room = (current_start - cpns).days - 365
        wanted = sum(int(years * YEAR) for _, years in stages)
        scale = 1.0 if wanted <= room else max(room, 0) / wanted if wanted else 1.0
        starts: list[tuple[Level, date]] = []
        cursor = current_start
        for stage_level, years in stages:
            days = int(years * YEAR * scale)
            if days < 60:
                continue
            cursor = cursor - timedelta(days=days)
            starts.append((stage_level, cursor))
        if cursor > cpns:
            starts.append((Level.PELAKSANA, cpns))
        starts.reverse()
        rows: list[dict] = []
        boundaries = [start for _, start in starts] + [current_start]
        for (stage_level, start), end_next in zip(starts, boundaries[1:], strict=True):
            rows.append(self._job_row(nip, start, end_next - timedelta(days=1), stage_level, plan, None))
        rows.append(self._job_row(nip, current_start, None, level, plan, plan.post))
        return rows

    def _job_row(self, nip: str, start: date, end: date | None, level: Level, plan: Plan, post: Post | None) -> dict:
        rng = self.rng
        if post is None and level in (Level.JPT_PRATAMA, Level.ADMINISTRATOR, Level.PENGAWAS):
            post = rng.choice(self.posts_by_level[level])  # held by someone else now
        if post is not None:
            code, title, eselon = post.code, post.title, post.eselon
            unit_name = self.opd_names[post.opd_code]
        else:
            code, eselon = None, None
            unit_name = self.opd_names[plan.opd_code if end is None else rng.choice(self.opd_codes)]
            title = self._staff_title(level, plan.opd_code)
        decree_date = start - timedelta(days=rng.randint(3, 30))
        return {
            "nip": nip,
            "start_date": start,
            "end_date": end,
            "position_code": code,
            "title": title,
            "level": level.value,
            "eselon": eselon,
            "unit_name": unit_name,
            "decree_number": f"821.2/Kep.{rng.randint(1, 999)}-BKD/{decree_date.year}",
            "decree_date": decree_date,
        }

    def _staff_title(self, level: Level, opd_code: str) -> str:
        rng = self.rng
        if level is Level.FUNGSIONAL:
            base = rng.choice(JF_BY_OPD.get(opd_code, JF_GENERIC))
            return f"{base} Ahli {rng.choice(('Pertama', 'Muda', 'Muda', 'Madya'))}"
        return rng.choice(PELAKSANA_TITLES)

    # -- rank and education -----------------------------------------------------------------

    def _rank_rows(self, plan: Plan, nip: str, cpns: date, entry: str, rows: Rows) -> tuple[str, date]:
        rng, ref = self.rng, self.ref
        first = RANK_ORDER.index(_ENTRY_RANK[entry])
        service_years = (ref - cpns).days / YEAR
        low, high = (RANK_ORDER.index(code) for code in _RANK_BOUNDS[plan.kind])
        if plan.flaw == "rank":
            low = high = RANK_ORDER.index("III/d")
        natural = first + int(service_years / 4)
        current = max(low, min(high, natural))
        current = max(current, first)
        steps = current - first
        tmts = [cpns]
        if steps:
            # The latest promotion took effect on 1 April or 1 October, 0.5-3.5 years ago.
            last = ref - timedelta(days=int(rng.uniform(0.5, min(3.5, max(0.6, service_years - 0.5))) * YEAR))
            last = date(last.year, 4 if last.month < 10 else 10, 1)
            if last <= cpns:
                last = cpns + timedelta(days=(ref - cpns).days // 2)
            span = (last - cpns).days
            for k in range(1, steps + 1):
                raw = cpns + timedelta(days=span * k // steps)
                tmt = raw if k == steps else _promotion_period(raw)  # promotions take effect 1 April / 1 October
                if tmt <= tmts[-1] or tmt > last:
                    tmt = raw if raw > tmts[-1] else tmts[-1] + timedelta(days=1)
                tmts.append(tmt)
        for k, tmt in enumerate(tmts):
            rows.rank_history.append(
                {
                    "nip": nip,
                    "golongan": RANK_ORDER[first + k],
                    "tmt": tmt,
                    "decree_number": f"823.{3 if k else 1}/{rng.randint(1, 9999)}/BKD/{tmt.year}",
                }
            )
        return RANK_ORDER[current], tmts[-1]

    def _education_rows(
        self, nip: str, birth: date, cpns: date, highest: str, entry: str, plan: Plan, rows: Rows
    ) -> tuple[str | None, str | None, str | None]:
        """Adds SMA onwards; returns (major, back title, front title)."""
        rng, ref = self.rng, self.ref
        inst = INSTITUTIONS
        sma = date(birth.year + 18, 6, rng.randint(1, 28))
        rows.education_history.append(
            {"nip": nip, "level": "SMA", "major": rng.choice(SMA_MAJORS), "institution": None, "graduated_on": sma}
        )
        if highest == "SMA":
            return None, None, None
        if entry == "D-III":
            major = rng.choice(D3_MAJORS)
            d3 = min(date(birth.year + 21, 8, rng.randint(1, 28)), cpns - timedelta(days=30))
            rows.education_history.append(
                {"nip": nip, "level": "D-III", "major": major, "institution": rng.choice(inst), "graduated_on": d3}
            )
            return major, "A.Md.", None
        s1_major, s1_title, s2_title = rng.choice(MAJORS)
        s1 = min(date(birth.year + 22, 9, rng.randint(1, 28)), cpns - timedelta(days=30))
        rows.education_history.append(
            {"nip": nip, "level": "S1", "major": s1_major, "institution": rng.choice(inst), "graduated_on": s1}
        )
        if highest == "S1":
            return s1_major, s1_title, None
        s2 = min(s1 + timedelta(days=int(rng.uniform(3, 14) * YEAR)), ref - timedelta(days=200))
        s2 = max(s2, s1 + timedelta(days=400))
        s2_major = f"Magister {s1_major}"
        rows.education_history.append(
            {"nip": nip, "level": "S2", "major": s2_major, "institution": rng.choice(inst), "graduated_on": s2}
        )
        if highest == "S2" or s2 + timedelta(days=430) > ref:
            return s2_major, f"{s1_title}, {s2_title}", None
        s3 = min(s2 + timedelta(days=int(rng.uniform(3, 8) * YEAR)), ref - timedelta(days=100))
        s3 = max(s3, s2 + timedelta(days=400))
        s3_major = f"Doktor {s1_major}"
        rows.education_history.append(
            {"nip": nip, "level": "S3", "major": s3_major, "institution": rng.choice(inst), "graduated_on": s3}
        )
        return s3_major, f"{s1_title}, {s2_title}", "Dr."
