// Every GraphQL document the page sends, one file per area in ./queries/ (each page's helpers own
// theirs); this file gathers them so a page imports from one place. tests/e2e/test_queries_valid.py
// validates each document of ./queries/ against the server's schema.
export * from './queries/auth.js';
export * from './queries/nominations.js';
export * from './queries/posts.js';
export * from './queries/talent.js';
export * from './queries/employees.js';
export * from './queries/nomination.js';
export * from './queries/ceremonies.js';
export * from './queries/audit.js';
export * from './queries/admin.js';
