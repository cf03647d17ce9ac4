// Bahasa Indonesia texts of the ranking, candidates, eligibility and nine-box views.
export default {
};
