// The one door to src/db/client.ts. In the shipped bundles (dist/cli.js, dist/extension-core.js)
// scripts/build.mjs turns this import into `require('./db.js')`, a bundle of its own with the
// pg and mysql2 drivers: it is read only when a database is actually configured. In the test
// bundles it is an ordinary import.
export type DbClient = typeof import('./client');

let loaded: Promise<DbClient> | undefined;

export function loadDbClient(): Promise<DbClient> {
  loaded ??= import('./client');
  return loaded;
}
