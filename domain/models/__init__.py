"""All tables of the domain; importing this module registers them on ``SQLModel.metadata``."""

from domain.models.accounts import User, UserRole
from domain.models.org import Position, Unit
from domain.models.people import EducationHistory, Employee, JobHistory, RankHistory
from domain.models.settings import RuleSetting
from domain.models.talent import CompetencyAssessment, CompetencyScore, Discipline, Skp, Training

__all__ = [
    "CompetencyAssessment",
    "CompetencyScore",
    "Discipline",
    "EducationHistory",
    "Employee",
    "JobHistory",
    "Position",
    "RankHistory",
    "RuleSetting",
    "Skp",
    "Training",
    "Unit",
    "User",
    "UserRole",
]
