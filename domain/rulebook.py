"""The configurable values of the talent rules, with the regulation each one comes from.

``DEFAULTS`` holds domain.md's defaults. They are written to the ``rule_setting`` table on first
migration and seed, where an admin may change them; :func:`load_rulebook` reads the table (falling
back to a default for any key missing there) so every verdict cites the value actually in force.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from domain.clock import today
from domain.errors import InvalidInput
from domain.models.settings import RuleSetting
from domain.rules.ninebox_periods import next_period
from domain.rules.setting_meaning import bup_disagreement, linked_changes, meaning_problems


@dataclass(frozen=True)
class Default:
    value: Any
    source: str
    description: str


_PP11 = "PP 11/2017 as amended by PP 17/2020"
DEFAULTS: dict[str, Default] = {
    "education_min": Default(
        {"jpt_pratama": "S1", "administrator": "S1", "pengawas": "D-III"},
        f"{_PP11}, Pasal 54 (JPT), 55 (administrator), 56 (pengawas)",
        "Lowest education level a candidate must have, per level of the post",
    ),
    "experience": Default(
        {
            "jpt_pratama": {
                "levels": ["administrator", "fungsional"],
                "jf_grades": ["ahli_madya"],
                "years": 2,
                "total_years": 5,
            },
            "administrator": {"levels": ["pengawas", "fungsional"], "jf_grades": [], "years": 3, "total_years": 0},
            "pengawas": {"levels": ["pelaksana", "fungsional"], "jf_grades": [], "years": 4, "total_years": 0},
        },
        f"{_PP11}, Pasal 107",
        "Years needed at the levels below (summed job-history days ÷ 365) and years in posts in total; "
        "jf_grades: the JF grades whose fungsional rows count (empty: every grade, recorded or not)",
    ),
    "min_rank_by_eselon": Default(
        {"II.a": "IV/b", "II.b": "IV/a", "III.a": "III/d", "III.b": "III/c", "IV.a": "III/a", "IV.b": "II/d"},
        "PP 100/2000 Pasal 5 (one step below the eselon's lowest rank)",
        "Lowest golongan a candidate must hold, per eselon of the post",
    ),
    "skp": Default(
        {"min_predicate": "baik", "years": 2},
        "PP 30/2019; PermenPANRB 6/2022",
        "SKP predicate needed in each of the last N calendar years before the appointment year",
    ),
    "jpm_min": Default(68.0, "PermenPANRB 38/2017; PermenPANRB 3/2020", "Lowest JPM (%) against the post's level"),
    "competency_standard": Default(
        {"jpt_pratama": 4, "administrator": 3, "pengawas": 3},
        "PermenPANRB 38/2017",
        "Standard competency level of each level of post",
    ),
    "jpm_categories": Default(
        {"memenuhi": 80.0, "masih_memenuhi": 68.0},
        "PermenPANRB 3/2020 (regional practice)",
        "JPM ≥ memenuhi: Memenuhi Syarat; ≥ masih_memenuhi: Masih Memenuhi Syarat; below: Kurang",
    ),
    "discipline": Default(
        {"barring": ["sedang", "berat"], "lookback_months": 12},
        "PP 94/2021; PermenPANRB 15/2019",
        "Penalties that bar appointment while in effect or ended within the lookback",
    ),
    "max_age": Default(
        {"jpt_pratama": 56, "administrator": 56, "pengawas": 56},
        "PP 17/2020 (JPT ≤ 56); BUP 58 less one year (administrator, pengawas)",
        "Oldest age on the appointment date: the birthday after it must not have come",
    ),
    "bup": Default(
        {
            "jpt_pratama": 60,
            "administrator": 58,
            "pengawas": 58,
            "pelaksana": 58,
            "fungsional": 58,
            "fungsional_by_grade": {"ahli_utama": 65, "ahli_madya": 60},
        },
        "UU 5/2014 Pasal 90; PP 11/2017 Pasal 239",
        "Retirement age (batas usia pensiun) per level; a JF holder's by grade (fungsional_by_grade: "
        "Ahli Utama 65, Ahli Madya 60), the other grades fungsional",
    ),
    "training": Default(
        {"jpt_pratama": "PKN_II", "administrator": "PKA", "pengawas": "PKP"},
        f"{_PP11}, Pasal 54-56 (may be completed after appointment)",
        "Leadership training expected per level; missing it is a warning, not a bar",
    ),
    "ninebox": Default(
        {
            "performance": {"sangat_baik": "above", "baik": "as_expected"},
            "potential": {"high": 80.0, "middle": 68.0},
            "valid_from": "2000-01-01",
            "earlier": [],
        },
        "PermenPANRB 3/2020",
        "Bands: performance from the latest SKP predicate (others: below); potential from the latest JPM; "
        "per mapping period: in force from valid_from (default today), earlier periods kept in earlier",
    ),
    "ranking_weights": Default(
        {"jpm": 0.5, "ninebox": 0.2, "skp": 0.2, "years_at_level": 0.1},
        "Regional policy (BKD)",
        "Weights of the candidate score parts, each part scaled to 0-100",
    ),
    "rotation_lock_years": Default(2, "UU 5/2014 Pasal 116", "Years a JPT holder must stay before rotation"),
}


@dataclass(frozen=True)
class Rulebook:
    """The settings in force: ``values[key]`` plus where each came from."""

    values: dict[str, Any]
    sources: dict[str, str]

    def __getitem__(self, key: str) -> Any:
        return self.values[key]

    def source(self, key: str) -> str:
        return self.sources[key]


def default_rulebook() -> Rulebook:
    return Rulebook(
        values={k: d.value for k, d in DEFAULTS.items()},
        sources={k: d.source for k, d in DEFAULTS.items()},
    )


async def load_rulebook(session: AsyncSession) -> Rulebook:
    """The rulebook as stored, each missing key filled from ``DEFAULTS``."""
    book = default_rulebook()
    values, sources = dict(book.values), dict(book.sources)
    for row in (await session.exec(select(RuleSetting))).all():
        values[row.key] = json.loads(row.value)
        sources[row.key] = row.source
    return Rulebook(values=values, sources=sources)


def default_setting_rows() -> list[dict[str, str]]:
    """Rows for ``rule_setting`` holding the defaults (used by the migration and the seed)."""
    return [
        {"key": k, "value": json.dumps(d.value), "source": d.source, "description": d.description}
        for k, d in DEFAULTS.items()
    ]


@dataclass(frozen=True)
class SettingChange:
    """One admin change: ``key`` from ``old`` to ``new``, and the linked settings derived from it
    (``derived[k] = (old, new)``; see ``domain.rules.setting_meaning``)."""

    key: str
    old: Any
    new: Any
    derived: dict[str, tuple[Any, Any]]


async def update_setting(session: AsyncSession, key: str, value: str, source: str | None = None) -> tuple[Any, Any]:
    """:func:`apply_setting`, answering only the old and the new value of ``key``."""
    change = await apply_setting(session, key, value, source)
    return change.old, change.new


async def apply_setting(session: AsyncSession, key: str, value: str, source: str | None = None) -> SettingChange:
    """Set ``key`` to ``value`` (JSON text) and, when given, name its new ``source``. Flushes; the
    caller commits.

    The value must have the default's JSON shape (same type, a dict with the same keys, a list of
    the same kind of item; int and float both count as numbers) *and* its meaning (enum members,
    ordered thresholds, ranges: ``setting_meaning``). A threshold stated in several settings moves
    in all of them (the changes are in ``derived``); ``max_age`` of Administrator/Pengawas follows
    ``bup`` and cannot be set against it. Raises InvalidInput — naming the key, the bad value and
    what is allowed — for an unknown key, text that is not JSON, a different shape, a meaningless
    value or a bad source; nothing is changed then.
    """
    default = DEFAULTS.get(key)
    if default is None:
        raise InvalidInput(
            f'no rule setting "{key}"; the settings are: {", ".join(DEFAULTS)}',
            key="input.setting_unknown",
            params={"setting": key, "settings": ", ".join(DEFAULTS)},
        )
    try:
        new = json.loads(value)
    except json.JSONDecodeError as exc:
        raise InvalidInput(
            f"{key}: {value!r} is not JSON ({exc.msg}); give it like {json.dumps(default.value)}",
            key="input.setting_not_json",
            params={"setting": key, "example": json.dumps(default.value)},
        ) from exc
    book = await load_rulebook(session)
    if key == "ninebox" and isinstance(new, dict) and {"performance", "potential"} <= set(new):
        try:
            new = next_period(book["ninebox"], new, today())
        except ValueError as exc:
            raise InvalidInput(f"{exc}; nothing was changed") from None
    problems = shape_problems(default.value, new, key)
    if problems:
        raise InvalidInput(
            "; ".join(problems) + f" — give it like {json.dumps(default.value)}",
            key="input.setting_shape",
            params={"setting": key, "example": json.dumps(default.value)},
        )
    problems = meaning_problems(key, new)  # on the value as given, so the message quotes it
    new = _floats_where_default_has_floats(default.value, new)
    if not problems and key == "max_age":
        problems = bup_disagreement(new, book["bup"])
    if problems:
        raise InvalidInput("; ".join(problems) + "; nothing was changed")
    if source is not None:
        source = source.strip()
        if not source or len(source) > SOURCE_MAX:
            raise InvalidInput(
                f"{key}: name the regulation or policy the value comes from in 1 to {SOURCE_MAX} characters",
                key="input.setting_source",
                params={"setting": key, "max": SOURCE_MAX},
            )
    old = book[key]
    derived = linked_changes(key, old, new, lambda k: book[k])
    if "ninebox" in derived:  # a threshold moved elsewhere: new bands from today, past grids keep theirs
        derived["ninebox"] = next_period(
            book["ninebox"], {k: derived["ninebox"][k] for k in ("performance", "potential")}, today()
        )
    for other, value_ in derived.items():
        problems += [f"{p} (following {key})" for p in meaning_problems(other, value_)]
    if problems:
        raise InvalidInput("; ".join(problems) + "; nothing was changed")
    await _store(session, key, new, source)
    for other, value_ in derived.items():
        await _store(session, other, value_, None)
    await session.flush()
    return SettingChange(key, old, new, {k: (book[k], v) for k, v in derived.items()})


async def _store(session: AsyncSession, key: str, value: Any, source: str | None) -> None:
    default = DEFAULTS[key]
    row = await session.get(RuleSetting, key)
    if row is None:  # a database written before this key existed: start from the default row
        row = RuleSetting(
            key=key, value=json.dumps(default.value), source=default.source, description=default.description
        )
    row.value = json.dumps(value)
    if source is not None:
        row.source = source
    session.add(row)


SOURCE_MAX = 250  # RuleSetting.source's column width


def shape_problems(default: Any, value: Any, path: str) -> list[str]:
    """Every place where ``value`` differs in JSON shape from ``default``, as ``path: what is wrong``."""
    if _is_number(default):
        if not _is_number(value) or not math.isfinite(value):
            return [f"{path}: expected a finite number, got {_describe(value)}"]
        return []
    if type(value) is not type(default):
        return [f"{path}: expected {_kind(default)}, got {_describe(value)}"]
    if isinstance(default, dict):
        missing = [k for k in default if k not in value]
        unknown = [k for k in value if k not in default]
        problems = [f"{path}: missing key {', '.join(missing)}"] if missing else []
        problems += [f"{path}: unknown key {', '.join(unknown)}"] if unknown else []
        for k in default:
            if k in value:
                problems += shape_problems(default[k], value[k], f"{path}.{k}")
        return problems
    if isinstance(default, list) and default:
        return [p for i, item in enumerate(value) for p in shape_problems(default[0], item, f"{path}[{i}]")]
    return []


def _floats_where_default_has_floats(default: Any, value: Any) -> Any:
    """70 for a setting whose default is 68.0 is stored as 70.0, so it reads back like the default."""
    if isinstance(default, float):
        return float(value)
    if isinstance(default, dict):
        return {k: _floats_where_default_has_floats(default[k], v) for k, v in value.items()}
    if isinstance(default, list) and default:
        return [_floats_where_default_has_floats(default[0], v) for v in value]
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    if _is_number(value):
        return "a number"
    return {dict: "an object", list: "a list", str: "a string", bool: "true or false"}.get(type(value), "null")


def _describe(value: Any) -> str:
    return f"{_kind(value)} ({json.dumps(value)[:60]})"
