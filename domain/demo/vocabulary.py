"""Words of the demo data: competencies, majors and titles, institutions, job titles, trainings.

Kept apart from the generators so the lists can grow without touching the logic. Institutions
are real universities (places, not persons); every personal name comes from ``names``.
"""

from __future__ import annotations

MANAGERIAL = (
    "Integritas",
    "Kerja Sama",
    "Komunikasi",
    "Orientasi pada Hasil",
    "Pelayanan Publik",
    "Pengembangan Diri dan Orang Lain",
    "Mengelola Perubahan",
    "Pengambilan Keputusan",
)
SOCIOCULTURAL = ("Perekat Bangsa",)
TECHNICAL = (
    "Manajemen ASN",
    "Perencanaan Pembangunan",
    "Pengelolaan Keuangan Daerah",
    "Pelayanan Kesehatan",
    "Penyelenggaraan Pendidikan",
    "Pengadaan Barang/Jasa",
    "Pengawasan Internal",
    "Penataan Ruang",
    "Penanggulangan Bencana",
    "Perancangan Peraturan",
)
ASSESSORS = (
    "UPT Penilaian Kompetensi BKD Provinsi Banten",
    "Pusat Penilaian Kompetensi ASN BKN",
    "Assessment Center BPSDMD Provinsi Banten",
)
INSTITUTIONS = (
    "Universitas Sultan Ageng Tirtayasa",
    "Universitas Padjadjaran",
    "Universitas Indonesia",
    "Universitas Gadjah Mada",
    "Institut Pertanian Bogor",
    "Institut Pemerintahan Dalam Negeri",
    "Universitas Terbuka",
    "UIN Sultan Maulana Hasanuddin Banten",
    "Universitas Diponegoro",
    "Universitas Brawijaya",
    "Universitas Hasanuddin",
    "Universitas Sumatera Utara",
    "Universitas Negeri Jakarta",
    "Universitas Mathla'ul Anwar",
)
# (S1 major, S1 title, S2 title)
MAJORS = (
    ("Ilmu Pemerintahan", "S.IP.", "M.Si."),
    ("Administrasi Negara", "S.Sos.", "M.AP."),
    ("Ilmu Hukum", "S.H.", "M.H."),
    ("Ekonomi Pembangunan", "S.E.", "M.M."),
    ("Akuntansi", "S.E.", "M.Ak."),
    ("Teknik Sipil", "S.T.", "M.T."),
    ("Teknik Informatika", "S.Kom.", "M.Kom."),
    ("Kesehatan Masyarakat", "S.K.M.", "M.Kes."),
    ("Pendidikan", "S.Pd.", "M.Pd."),
    ("Agribisnis", "S.P.", "M.Si."),
    ("Perencanaan Wilayah dan Kota", "S.T.", "M.Si."),
    ("Psikologi", "S.Psi.", "M.Psi."),
)
D3_MAJORS = ("Akuntansi", "Keperawatan", "Manajemen Informatika", "Kebidanan", "Administrasi Perkantoran")
SMA_MAJORS = ("IPA", "IPS")
PELAKSANA_TITLES = (
    "Pengadministrasi Umum",
    "Pengelola Data",
    "Pengelola Keuangan",
    "Pengadministrasi Kepegawaian",
    "Operator Layanan Operasional",
    "Penata Layanan Operasional",
    "Pengemudi",
)
JF_BY_OPD = {
    "DINDIKBUD": ("Guru",),
    "DINKES": ("Epidemiolog Kesehatan", "Tenaga Promosi Kesehatan", "Perawat"),
    "RSUD-BANTEN": ("Perawat", "Dokter", "Bidan", "Apoteker"),
    "RSUD-MALINGPING": ("Perawat", "Dokter", "Bidan"),
    "INSPEKTORAT": ("Auditor",),
    "BKD": ("Analis Sumber Daya Manusia Aparatur",),
    "BAPPEDA": ("Perencana",),
}
JF_GENERIC = ("Analis Kebijakan", "Perencana", "Pranata Komputer", "Arsiparis", "Pranata Humas", "Analis Keuangan")

TRAINING_NAMES = {
    "PKN_I": "Pelatihan Kepemimpinan Nasional Tingkat I",
    "PKN_II": "Pelatihan Kepemimpinan Nasional Tingkat II",
    "PKA": "Pelatihan Kepemimpinan Administrator",
    "PKP": "Pelatihan Kepemimpinan Pengawas",
    "other": "Pelatihan Dasar CPNS",
}

# Every (work result, behaviour) pair that gives a predicate, from the official matrix.
