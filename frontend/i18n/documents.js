// The texts of the official documents (Perka BKN 7/2017). They are legal documents of an Indonesian
// government and are always printed in Bahasa Indonesia, whatever language the screen shows; only
// the screen around them follows the language toggle.

// The oath's wording is the server's (Nomination.oath.text, or Nomination.oathDraft before the oath
// is taken): one template, kept in workflow/oath.py, so the printed text is the recorded one.

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
  witnesses: 'Saksi-saksi',
  clergy: 'Rohaniwan',
  appointee: 'Yang dilantik',
  swornIn: 'Yang mengangkat sumpah/janji',
  officiant: 'Pejabat yang melantik',
  officiantOath: 'Pejabat yang mengambil sumpah/janji',
  closing: 'Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.',
  copies: 'Berita acara ini dibuat dalam rangkap tiga.',
  // Printed on every sheet until the inauguration (or oath) is recorded: not yet a legal record.
  draft: 'DRAFT — BELUM FINAL: pelantikan/sumpah belum dicatat',
};

const DAYS = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];
const MONTHS = [
  'Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni',
  'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember',
];

/** "Senin, 26 Januari 2026" — always Indonesian, whatever the screen language. */
export function dateLong(iso) {
  if (!iso) return '……………';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return `${DAYS[day]}, ${d} ${MONTHS[m - 1]} ${y}`;
}

export function dateShort(iso) {
  if (!iso) return '……………';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

export function opening(kind, { date, place, officiant, decreeNumber, decreeDate }) {
  const act = kind === 'pelantikan' ? 'telah melantik' : 'telah mengambil sumpah/janji jabatan';
  return (
    `Pada hari ini ${dateLong(date)}, bertempat di ${place || '……………'}, berdasarkan Keputusan Nomor ` +
    `${decreeNumber || '……………'} tanggal ${dateShort(decreeDate)}, ${officiant || '……………'} ${act}:`
  );
}
