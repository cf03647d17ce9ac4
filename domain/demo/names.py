"""Invented personal names for the demo: given and family names common in many regions of
Indonesia, combined at random, so no row describes a real person.

Each pool is tied loosely to a religion so that, e.g., a Balinese Hindu name goes with ``hindu``;
most Indonesians (and most of Banten) carry Sundanese, Javanese or Arabic-derived names.
"""

from __future__ import annotations

import random

from domain.reference import Gender, Religion

# (male given names, female given names, family/second names)
_SUNDA_BANTEN = (
    [
        "Asep",
        "Dadang",
        "Ujang",
        "Cecep",
        "Dede",
        "Agus",
        "Yayan",
        "Iwan",
        "Wawan",
        "Hendra",
        "Rudi",
        "Ade",
        "Deden",
        "Engkos",
        "Jajang",
        "Ahmad",
        "Ujang",
        "Dayat",
        "Endang",
        "Rahmat",
        "Acep",
        "Nana",
        "Ridwan",
        "Komar",
        "Ayi",
        "Tatang",
    ],
    [
        "Neneng",
        "Euis",
        "Imas",
        "Iis",
        "Cucu",
        "Yuyun",
        "Tati",
        "Dewi",
        "Rina",
        "Lilis",
        "Nining",
        "Elis",
        "Enok",
        "Siti",
        "Ai",
        "Kokom",
        "Nenden",
        "Ratna",
        "Wulan",
        "Teti",
    ],
    [
        "Suryana",
        "Permana",
        "Kusnadi",
        "Sudrajat",
        "Hidayat",
        "Ruhiyat",
        "Sopandi",
        "Saputra",
        "Setiawan",
        "Gunawan",
        "Hermawan",
        "Mulyana",
        "Sukmana",
        "Rohendi",
        "Supriatna",
        "Nugraha",
        "Kurniawan",
        "Firmansyah",
        "Hasanudin",
        "Sobari",
        "Jayadi",
        "Maulana",
        "Somantri",
    ],
)
_JAWA = (
    [
        "Bambang",
        "Budi",
        "Slamet",
        "Joko",
        "Sugeng",
        "Heru",
        "Agung",
        "Bayu",
        "Eko",
        "Dwi",
        "Teguh",
        "Wahyu",
        "Hadi",
        "Priyo",
        "Sigit",
        "Tri",
        "Yudi",
        "Anton",
        "Gatot",
        "Kukuh",
        "Aris",
        "Bagus",
    ],
    [
        "Sri",
        "Endang",
        "Wahyuni",
        "Sulistyowati",
        "Retno",
        "Ratih",
        "Yuniarti",
        "Astuti",
        "Puji",
        "Lestari",
        "Tutik",
        "Indah",
        "Kartika",
        "Utami",
        "Rahayu",
        "Dyah",
        "Ayu",
        "Sekar",
        "Nurul",
    ],
    [
        "Santoso",
        "Wibowo",
        "Prasetyo",
        "Susanto",
        "Nugroho",
        "Purnomo",
        "Wicaksono",
        "Hartono",
        "Widodo",
        "Sutrisno",
        "Prabowo",
        "Pamungkas",
        "Subagyo",
        "Handoko",
        "Suryadi",
        "Kuncoro",
        "Wijayanto",
        "Hidayanto",
        "Sasongko",
    ],
)
_MELAYU_ISLAM = (
    [
        "Muhammad",
        "Ahmad",
        "Abdul",
        "Rizky",
        "Fajar",
        "Irfan",
        "Yusuf",
        "Hamzah",
        "Ilham",
        "Faisal",
        "Arif",
        "Hafiz",
        "Zulkifli",
        "Syahrul",
        "Fikri",
        "Taufik",
        "Rahman",
        "Lukman",
        "Hasan",
    ],
    [
        "Nur",
        "Siti",
        "Aisyah",
        "Fatimah",
        "Annisa",
        "Zahra",
        "Nadia",
        "Rahmah",
        "Laila",
        "Salma",
        "Khadijah",
        "Hafsah",
        "Mutiara",
        "Intan",
        "Putri",
        "Fitri",
        "Rahmawati",
        "Nurhayati",
    ],
    [
        "Hakim",
        "Siregar",
        "Harahap",
        "Lubis",
        "Nasution",
        "Rangkuti",
        "Daulay",
        "Chaniago",
        "Koto",
        "Piliang",
        "Tanjung",
        "Rasyid",
        "Syafii",
        "Anwar",
        "Zainuddin",
        "Halim",
        "Yahya",
    ],
)
_BUGIS_MAKASSAR = (
    ["Andi", "Muhammad", "Arfan", "Syamsul", "Rusli", "Baharuddin", "Ilyas", "Ansar", "Akbar", "Ishak"],
    ["Andi", "Nurul", "Hasnah", "Marlina", "Rosmini", "Sitti", "Hasriani", "Nurhaedah"],
    ["Mappanyukki", "Daeng", "Pawellangi", "Latief", "Tahir", "Mustari", "Ramli", "Palallo"],
)
_BATAK_KRISTEN = (
    [
        "Hotman",
        "Parlindungan",
        "Binsar",
        "Togar",
        "Marihot",
        "Jonathan",
        "Samuel",
        "Daniel",
        "Yohanes",
        "Stefanus",
        "Robert",
    ],
    ["Rosmawati", "Lasmaria", "Tiurma", "Debora", "Maria", "Rebekka", "Ester", "Kristina", "Yohana", "Ruth"],
    [
        "Simanjuntak",
        "Situmorang",
        "Sihombing",
        "Pardede",
        "Sinaga",
        "Hutapea",
        "Manurung",
        "Panjaitan",
        "Tambunan",
        "Silalahi",
        "Simatupang",
    ],
)
_TIMUR_KRISTEN = (
    [
        "Fransiskus",
        "Yohanes",
        "Antonius",
        "Petrus",
        "Paulus",
        "Markus",
        "Aloysius",
        "Gregorius",
        "Benediktus",
        "Kornelis",
    ],
    ["Maria", "Theresia", "Agustina", "Veronika", "Margaretha", "Elisabeth", "Angelina", "Bernadeta", "Fransiska"],
    [
        "Wenas",
        "Lumintang",
        "Rumondor",
        "Tumbelaka",
        "Pattiasina",
        "Latuconsina",
        "Wattimena",
        "Sahetapy",
        "Manuputty",
        "Ratu",
        "Kaunang",
    ],
)
_BALI = (
    ["Wayan", "Made", "Nyoman", "Ketut", "Putu", "Kadek", "Komang", "Gede"],
    ["Ayu", "Sri", "Luh", "Wayan", "Made", "Putu", "Kadek", "Komang"],
    ["Sudarsana", "Wirawan", "Adnyana", "Suardana", "Darmawan", "Mahendra", "Arsana", "Sukerta", "Yasa", "Widiarta"],
)
_TIONGHOA = (
    ["Hendra", "Budi", "Andreas", "Wijaya", "Kevin", "Sugianto", "Setiadi", "Tjahjadi", "Rudy"],
    ["Lina", "Mei", "Susanti", "Fenny", "Vivian", "Meilani", "Lanny", "Yenny", "Suryani"],
    ["Halim", "Gunawan", "Tanoto", "Kusuma", "Hartanto", "Wijaya", "Santoso", "Tjandra", "Salim", "Lie"],
)

_POOLS_BY_RELIGION: dict[Religion, list[tuple[tuple[list[str], list[str], list[str]], int]]] = {
    Religion.ISLAM: [(_SUNDA_BANTEN, 45), (_JAWA, 30), (_MELAYU_ISLAM, 18), (_BUGIS_MAKASSAR, 7)],
    Religion.KRISTEN: [(_BATAK_KRISTEN, 60), (_TIMUR_KRISTEN, 30), (_JAWA, 10)],
    Religion.KATOLIK: [(_TIMUR_KRISTEN, 60), (_BATAK_KRISTEN, 25), (_JAWA, 15)],
    Religion.HINDU: [(_BALI, 100)],
    Religion.BUDDHA: [(_TIONGHOA, 80), (_JAWA, 20)],
    Religion.KHONGHUCU: [(_TIONGHOA, 100)],
    Religion.KEPERCAYAAN: [(_SUNDA_BANTEN, 70), (_JAWA, 30)],
}
_CUMULATIVE = {religion: (pools, [w for _, w in pools]) for religion, pools in _POOLS_BY_RELIGION.items()}

# Roughly Banten's mix (overwhelmingly Muslim).
RELIGION_WEIGHTS: list[tuple[Religion, float]] = [
    (Religion.ISLAM, 93.6),
    (Religion.KRISTEN, 3.0),
    (Religion.KATOLIK, 1.6),
    (Religion.HINDU, 0.5),
    (Religion.BUDDHA, 0.8),
    (Religion.KHONGHUCU, 0.3),
    (Religion.KEPERCAYAAN, 0.2),
]
_RELIGIONS = [r for r, _ in RELIGION_WEIGHTS]
_RELIGION_CUM = []
_total = 0.0
for _, _w in RELIGION_WEIGHTS:
    _total += _w
    _RELIGION_CUM.append(_total)


def pick_religion(rng: random.Random) -> Religion:
    return rng.choices(_RELIGIONS, cum_weights=_RELIGION_CUM)[0]


def pick_name(rng: random.Random, gender: Gender, religion: Religion) -> str:
    """A given name (sometimes two) and a family name from a pool that fits the religion."""
    pools, weights = _CUMULATIVE[religion]
    (males, females, families), _ = rng.choices(pools, weights=weights)[0]
    given = males if gender is Gender.MALE else females
    first = rng.choice(given)
    if rng.random() < 0.35:
        second = rng.choice(given)
        if second != first:
            first = f"{first} {second}"
    return f"{first} {rng.choice(families)}"
