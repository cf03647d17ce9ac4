"""Units, posts and people: the talent profile with its sensitive parts guarded per field."""

from __future__ import annotations

from datetime import date

import strawberry
from strawberry.types import Info

from api.schema.permissions import SeesProfile, SeesSensitive, guard, log_refusal
from api.schema.types.ceremonies import ResultParam
from domain import models
from domain.access import can_reach_employee
from domain.competency import jpm_category
from domain.reference import LEVEL_LABELS, RANKS, Level
from domain.rules.ninebox import BoxView, not_mapped_key


@strawberry.type
class Unit:
    code: str
    name: str
    parent_code: str | None

    @classmethod
    def from_row(cls, row: models.Unit) -> Unit:
        return cls(code=row.code, name=row.name, parent_code=row.parent_code)


@strawberry.type(description="A post (jabatan); `vacant` when nobody holds it.")
class Position:
    code: str
    title: str
    unit_code: str
    level: str
    eselon: str | None
    is_key: bool

    @strawberry.field
    def level_label(self) -> str:
        try:
            return LEVEL_LABELS[Level(self.level)]
        except ValueError:
            return self.level

    @strawberry.field
    async def unit(self, info: Info) -> Unit | None:
        row = await info.context.loaders.unit.load(self.unit_code)
        return Unit.from_row(row) if row else None

    @strawberry.field
    async def incumbent(self, info: Info) -> Employee | None:
        return reached(info, await info.context.loaders.incumbent.load(self.code))

    @strawberry.field
    async def vacant(self, info: Info) -> bool:
        return await info.context.loaders.incumbent.load(self.code) is None

    @classmethod
    def from_row(cls, row: models.Position) -> Position:
        return cls(
            code=row.code,
            title=row.title,
            unit_code=row.unit_code,
            level=row.level,
            eselon=row.eselon,
            is_key=row.is_key,
        )


@strawberry.type(description="Riwayat jabatan: one post held from `startDate` to `endDate` (null = still held).")
class JobHistoryEntry:
    start_date: date
    end_date: date | None
    position_code: str | None
    title: str
    level: str
    eselon: str | None
    unit_name: str | None
    decree_number: str | None
    decree_date: date | None


@strawberry.type(description="Riwayat pangkat: a golongan and the date it took effect (TMT).")
class RankEntry:
    golongan: str
    tmt: date
    decree_number: str | None


@strawberry.type
class EducationEntry:
    level: str
    major: str | None
    institution: str | None
    graduated_on: date | None


@strawberry.type(description="One year's SKP (yearly performance appraisal).")
class SkpEntry:
    year: int
    work_result: str
    behaviour: str
    predicate: str


@strawberry.type
class CompetencyScore:
    competency: str
    kind: str
    level: int
    standard: int


@strawberry.type(description="A competency assessment; `jpm` = job-person match in percent.")
class Assessment:
    id: strawberry.Private[int]
    assessed_on: date
    target_level: str
    assessor: str | None
    jpm: float
    category: str = strawberry.field(
        description="Memenuhi / Masih Memenuhi / Kurang Memenuhi Syarat, by the JPM thresholds in force"
    )

    @strawberry.field
    async def scores(self, info: Info) -> list[CompetencyScore]:
        rows = await info.context.loaders.competency_scores.load(self.id)
        return [CompetencyScore(competency=r.competency, kind=r.kind, level=r.level, standard=r.standard) for r in rows]


@strawberry.type(description="Leadership training (PKN Tk. I/II, PKA, PKP) or other training.")
class TrainingEntry:
    kind: str
    name: str | None
    completed_on: date | None


@strawberry.type(description="A discipline penalty (PP 94/2021).")
class DisciplineEntry:
    decree_date: date
    severity: str
    penalty: str | None
    start_date: date | None
    end_date: date | None


def _copy(cls: type, row: object) -> object:
    return cls(**{name: getattr(row, name) for name in cls.__annotations__ if name != "id"})  # type: ignore[call-arg]


@strawberry.type(
    description="Everything a decision rests on. `assessments` and `discipline` are sensitive: null unless you "
    "are on the panel, an approving official, an auditor or the person themselves."
)
class TalentProfile:
    nip: strawberry.Private[str]

    @strawberry.field
    async def job_history(self, info: Info) -> list[JobHistoryEntry]:
        return [_copy(JobHistoryEntry, r) for r in await info.context.loaders.job_history.load(self.nip)]  # type: ignore[misc]

    @strawberry.field
    async def rank_history(self, info: Info) -> list[RankEntry]:
        return [_copy(RankEntry, r) for r in await info.context.loaders.rank_history.load(self.nip)]  # type: ignore[misc]

    @strawberry.field
    async def education(self, info: Info) -> list[EducationEntry]:
        return [_copy(EducationEntry, r) for r in await info.context.loaders.education_history.load(self.nip)]  # type: ignore[misc]

    @strawberry.field
    async def skp(self, info: Info) -> list[SkpEntry]:
        return [_copy(SkpEntry, r) for r in await info.context.loaders.skp.load(self.nip)]  # type: ignore[misc]

    @strawberry.field
    async def trainings(self, info: Info) -> list[TrainingEntry]:
        return [_copy(TrainingEntry, r) for r in await info.context.loaders.trainings.load(self.nip)]  # type: ignore[misc]

    @strawberry.field(extensions=guard(SeesSensitive))
    async def assessments(self, info: Info) -> list[Assessment] | None:
        rows = await info.context.loaders.assessments.load(self.nip)
        categories = (await info.context.loaders.rulebook.load("in force"))["jpm_categories"]
        return [
            Assessment(
                id=r.id,
                assessed_on=r.assessed_on,
                target_level=r.target_level,
                assessor=r.assessor,
                jpm=r.jpm,
                category=jpm_category(r.jpm, categories),
            )
            for r in rows
        ]

    @strawberry.field(extensions=guard(SeesSensitive))
    async def discipline(self, info: Info) -> list[DisciplineEntry] | None:
        return [_copy(DisciplineEntry, r) for r in await info.context.loaders.discipline.load(self.nip)]  # type: ignore[misc]


@strawberry.type(description="A nine-box placement; `box` is null and `reason` says why when unmapped.")
class NineBoxPlacement:
    box: int | None
    label: str | None
    reason: str | None
    performance: str | None = None
    potential: str | None = None
    recommendation: str | None = None
    reason_key: str | None = strawberry.field(
        default=None, description="The reason's message key (domain.rules.reasons.NOT_MAPPED_REASONS)."
    )
    reason_params: list[ResultParam] = strawberry.field(default_factory=list)

    @classmethod
    def from_view(cls, view: BoxView) -> NineBoxPlacement:
        """The display values decided in domain.rules.ninebox, as the API shows them."""
        key, params = not_mapped_key(view.reason)
        return cls(
            box=view.box,
            label=view.label,
            reason=view.reason,
            performance=view.performance,
            potential=view.potential,
            recommendation=view.recommendation,
            reason_key=key,
            reason_params=[ResultParam(name=k, value=str(v)) for k, v in params.items()],
        )


@strawberry.type(description="A civil servant (PNS), identified by NIP.")
class Employee:
    nip: str
    name: str
    front_title: str | None
    back_title: str | None
    full_name: str
    gender: str
    birth_date: date | None = strawberry.field(
        extensions=guard(SeesProfile), description="Null for a viewer who may not read this person's profile."
    )
    golongan: str
    education: str
    major: str | None
    unit_code: str
    position_code: strawberry.Private[str | None]
    recorded_religion: strawberry.Private[str | None]

    @strawberry.field(
        description="Agama as recorded (islam, kristen, katolik, hindu, buddha, khonghucu, kepercayaan); it sets "
        "the oath's wording. Null when not recorded, or for a viewer who may not read this person's profile.",
        extensions=guard(SeesProfile),
    )
    def religion(self) -> str | None:
        return self.recorded_religion

    @strawberry.field(description="Pangkat name of the golongan, e.g. Pembina for IV/a.")
    def pangkat(self) -> str | None:
        rank = RANKS.get(self.golongan)
        return rank.name if rank else None

    @strawberry.field
    async def unit(self, info: Info) -> Unit | None:
        row = await info.context.loaders.unit.load(self.unit_code)
        return Unit.from_row(row) if row else None

    @strawberry.field(description="The post held now.")
    async def position(self, info: Info) -> Position | None:
        if self.position_code is None:
            return None
        row = await info.context.loaders.position.load(self.position_code)
        return Position.from_row(row) if row else None

    @strawberry.field(extensions=guard(SeesProfile))
    def talent_profile(self) -> TalentProfile | None:
        return TalentProfile(nip=self.nip)

    @strawberry.field(
        description="Place in the nine-box talent matrix; `box` null with a `reason` when unmapped.",
        extensions=guard(SeesProfile),
    )
    async def nine_box(self, info: Info) -> NineBoxPlacement | None:
        view = await info.context.loaders.nine_box.load(self.nip)
        return NineBoxPlacement.from_view(view) if view else None

    @classmethod
    def from_row(cls, row: models.Employee) -> Employee:
        return cls(
            nip=row.nip,
            name=row.name,
            front_title=row.front_title,
            back_title=row.back_title,
            full_name=row.full_name,
            gender=row.gender,
            birth_date=row.birth_date,
            golongan=row.golongan,
            education=row.education,
            major=row.major,
            unit_code=row.unit_code,
            position_code=row.position_code,
            recorded_religion=row.religion,
        )


def reached(info: Info, row: models.Employee | None) -> Employee | None:
    """An employee reached through another object (a post's incumbent, a nomination's nominee or
    shortlist, an account): every such path asks ``domain.access.can_reach_employee``; the profile
    fields of what comes back are masked by their own guards."""
    if row is None:
        return None
    if not can_reach_employee(info.context.viewer, row.nip, row.unit_code):
        log_refusal(info, f"employee {row.nip} is outside the viewer's scope")
        return None
    return Employee.from_row(row)
