// The texts of the official documents (Perka BKN 7/2017). They are legal documents of an Indonesian
// government and are always printed in Bahasa Indonesia, whatever language the screen shows; only
// the screen around them follows the language toggle.

const BODY = [
  'bahwa saya, untuk diangkat dalam jabatan ini, baik langsung maupun tidak langsung, dengan rupa atau dalih apa pun juga, tidak memberi atau menyanggupi akan memberi sesuatu kepada siapa pun juga;',
  'bahwa saya, akan setia dan taat sepenuhnya kepada Pancasila, Undang-Undang Dasar Negara Republik Indonesia Tahun 1945, Negara Kesatuan Republik Indonesia, dan Pemerintah;',
  'bahwa saya, akan menaati segala peraturan perundang-undangan yang berlaku dan melaksanakan tugas kedinasan yang dipercayakan kepada saya dengan penuh pengabdian, kejujuran, dan tanggung jawab;',
  'bahwa saya, akan senantiasa menjunjung tinggi kehormatan negara, pemerintah, dan martabat Aparatur Sipil Negara, serta akan senantiasa mengutamakan kepentingan negara daripada kepentingan saya sendiri, seseorang, atau golongan;',
  'bahwa saya, akan memegang rahasia sesuatu yang menurut sifatnya atau menurut perintah harus saya rahasiakan;',
  'bahwa saya, tidak akan menerima hadiah atau suatu pemberian berupa apa saja dari siapa pun juga, yang saya tahu atau patut dapat mengira bahwa ia mempunyai hal yang bersangkutan atau mungkin bersangkutan dengan jabatan atau pekerjaan saya;',
  'bahwa saya, akan bekerja dengan jujur, tertib, cermat, dan bersemangat untuk kepentingan negara.',
];

const PLEDGE = 'Demi Tuhan Yang Maha Esa, saya menyatakan dan berjanji dengan sungguh-sungguh';

// Opening and closing formula per religion (domain.md, "Inauguration and oath").
const FORMULA = {
  islam: { opening: 'Demi Allah, saya bersumpah', closing: '' },
  kristen: { opening: 'Demi Allah, saya bersumpah', closing: 'Semoga Tuhan menolong saya.' },
  katolik: { opening: 'Demi Allah, saya bersumpah', closing: 'Semoga Tuhan menolong saya.' },
  hindu: { opening: 'Om Atah Paramawisesa, saya bersumpah', closing: '' },
  buddha: { opening: 'Demi Sang Hyang Adi Budha, saya bersumpah', closing: '' },
  khonghucu: {
    opening:
      'Kehadirat Tian di tempat yang Maha tinggi dengan bimbingan rohani Nabi Kong Zi, Dipermuliakanlah, saya bersumpah',
    closing: '',
  },
};

/**
 * The oath (or pledge) for a religion. `pledge` is true for anyone who objects to an oath; people of
 * a belief (kepercayaan) or with no recorded religion take the pledge too. Christians who choose the
 * pledge form keep their closing line.
 */
export function oathText(religion, pledge = false) {
  const key = String(religion ?? '').toLowerCase();
  const formula = FORMULA[key];
  const usePledge = pledge || !formula;
  const closing = formula?.closing ?? '';
  return {
    kind: usePledge ? 'janji' : 'sumpah',
    opening: `${usePledge ? PLEDGE : formula.opening}:`,
    body: BODY,
    closing,
  };
}

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
