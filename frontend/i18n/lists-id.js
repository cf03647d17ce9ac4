// Bahasa Indonesia texts of the server-side lists (search, filters, sorting, paging, totals), the unit picker and exports.
export default {
};
