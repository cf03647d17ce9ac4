"""``meritflow letterhead``: the kop of the Berita Acara set from the command line — checked like the
web's (province alone, a city, PNG/JPEG arms by their bytes), audited, and shown back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from api.cli import main

pytestmark = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite files of a temporary directory only"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_letterhead_is_set_checked_and_shown(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = f"sqlite:///{tmp_path}/kop.db"
    (tmp_path / "arms.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    (tmp_path / "arms.svg").write_text("<svg onload='alert(1)'/>")
    code, out, _ = run(capsys, "--database-url", db, "letterhead")
    assert code == 0 and "No letterhead yet" in out
    code, _, err = run(capsys, "--database-url", db, "letterhead", "--province", "Provinsi Banten")
    assert code == 1 and 'give the province\'s name alone, e.g. "Banten"' in err and "city" in err
    code, out, _ = run(
        capsys,
        "--database-url",
        db,
        "letterhead",
        "--province",
        "Banten",
        "--city",
        "Serang",
        "--arms",
        str(tmp_path / "arms.png"),
    )
    assert code == 0 and "PEMERINTAH PROVINSI BANTEN" in out and "arms: image/png, 40 bytes" in out
    code, _, err = run(capsys, "--database-url", db, "letterhead", "--arms", str(tmp_path / "arms.svg"))
    assert code == 1 and "neither PNG nor JPEG" in err
    code, out, _ = run(capsys, "--database-url", db, "audit", "verify")
    assert code == 0 and "2 events verified" in out  # the text and the arms, each an audit event
