// The texts of the official documents (Perka BKN 7/2017): the Berita Acara and a nomination's
// dossier. They are legal documents of an Indonesian government and are always printed in Bahasa
// Indonesia, whatever language the screen shows; only the screen around them follows the language
// toggle (its texts are in documents-id.js / documents-en.js).

// The facts are the server's (Query.ceremonyDocuments): names with academic titles, pangkat and
// golongan, the post's full name, the decree line, Saksi I and II, the officiant's NIP. The oath's
// wording too (Nomination.oath.text, or oathDraft before the oath): the regulation's formula with its
// sources is reference data in domain/oath_formula.py, so the printed text is the recorded one.

export const COPIES = [
  'Lembar pertama: untuk pejabat yang bersangkutan',
  'Lembar kedua: untuk instansi',
  'Lembar ketiga: untuk Badan Kepegawaian Negara',
];

export const DOC = {
  baPelantikan: 'BERITA ACARA PELANTIKAN',
  baSumpah: 'BERITA ACARA PENGAMBILAN SUMPAH/JANJI JABATAN',
  number: 'Nomor',
  name: 'Nama',
  nip: 'NIP',
  rank: 'Pangkat/golongan',
  post: 'Jabatan',
  unit: 'Unit kerja',
  tmt: 'Terhitung mulai tanggal',
  saksi: ['Saksi I', 'Saksi II'],
  witnesses: 'Saksi-saksi',
  clergy: 'Rohaniwan',
  appointee: 'Yang dilantik,',
  swornIn: 'Yang mengangkat sumpah/janji,',
  officiant: 'Pejabat yang melantik,',
  officiantOath: 'Pejabat yang mengambil sumpah/janji,',
  closing: 'Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.',
  copies: 'Berita acara ini dibuat dalam rangkap tiga.',
  // Printed on every sheet until the inauguration (or oath) is recorded: not yet a legal record.
  draft: 'DRAFT — BELUM FINAL: pelantikan/sumpah belum dicatat',
  oathLeadIn: (post) =>
    `Yang bersangkutan mengangkat sumpah/janji jabatan sebagai ${post || BLANK} dengan susunan kata-kata sebagai berikut:`,
  inaugurated: (post) => `untuk memangku jabatan ${post || BLANK}.`,
};

export const BLANK = '……………';

const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
const MONTHS = [
  'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni',
  'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember',
];

/** "Senin tanggal 26 Januari 2026" — always Indonesian, whatever the screen language. */
export function dateLong(iso) {
  if (!iso) return BLANK;
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${DAYS[day]} tanggal ${d} ${MONTHS[m - 1]} ${y}`;
}

export function dateShort(iso) {
  if (!iso) return BLANK;
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** The Berita Acara's opening: the day, the place, the decree (the server's "Keputusan Gubernur
 * Banten Nomor … tanggal …"), the officiant and what they did. */
export function opening(kind, { date, place, officiant, decreeLine }) {
  const act = kind === 'pelantikan' ? 'telah melantik' : 'telah mengambil sumpah/janji jabatan';
  return (
    `Pada hari ini ${dateLong(date)}, bertempat di ${place || BLANK}, berdasarkan ` +
    `${decreeLine || `Keputusan Nomor ${BLANK}`}, ${officiant || BLANK} ${act}:`
  );
}

// A nomination's dossier (berkas usulan), printed for the file of the TPK and the approving officials.
export const DOSSIER = {
  title: 'BERKAS USULAN PENGISIAN JABATAN',
  nomination: 'Nomor usulan',
  kind: { promotion: 'Promosi', rotation: 'Rotasi', transfer: 'Mutasi' },
  post: 'Jabatan yang diisi',
  nominee: 'Calon yang diusulkan',
  checks: 'Pemenuhan persyaratan jabatan',
  checksAsOf: (date) => `dinilai per ${dateShort(date)}`,
  eligible: 'Memenuhi syarat',
  notEligible: 'Tidak memenuhi syarat',
  hidden: 'disembunyikan',
  approvals: 'Persetujuan berjenjang',
  step: 'Tahap',
  official: 'Pejabat',
  at: 'Tanggal',
  letter: 'Surat',
  none: 'Belum ada persetujuan.',
  actingFor: (who) => `atas nama ${who}`,
  status: { pass: 'memenuhi', fail: 'tidak memenuhi', warn: 'catatan', hidden: 'disembunyikan' },
};
