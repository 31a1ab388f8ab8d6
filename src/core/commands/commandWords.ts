// How a command's words are read, shared by the shell rules and the single-tool rules: options
// with values, operands, dry-run flags, and the findings every reader adds to.
import type { ShellWord } from './shellSyntax';

export type ShellKind = 'posix' | 'fish' | 'powershell';

/** Device files a redirect or `dd of=` may write to without harm. */
export const HARMLESS_TARGET = /^\/dev\/(?:null|zero|stdout|stderr|tty|fd\/\d+|pts\/\d+)$|^&/;

export interface Findings {
  reasons: Set<string>;
  unreadable: Set<string>;
}

export interface OptionSpec {
  /** Short option letters that take a value (attached `-uroot` or the next word). */
  short?: string;
  /** Long options that take a value (`--user root` or `--user=root`). */
  long?: string[];
}

/** Index of the first operand at or after `from`, skipping options and their values; `--` ends options. */
export function firstOperand(args: ShellWord[], from: number, spec: OptionSpec): number {
  let i = from;
  while (i < args.length) {
    const a = args[i].text;
    if (a === '--') return i + 1;
    if (!a.startsWith('-') || a === '-') return i;
    if (a.startsWith('--')) {
      i += !a.includes('=') && spec.long?.includes(a) ? 2 : 1;
      continue;
    }
    let takes = false;
    for (let k = 1; k < a.length; k++) {
      if (spec.short?.includes(a[k])) {
        takes = k === a.length - 1; // the value is the rest of the word, or the next word
        break;
      }
    }
    i += takes ? 2 : 1;
  }
  return i;
}

/** How many words the option at `i` takes: 2 when its value is the next word, else 1. */
export function optionWidth(args: ShellWord[], i: number, spec: OptionSpec): number {
  const a = args[i].text;
  if (a.startsWith('--')) return !a.includes('=') && spec.long?.includes(a) ? 2 : 1;
  for (let k = 1; k < a.length; k++) if (spec.short?.includes(a[k])) return k === a.length - 1 ? 2 : 1;
  return 1;
}

/** Operands (non-option words) of a tool whose options may come anywhere: `kubectl -n x delete pod y`. */
export function operands(args: ShellWord[], spec: OptionSpec): ShellWord[] {
  const out: ShellWord[] = [];
  let i = 0;
  while (i < args.length) {
    const a = args[i].text;
    if (a === '--') break;
    if (a.startsWith('-') && a !== '-') {
      i += optionWidth(args, i, spec);
      continue;
    }
    out.push(args[i]);
    i++;
  }
  return out;
}

/** Whether any word is the option, in its short form inside a cluster (-rf) or long form (also `--opt=v`). */
export function hasOption(args: ShellWord[], short: string | undefined, ...long: string[]): boolean {
  for (const w of args) {
    const a = w.text;
    if (a === '--') return false;
    if (a.startsWith('--')) {
      const name = a.split('=')[0];
      if (long.includes(name)) return true;
    } else if (short !== undefined && /^-[A-Za-z0-9]+$/.test(a) && a.slice(1).includes(short)) return true;
  }
  return false;
}

/** The value of an option (`-n 2`, `-n2`, `--replicas=0`, `--replicas 0`), or undefined. */
export function optionValue(args: ShellWord[], ...names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i].text;
    for (const n of names) {
      if (a === n) return args[i + 1]?.text;
      if (n.startsWith('--') && a.startsWith(`${n}=`)) return a.slice(n.length + 1);
      if (!n.startsWith('--') && a.startsWith(n) && a.length > n.length && !a.startsWith('--')) return a.slice(n.length);
    }
  }
  return undefined;
}

export function isDryRun(args: ShellWord[]): boolean {
  return args.some((w) => /^--dry-?run(?:=(?!none$|false$).*)?$/.test(w.text) || w.text === '--dryrun' || /^-(?:whatif|WhatIf)$/i.test(w.text));
}

export const basename = (w: string): string => {
  const b = w.slice(Math.max(w.lastIndexOf('/'), w.lastIndexOf('\\')) + 1);
  return b.toLowerCase().endsWith('.exe') ? b.slice(0, -4) : b;
};

export const list = (words: ShellWord[], max = 3): string => {
  const shown = words.slice(0, max).map((w) => w.text);
  return `${shown.join(' ')}${words.length > max ? ' …' : ''}`;
};

