// Bahasa Indonesia texts of the application shell: header, menu, role landing pages, layout texts.
export default {
  'header.menu': 'Menu',
};
