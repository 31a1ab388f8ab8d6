// The SQL dialects the scanner and classifier read. Nothing here imports anything: the linter
// (src/core/lint/) and the command assessment (src/core/commands/) import src/core/sql/, never
// the reverse.

export type SqlDialect = 'postgresql' | 'mysql';
