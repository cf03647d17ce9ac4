"""schema.graphql is what `meritflow export-schema` prints; this fails when it is stale."""

from __future__ import annotations

from api.cli import main
from api.cli_schema import SCHEMA_FILE, schema_sdl


def test_schema_file_is_current() -> None:
    assert SCHEMA_FILE.read_text() == schema_sdl(), (
        "schema.graphql is stale: run `meritflow export-schema -o schema.graphql` and commit it"
    )


def test_export_schema_prints_the_contract_operations(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["export-schema"]) == 0
    sdl = capsys.readouterr().out
    for name in (
        "me:", "employees(", "employee(", "positions(", "position(", "eligibility(", "candidates(", "nineBox(",
        "nominations(", "nomination(", "ceremonies(", "ceremony(", "auditIntegrity:",
        "login(", "logout:", "createNomination(", "setShortlist(", "startAssessment(", "recordEvaluation(",
        "selectNominee(", "submitForApproval(", "approve(", "returnForRevision(", "reject(", "withdraw(",
        "createCeremony(", "scheduleInauguration(", "recordInauguration(", "recordOath(", "conductCeremony(",
        "nominationEvents(",
    ):  # fmt: skip
        assert name in sdl, name
