// Inputs and in-process timing for the command-assessment benchmark (scripts/bench.mjs,
// BENCH_ONLY=commands): assessCommand over the unit tests' table, next to the hand-written
// assessor it replaced (destructive-old.ts) on the same commands.
import { assessCommand as assessCached } from '../../src/core/incident/destructive';
import { CASES } from '../unit/destructiveCases';
import { assessCommand as assessCommandOld } from './destructive-old';

// Each timed call gets a text never seen before (a trailing space per run), so that the
// assessor's cache of recent results is not what is measured.
let run = 0;
const assessCommand = (text: string, language: string): ReturnType<typeof assessCached> => assessCached(`${text}${' '.repeat(run)}`, language);

interface Timing {
  /** Median over the runs of the mean time per command, in microseconds. */
  medianUs: number;
  minUs: number;
  /** Verdicts (destructive or not) that agree with the table. */
  agree: number;
}

function time(assess: (text: string, language: string) => { destructive: boolean }, runs: number): Timing {
  const perRun: number[] = [];
  let agree = 0;
  for (const [text, language, destructive] of CASES) if (assess(text, language).destructive === destructive) agree++;
  for (let r = 0; r < runs; r++) {
    run++;
    const t0 = performance.now();
    for (const [text, language] of CASES) assess(text, language);
    perRun.push(((performance.now() - t0) * 1000) / CASES.length);
  }
  perRun.sort((a, b) => a - b);
  return { medianUs: perRun[Math.floor(perRun.length / 2)], minUs: perRun[0], agree };
}

export function benchCommands(runs: number): { cases: number; shellCases: number; firstMs: number; ours: Timing; old: Timing } {
  // The first shell assessment loads the parser (GopherJS evaluates mvdan/sh's packages).
  const t0 = performance.now();
  assessCommand('ls -la', 'bash');
  const firstMs = performance.now() - t0;
  for (let i = 0; i < 3; i++) for (const [text, language] of CASES) (assessCommand(text, language), assessCommandOld(text, language));
  const shellCases = CASES.filter(([, language]) => !/^(?:sql|mysql|postgresql|redis)$/.test(language)).length;
  return { cases: CASES.length, shellCases, firstMs, ours: time(assessCommand, runs), old: time(assessCommandOld, runs) };
}
