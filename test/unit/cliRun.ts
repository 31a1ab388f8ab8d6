// Runs the `runbook` CLI in-process and keeps what it printed, for the CLI tests.
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
