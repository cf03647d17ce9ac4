// Screen texts around the official documents (Berita Acara, dossier); the documents themselves: documents.js.
export default {
  'documents.details': 'Berita Acara details',
  'documents.numberLabel': 'Berita Acara number',
  'documents.officiantNip': "Inaugurating official's NIP",
  'documents.officiantNipHint': 'Leave empty for the Governor (an elected official has no NIP).',
  'documents.save': 'Save the Berita Acara details',
  'documents.saved': 'Berita Acara details saved.',
  'documents.noLetterhead': 'No letterhead yet: an admin sets it with the command "meritflow letterhead".',
  'documents.missing': 'Still missing on the Berita Acara: {what}.',
  'documents.missingNumber': 'the Berita Acara number',
  'documents.missingDecree': 'the decree number',
  'dossier.print': 'Print the dossier',
  'dossier.printTitle': 'Nomination dossier for printing',
  'dossier.intro': 'Print it or save it as PDF with the Print button. Official documents are always in Indonesian.',
  'dossier.back': 'Back to the nomination',
  'dossier.notFound': 'The nomination does not exist or you may not see it.',
};
