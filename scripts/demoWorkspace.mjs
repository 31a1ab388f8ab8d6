// `npm start`'s workspace: a fresh copy of the tracked demo-workspace/ in a temporary folder, each
// run, so what a demo does (the quick fix, incident records, postmortems) never lands in the
// repository and the next demo starts with the same warnings.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Copies `source` (the tracked demo-workspace/) into a new folder under the OS temp folder; returns its path and how to remove it. */
export function freshDemoWorkspace(source, parent = tmpdir()) {
  const root = mkdtempSync(join(parent, 'runbook-demo-'));
  const workspace = join(root, 'demo-workspace');
  cpSync(source, workspace, { recursive: true });
  return { workspace, remove: () => rmSync(root, { recursive: true, force: true }) };
}
