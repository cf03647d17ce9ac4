"""The Berita Acara's facts as the server assembles them (issue 11, documents that pass the legal
bureau): letterhead, document number, the decree line, pangkat and golongan from the reference
data, the appointee's academic titles, Saksi I and II, the officiant's NIP — and who may see or
change them. The arms image: type and size checked, admin only, served to a signed-in user."""

from __future__ import annotations

from domain.clock import today
from domain.models import Employee
from domain.oath_formula import FORMULA
from testkit.drive import a_ceremony, drive_to
from testkit.province import HEAD_CANDIDATE, WITNESS_1, WITNESS_2, World

DOCUMENTS = """query($id: Int!) { ceremonyDocuments(id: $id) {
  documentNumber placeDateLine officiant { name nip }
  letterhead { provinceName governmentName address city armsUrl }
  appointees { nomination { id oathDraft } appointee { name nip } pangkatGolongan postName unitName decreeLine
    saksi { name nip } } } }"""
UPDATE = """mutation($c: Int!, $n: String, $nip: String) { updateCeremonyDocuments(ceremonyId: $c,
  documentNumber: $n, officiantNip: $nip) { __typename ... on Ceremony { id }
  ... on NotAllowed { message code } ... on InvalidInput { message } } }"""
LETTERHEAD = """mutation($p: String!, $a: String!, $c: String!) { updateLetterhead(provinceName: $p, address: $a,
  city: $c) { __typename ... on Letterhead { governmentName city } ... on NotAllowed { message code }
  ... on InvalidInput { message } } }"""
CONDUCT = """mutation($c: Int!) { conductCeremony(ceremonyId: $c, witnessNips: ["W1", "W2"],
  clergy: [{religion: "islam", name: "K.H. Ahmad"}]) { __typename
  ... on CeremonyConducted { results { ok message } } } }""".replace("W1", WITNESS_1).replace("W2", WITNESS_2)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def _titled(province: World) -> None:
    async with province.sessions() as session:
        row = await session.get(Employee, HEAD_CANDIDATE)
        assert row is not None
        row.front_title, row.back_title = "Dr.", "S.E., M.Si."
        session.add(row)
        await session.commit()


async def test_the_berita_acara_facts_come_from_the_server(province: World, as_user, client) -> None:  # type: ignore[no-untyped-def]
    await _titled(province)
    ceremony = await a_ceremony(province, today())
    nid = await drive_to(province, "inauguration", "KADINKES", nominee=HEAD_CANDIDATE, ceremony=ceremony)
    admin, operator = await as_user("admin"), await as_user("op-all")

    refused = (await operator.data(LETTERHEAD, {"p": "Banten", "a": "Serang", "c": "Serang"}))["updateLetterhead"]
    assert refused["__typename"] == "NotAllowed"
    bad = (await admin.data(LETTERHEAD, {"p": "Provinsi Banten", "a": "", "c": ""}))["updateLetterhead"]
    assert bad["__typename"] == "InvalidInput" and "Banten" in bad["message"] and "city" in bad["message"]
    set_ = (await admin.data(LETTERHEAD, {"p": "Banten", "a": "Jl. Syech Nawawi", "c": "Serang"}))["updateLetterhead"]
    assert set_ == {"__typename": "Letterhead", "governmentName": "PEMERINTAH PROVINSI BANTEN", "city": "Serang"}

    wrong_nip = (await operator.data(UPDATE, {"c": ceremony, "n": "800/1/BKD", "nip": "123"}))[
        "updateCeremonyDocuments"
    ]
    assert wrong_nip["__typename"] == "InvalidInput" and "officiant NIP 123" in wrong_nip["message"]
    unit_operator = await (await as_user("op-dinkes")).data(UPDATE, {"c": ceremony, "n": "x"})
    assert unit_operator["updateCeremonyDocuments"]["__typename"] == "NotAllowed"
    ok = await operator.data(UPDATE, {"c": ceremony, "n": "800/12/BKD/2026", "nip": "19700101 199503 1 001"})
    assert ok["updateCeremonyDocuments"] == {"__typename": "Ceremony", "id": ceremony}

    docs = (await operator.data(DOCUMENTS, {"id": ceremony}))["ceremonyDocuments"]
    assert docs["documentNumber"] == "800/12/BKD/2026"
    assert docs["officiant"] == {"name": "Gubernur Banten", "nip": "197001011995031001"}
    assert (
        docs["letterhead"]["governmentName"] == "PEMERINTAH PROVINSI BANTEN" and docs["letterhead"]["armsUrl"] is None
    )
    assert docs["placeDateLine"].startswith("Serang, ")
    [one] = docs["appointees"]
    assert one["nomination"]["id"] == nid
    assert one["appointee"] == {"name": "Dr. Budi Santoso, S.E., M.Si.", "nip": HEAD_CANDIDATE}
    assert one["pangkatGolongan"] == "Pembina Tingkat I, IV/b"
    assert one["postName"] == "Kepala Dinas Kesehatan Provinsi Banten"
    assert one["decreeLine"].startswith("Keputusan Gubernur Banten Nomor ")
    assert one["saksi"] == []  # the witnesses are known once the oath is recorded
    oath = one["nomination"]["oathDraft"]
    assert oath.startswith("Demi Allah, saya bersumpah:") and all(clause in oath for clause in FORMULA.clauses)
    assert "tidak memberi atau menyanggupi akan memberi sesuatu" in oath and "JPT Pratama" not in oath

    # The arms: a signed-in user reads it, only an admin stores it, only PNG/JPEG within the limit.
    assert (await client.get("/documents/arms")).status_code == 401
    bearer = lambda api: {"Authorization": f"Bearer {api.token}"}  # noqa: E731
    assert (await client.put("/documents/arms", content=PNG, headers=bearer(operator))).status_code == 403
    svg = await client.put("/documents/arms", content=b"<svg onload='x()'/>", headers=bearer(admin))
    assert svg.status_code == 400 and "neither PNG nor JPEG" in svg.json()["error"]
    big = await client.put("/documents/arms", content=PNG + b"\x00" * 210_000, headers=bearer(admin))
    assert big.status_code in (400, 413)
    assert (await client.put("/documents/arms", content=PNG, headers=bearer(admin))).status_code == 200
    served = await client.get("/documents/arms", headers=bearer(operator))
    assert served.status_code == 200 and served.content == PNG
    assert served.headers["content-type"] == "image/png" and served.headers["x-content-type-options"] == "nosniff"
    docs = (await operator.data(DOCUMENTS, {"id": ceremony}))["ceremonyDocuments"]
    assert docs["letterhead"]["armsUrl"].startswith("/documents/arms")

    # Saksi I and II once the oath is recorded, with their names as on the day; then the numbers are settled.
    result = (await operator.data(CONDUCT, {"c": ceremony}))["conductCeremony"]
    assert [r["ok"] for r in result["results"]] == [True], result
    [one] = (await operator.data(DOCUMENTS, {"id": ceremony}))["ceremonyDocuments"]["appointees"]
    assert [s["nip"] for s in one["saksi"]] == [WITNESS_1, WITNESS_2] and one["saksi"][0]["name"] == "Wira Saksi"
    late = (await operator.data(UPDATE, {"c": ceremony, "n": "other"}))["updateCeremonyDocuments"]
    assert late["__typename"] == "NotAllowed" and "signed records" in late["message"]


async def test_documents_show_only_what_the_viewer_may_see(province: World, as_user) -> None:  # type: ignore[no-untyped-def]
    ceremony = await a_ceremony(province, today())
    await drive_to(province, "inauguration", "KADINKES", nominee=HEAD_CANDIDATE, ceremony=ceremony)
    other_unit = (await (await as_user("op-bkd")).data(DOCUMENTS, {"id": ceremony}))["ceremonyDocuments"]
    assert other_unit["appointees"] == []  # the Dinas Kesehatan's appointee is not theirs to read
    employee = await (await as_user("candidate"))(DOCUMENTS, {"id": ceremony})
    assert employee["data"] is None or employee["data"]["ceremonyDocuments"] is None
    assert employee.get("errors")


async def test_every_role_against_the_document_mutations(province: World, as_user) -> None:  # type: ignore[no-untyped-def]
    """The permission matrix's two document mutations, every account of the test province: the
    letterhead is the admin's, the Berita Acara's number and officiant the province-wide operator's."""
    from testkit.province import ACCOUNTS

    ceremony = await a_ceremony(province, today())
    allowed = {"updateLetterhead": {"admin"}, "updateCeremonyDocuments": {"op-all"}}
    for username in ACCOUNTS:
        api = await as_user(username)
        answers = {
            "updateLetterhead": (await api.data(LETTERHEAD, {"p": "Banten", "a": "", "c": "Serang"}))[
                "updateLetterhead"
            ],
            "updateCeremonyDocuments": (await api.data(UPDATE, {"c": ceremony, "n": f"800/{username}"}))[
                "updateCeremonyDocuments"
            ],
        }
        for field, answer in answers.items():
            ok = answer["__typename"] in ("Letterhead", "Ceremony")
            assert ok == (username in allowed[field]), (field, username, answer)
            if not ok:
                assert answer["__typename"] == "NotAllowed" and answer["code"] in ("MISSING_ROLE", "OUT_OF_UNIT")
