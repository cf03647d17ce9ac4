// Teks layar di sekitar dokumen resmi (berita acara, berkas usulan); dokumennya sendiri: documents.js.
export default {
  'documents.details': 'Data berita acara',
  'documents.numberLabel': 'Nomor berita acara',
  'documents.officiantNip': 'NIP pejabat yang melantik',
  'documents.officiantNipHint': 'Kosongkan untuk Gubernur (pejabat negara tanpa NIP).',
  'documents.save': 'Simpan data berita acara',
  'documents.saved': 'Data berita acara disimpan.',
  'documents.noLetterhead': 'Kop surat belum diatur: admin mengaturnya dengan perintah "meritflow letterhead".',
  'documents.missing': 'Belum lengkap di berita acara: {what}.',
  'documents.missingNumber': 'nomor berita acara',
  'documents.missingDecree': 'nomor keputusan',
  'dossier.print': 'Cetak berkas usulan',
  'dossier.printTitle': 'Berkas usulan untuk dicetak',
  'dossier.intro': 'Cetak atau simpan sebagai PDF melalui tombol Cetak. Dokumen resmi selalu berbahasa Indonesia.',
  'dossier.back': 'Kembali ke usulan',
  'dossier.notFound': 'Usulan tidak ditemukan atau tidak dapat Anda lihat.',
};
