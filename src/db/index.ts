// What the CLI and the editor use of src/db: connection URLs and their redaction, the editor's
// size cache, the failure kinds, and the door to the drivers (dist/db.js, loaded on first use).
// Importing this module loads no driver. src/core never imports src/db.
export * from './connection';
export * from './sizeCache';
export type { DbFailure, DbFailureKind } from './dbFailures';
export { loadDbClient, type DbClient } from './load';
