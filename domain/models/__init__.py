"""All tables of the domain; importing this module registers them on ``SQLModel.metadata``."""

from domain.models.accounts import AuthSession, LoginAttempt, User, UserRole
from domain.models.audit import AUDIT_POSTGRES_DDL, AuditChainHead, AuditEvent
from domain.models.calendar import Holiday
from domain.models.ceremony import Ceremony, SiasnExport
from domain.models.delegation import Delegation
from domain.models.idempotency import IdempotencyKey
from domain.models.letterhead import Letterhead
from domain.models.ninebox import StoredPlacement
from domain.models.nomination import Approval, Evaluation, Nomination
from domain.models.org import Position, Unit
from domain.models.people import EducationHistory, Employee, JobHistory, RankHistory
from domain.models.settings import RuleSetting
from domain.models.talent import CompetencyAssessment, CompetencyScore, Discipline, Skp, Training
from domain.models.workflow_definition import WorkflowDefinition

# Statements run after the tables exist, on PostgreSQL only (append-only triggers and the like).
# They are written into the initial migration by ``python -m domain.migrate regenerate-initial``,
# and the test fixtures run them too. Each module with such DDL adds to this list.
POSTGRES_DDL: list[str] = [*AUDIT_POSTGRES_DDL]

__all__ = [
    "Approval",
    "AuditChainHead",
    "AuditEvent",
    "Ceremony",
    "Delegation",
    "Evaluation",
    "Holiday",
    "IdempotencyKey",
    "Letterhead",
    "Nomination",
    "SiasnExport",
    "StoredPlacement",
    "WorkflowDefinition",
    "AuthSession",
    "CompetencyAssessment",
    "CompetencyScore",
    "Discipline",
    "EducationHistory",
    "Employee",
    "JobHistory",
    "LoginAttempt",
    "Position",
    "RankHistory",
    "RuleSetting",
    "Skp",
    "Training",
    "Unit",
    "User",
    "UserRole",
]
