"""The words of the oath of office (sumpah/janji jabatan), as reference data with their sources.

National law, not regional configuration, so the formula lives in code like ``domain.reference``;
the server renders every oath text from it (``workflow.oath.oath_text``) and the Berita Acara
prints the recorded text. Each part names where it comes from; :data:`CHECKED` says what was
compared with what, so a reviewer at the legal bureau knows what to check against the gazette.

The formula (``FORMULA``) is the same for JPT, administrator and pengawas posts: "jabatan ini" —
the post is named in the Berita Acara's sentence before the oath, never by its level.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CHECKED", "CLOSINGS", "FORMULA", "OPENINGS", "PLEDGE_OPENING", "SOURCE", "Formula", "render"]

SOURCE = (
    "PP 11/2017 tentang Manajemen PNS, sebagaimana diubah dengan PP 17/2020 (pelantikan dan sumpah/janji "
    "jabatan: Pasal 63, 93, 141); Peraturan Kepala BKN Nomor 7 Tahun 2017 tentang Tata Cara Pelantikan dan "
    "Pengambilan Sumpah/Janji Jabatan Administrator, Jabatan Pengawas, Jabatan Fungsional, dan Jabatan Pimpinan "
    "Tinggi (15 Juni 2017), Lampiran: susunan kata-kata sumpah/janji jabatan"
)

# The opening by religion, and the closing some religions add (shared/domain.md, "Inauguration and
# oath", from the Perka's Lampiran). Anyone who objects to an oath takes the pledge (janji).
OPENINGS: dict[str, str] = {
    "islam": "Demi Allah, saya bersumpah",
    "kristen": "Demi Allah, saya bersumpah",
    "katolik": "Demi Allah, saya bersumpah",
    "hindu": "Om Atah Paramawisesa, saya bersumpah",
    "buddha": "Demi Sang Hyang Adi Budha, saya bersumpah",
    "khonghucu": (
        "Kehadirat Tian di tempat yang Maha tinggi dengan bimbingan rohani Nabi Kong Zi, Dipermuliakanlah, "
        "saya bersumpah"
    ),
}
CLOSINGS: dict[str, str] = {"kristen": "Semoga Tuhan menolong saya.", "katolik": "Semoga Tuhan menolong saya."}
PLEDGE_OPENING = "Demi Tuhan Yang Maha Esa, saya menyatakan dan berjanji dengan sungguh-sungguh"


@dataclass(frozen=True)
class Formula:
    """The clauses read after the opening, each one "bahwa saya …", in order."""

    clauses: tuple[str, ...]
    source: str


FORMULA = Formula(
    clauses=(
        "bahwa saya, untuk diangkat dalam jabatan ini, baik langsung maupun tidak langsung, dengan rupa atau "
        "dalih apapun juga, tidak memberi atau menyanggupi akan memberi sesuatu kepada siapapun juga;",
        "bahwa saya, akan setia dan taat kepada Undang-Undang Dasar Negara Republik Indonesia Tahun 1945 serta "
        "akan menjalankan segala peraturan perundang-undangan dengan selurus-lurusnya, demi dharma bakti saya "
        "kepada bangsa dan negara;",
        "bahwa saya dalam menjalankan tugas jabatan, akan menjunjung etika jabatan, bekerja dengan sebaik-baiknya, "
        "dan dengan penuh rasa tanggung jawab;",
        "bahwa saya, akan menjaga integritas, tidak menyalahgunakan kewenangan, serta menghindarkan diri dari "
        "perbuatan tercela.",
    ),
    source=SOURCE,
)

# What each part was compared with when it was written down (Nov 2026), and what is still to check.
CHECKED = (
    "Clauses 2-4: word for word as the Lampiran of Perka BKN 7/2017 is quoted by the Sekretariat Kabinet's "
    "announcement of 17 July 2017 (reported by hukumonline and others) and printed on agencies' Berita Acara "
    "since. Clause 1 (the promise not to give anything to be appointed) keeps the words of the sumpah jabatan "
    "of Perpres 11/1959 Pasal 2 ('untuk diangkat pada jabatan ini' there); shared/domain.md and issue 11 require it "
    "in the formula. The gazette text of the Lampiran (bkn.go.id) could not be read offline: compare clause 1 with "
    "it before the first real ceremony. Openings and closings: shared/domain.md."
)


def render(religion: str | None, pledge: bool) -> str:
    """The full text the appointee reads: the opening (by religion, or the pledge), a colon, each
    clause on its own line, and the religion's closing if it has one. A religion without an oath
    form gets the pledge (the caller refuses that case unless the pledge was chosen)."""
    if pledge or religion not in OPENINGS:
        opening, closing = PLEDGE_OPENING, ""
    else:
        opening, closing = OPENINGS[religion], CLOSINGS.get(religion, "")  # type: ignore[index]
    lines = [f"{opening}:", *FORMULA.clauses]
    if closing:
        lines.append(closing)
    return "\n".join(lines)
