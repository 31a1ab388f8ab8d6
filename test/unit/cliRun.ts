// Runs the `runbook` CLI in-process and keeps what it printed, for the CLI tests.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { runCli } from '../../src/cli/main';

export interface CliRun {
  code: number;
  out: string[];
  err: string[];
}

export async function runCaptured(...argv: string[]): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out, err };
}

export const USAGE_HINT = "Run 'runbook --help' for usage.";

/**
 * Runs the file's tests inside a fresh scratch folder (the CLI resolves paths from the current
 * folder) and removes it afterwards; returns the folder's path, valid once the tests run.
 */
export function inScratchFolder(prefix: string): () => string {
  let dir = '';
  let previousCwd = '';
  before(() => {
    previousCwd = process.cwd();
    dir = mkdtempSync(path.join(tmpdir(), prefix));
    process.chdir(dir);
  });
  after(() => {
    process.chdir(previousCwd);
    rmSync(dir, { recursive: true, force: true });
  });
  return () => dir;
}
