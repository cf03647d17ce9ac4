// English texts of the admin pages (accounts, delegations, rule settings) and the operator dashboard.
export default {
};
