// The CLI's one argument parser (node:util parseArgs), one usage-error type and one help layout.
// Every subcommand describes its options in a CommandSpec (src/cli/commandSpecs.ts); this module
// turns argv into values, or into a UsageError worded the same way for every subcommand.
import { parseArgs } from 'node:util';

/** A mistake in the command line: printed as "runbook: <message>" and the help hint, exit 2. */
export class UsageError extends Error {
  // Checked by name, not instanceof: the lazily loaded CLI bundles each carry a copy of this class.
  override readonly name = 'UsageError';
}

export function isUsageError(e: unknown): e is UsageError {
  return e instanceof Error && e.name === 'UsageError';
}

export const USAGE_HINT = "Run 'runbook --help' for usage.";

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** The values a string option accepts; anything else is a usage error. */
  choices?: readonly string[];
  /** The value's name in help ("FILE", "URL"); choices are shown when absent. */
  value?: string;
  help: string;
}

export interface CommandSpec {
  /** As typed after `runbook`: "lint", "incident show". */
  name: string;
  /** Usage lines, without the leading "runbook ". */
  usage: string[];
  /** What the command does, a few lines. */
  description: string;
  options: Record<string, OptionSpec>;
  /** At least `min` positionals (else `missing` is the message); at most `max` (else `extra`). */
  positionals: { min: number; max?: number; missing?: string; extra?: (got: string) => string };
  /** What the exit codes mean for this command. */
  exitCodes: string;
}

export interface ParsedCommand {
  /** `--help` or `-h` was given: print the command's help, nothing else. */
  help: boolean;
  strings: Record<string, string | undefined>;
  flags: Record<string, boolean>;
  positionals: string[];
}

/** "a", "a or b", "a, b or c". */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/**
 * Parses `args` (what follows the command's name) against `spec`. Options may come before, after
 * and between positionals; `--` ends the options; a repeated option keeps its last value.
 * Throws UsageError for an unknown option, a missing or unknown value, or the wrong number of
 * positionals (unless --help was asked for).
 */
export function parseCommandArgs(spec: CommandSpec, args: readonly string[]): ParsedCommand {
  const options = Object.fromEntries(Object.entries(spec.options).map(([name, o]) => [name, { type: o.type }]));
  // Not strict: the tokens are checked here, so every mistake gets this CLI's wording.
  const { tokens } = parseArgs({
    args: [...args],
    options: { ...options, help: { type: 'boolean', short: 'h' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const parsed: ParsedCommand = { help: false, strings: {}, flags: {}, positionals: [] };
  const command = `'runbook ${spec.name}'`;
  for (const token of tokens) {
    if (token.kind === 'positional') {
      parsed.positionals.push(token.value);
      continue;
    }
    if (token.kind !== 'option') continue;
    if (token.name === 'help') {
      parsed.help = true;
      continue;
    }
    const option = spec.options[token.name];
    if (!option) throw new UsageError(`unknown option '${token.rawName}' for ${command}`);
    if (option.type === 'boolean') {
      if (token.inlineValue) throw new UsageError(`${token.rawName} takes no value`);
      parsed.flags[token.name] = true;
      continue;
    }
    const value = token.value;
    // `--config=` (empty) is as much a missing value as `--config` at the end.
    if (value === undefined || value === '') throw new UsageError(`${token.rawName} needs a value`);
    if (option.choices && !option.choices.includes(value)) {
      const what = token.name === 'format' ? 'format' : `value for ${token.rawName}`;
      throw new UsageError(`unknown ${what} "${value}" for ${command} (use ${orList(option.choices)})`);
    }
    parsed.strings[token.name] = value;
  }
  if (parsed.help) return parsed;
  const { min, max, missing, extra } = spec.positionals;
  if (parsed.positionals.length < min) throw new UsageError(missing ?? `${command} needs more arguments`);
  if (max !== undefined && parsed.positionals.length > max) {
    const got = parsed.positionals[max];
    throw new UsageError(extra ? extra(got) : `${command} takes no more arguments (got "${got}")`);
  }
  return parsed;
}

function optionUsage(name: string, o: OptionSpec): string {
  if (o.type === 'boolean') return `--${name}`;
  return `--${name} ${o.value ?? o.choices?.join('|') ?? 'VALUE'}`;
}

/** A subcommand's help: usage, description, options, exit codes. */
export function commandHelp(spec: CommandSpec): string {
  const rows = [...Object.entries(spec.options).map(([name, o]) => [optionUsage(name, o), o.help]), ['-h, --help', 'Print this help.']];
  const width = Math.max(...rows.map(([u]) => u.length));
  return [
    'Usage:',
    ...spec.usage.map((u) => `  runbook ${u}`),
    '',
    spec.description,
    '',
    'Options:',
    ...rows.map(([u, h]) => `  ${u.padEnd(width)}  ${h}`),
    '',
    `Exit codes: ${spec.exitCodes}`,
  ].join('\n');
}

/** The general help's entry for a subcommand: its usage lines and description, indented. */
export function commandSummary(spec: CommandSpec): string {
  return [...spec.usage.map((u) => `  runbook ${u}`), ...spec.description.split('\n').map((l) => `      ${l}`)].join('\n');
}

export interface ErrIo {
  err: (s: string) => void;
}

/** Runs a command; a UsageError becomes its message and the hint on stderr, and exit 2. */
export async function reportingUsageErrors(io: ErrIo, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (e) {
    if (!isUsageError(e)) throw e;
    io.err(`runbook: ${e.message}`);
    io.err(USAGE_HINT);
    return 2;
  }
}
