"""Who may be appointed to a post (domain.md, "Who may be appointed"): one check per rule.

:func:`evaluate_eligibility` is pure — it judges already-loaded :class:`PersonFacts` — so tests are
exact and fast; :func:`check_eligibility` loads the facts and the rulebook and calls it. The SQL
twin used for ranking (``candidate_sql``) must accept exactly the people this module accepts.
"""

from __future__ import annotations

from datetime import date

from sqlmodel.ext.asyncio.session import AsyncSession

from domain.reference import EDUCATION_ORDINAL, LEVEL_LABELS, SKP_LABELS, Level, SkpPredicate
from domain.rulebook import Rulebook, load_rulebook
from domain.rules.counting import age_on, birthday, days_counted
from domain.rules.facts import AssessmentRow, PersonFacts, PostFacts, load_person, load_post
from domain.rules.held import (
    education_on,
    holds_post,
    in_post_since,
    level_held,
    posts_held,
    rank_on,
    rows_in_force,
)
from domain.rules.reasons import reason_params as _p
from domain.rules.requirements import Requirements, counts_as_experience, resolve
from domain.rules.verdict import Check, Eligibility, Severity

BAR, WARNING = Severity.BAR, Severity.WARNING


def _level_label(level: str) -> str:
    try:
        return LEVEL_LABELS[Level(level)]
    except ValueError:
        return level


def _predicate_label(predicate: str) -> str:
    try:
        return SKP_LABELS[SkpPredicate(predicate)]
    except ValueError:
        return predicate


def _years(value: float) -> str:
    n = int(value) if float(value).is_integer() else value
    return f"{n} year" if n == 1 else f"{n} years"


def check_education(person: PersonFacts, req: Requirements, book: Rulebook) -> Check:
    """The highest level completed by the appointment date (``held.education_on``)."""
    held = education_on(person, req.as_of)
    needed = f"{req.education_min} or higher needed"
    if held is None:
        detail = f"no education recorded as completed on or before {req.as_of}; {needed}"
        params = _p(as_of=req.as_of, min=req.education_min)
        return Check("education", False, BAR, detail, book.source("education_min"), "education.none", params)
    since = f" (completed {held.since})" if held.since else ""
    if held.value not in {e.value for e in EDUCATION_ORDINAL}:
        detail = f'education "{held.value}" is not a known level; {needed}'
        key, params = "education.unknown", _p(education=held.value, min=req.education_min)
    else:
        detail = f"education {held.value}{since}; {needed}"
        key, params = "education.held", _p(education=held.value, since=held.since or "", min=req.education_min)
    passed = held.value in req.education_allowed
    return Check("education", passed, BAR, detail, book.source("education_min"), key, params)


def check_experience(person: PersonFacts, req: Requirements, book: Rulebook) -> list[Check]:
    source = book.source("experience")
    levels = (
        " or ".join(
            f"fungsional ({'/'.join(req.experience_jf_grades)})"
            if lv == "fungsional" and req.experience_jf_grades
            else lv
            for lv in req.experience_levels
        )
        or "(none)"
    )
    at_level = sum(
        days_counted(j.start_date, j.end_date, req.as_of) for j in person.jobs if counts_as_experience(j, req)
    )
    checks = [
        Check(
            "experience",
            at_level >= req.experience_days,
            BAR,
            f"{at_level} days as {levels}; {req.experience_days} needed ({_years(req.experience_years)})",
            source,
            "experience.at_level",
            _p(
                days=at_level,
                levels=levels.replace(" or ", " / "),
                needed=req.experience_days,
                years=req.experience_years,
            ),
        )
    ]
    if req.total_days > 0:
        total = sum(days_counted(j.start_date, j.end_date, req.as_of) for j in person.jobs)
        checks.append(
            Check(
                "experience_total",
                total >= req.total_days,
                BAR,
                f"{total} days in posts in total; {req.total_days} needed ({_years(req.total_years)})",
                source,
                "experience.total",
                _p(days=total, needed=req.total_days, years=req.total_years),
            )
        )
    return checks


def check_rank(person: PersonFacts, req: Requirements, book: Rulebook) -> Check:
    """The golongan in effect on the appointment date (``held.rank_on``), not today's."""
    held = rank_on(person, req.as_of)
    eselon = req.post.eselon or f"no eselon recorded, {req.rank_eselon} applied"
    needed = f"{req.rank_min} or higher needed for eselon {eselon}"
    if held is None:
        first = min((r.tmt for r in person.ranks), default=person.golongan_tmt)
        detail = f"no golongan in effect on {req.as_of} (the rank history starts {first}); {needed}"
        params = _p(as_of=req.as_of, first=first or "", min=req.rank_min, eselon=req.post.eselon or req.rank_eselon)
        return Check("rank", False, BAR, detail, book.source("min_rank_by_eselon"), "rank.none", params)
    since = f" (TMT {held.since})" if held.since else ""
    detail = f"golongan {held.value}{since}; {needed}"
    params = _p(
        golongan=held.value, since=held.since or "", min=req.rank_min, eselon=req.post.eselon or req.rank_eselon
    )
    passed = held.value in req.rank_allowed
    return Check("rank", passed, BAR, detail, book.source("min_rank_by_eselon"), "rank.held", params)


def check_skp(person: PersonFacts, req: Requirements, book: Rulebook) -> Check:
    by_year = {s.year: s.predicate for s in person.skps}
    parts, passed = [], True
    for year in req.skp_years:
        predicate = by_year.get(year)
        if predicate is None:
            passed = False
            parts.append(f"{year}: missing")
        else:
            passed = passed and predicate in req.skp_allowed
            parts.append(f"{year}: {_predicate_label(predicate)}")
    years = " and ".join(str(y) for y in req.skp_years)
    detail = f"{', '.join(parts)}; {_predicate_label(req.skp_min_predicate)} or better needed in {years}"
    # `years`: "2024: Baik, 2025: —" (— for a missing year); the predicates are the regulation's labels.
    found = ", ".join(f"{y}: {_predicate_label(by_year[y]) if y in by_year else '—'}" for y in req.skp_years)
    needed_years = ", ".join(str(y) for y in req.skp_years)
    params = _p(years=found, min=_predicate_label(req.skp_min_predicate), needed_years=needed_years)
    return Check("skp", passed, BAR, detail, book.source("skp"), "skp.years", params)


def latest_assessment(person: PersonFacts, level: str | None, as_of: date) -> AssessmentRow | None:
    """The most recent assessment on or before ``as_of`` (against ``level``, or any level if None)."""
    rows = [a for a in person.assessments if a.assessed_on <= as_of and (level is None or a.target_level == level)]
    return max(rows, key=lambda a: a.assessed_on, default=None)


def check_competency(person: PersonFacts, req: Requirements, book: Rulebook) -> Check:
    level = req.post.level
    latest = latest_assessment(person, level, req.as_of)
    if latest is None:
        detail = f"no assessment against {_level_label(level)} on or before {req.as_of}; JPM ≥ {req.jpm_min:g}% needed"
        params = _p(level=_level_label(level), as_of=req.as_of, min=req.jpm_min)
        return Check("competency", False, BAR, detail, book.source("jpm_min"), "competency.none", params)
    detail = (
        f"JPM {latest.jpm:g}% against {_level_label(level)} (assessed {latest.assessed_on}); {req.jpm_min:g}% needed"
    )
    params = _p(jpm=latest.jpm, level=_level_label(level), assessed_on=latest.assessed_on, min=req.jpm_min)
    passed = latest.jpm >= req.jpm_min
    return Check("competency", passed, BAR, detail, book.source("jpm_min"), "competency.jpm", params)


def check_competency_standard(person: PersonFacts, req: Requirements, book: Rulebook) -> Check | None:
    """A warning when the assessment the competency rule reads used a standard below the level's
    setting for some competency: a JPT assessment at standard 2 is not a JPT assessment. None when
    there is nothing to warn about (a post's own, higher standard is right)."""
    latest = latest_assessment(person, req.post.level, req.as_of)
    if latest is None or latest.min_standard is None or req.competency_standard is None:
        return None
    if latest.min_standard >= req.competency_standard:
        return None
    level = _level_label(req.post.level)
    detail = (
        f"the assessment of {latest.assessed_on} measured a competency against standard {latest.min_standard}; "
        f"the {level} standard is {req.competency_standard}: its JPM may overstate the fit for {level}"
    )
    key, params = (
        "competency_standard.below",
        _p(
            assessed_on=latest.assessed_on,
            standard=latest.min_standard,
            level=level,
            level_standard=req.competency_standard,
        ),
    )
    return Check("competency_standard", False, WARNING, detail, book.source("competency_standard"), key, params)


def check_discipline(person: PersonFacts, req: Requirements, book: Rulebook) -> Check:
    """A barring penalty bars while its end date is on or after the day ``lookback_months`` before
    ``as_of``; an open-ended one is in effect.

    One condition beyond domain.md's wording: the penalty must be *decided* (its decree dated) on
    or before ``as_of``. A verdict reads the facts as of the appointment date, like rank and post
    (issue 14, item 1): a decree dated after it did not exist then, so re-checking a past
    appointment gives the verdict it had, and the verdict text says which decree was left out.
    """
    relevant = [
        p
        for p in person.penalties
        if p.severity in req.barring_severities and (p.end_date is None or p.end_date >= req.discipline_cutoff)
    ]
    barring = [p for p in relevant if p.decree_date <= req.as_of]
    later = [p for p in relevant if p.decree_date > req.as_of]
    severities = "/".join(req.barring_severities)
    if not barring:
        detail = (
            f"no {severities} penalty decided by {req.as_of} in effect or ended on or after {req.discipline_cutoff}"
        )
        key, params = "discipline.clear", _p(severities=severities, as_of=req.as_of, cutoff=req.discipline_cutoff)
        if later:
            p = later[0]
            detail += (
                f"; the {p.severity} penalty decreed {p.decree_date} is not counted: it was decided after the "
                "appointment date, and a verdict reads the facts as of that date"
            )
            key, params = "discipline.clear_later", {**params, **_p(severity=p.severity, decree_date=p.decree_date)}
        return Check("discipline", True, BAR, detail, book.source("discipline"), key, params)
    p = barring[0]
    until = f"ends {p.end_date}" if p.end_date else "open-ended"
    detail = (
        f"{p.severity} penalty (decree {p.decree_date}, {until}) bars: it ends on or after {req.discipline_cutoff}, "
        f"{req.lookback_months} months before {req.as_of}"
    )
    key = "discipline.bars" if p.end_date else "discipline.bars_open"
    params = _p(severity=p.severity, decree_date=p.decree_date, cutoff=req.discipline_cutoff)
    params.update(_p(months=req.lookback_months, as_of=req.as_of, **({"end_date": p.end_date} if p.end_date else {})))
    return Check("discipline", False, BAR, detail, book.source("discipline"), key, params)


def check_age(person: PersonFacts, req: Requirements, book: Rulebook) -> Check:
    limit = req.max_age + 1
    turning = birthday(person.birth_date, limit)
    passed = turning > req.as_of
    detail = (
        f"age {age_on(person.birth_date, req.as_of)} on {req.as_of} (born {person.birth_date}); "
        f"the {_ordinal(limit)} birthday, {turning}, {'has not come' if passed else 'has come'}; "
        f"{req.max_age} at most{_age_basis(req)}"
    )
    key = ("age.limit" if passed else "age.reached") + ("_bup" if req.max_age_source == "bup" else "")
    age = age_on(person.birth_date, req.as_of)
    params = _p(age=age, as_of=req.as_of, birth_date=person.birth_date, limit=limit, turning=turning)
    params.update(_p(max_age=req.max_age, **({"bup": req.max_age + 2} if req.max_age_source == "bup" else {})))
    return Check("age", passed, BAR, detail, book.source(req.max_age_source), key, params)


def _age_basis(req: Requirements) -> str:
    return f" (one year before BUP {req.max_age + 2})" if req.max_age_source == "bup" else ""


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def check_rotation_lock(person: PersonFacts, req: Requirements, book: Rulebook) -> Check | None:
    """A holder of a post at this (locked) level must have held it ``rotation_lock_years`` first:
    time in the post, consecutive rows of the same post joined (``held.in_post_since``)."""
    if req.rotation_lock_days is None:
        return None
    source = book.source("rotation_lock_years")
    level = _level_label(req.post.level)
    needed = f"{req.rotation_lock_days} needed before a rotation ({_years(req.rotation_lock_years)})"
    held = [p for p in posts_held(person, req.held_on) if p.level == req.post.level]
    if not held:
        detail = f"holds no {level} post on {req.held_on}: a promotion, the rotation lock does not apply"
        params = _p(level=level, held_on=req.held_on)
        return Check("rotation_lock", True, BAR, detail, source, "rotation_lock.not_held", params)
    rows = [j for j in rows_in_force(person.jobs, req.held_on) if j.level == req.post.level]
    if not rows:  # only the recorded post, with no job-history row: like unknown health, a warning
        code = held[0].position_code
        detail = f"holds {code} with no job-history row: the time in post is unknown; {needed} — record the history"
        params = _p(post=code, needed=req.rotation_lock_days, years=req.rotation_lock_years)
        return Check("rotation_lock", False, WARNING, detail, source, "rotation_lock.no_history", params)
    since = max((in_post_since(person, j) for j in rows), default=req.as_of)
    days = (req.as_of - since).days
    detail = f"{days} days in the current {level} post (since {since}); {needed}"
    params = _p(days=days, level=level, since=since, needed=req.rotation_lock_days, years=req.rotation_lock_years)
    return Check("rotation_lock", days >= req.rotation_lock_days, BAR, detail, source, "rotation_lock.days", params)


def higher_levels(level: str) -> tuple[str, ...]:
    """Levels above ``level``: someone holding one of these would move *down* by this appointment."""
    order = Level(level).order
    return tuple(lv.value for lv in Level if lv.order > order)


_PLACEMENT_SOURCE = "PP 11/2017 as amended by PP 17/2020 (promotion, rotation; demotion only under PP 94/2021)"


def check_current_level(person: PersonFacts, req: Requirements) -> Check:
    """A merit nomination never moves someone down: the holder of a higher post (the Sekda, a JPT
    Madya, for a JPT Pratama post) is not a candidate. Demotion is a discipline penalty (PP 94/2021),
    not a placement. The level held is ``held.level_held`` on the eve of the appointment."""
    target = _level_label(req.post.level)
    held = level_held(person, req.held_on)
    params = _p(held=held.label, held_on=req.held_on, target=target)
    if held.value in higher_levels(req.post.level):
        detail = f"holds a {held.label} post on {req.held_on}, above {target}: this would be a demotion"
        return Check("current_level", False, BAR, detail, _PLACEMENT_SOURCE, "current_level.demotion", params)
    detail = f"holds {held.label} on {req.held_on}, not above {target}"
    return Check("current_level", True, BAR, detail, _PLACEMENT_SOURCE, "current_level.ok", params)


def check_incumbent(person: PersonFacts, req: Requirements) -> Check:
    """The incumbent of the post being filled is not a candidate for it: the post is not vacant for
    them, and keeping it is no appointment (a new decree for the same post is not a merit placement)."""
    post = req.post.code
    params = _p(post=post, held_on=req.held_on)
    if holds_post(person, post, req.held_on):
        detail = f"holds {post} on {req.held_on}: the incumbent of the post being filled is not a candidate for it"
        return Check("incumbent", False, BAR, detail, _PLACEMENT_SOURCE, "incumbent.holds", params)
    detail = f"does not hold {post} on {req.held_on}"
    return Check("incumbent", True, BAR, detail, _PLACEMENT_SOURCE, "incumbent.free", params)


def check_training(person: PersonFacts, req: Requirements, book: Rulebook) -> Check | None:
    if not req.training_kind:
        return None
    done = [t for t in person.trainings if t.kind == req.training_kind and (t.completed_on or req.as_of) <= req.as_of]
    params = _p(training=req.training_kind)
    if done:
        when = f" on {done[0].completed_on}" if done[0].completed_on else ""
        detail = f"{req.training_kind} completed{when}"
        key = "training.done" if done[0].completed_on else "training.done_undated"
        params.update(_p(**({"completed_on": done[0].completed_on} if done[0].completed_on else {})))
    else:
        detail = f"{req.training_kind} not completed; it may follow the appointment"
        key = "training.missing"
    return Check("training", bool(done), WARNING, detail, book.source("training"), key, params)


def check_health(person: PersonFacts, book: Rulebook) -> Check:
    source = "PP 11/2017 Pasal 54-56 (sehat jasmani dan rohani)"
    if person.health_ok is None:
        detail = "no health statement recorded; obtain one before appointment"
        return Check("health", False, WARNING, detail, source, "health.unknown")
    if person.health_ok:
        return Check("health", True, BAR, "health statement: fit for office", source, "health.fit")
    return Check("health", False, BAR, "health statement: unfit for office", source, "health.unfit")


def evaluate_eligibility(
    person: PersonFacts, post: PostFacts, as_of: date, rulebook: Rulebook, req: Requirements | None = None
) -> Eligibility:
    """Every rule of domain.md applied to ``person`` for ``post`` on ``as_of``, each with its reason.
    ``req``: ``resolve(post, as_of, rulebook)`` when the caller judges many people for one post on
    one day (the near list: it was a sixth of the time, resolved again for each person)."""
    req = req or resolve(post, as_of, rulebook)
    checks: list[Check | None] = [
        check_education(person, req, rulebook),
        *check_experience(person, req, rulebook),
        check_rank(person, req, rulebook),
        check_skp(person, req, rulebook),
        check_competency(person, req, rulebook),
        check_competency_standard(person, req, rulebook),
        check_discipline(person, req, rulebook),
        check_age(person, req, rulebook),
        check_rotation_lock(person, req, rulebook),
        check_current_level(person, req),
        check_incumbent(person, req),
        check_training(person, req, rulebook),
        check_health(person, rulebook),
    ]
    return Eligibility(nip=person.nip, position_code=post.code, as_of=as_of, checks=[c for c in checks if c])


async def check_eligibility(
    session: AsyncSession, nip: str, position_code: str, as_of: date, rulebook: Rulebook | None = None
) -> Eligibility:
    """May ``nip`` be appointed to ``position_code`` on ``as_of``? Raises NotFound for an unknown
    NIP or post, InvalidInput for a post not filled by merit nomination."""
    post = await load_post(session, position_code)
    person = await load_person(session, nip)
    book = rulebook or await load_rulebook(session)
    return evaluate_eligibility(person, post, as_of, book)
