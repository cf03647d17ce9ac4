"""The demo province's organisation: units (OPD and their sub-units) and the posts in them.

Modelled on Banten's provincial government: Sekretariat Daerah with asisten, staf ahli and biro,
the Inspektorat, badan, dinas, two RSUD and Satpol PP. Every OPD gets a head (JPT Pratama), a
second tier (Administrator: sekretaris, kepala bidang/bagian) and a third (Pengawas: kepala
seksi/subbagian), plus a few single-holder fungsional and pelaksana posts. The structure does not
depend on the random seed, so two demo databases always share their post codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from domain.reference import Level


@dataclass(frozen=True)
class Opd:
    """One organisation unit under the province: ``kind`` picks the shape of its sub-units."""

    code: str
    name: str
    kind: str  # dinas | badan | inspektorat | biro | rsud | satpol
    head_title: str
    eselon: str
    divisions: tuple[str, ...]  # bidang / bagian / inspektur pembantu names


@dataclass
class Post:
    code: str
    title: str
    unit_code: str
    level: Level
    eselon: str | None
    parent_code: str | None
    opd_code: str
    is_key: bool = False

    def row(self) -> dict[str, object]:
        return {
            "code": self.code,
            "title": self.title,
            "unit_code": self.unit_code,
            "level": self.level.value,
            "eselon": self.eselon,
            "parent_code": self.parent_code,
            "is_key": self.is_key,
        }


@dataclass
class Organisation:
    units: list[dict[str, object]] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    unit_names: dict[str, str] = field(default_factory=dict)
    # sub-unit codes of each OPD (for placing staff without a post of their own)
    opd_units: dict[str, list[str]] = field(default_factory=dict)

    def add_unit(self, code: str, name: str, parent: str | None, opd: str | None) -> None:
        self.units.append({"code": code, "name": name, "parent_code": parent})
        self.unit_names[code] = name
        if opd is not None:
            self.opd_units.setdefault(opd, []).append(code)

    def add_post(self, post: Post) -> Post:
        self.posts.append(post)
        return post

    def by_level(self, level: Level) -> list[Post]:
        return [p for p in self.posts if p.level is level]


ROOT = "PROV"
SETDA = "SETDA"
SEKDA_POST = "SETDA-SEKDA"
# Posts whose holders sign in as officials in the demo (never among the vacant ten).
ASISTEN_ADMINISTRASI_POST = "SETDA-ASISTEN3"
BKD_HEAD_POST = "BKD-KEPALA"
INSPEKTUR_POST = "INSPEKTORAT-KEPALA"

_BIRO = [
    ("BIRO-PEM", "Biro Pemerintahan", ("Bagian Tata Pemerintahan", "Bagian Otonomi Daerah", "Bagian Kerja Sama")),
    ("BIRO-HKM", "Biro Hukum", ("Bagian Perundang-undangan", "Bagian Bantuan Hukum", "Bagian Dokumentasi Hukum")),
    ("BIRO-EKO", "Biro Perekonomian", ("Bagian Perekonomian Daerah", "Bagian BUMD", "Bagian Sumber Daya Alam")),
    (
        "BIRO-ADPEM",
        "Biro Administrasi Pembangunan",
        ("Bagian Pengendalian Pembangunan", "Bagian Evaluasi Pembangunan", "Bagian Data Pembangunan"),
    ),
    (
        "BIRO-KESRA",
        "Biro Kesejahteraan Rakyat",
        ("Bagian Bina Mental", "Bagian Pendidikan", "Bagian Kesejahteraan Sosial"),
    ),
    ("BIRO-UMUM", "Biro Umum", ("Bagian Tata Usaha", "Bagian Rumah Tangga", "Bagian Keuangan")),
    ("BIRO-ORG", "Biro Organisasi", ("Bagian Kelembagaan", "Bagian Tata Laksana", "Bagian Reformasi Birokrasi")),
    (
        "BIRO-PBJ",
        "Biro Pengadaan Barang/Jasa",
        ("Bagian Pengelolaan Pengadaan", "Bagian Layanan Pengadaan Elektronik", "Bagian Pembinaan Pengadaan"),
    ),
]
# Which asisten each biro reports to (1 pemerintahan & kesra, 2 perekonomian & pembangunan, 3 administrasi umum).
_BIRO_ASISTEN = {
    "BIRO-PEM": 1,
    "BIRO-HKM": 1,
    "BIRO-KESRA": 1,
    "BIRO-EKO": 2,
    "BIRO-ADPEM": 2,
    "BIRO-PBJ": 2,
    "BIRO-UMUM": 3,
    "BIRO-ORG": 3,
}
_ASISTEN = [
    "Asisten Pemerintahan dan Kesejahteraan Rakyat",
    "Asisten Perekonomian dan Pembangunan",
    "Asisten Administrasi Umum",
]
_STAF_AHLI = [
    "Staf Ahli Gubernur Bidang Pemerintahan, Hukum dan Politik",
    "Staf Ahli Gubernur Bidang Ekonomi dan Keuangan",
    "Staf Ahli Gubernur Bidang Kemasyarakatan dan Sumber Daya Manusia",
]

_OPDS = [
    Opd(
        "INSPEKTORAT",
        "Inspektorat",
        "inspektorat",
        "Inspektur",
        "II.a",
        (
            "Inspektur Pembantu Wilayah I",
            "Inspektur Pembantu Wilayah II",
            "Inspektur Pembantu Wilayah III",
            "Inspektur Pembantu Wilayah IV",
        ),
    ),
    Opd(
        "BKD",
        "Badan Kepegawaian Daerah",
        "badan",
        "Kepala Badan Kepegawaian Daerah",
        "II.a",
        (
            "Bidang Pengadaan dan Informasi Kepegawaian",
            "Bidang Mutasi dan Promosi",
            "Bidang Pengembangan Karier",
            "Bidang Kinerja dan Disiplin",
        ),
    ),
    Opd(
        "BAPPEDA",
        "Badan Perencanaan Pembangunan Daerah",
        "badan",
        "Kepala Bappeda",
        "II.a",
        (
            "Bidang Perencanaan Makro",
            "Bidang Infrastruktur dan Kewilayahan",
            "Bidang Perekonomian",
            "Bidang Pemerintahan dan Pembangunan Manusia",
        ),
    ),
    Opd(
        "BPKAD",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        "badan",
        "Kepala BPKAD",
        "II.a",
        ("Bidang Anggaran", "Bidang Perbendaharaan", "Bidang Akuntansi", "Bidang Aset"),
    ),
    Opd(
        "BAPENDA",
        "Badan Pendapatan Daerah",
        "badan",
        "Kepala Bapenda",
        "II.a",
        ("Bidang Pajak Daerah", "Bidang Retribusi dan Pendapatan Lain", "Bidang Pengendalian dan Evaluasi"),
    ),
    Opd(
        "BPSDMD",
        "Badan Pengembangan Sumber Daya Manusia Daerah",
        "badan",
        "Kepala BPSDMD",
        "II.a",
        (
            "Bidang Pengembangan Kompetensi Manajerial",
            "Bidang Pengembangan Kompetensi Teknis",
            "Bidang Sertifikasi Kompetensi",
        ),
    ),
    Opd(
        "BPBD",
        "Badan Penanggulangan Bencana Daerah",
        "badan",
        "Kepala Pelaksana BPBD",
        "II.a",
        (
            "Bidang Pencegahan dan Kesiapsiagaan",
            "Bidang Kedaruratan dan Logistik",
            "Bidang Rehabilitasi dan Rekonstruksi",
        ),
    ),
    Opd(
        "KESBANGPOL",
        "Badan Kesatuan Bangsa dan Politik",
        "badan",
        "Kepala Badan Kesbangpol",
        "II.a",
        (
            "Bidang Ideologi dan Wawasan Kebangsaan",
            "Bidang Politik Dalam Negeri",
            "Bidang Ketahanan Ekonomi dan Sosial",
        ),
    ),
    Opd(
        "BALITBANGDA",
        "Badan Penelitian dan Pengembangan Daerah",
        "badan",
        "Kepala Balitbangda",
        "II.a",
        ("Bidang Inovasi dan Teknologi", "Bidang Sosial dan Pemerintahan", "Bidang Ekonomi dan Pembangunan"),
    ),
    Opd(
        "DINDIKBUD",
        "Dinas Pendidikan dan Kebudayaan",
        "dinas",
        "Kepala Dinas Pendidikan dan Kebudayaan",
        "II.a",
        ("Bidang Pembinaan SMA", "Bidang Pembinaan SMK", "Bidang Pendidikan Khusus", "Bidang Kebudayaan"),
    ),
    Opd(
        "DINKES",
        "Dinas Kesehatan",
        "dinas",
        "Kepala Dinas Kesehatan",
        "II.a",
        (
            "Bidang Kesehatan Masyarakat",
            "Bidang Pencegahan dan Pengendalian Penyakit",
            "Bidang Pelayanan Kesehatan",
            "Bidang Sumber Daya Kesehatan",
        ),
    ),
    Opd(
        "DPUPR",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        "dinas",
        "Kepala Dinas PUPR",
        "II.a",
        ("Bidang Bina Marga", "Bidang Sumber Daya Air", "Bidang Cipta Karya", "Bidang Penataan Ruang"),
    ),
    Opd(
        "DINSOS",
        "Dinas Sosial",
        "dinas",
        "Kepala Dinas Sosial",
        "II.a",
        ("Bidang Rehabilitasi Sosial", "Bidang Perlindungan dan Jaminan Sosial", "Bidang Pemberdayaan Sosial"),
    ),
    Opd(
        "DISHUB",
        "Dinas Perhubungan",
        "dinas",
        "Kepala Dinas Perhubungan",
        "II.a",
        ("Bidang Lalu Lintas Angkutan Jalan", "Bidang Pelayaran", "Bidang Perkeretaapian"),
    ),
    Opd(
        "DISTAN",
        "Dinas Pertanian",
        "dinas",
        "Kepala Dinas Pertanian",
        "II.a",
        ("Bidang Tanaman Pangan", "Bidang Hortikultura", "Bidang Peternakan dan Kesehatan Hewan", "Bidang Perkebunan"),
    ),
    Opd(
        "DISPERINDAG",
        "Dinas Perindustrian dan Perdagangan",
        "dinas",
        "Kepala Dinas Perindustrian dan Perdagangan",
        "II.a",
        (
            "Bidang Perindustrian",
            "Bidang Perdagangan Dalam Negeri",
            "Bidang Perdagangan Luar Negeri",
            "Bidang Perlindungan Konsumen",
        ),
    ),
    Opd(
        "DISPAR",
        "Dinas Pariwisata",
        "dinas",
        "Kepala Dinas Pariwisata",
        "II.a",
        ("Bidang Destinasi Pariwisata", "Bidang Pemasaran Pariwisata", "Bidang Ekonomi Kreatif"),
    ),
    Opd(
        "DLHK",
        "Dinas Lingkungan Hidup dan Kehutanan",
        "dinas",
        "Kepala Dinas Lingkungan Hidup dan Kehutanan",
        "II.a",
        ("Bidang Tata Lingkungan", "Bidang Pengendalian Pencemaran", "Bidang Kehutanan"),
    ),
    Opd(
        "DISNAKERTRANS",
        "Dinas Tenaga Kerja dan Transmigrasi",
        "dinas",
        "Kepala Dinas Tenaga Kerja dan Transmigrasi",
        "II.a",
        ("Bidang Pelatihan dan Produktivitas", "Bidang Penempatan Tenaga Kerja", "Bidang Hubungan Industrial"),
    ),
    Opd(
        "DPMPTSP",
        "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
        "dinas",
        "Kepala DPMPTSP",
        "II.a",
        ("Bidang Promosi Penanaman Modal", "Bidang Pelayanan Perizinan", "Bidang Pengendalian Penanaman Modal"),
    ),
    Opd(
        "DISKOMINFO",
        "Dinas Komunikasi, Informatika, Statistik dan Persandian",
        "dinas",
        "Kepala Diskominfo",
        "II.a",
        ("Bidang Informasi dan Komunikasi Publik", "Bidang Aplikasi Informatika", "Bidang Statistik dan Persandian"),
    ),
    Opd(
        "DISPORA",
        "Dinas Kepemudaan dan Olahraga",
        "dinas",
        "Kepala Dinas Kepemudaan dan Olahraga",
        "II.a",
        ("Bidang Kepemudaan", "Bidang Olahraga Prestasi", "Bidang Sarana Prasarana Olahraga"),
    ),
    Opd(
        "DKP",
        "Dinas Kelautan dan Perikanan",
        "dinas",
        "Kepala Dinas Kelautan dan Perikanan",
        "II.a",
        ("Bidang Perikanan Tangkap", "Bidang Perikanan Budidaya", "Bidang Kelautan dan Pesisir"),
    ),
    Opd(
        "DPRKP",
        "Dinas Perumahan Rakyat dan Kawasan Permukiman",
        "dinas",
        "Kepala Dinas Perkim",
        "II.a",
        ("Bidang Perumahan", "Bidang Kawasan Permukiman", "Bidang Prasarana dan Utilitas"),
    ),
    Opd(
        "DPMD",
        "Dinas Pemberdayaan Masyarakat dan Desa",
        "dinas",
        "Kepala DPMD",
        "II.a",
        ("Bidang Pemerintahan Desa", "Bidang Pemberdayaan Masyarakat", "Bidang Ekonomi Desa"),
    ),
    Opd(
        "DP3AKKB",
        "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Kependudukan dan KB",
        "dinas",
        "Kepala DP3AKKB",
        "II.a",
        ("Bidang Pemberdayaan Perempuan", "Bidang Perlindungan Anak", "Bidang Kependudukan dan KB"),
    ),
    Opd(
        "DPK",
        "Dinas Perpustakaan dan Kearsipan",
        "dinas",
        "Kepala Dinas Perpustakaan dan Kearsipan",
        "II.a",
        ("Bidang Perpustakaan", "Bidang Kearsipan", "Bidang Pelestarian Bahan Pustaka"),
    ),
    Opd(
        "DINKOPUKM",
        "Dinas Koperasi dan Usaha Kecil Menengah",
        "dinas",
        "Kepala Dinas Koperasi dan UKM",
        "II.a",
        ("Bidang Kelembagaan Koperasi", "Bidang Pemberdayaan UKM", "Bidang Pengawasan Koperasi"),
    ),
    Opd(
        "DKPANGAN",
        "Dinas Ketahanan Pangan",
        "dinas",
        "Kepala Dinas Ketahanan Pangan",
        "II.a",
        ("Bidang Ketersediaan Pangan", "Bidang Distribusi Pangan", "Bidang Konsumsi dan Keamanan Pangan"),
    ),
    Opd(
        "DESDM",
        "Dinas Energi dan Sumber Daya Mineral",
        "dinas",
        "Kepala Dinas ESDM",
        "II.a",
        ("Bidang Energi", "Bidang Ketenagalistrikan", "Bidang Mineral dan Batubara"),
    ),
    Opd(
        "RSUD-BANTEN",
        "RSUD Provinsi Banten",
        "rsud",
        "Direktur RSUD Provinsi Banten",
        "II.b",
        ("Bidang Pelayanan Medik", "Bidang Keperawatan", "Bagian Umum dan Keuangan"),
    ),
    Opd(
        "RSUD-MALINGPING",
        "RSUD Malingping",
        "rsud",
        "Direktur RSUD Malingping",
        "II.b",
        ("Bidang Pelayanan", "Bagian Umum dan Keuangan"),
    ),
    Opd(
        "SATPOLPP",
        "Satuan Polisi Pamong Praja",
        "satpol",
        "Kepala Satuan Polisi Pamong Praja",
        "II.a",
        ("Bidang Penegakan Perda", "Bidang Ketertiban Umum", "Bidang Perlindungan Masyarakat"),
    ),
]

_SUBBAG_SEKRETARIAT = ("Subbagian Umum dan Kepegawaian", "Subbagian Keuangan", "Subbagian Perencanaan dan Pelaporan")
_SEKSI_PATTERNS = ("Seksi Perencanaan", "Seksi Pembinaan", "Seksi Pengendalian")
# A few single-holder posts per OPD at the non-structural levels, so every level has posts and vacancies.
_FUNGSIONAL_POSTS = ("Analis Kebijakan Ahli Madya", "Perencana Ahli Muda")
_PELAKSANA_POSTS = ("Pengadministrasi Perkantoran", "Pengelola Keuangan")


def _topic(division: str) -> str:
    for prefix in ("Bidang ", "Bagian ", "Inspektur Pembantu "):
        if division.startswith(prefix):
            return division[len(prefix) :]
    return division


def _third_tier_names(division: str) -> list[str]:
    topic = _topic(division)
    if division.startswith("Bagian "):
        return [f"Subbagian {word} {topic}" for word in ("Program", "Pelaksanaan")]
    if division.startswith("Inspektur Pembantu"):
        return []  # audits are done by JF auditors, no seksi
    return [f"{pattern} {topic}" for pattern in _SEKSI_PATTERNS]


def build_organisation() -> Organisation:
    """The whole tree, always the same: it depends on no seed."""
    org = Organisation()
    org.add_unit(ROOT, "Pemerintah Provinsi Banten", None, None)
    org.add_unit(SETDA, "Sekretariat Daerah", ROOT, SETDA)
    sekda = org.add_post(Post(SEKDA_POST, "Sekretaris Daerah", SETDA, Level.JPT_MADYA, "I.b", None, SETDA, is_key=True))
    for i, title in enumerate(_ASISTEN, start=1):
        org.add_post(Post(f"SETDA-ASISTEN{i}", title, SETDA, Level.JPT_PRATAMA, "II.a", sekda.code, SETDA, True))
    for i, title in enumerate(_STAF_AHLI, start=1):
        org.add_post(Post(f"SETDA-STAFAHLI{i}", title, SETDA, Level.JPT_PRATAMA, "II.a", sekda.code, SETDA, True))
    for code, name, divisions in _BIRO:
        org.add_unit(code, name, SETDA, code)
        parent = f"SETDA-ASISTEN{_BIRO_ASISTEN[code]}"
        head = org.add_post(
            Post(f"{code}-KEPALA", f"Kepala {name}", code, Level.JPT_PRATAMA, "II.b", parent, code, is_key=True)
        )
        _add_divisions(org, code, head, divisions)
        _add_non_structural(org, code, head)
    for opd in _OPDS:
        org.add_unit(opd.code, opd.name, ROOT, opd.code)
        head = org.add_post(
            Post(
                f"{opd.code}-KEPALA",
                opd.head_title,
                opd.code,
                Level.JPT_PRATAMA,
                opd.eselon,
                sekda.code,
                opd.code,
                True,
            )
        )
        if opd.kind == "rsud":
            for wadir in ("Wakil Direktur Pelayanan", "Wakil Direktur Umum dan Keuangan"):
                suffix = "WADIR-YAN" if "Pelayanan" in wadir else "WADIR-UMUM"
                org.add_post(
                    Post(
                        f"{opd.code}-{suffix}",
                        f"{wadir} {opd.name}",
                        opd.code,
                        Level.ADMINISTRATOR,
                        "III.a",
                        head.code,
                        opd.code,
                    )
                )
        else:
            sek_unit = f"{opd.code}-SEK"
            org.add_unit(sek_unit, f"Sekretariat {opd.name}", opd.code, opd.code)
            sek = org.add_post(
                Post(
                    f"{sek_unit}-KEPALA",
                    f"Sekretaris {opd.name}",
                    sek_unit,
                    Level.ADMINISTRATOR,
                    "III.a",
                    head.code,
                    opd.code,
                )
            )
            for j, name in enumerate(_SUBBAG_SEKRETARIAT, start=1):
                unit = f"{sek_unit}-SB{j}"
                org.add_unit(unit, name, sek_unit, opd.code)
                org.add_post(Post(f"{unit}-KEPALA", f"Kepala {name}", unit, Level.PENGAWAS, "IV.a", sek.code, opd.code))
        _add_divisions(org, opd.code, head, opd.divisions)
        _add_non_structural(org, opd.code, head)
    return org


def _add_divisions(org: Organisation, opd_code: str, head: Post, divisions: tuple[str, ...]) -> None:
    for i, division in enumerate(divisions, start=1):
        unit = f"{opd_code}-D{i}"
        org.add_unit(unit, division, opd_code, opd_code)
        title = division if division.startswith("Inspektur Pembantu") else f"Kepala {division}"
        chief = org.add_post(Post(f"{unit}-KEPALA", title, unit, Level.ADMINISTRATOR, "III.b", head.code, opd_code))
        for j, name in enumerate(_third_tier_names(division), start=1):
            sub = f"{unit}-S{j}"
            org.add_unit(sub, name, unit, opd_code)
            org.add_post(Post(f"{sub}-KEPALA", f"Kepala {name}", sub, Level.PENGAWAS, "IV.a", chief.code, opd_code))


def _add_non_structural(org: Organisation, opd_code: str, head: Post) -> None:
    for j, title in enumerate(_FUNGSIONAL_POSTS, start=1):
        org.add_post(Post(f"{opd_code}-JF{j}", title, opd_code, Level.FUNGSIONAL, None, head.code, opd_code))
    for j, title in enumerate(_PELAKSANA_POSTS, start=1):
        org.add_post(Post(f"{opd_code}-PL{j}", title, opd_code, Level.PELAKSANA, None, head.code, opd_code))
