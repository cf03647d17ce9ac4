"""One demo employee's talent profile, generated from their :class:`~domain.demo.plan.Plan` as plain
row dicts (employee, job/rank/education history, trainings, SKP, assessments, discipline).

Everything is drawn from the one ``random.Random`` passed in and dated relative to the
``reference_date`` (the demo's "today"), never from the clock, so a seed always gives the same rows.
Candidates for the vacant JPT posts are built with margins (years, ranks, JPM) so that they stay
eligible for appointments throughout 2026 and 2027; each near-miss fails exactly one rule.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from domain.competency import compute_jpm
from domain.demo.names import pick_name, pick_religion
from domain.demo.organisation import Organisation, Post
from domain.demo.plan import Plan
from domain.reference import RANK_ORDER, Gender, Level, Rating, SkpPredicate, skp_predicate

# The ten JPT officials of domain.md's ceremony took office on this day.
JANUARY_CEREMONY = date(2026, 1, 26)

MANAGERIAL = (
    "Integritas",
    "Kerja Sama",
    "Komunikasi",
    "Orientasi pada Hasil",
    "Pelayanan Publik",
    "Pengembangan Diri dan Orang Lain",
    "Mengelola Perubahan",
    "Pengambilan Keputusan",
)
SOCIOCULTURAL = ("Perekat Bangsa",)
TECHNICAL = (
    "Manajemen ASN",
    "Perencanaan Pembangunan",
    "Pengelolaan Keuangan Daerah",
    "Pelayanan Kesehatan",
    "Penyelenggaraan Pendidikan",
    "Pengadaan Barang/Jasa",
    "Pengawasan Internal",
    "Penataan Ruang",
    "Penanggulangan Bencana",
    "Perancangan Peraturan",
)
_ASSESSORS = (
    "UPT Penilaian Kompetensi BKD Provinsi Banten",
    "Pusat Penilaian Kompetensi ASN BKN",
    "Assessment Center BPSDMD Provinsi Banten",
)
_INSTITUTIONS = (
    "Universitas Sultan Ageng Tirtayasa",
    "Universitas Padjadjaran",
    "Universitas Indonesia",
    "Universitas Gadjah Mada",
    "Institut Pertanian Bogor",
    "Institut Pemerintahan Dalam Negeri",
    "Universitas Terbuka",
    "UIN Sultan Maulana Hasanuddin Banten",
    "Universitas Diponegoro",
    "Universitas Brawijaya",
    "Universitas Hasanuddin",
    "Universitas Sumatera Utara",
    "Universitas Negeri Jakarta",
    "Universitas Mathla'ul Anwar",
)
# (S1 major, S1 title, S2 title)
_MAJORS = (
    ("Ilmu Pemerintahan", "S.IP.", "M.Si."),
    ("Administrasi Negara", "S.Sos.", "M.AP."),
    ("Ilmu Hukum", "S.H.", "M.H."),
    ("Ekonomi Pembangunan", "S.E.", "M.M."),
    ("Akuntansi", "S.E.", "M.Ak."),
    ("Teknik Sipil", "S.T.", "M.T."),
    ("Teknik Informatika", "S.Kom.", "M.Kom."),
    ("Kesehatan Masyarakat", "S.K.M.", "M.Kes."),
    ("Pendidikan", "S.Pd.", "M.Pd."),
    ("Agribisnis", "S.P.", "M.Si."),
    ("Perencanaan Wilayah dan Kota", "S.T.", "M.Si."),
    ("Psikologi", "S.Psi.", "M.Psi."),
)
_D3_MAJORS = ("Akuntansi", "Keperawatan", "Manajemen Informatika", "Kebidanan", "Administrasi Perkantoran")
_SMA_MAJORS = ("IPA", "IPS")
_PELAKSANA_TITLES = (
    "Pengadministrasi Umum",
    "Pengelola Data",
    "Pengelola Keuangan",
    "Pengadministrasi Kepegawaian",
    "Operator Layanan Operasional",
    "Penata Layanan Operasional",
    "Pengemudi",
)
_JF_BY_OPD = {
    "DINDIKBUD": ("Guru",),
    "DINKES": ("Epidemiolog Kesehatan", "Tenaga Promosi Kesehatan", "Perawat"),
    "RSUD-BANTEN": ("Perawat", "Dokter", "Bidan", "Apoteker"),
    "RSUD-MALINGPING": ("Perawat", "Dokter", "Bidan"),
    "INSPEKTORAT": ("Auditor",),
    "BKD": ("Analis Sumber Daya Manusia Aparatur",),
    "BAPPEDA": ("Perencana",),
}
_JF_GENERIC = ("Analis Kebijakan", "Perencana", "Pranata Komputer", "Arsiparis", "Pranata Humas", "Analis Keuangan")

_TRAINING_NAMES = {
    "PKN_I": "Pelatihan Kepemimpinan Nasional Tingkat I",
    "PKN_II": "Pelatihan Kepemimpinan Nasional Tingkat II",
    "PKA": "Pelatihan Kepemimpinan Administrator",
    "PKP": "Pelatihan Kepemimpinan Pengawas",
    "other": "Pelatihan Dasar CPNS",
}

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
_ENTRY_AGE = {"S1": 23, "D-III": 22, "SMA": 19}
YEAR = 365.25


def _promotion_period(day: date) -> date:
    """The first promotion date (1 April or 1 October) on or after ``day``."""
    if day <= date(day.year, 4, 1):
        return date(day.year, 4, 1)
    if day <= date(day.year, 10, 1):
        return date(day.year, 10, 1)
    return date(day.year + 1, 4, 1)


@dataclass
class Rows:
    """Row buffers per table, filled by :class:`ProfileFactory` and emptied by the writer."""

    employee: list[dict] = field(default_factory=list)
    job_history: list[dict] = field(default_factory=list)
    rank_history: list[dict] = field(default_factory=list)
    education_history: list[dict] = field(default_factory=list)
    training: list[dict] = field(default_factory=list)
    skp: list[dict] = field(default_factory=list)
    competency_assessment: list[dict] = field(default_factory=list)
    competency_score: list[dict] = field(default_factory=list)
    discipline: list[dict] = field(default_factory=list)


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


class ProfileFactory:
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

    # -- careers ----------------------------------------------------------------------------

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
            base = rng.choice(_JF_BY_OPD.get(opd_code, _JF_GENERIC))
            return f"{base} Ahli {rng.choice(('Pertama', 'Muda', 'Muda', 'Madya'))}"
        return rng.choice(_PELAKSANA_TITLES)

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
        inst = _INSTITUTIONS
        sma = date(birth.year + 18, 6, rng.randint(1, 28))
        rows.education_history.append(
            {"nip": nip, "level": "SMA", "major": rng.choice(_SMA_MAJORS), "institution": None, "graduated_on": sma}
        )
        if highest == "SMA":
            return None, None, None
        if entry == "D-III":
            major = rng.choice(_D3_MAJORS)
            d3 = min(date(birth.year + 21, 8, rng.randint(1, 28)), cpns - timedelta(days=30))
            rows.education_history.append(
                {"nip": nip, "level": "D-III", "major": major, "institution": rng.choice(inst), "graduated_on": d3}
            )
            return major, "A.Md.", None
        s1_major, s1_title, s2_title = rng.choice(_MAJORS)
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

    # -- training, performance, competency, discipline ------------------------------------

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
                {"nip": nip, "kind": training, "name": _TRAINING_NAMES[training], "completed_on": completed}
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
                "assessor": rng.choice(_ASSESSORS),
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
