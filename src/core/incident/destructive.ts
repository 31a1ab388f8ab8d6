// Reads a command before it reaches a terminal: is it destructive (needs a confirmation), can it
// be read fully (only then may it run without Enter), is it more than one line, does it hide
// control characters? The language of the code block decides the grammar: SQL, Redis, or a
// shell (POSIX/bash/zsh through a real parser, fish and PowerShell through a conservative
// reading). In shell, wrappers are followed and the SQL and Redis given to known clients are
// read in their own grammar (src/core/commands/). Comments and string literals never trigger.
//
// The shell parser: mvdan-sh (mvdan/sh, the parser behind shfmt, compiled to JavaScript with
// GopherJS). Compared on npm, 2026-12, Node 20, this machine (2 shared cores, noisy: ranges of
// several runs), with a throwaway script on 18 constructs that hide an `rm` ($'rm', "r"m,
// { rm; }, ( rm ), <(rm), $(rm), `rm`, heredoc, here-string, [[ ]] &&, for ((...)), f() { rm; },
// &&/||, ;, if/case, FOO=1 rm, $( $( rm ) )) and 20 realistic runbook commands:
//
// | package                        | kind             | min. JS   | other files          | load          | per command | constructs | notes                                       |
// |--------------------------------|------------------|-----------|----------------------|---------------|-------------|------------|---------------------------------------------|
// | mvdan-sh 0.10.1                | JS (GopherJS)    | 1,302 KB  | none                 | 115-280 ms    | 130-165 µs  | 17/17      | synchronous; typed AST (Go node types)      |
// | tree-sitter-bash 0.25.1 + web-tree-sitter 0.27 | WASM | 77 KB | 1,358 KB + 211 KB .wasm | 33-87 ms (async) | 180-270 µs | 17/17 | async init; error-tolerant CST    |
// | sh-syntax 0.7.0                | WASM (Go)        | 3 KB      | 749 KB .wasm         | 36-55 ms      | 17,800-36,600 µs | 0/17  | async; new WASM instance per call; its JSON AST drops command nodes |
// | bash-parser 0.5.0 / @ericcornelissen/bash-parser 0.5.3 | pure JS | 216-221 KB | none | 13-16 ms | - | 11/17 | fails on $'..', <(..), <<<, ((..)), case; 3.6-6.1 s on a 100 KB word |
//
// (The 18th construct, `ls | xargs rm`, has `rm` as an argument: found by the wrapper rules.)
// mvdan-sh is the only synchronous parser that reads all of bash; its costs are size and a
// one-time evaluation, paid on the first shell assessment, not when the module loads: it ships
// as its own bundle, dist/shell-parser.js (scripts/build.mjs), required lazily;
// warmShellParser() lets a caller pay it early. Text over 32 KB is not parsed (the parser takes
// over 100 ms there) and gets the conservative reading. The tree is read from GopherJS's own
// values (src/core/commands/shellSyntax.ts says why and how): 0.04-0.1 ms per command in all,
// the parse itself about 0.05 ms (`BENCH_ONLY=commands npm run bench`, medians and minimums of
// runs on this noisy machine), against 0.003-0.015 ms for the hand-written splitter it replaces,
// which gets 285 of the 382 verdicts of test/unit/destructiveCases.ts right (this one: 382).
// Results are cached.
// dist/shell-parser.js is 1,270 KB; the readers add 51 KB to dist/extension-core.js (674 KB).
//
// Decisions, with their reasons in the rule that makes them:
// - "text" (a Markdown fence without a language) and "" are read as POSIX shell: in a runbook
//   such a block is almost always a command line, and reading it as shell is the cautious side.
// - Not destructive: kubectl cordon, rollout restart/undo, patch; helm rollback; terraform taint;
//   systemctl restart/reload; plain kill (TERM/HUP); pg_cancel_backend and KILL QUERY; mv; plain
//   `rm file` of named files (but rm -r, rm of a glob, of / or a top-level folder are).
// - Destructive although nothing is deleted: stopping a service (systemctl stop, docker stop,
//   compose down, rabbitmqctl stop_app), kill -9 and pkill/killall (by name: may hit more than
//   meant), pg_terminate_backend and KILL (roll back a session's work), Redis KEYS (blocks the
//   server) and CONFIG SET of eviction/persistence settings, terraform apply -auto-approve
//   (no plan shown). Not: kafka-consumer-groups --reset-offsets without --execute (a plan).
// - A file fed to a client (`psql -f x.sql`, `mysql < x.sql`, `... | redis-cli` from an unknown
//   command) is not destructive by itself but not readable either: its content is not shown.
// - Text the parser cannot read (unbalanced quotes, nesting too deep, over 32 KB) is not
//   readable, and destructive when a destructive command is still visible in it.
import { assessRedisScript } from '../commands/redisRisk';
import { assessShellText, type Findings, type ShellKind } from '../commands/shellRules';
import { assessSql } from '../commands/sqlRisk';
import type { CommandRisk } from './incidentModel';

export { warmShellParser } from '../commands/shellSyntax';
export type { ShellKind } from '../commands/shellRules';

const SQL_LANGUAGES = new Set(['sql', 'postgresql', 'postgres', 'pgsql', 'plpgsql', 'psql', 'mysql', 'mariadb', 'sqlite', 'tsql', 'plsql']);
const MYSQL_LANGUAGES = new Set(['mysql', 'mariadb']);
const REDIS_LANGUAGES = new Set(['redis', 'redis-cli']);
const POSIX_LANGUAGES = new Set(['bash', 'sh', 'shell', 'shellscript', 'shell-script', 'zsh', 'ksh', 'dash', 'console', 'terminal', 'shell-session', 'shellsession', 'text', '']);
const POWERSHELL_LANGUAGES = new Set(['powershell', 'pwsh', 'ps1', 'ps']);

/** Whether a block of this language is SQL (read by the SQL reader; placeholders escaped as SQL literals). */
export function isSqlLanguage(language: string): boolean {
  return SQL_LANGUAGES.has(language.trim().toLowerCase());
}

/** The shell that runs a block of this language, or undefined when no shell runs it (SQL, Java, YAML...). */
export function shellKindOf(language: string): ShellKind | undefined {
  const lang = language.trim().toLowerCase();
  if (POSIX_LANGUAGES.has(lang)) return 'posix';
  if (lang === 'fish') return 'fish';
  if (POWERSHELL_LANGUAGES.has(lang)) return 'powershell';
  return undefined;
}

/** Whether a block of this language is something a shell runs (and so may be inserted into a terminal). */
export function isShellLanguage(language: string): boolean {
  return shellKindOf(language) !== undefined;
}

// The checklist view assesses the same commands each time it is built: the last results are
// kept (a shell command costs about 0.1 ms to read; see scripts/bench.mjs, BENCH_ONLY=commands).
const CACHE_SIZE = 512;
const cache = new Map<string, CommandRisk>();

/** What a command does. Languages that are neither SQL, Redis nor a shell are read as POSIX shell (the cautious side) and are never readable. */
export function assessCommand(text: string, language: string): CommandRisk {
  const key = `${language}\u0000${text}`;
  let risk = cache.get(key);
  if (risk === undefined) {
    risk = assessUncached(text, language);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(key, risk);
  }
  // A copy: callers may change what they get.
  return { ...risk, reasons: [...risk.reasons], controlCharacters: [...risk.controlCharacters] };
}

function assessUncached(text: string, language: string): CommandRisk {
  const lang = language.trim().toLowerCase();
  const f: Findings = { reasons: new Set(), unreadable: new Set() };
  if (SQL_LANGUAGES.has(lang)) assessSql(text, MYSQL_LANGUAGES.has(lang) ? 'mysql' : 'postgresql', f.reasons);
  else if (REDIS_LANGUAGES.has(lang)) assessRedisScript(text, f.reasons);
  else {
    const kind = shellKindOf(lang);
    // CRLF line ends (a runbook saved on Windows) would glue a \r to the last word: `delete\r`.
    const lf = text.replace(/\r\n/g, '\n');
    assessShellText(SESSION_LANGUAGES.has(lang) ? withoutPrompts(lf) : lf, kind ?? 'posix', f);
    if (kind === undefined) f.unreadable.add(`${language} is not a shell language`);
  }
  return {
    destructive: f.reasons.size > 0,
    reasons: [...f.reasons],
    readable: f.unreadable.size === 0,
    multiline: isMultiline(text),
    controlCharacters: controlCharacters(text),
  };
}

// Terminal transcripts: `$ cmd` and the root prompt `# cmd` are commands (the `#` is not a comment there).
const SESSION_LANGUAGES = new Set(['console', 'terminal', 'shell-session', 'shellsession']);
function withoutPrompts(text: string): string {
  return text.replace(/^([ \t]*)[$#%][ \t]/gm, '$1');
}

/** Why a command is not readable (for messages and tests); empty when it is. */
export function unreadableParts(text: string, language: string): string[] {
  const lang = language.trim().toLowerCase();
  if (SQL_LANGUAGES.has(lang) || REDIS_LANGUAGES.has(lang)) return [];
  const f: Findings = { reasons: new Set(), unreadable: new Set() };
  assessShellText(SESSION_LANGUAGES.has(lang) ? withoutPrompts(text) : text, shellKindOf(lang) ?? 'posix', f);
  return [...f.unreadable];
}

/** More than one non-empty line; a trailing line break alone does not count, a backslash-continued line does. */
function isMultiline(text: string): boolean {
  let lines = 0;
  for (const line of text.split(/\r\n|\n|\r/)) if (line.trim() !== '' && ++lines > 1) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Control characters

const C0_NAMES: Record<number, string> = {
  0x00: 'NUL (\\x00)',
  0x03: 'ETX (Ctrl-C, \\x03)',
  0x04: 'EOT (Ctrl-D, \\x04)',
  0x07: 'BEL (bell, \\x07)',
  0x08: 'backspace (\\x08)',
  0x0b: 'vertical tab (\\x0b)',
  0x0c: 'form feed (\\x0c)',
  0x0d: 'carriage return (\\r)',
  0x15: 'NAK (Ctrl-U, erases the line, \\x15)',
  0x1a: 'SUB (Ctrl-Z, \\x1a)',
  0x1b: 'escape (\\x1b)',
  0x7f: 'DEL (\\x7f)',
};

const UNICODE_NAMES: Record<number, string> = {
  0x200b: 'zero-width space (U+200B)',
  0x200c: 'zero-width non-joiner (U+200C)',
  0x200d: 'zero-width joiner (U+200D)',
  0x200e: 'left-to-right mark (U+200E)',
  0x200f: 'right-to-left mark (U+200F)',
  0x2028: 'line separator (U+2028)',
  0x2029: 'paragraph separator (U+2029)',
  0x202a: 'left-to-right embedding (U+202A)',
  0x202b: 'right-to-left embedding (U+202B)',
  0x202c: 'pop directional formatting (U+202C)',
  0x202d: 'left-to-right override (U+202D)',
  0x202e: 'right-to-left override (U+202E)',
  0x2060: 'word joiner (U+2060)',
  0x2066: 'left-to-right isolate (U+2066)',
  0x2067: 'right-to-left isolate (U+2067)',
  0x2068: 'first strong isolate (U+2068)',
  0x2069: 'pop directional isolate (U+2069)',
  0xfeff: 'zero-width no-break space (U+FEFF)',
};

const hex2 = (c: number): string => c.toString(16).padStart(2, '0');
const hex4 = (c: number): string => c.toString(16).padStart(4, '0');

/** The name of a character that must not reach a terminal unseen, or undefined (tab and \n are fine). */
function controlName(c: number): string | undefined {
  if (c === 0x09 || c === 0x0a) return undefined;
  if (c < 0x20 || c === 0x7f) return C0_NAMES[c] ?? `control character \\x${hex2(c)}`;
  if (c >= 0x80 && c <= 0x9f) return c === 0x9b ? 'CSI (8-bit escape, \\x9b)' : `control character \\x${hex2(c)}`;
  // Bidi and zero-width characters make a command look different from what runs (Trojan Source).
  return UNICODE_NAMES[c];
}

function controlCharacters(text: string): string[] {
  const names = new Set<string>();
  for (let i = 0; i < text.length; i++) {
    const name = controlName(text.charCodeAt(i));
    if (name !== undefined) names.add(name);
  }
  return [...names];
}

/** The exact text for a confirmation dialog, with every control character shown escaped. */
export function describeForConfirmation(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (controlName(c) === undefined) out += text[i];
    else if (c === 0x0d) out += '\\r';
    else if (c < 0x100) out += `\\x${hex2(c)}`;
    else out += `\\u${hex4(c)}`;
  }
  return out;
}
