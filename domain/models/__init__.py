"""All tables of the domain; importing this module registers them on ``SQLModel.metadata``."""

from domain.models.accounts import AuthSession, LoginAttempt, User, UserRole
from domain.models.org import Position, Unit
from domain.models.people import EducationHistory, Employee, JobHistory, RankHistory
from domain.models.settings import RuleSetting
from domain.models.talent import CompetencyAssessment, CompetencyScore, Discipline, Skp, Training

# Statements run after the tables exist, on PostgreSQL only (append-only triggers and the like).
# They are written into the initial migration by ``python -m domain.migrate regenerate-initial``,
# and the test fixtures run them too. Each module with such DDL adds to this list.
POSTGRES_DDL: list[str] = []

__all__ = [
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
