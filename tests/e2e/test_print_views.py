"""The print views: the Berita Acara of a ceremony and a nomination's dossier (issue 11, documents
that pass the legal bureau).

The GraphQL answers are stubbed (the demo has no conducted ceremony, and driving one through the
flow would cost minutes), so these tests check the page and its print stylesheet: what is printed,
from which of the server's facts, and how it falls on A4 pages — printed to PDF by chromium
(``page.pdf()``) and read back page by page with pypdf. The server's side of the same facts is
tests/api/test_ceremony_documents.py."""

from __future__ import annotations

import io
import re
import struct
import zlib

import pytest

from domain.oath_formula import FORMULA, render
from tests.e2e.conftest import SCREENSHOTS, message, screenshot, sign_in, stub_graphql

pytestmark = pytest.mark.browser

DECREE = "Keputusan Gubernur Banten Nomor 821.2/Kep.12-BKD/2026 tanggal 12 Januari 2026"
NOMINATION = {
    "id": 77,
    "state": "INAUGURATION",
    "version": 9,
    "documentFinal": False,
    "inauguratedOn": None,
    "decreeNumber": "821.2/Kep.12-BKD/2026",
    "decreeDate": "2026-01-12",
    "effectiveDate": "2026-01-26",
    "position": {"code": "P", "title": "Kepala Dinas", "level": "jpt_pratama", "eselon": "II.a", "unit": {"name": "U"}},
    "nominee": {"nip": "197501012000031001", "name": "Budi", "golongan": "IV/b", "religion": None, "position": None},
    "oathDraft": "SERVER PLEDGE",
    "pledgeDraft": "SERVER PLEDGE",
    "oath": None,
}
SWORN = {
    **NOMINATION,
    "id": 78,
    "state": "COMPLETED",
    "documentFinal": True,
    "nominee": {**NOMINATION["nominee"], "nip": "197803152001122002", "name": "Siti Rahma", "religion": "islam"},
    "oath": {
        "text": render("islam", False),
        "witnesses": [{"nip": "196801011990031003", "name": "Wira Saksi"}],
        "clergyName": "K.H. Ahmad Fauzi",
        "pledge": False,
        "takenOn": "2026-01-26",
    },
}
CEREMONY = {
    "id": 5,
    "date": "2026-01-26",
    "place": "Gedung Negara Provinsi Banten",
    "officiant": "Gubernur Banten",
    "conductedAt": None,
    "status": "PLANNED",
    "lastRun": None,
}
LETTERHEAD = {
    "provinceName": "Banten",
    "governmentName": "PEMERINTAH PROVINSI BANTEN",
    "address": "Kawasan Pusat Pemerintahan Provinsi Banten (KP3B), Jl. Syech Nawawi Al Bantani, Serang",
    "city": "Serang",
    "armsUrl": "/documents/arms?v=1",
}
SAKSI = [
    {"name": "Dr. Wira Saksi, S.H., M.H.", "nip": "196801011990031003"},
    {"name": "Ir. Wati Saksi, M.T.", "nip": "196902021991032004"},
]


def _appointee(nomination: dict, name: str, saksi: list[dict]) -> dict:
    return {
        "nomination": {"id": nomination["id"]},
        "appointee": {"name": name, "nip": nomination["nominee"]["nip"]},
        "pangkatGolongan": "Pembina Tingkat I, IV/b",
        "postName": "Kepala Dinas Kesehatan Provinsi Banten",
        "unitName": "Dinas Kesehatan",
        "decreeLine": DECREE,
        "saksi": saksi,
    }


DOCUMENTS = {
    "ceremonyDocuments": {
        "documentNumber": "800/123/BKD/2026",
        "placeDateLine": "Serang, 26 Januari 2026",
        "officiant": {"name": "Gubernur Banten", "nip": None},
        "letterhead": LETTERHEAD,
        "appointees": [
            _appointee(NOMINATION, "Dr. H. Budi Santoso, S.E., M.Si.", []),
            _appointee(SWORN, "Siti Rahma, S.Sos., M.A.P.", SAKSI),
        ],
    }
}
GOVERNMENT = "PEMERINTAH PROVINSI BANTEN"
OATH_DRAFT = "query OathDraft("


def _png(width: int = 48, height: int = 60) -> bytes:
    """A small solid PNG for the arms (a valid image, so the letterhead lays out as with a real one)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"\xc8\x10\x10" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _oath_draft(variables: dict) -> dict:
    """The stubbed server's oath in the form asked for (a pledge when no religion is given)."""
    return {"nomination": {"id": 77, "oathDraft": f"SERVER {variables['religion'] or 'PLEDGE'}"}}


def _squash(text: str) -> str:
    """Text without whitespace or quotes: how a line is found again in the PDF's extracted text."""
    return re.sub(r"[\s“”\"]+", "", text)


def _pdf_pages(page) -> list[str]:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    return [_squash(p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages]


def _check_pages(page, documents_selector: str, start_marks: list[str]) -> list[str]:  # type: ignore[no-untyped-def]
    """Prints the page to PDF and checks it page by page: each document (each copy) starts on a page
    of its own with the letterhead, and no kept-together block (a table row, the oath, a
    signature block with its place-and-date line) is cut across two pages. Returns the pages' text."""
    pages = _pdf_pages(page)
    starts = [i for i, text in enumerate(pages) if any(_squash(mark) in text for mark in start_marks)]
    documents = page.locator(documents_selector)
    assert len(starts) == documents.count(), (starts, documents.count(), len(pages))
    for i in starts:
        assert sum(text.count(_squash(mark)) for mark in start_marks for text in [pages[i]]) == 1, (
            f"page {i + 1} starts two documents: each copy must begin on its own page"
        )
        assert _squash(GOVERNMENT) in pages[i], f"page {i + 1} starts a document without the letterhead"
    assert len(pages) <= 2 * len(starts), f"{len(pages)} pages for {len(starts)} documents: something overflows"
    bounds = [*starts, len(pages)]
    blocks = page.evaluate(
        """(selector) => [...document.querySelectorAll(selector)].map((doc) =>
             [...doc.querySelectorAll('[data-testid=sign-block], [data-testid=oath-text], tr, .letterhead')]
               .map((el) => el.innerText.split('\\n').map((l) => l.trim()).filter(Boolean)))""",
        documents_selector,
    )
    for number, document_blocks in enumerate(blocks):
        own_pages = pages[bounds[number] : bounds[number + 1]]
        for lines in document_blocks:
            wanted = [_squash(line) for line in lines if _squash(line)]
            assert any(all(w in text for w in wanted) for text in own_pages), (
                f"document {number + 1}: a block is cut across pages (or missing): {lines[:3]} …"
            )
    return pages


@pytest.fixture
def print_page(new_page):  # type: ignore[no-untyped-def]
    """The operator's page with the ceremony's answers stubbed; returns (page, asked-by-key)."""
    page = new_page({"width": 1366, "height": 900})
    sign_in(page, "operator")
    ceremony = {"ceremony": {**CEREMONY, "nominations": [NOMINATION, SWORN]}}
    asked = stub_graphql(
        page,
        {
            "query Ceremony(": lambda _: ceremony,
            "query CeremonyDocuments(": lambda _: DOCUMENTS,
            OATH_DRAFT: _oath_draft,
        },
    )
    page.route("**/documents/arms*", lambda route: route.fulfill(status=200, content_type="image/png", body=_png()))
    return page, asked


def test_unknown_religion_offers_a_form_worded_by_the_server(print_page) -> None:  # type: ignore[no-untyped-def]
    page, asked = print_page
    page.goto("/#/ceremonies/5/print")
    select = page.locator("#religion-77")
    select.wait_for()
    texts = page.locator("[data-testid=appointee-docs]").first.get_by_test_id("oath-text")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=oath-text]').length === 6")
    assert texts.first.inner_text() == "“SERVER PLEDGE”"
    select.select_option("hindu")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=appointee-docs]')][0]"
        ".querySelectorAll('[data-testid=oath-text]')[2].innerText.includes('hindu')"
    )
    assert [texts.nth(i).inner_text() for i in range(3)] == ["“SERVER hindu”"] * 3
    assert {"id": 77, "religion": "hindu", "pledge": False} in asked[OATH_DRAFT]
    assert page.errors == []


def test_berita_acara_print_page_by_page(print_page) -> None:  # type: ignore[no-untyped-def]
    page, _ = print_page
    page.goto("/#/ceremonies/5/print")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=letterhead] img').length === 8")
    page.wait_for_function(
        "() => [...document.querySelectorAll('.letterhead-arms')].every((img) => img.complete && img.naturalWidth > 0)"
    )
    sworn = page.locator("[data-testid=appointee-docs]").nth(1)
    oath = sworn.get_by_test_id("oath-text").first.inner_text()
    # The regulation's words, clause by clause, with the 'tidak memberi' clause; no level in it.
    assert all(clause in oath for clause in FORMULA.clauses) and "JPT Pratama" not in oath
    text = sworn.get_by_test_id("ba-sumpah").first.inner_text()
    for fact in (
        GOVERNMENT,
        "Nomor: 800/123/BKD/2026",
        DECREE,
        "Siti Rahma, S.Sos., M.A.P.",
        "Pembina Tingkat I, IV/b",
        "sebagai Kepala Dinas Kesehatan Provinsi Banten",
        "Saksi I\t:\tDr. Wira Saksi, S.H., M.H., NIP 19680101 199003 1 003",
        "Saksi II",
        "Serang, 26 Januari 2026",
        "Lembar pertama",
    ):
        assert fact in text, fact
    signatures = sworn.get_by_test_id("ba-sumpah").first.get_by_test_id("signature")
    assert [signatures.nth(i).inner_text().splitlines()[0] for i in range(4)] == [
        "Yang mengangkat sumpah/janji,",
        "Pejabat yang mengambil sumpah/janji,",
        "Saksi I,",
        "Saksi II,",
    ]
    assert "NIP 19680101 199003 1 003" in signatures.nth(2).inner_text()

    page.emulate_media(media="print")
    assert page.locator(".no-print").first.is_hidden()
    marks = ["BERITA ACARA PELANTIKAN", "BERITA ACARA PENGAMBILAN SUMPAH/JANJI JABATAN"]
    pages = _check_pages(page, "article.document", marks)
    copies = [
        i for i, p in enumerate(pages) if any(_squash(c) in p for c in ("Lembarpertama", "Lembarkedua", "Lembarketiga"))
    ]
    assert len(copies) == 6  # three copies of the oath's record per appointee, each starting its own page
    page.emulate_media(media="screen")
    assert page.errors == []


def test_documents_stay_indonesian_on_every_screen(print_page) -> None:  # type: ignore[no-untyped-def]
    """Indonesian and English screens at 390 and 1366 px (one page, so one sign-in): the screen's own
    texts follow the language, the documents stay Indonesian, nothing scrolls sideways."""
    page, _ = print_page
    page.goto("/#/ceremonies/5/print")
    for language in ("id", "en"):
        page.evaluate("(next) => import('/js/i18n.js').then((m) => m.setLang(next))", language)
        for width in (390, 1366):
            page.set_viewport_size({"width": width, "height": 844 if width == 390 else 900})
            page.get_by_test_id("ba-pelantikan").first.wait_for()
            expected = "Cetak berita acara" if language == "id" else "Print the official records"
            page.wait_for_function("(text) => document.querySelector('#print-title')?.innerText === text", arg=expected)
            document = page.get_by_test_id("ba-pelantikan").first.inner_text()
            assert "BERITA ACARA PELANTIKAN" in document and "Pangkat/golongan" in document and "Saksi I" in document
            assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), (language, width)
            # The screen's first view (a full page of eight documents would cost seconds each).
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"print-views-{language}-{width}.png"))
    assert page.errors == []


DOSSIER = {
    "nomination": {
        "id": 41,
        "kind": "PROMOTION",
        "state": "APPROVAL",
        "round": 1,
        "plannedDate": "2026-01-12",
        "decreeNumber": None,
        "decreeDate": None,
        "effectiveDate": None,
        "position": {
            "code": "P",
            "title": "Kepala Dinas Kesehatan",
            "level": "jpt_pratama",
            "eselon": "II.a",
            "unit": {"name": "Dinas Kesehatan"},
        },
        "nominee": {
            "nip": "197501012000031001",
            "name": "Budi Santoso",
            "fullName": "Dr. Budi Santoso, S.E., M.Si.",
            "golongan": "IV/b",
            "birthDate": "1975-01-01",
        },
        "approvals": [
            {
                "round": 1,
                "stepIndex": 0,
                "stepName": "Ketua TPK",
                "approvedAt": "2026-01-05T03:00:00Z",
                "void": False,
                "letterNumber": None,
                "letterDate": None,
                "official": {"name": "Dyah Pamungkas", "role": "panel_chair", "actingFor": None},
            },
            {
                "round": 1,
                "stepIndex": 1,
                "stepName": "Sekda",
                "approvedAt": "2026-01-07T03:00:00Z",
                "void": False,
                "letterNumber": "800/9/SETDA",
                "letterDate": "2026-01-07",
                "official": {"name": "Ahmad Plh", "role": "secretary", "actingFor": {"name": "Sekar Dewi"}},
            },
        ],
    }
}
CHECKS = [
    {"rule": "education", "passed": True, "severity": "required", "detail": "S2 ≥ S1", "key": None, "params": []},
    {"rule": "rank", "passed": True, "severity": "required", "detail": "IV/b ≥ IV/b", "key": None, "params": []},
    {"rule": "discipline", "passed": None, "severity": None, "detail": None, "key": None, "params": []},
]


def test_dossier_print_view(new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page({"width": 1366, "height": 900})
    sign_in(page, "operator")
    eligibility = {"eligibility": {"eligible": True, "asOf": "2026-01-12", "checks": CHECKS}}
    stub_graphql(
        page,
        {
            "query NominationDossier(": lambda _: DOSSIER,
            "query Eligibility(": lambda _: eligibility,
            "query Letterhead": lambda _: {"letterhead": {**LETTERHEAD, "armsUrl": None}},
        },
    )
    page.goto("/#/nominations/41/print")
    page.get_by_test_id("dossier-checks").wait_for()
    text = page.get_by_test_id("dossier-document").inner_text()
    for fact in (
        GOVERNMENT,
        "BERKAS USULAN PENGISIAN JABATAN",
        "Dr. Budi Santoso, S.E., M.Si.",
        "Memenuhi syarat",
        "Ahmad Plh, atas nama Sekar Dewi",
        "800/9/SETDA",
        "disembunyikan",
    ):
        assert fact in text, fact
    screenshot(page, "dossier-print-1366")
    page.emulate_media(media="print")
    _check_pages(page, "article.document", ["BERKAS USULAN PENGISIAN JABATAN"])
    assert page.errors == []


def test_operator_enters_the_document_number_and_officiant_nip(new_page) -> None:  # type: ignore[no-untyped-def]
    """Not stubbed: the ceremony page's form writes the Berita Acara's number and the officiant's NIP
    through the server, which refuses a bad NIP with a message saying what to do."""
    page = new_page({"width": 1366, "height": 900})
    sign_in(page, "operator")
    page.goto("/#/ceremonies")
    form = page.get_by_test_id("create-ceremony")
    form.get_by_label(message(page, "ceremony.place")).fill("Pendopo Gubernur")
    form.get_by_label(message(page, "ceremony.officiant")).fill("Sekretaris Daerah Provinsi Banten")
    form.get_by_role("button").click()
    page.get_by_test_id("ceremony-page").wait_for()
    details = page.get_by_test_id("document-details")
    details.get_by_label(message(page, "documents.numberLabel")).fill("800/77/BKD/2026")
    details.get_by_label(message(page, "documents.officiantNip")).fill("123")
    details.get_by_role("button").click()
    # refused in the reader's language, naming the value and what to do
    details.get_by_text(message(page, "reason.input.officiant_nip_invalid", nip="123")).wait_for()
    details.get_by_label(message(page, "documents.officiantNip")).fill("19700101 199503 1 001")
    details.get_by_role("button").click()
    page.get_by_text(message(page, "documents.saved")).wait_for()
    page.reload()
    number = page.get_by_test_id("document-details").get_by_label(message(page, "documents.numberLabel"))
    page.wait_for_function("() => document.querySelector('#document-number')?.value === '800/77/BKD/2026'")
    assert number.input_value() == "800/77/BKD/2026"
    assert page.locator("#officiant-nip").input_value() == "197001011995031001"
    assert page.errors == []
