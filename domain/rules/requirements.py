"""What a post demands on a given day, resolved from the rulebook once.

Both the Python verdict (``eligibility``) and the SQL that ranks thousands of people
(``candidate_sql``) read these resolved values, so the two can never disagree about a threshold:
dates are computed here in Python and reach SQL as bound parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain.reference import EDUCATION_ORDINAL, ESELON_OF_LEVEL, RANK_ORDER, Education, Level, SkpPredicate
from domain.rulebook import DEFAULTS, Rulebook
from domain.rules.counting import (
    latest_birth_date_reaching,
    months_before,
    skp_years,
    years_to_days,
)
from domain.rules.facts import JobRow, PostFacts
from domain.rules.held import eve_of
from domain.rules.setting_meaning import BUP_LINKED_LEVELS

# Levels whose holders are locked in post before a rotation to the same level (UU 5/2014 Pasal 116).
ROTATION_LOCKED_LEVELS = (Level.JPT_PRATAMA.value,)


@dataclass(frozen=True)
class Requirements:
    post: PostFacts
    as_of: date
    held_on: date  # the eve of the appointment: the posts held that day count as held (``held.eve_of``)
    education_min: str
    education_allowed: tuple[str, ...]
    experience_levels: tuple[str, ...]
    experience_jf_grades: tuple[str, ...]  # fungsional rows count only at these grades; empty: any grade
    experience_years: float
    experience_days: int
    total_years: float
    total_days: int
    rank_min: str
    rank_eselon: str  # the eselon whose minimum applies (the post's, or the strictest of its level)
    rank_allowed: tuple[str, ...]
    skp_years: tuple[int, ...]
    skp_min_predicate: str
    skp_allowed: tuple[str, ...]
    jpm_min: float
    competency_standard: int | None  # the level's standard competency level (setting competency_standard)
    barring_severities: tuple[str, ...]
    lookback_months: int
    discipline_cutoff: date  # a barring penalty ending on or after this day bars
    max_age: int
    max_age_source: str  # the setting the limit comes from: max_age (JPT) or bup (one year before BUP)
    born_on_or_before_fails: date  # the (max_age+1)-th birthday has come for anyone born on or before
    training_kind: str | None
    rotation_lock_years: float
    rotation_lock_days: int | None  # None: the lock does not apply to this post's level


def _default_jf_grades(level: str) -> list[str]:
    """For a setting stored before ``jf_grades`` existed: the default's grades, so JPT keeps
    counting only JF Ahli Madya."""
    return list(DEFAULTS["experience"].value.get(level, {}).get("jf_grades", []))


def counts_as_experience(job: JobRow, req: Requirements) -> bool:
    """Does this job row count towards the experience the post demands? Its level must be one the
    rule names and, for a fungsional row, its grade one the rule names (domain.md: JPT needs
    "administrator, or JF Ahli Madya"; administrator and pengawas "(or JF)", any grade)."""
    if job.level not in req.experience_levels:
        return False
    if job.level != Level.FUNGSIONAL.value or not req.experience_jf_grades:
        return True
    return job.jf_grade in req.experience_jf_grades


def retirement_age(level: str, jf_grade: str | None, rulebook: Rulebook) -> int:
    """BUP (batas usia pensiun) of the holder of a post at ``level``: a JF holder's follows the
    grade (Ahli Utama 65, Ahli Madya 60, the others 58 — ``bup.fungsional_by_grade``), not a flat 58."""
    bup = rulebook["bup"]
    if level == Level.FUNGSIONAL.value and jf_grade is not None:
        by_grade = bup.get("fungsional_by_grade", DEFAULTS["bup"].value["fungsional_by_grade"])
        if jf_grade in by_grade:
            return int(by_grade[jf_grade])
    return int(bup[level])


def age_limit(level: str, rulebook: Rulebook) -> tuple[int, str]:
    """The oldest age on the appointment date, and the setting it comes from. For Administrator and
    Pengawas it is "at least one year before BUP": the (BUP−1)-th birthday has not come, so the age
    is at most BUP − 2 — read from ``bup``, so a changed BUP moves it (``max_age`` is kept equal by
    ``setting_meaning``). For JPT Pratama it is ``max_age`` (56, PP 17/2020), whatever the BUP."""
    bup = rulebook["bup"]
    if level in BUP_LINKED_LEVELS and isinstance(bup.get(level), (int, float)):
        return int(bup[level]) - 2, "bup"
    return int(rulebook["max_age"][level]), "max_age"


def resolve(post: PostFacts, as_of: date, rulebook: Rulebook) -> Requirements:
    level = post.level
    education_min = rulebook["education_min"][level]
    min_ordinal = EDUCATION_ORDINAL[Education(education_min)]
    education_allowed = tuple(e.value for e, o in EDUCATION_ORDINAL.items() if o >= min_ordinal)

    experience = rulebook["experience"][level]
    exp_years = float(experience.get("years", 0))
    total_years = float(experience.get("total_years", 0))

    min_ranks: dict[str, str] = rulebook["min_rank_by_eselon"]
    if post.eselon in min_ranks:
        rank_eselon = post.eselon
    else:  # a post recorded without eselon: the strictest minimum of its level
        rank_eselon = max(
            (e for e in ESELON_OF_LEVEL[Level(level)] if e in min_ranks),
            key=lambda e: RANK_ORDER.index(min_ranks[e]),
        )
    rank_min = min_ranks[rank_eselon]
    rank_allowed = tuple(RANK_ORDER[RANK_ORDER.index(rank_min) :])

    skp = rulebook["skp"]
    skp_min = SkpPredicate(skp["min_predicate"])
    skp_allowed = tuple(p.value for p in SkpPredicate if p.score >= skp_min.score)

    discipline = rulebook["discipline"]
    max_age, age_source = age_limit(level, rulebook)
    lock_years = float(rulebook["rotation_lock_years"])
    return Requirements(
        post=post,
        as_of=as_of,
        held_on=eve_of(as_of),
        education_min=education_min,
        education_allowed=education_allowed,
        experience_levels=tuple(experience.get("levels", [])),
        experience_jf_grades=tuple(experience.get("jf_grades", _default_jf_grades(level))),
        experience_years=exp_years,
        experience_days=years_to_days(exp_years),
        total_years=total_years,
        total_days=years_to_days(total_years),
        rank_min=rank_min,
        rank_eselon=rank_eselon,
        rank_allowed=rank_allowed,
        skp_years=tuple(skp_years(as_of, int(skp["years"]))),
        skp_min_predicate=skp_min.value,
        skp_allowed=skp_allowed,
        jpm_min=float(rulebook["jpm_min"]),
        competency_standard=rulebook["competency_standard"].get(level),
        barring_severities=tuple(discipline["barring"]),
        lookback_months=int(discipline["lookback_months"]),
        discipline_cutoff=months_before(as_of, int(discipline["lookback_months"])),
        max_age=max_age,
        max_age_source=age_source,
        born_on_or_before_fails=latest_birth_date_reaching(max_age + 1, as_of),
        training_kind=rulebook["training"].get(level),
        rotation_lock_years=lock_years,
        rotation_lock_days=years_to_days(lock_years) if level in ROTATION_LOCKED_LEVELS else None,
    )
