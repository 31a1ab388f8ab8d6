// Placeholders in runbook commands (`{{session_id}}`), asked for once per incident and filled in
// everywhere, and the secrets among them, which are never written to a record in clear: people
// share their screen during incidents, and records are committed to repositories.

import { isSqlLanguage, shellKindOf } from './destructive';
import type { VariableDeclaration } from '../runbook/runbookModel';
import { type PlaceholderContext, type ShellDialect, quoteForContext } from './shellQuoting';
import { shellPlaceholderContexts, sqlPlaceholderContexts } from './placeholderContexts';

export { type HeredocEnding, type PlaceholderContext, type ShellDialect, isSafeWord, quoteForContext, quoteShellWord } from './shellQuoting';

const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

export const SECRET_MASK = '••••';
export const MAX_VARIABLE_VALUE = 1000;

/** Placeholder names in the text, each once, in order of appearance. */
export function findPlaceholders(text: string): string[] {
  const names = new Set<string>();
  for (const m of text.matchAll(PLACEHOLDER)) names.add(m[1]);
  return [...names];
}

/** Placeholder names over every command of every step, each once, in order of appearance. */
export function runbookPlaceholders(rb: { phases: { steps: { commands: { code: string }[] }[] }[] }): string[] {
  const names = new Set<string>();
  for (const p of rb.phases) for (const s of p.steps) for (const c of s.commands) for (const n of findPlaceholders(c.code)) names.add(n);
  return [...names];
}


export interface FillOptions {
  /**
   * Quote every value for this shell, according to where its placeholder stands in the command
   * (a bare word, inside '…', "…", $'…', a heredoc...). Without it, and without `sql`, values are
   * inserted as they are (SQL, Redis, text, or a caller that quotes by itself).
   */
  shell?: ShellDialect;
  /** Names of variables declared `raw: true`: inserted as they are, even in a shell. */
  raw?: ReadonlySet<string>;
  /**
   * The text is SQL (and no shell is given): a value inside a '…' literal has its ' doubled,
   * inside a "…" identifier its " doubled. 'mysql' also doubles backslashes in '…' and "…" and
   * handles `…` identifiers and # comments; PostgreSQL's E'…' strings get their backslashes
   * doubled. `true` (the dialect is unknown: a `sql` fence) reads the text both ways, and where
   * the two disagree, or a backslash would mean something in one of them, refuses the value.
   */
  sql?: boolean | 'postgresql' | 'mysql';
}

export interface FillResult {
  text: string;
  /** Placeholders without a value: left as written. */
  missing: string[];
  /**
   * Only with options: placeholders whose value cannot be inserted safely (a line break or a
   * control character, too long, or a value that would end the quoted text it stands in and
   * cannot be escaped there); left as written.
   */
  invalid: string[];
}

/**
 * The text with known placeholders replaced; unknown ones are left as written and listed in
 * `missing`. With no options, values are inserted exactly as given (the historical behaviour).
 *
 * With `options.shell`, each value is quoted for that shell where it stands, so that whatever
 * the responder typed reaches the command as one literal piece of text (see quoteForContext);
 * in POSIX shells and fish, values made only of safe characters ([A-Za-z0-9_@%+=:,./-]) are left
 * unquoted so commands stay readable. With `options.sql`, values inside SQL literals are escaped.
 * With any options, a value that cannot be made literal where it stands (a line break or control
 * character anywhere; a non-safe value inside ${…}, after `# don't`, or where shells disagree)
 * is not inserted: its placeholder stays as written and its name is listed in `invalid`. Callers
 * must check `invalid` (and `missing`) before sending the text anywhere.
 */
export function fillPlaceholders(text: string, variables: Record<string, string>, options?: FillOptions): FillResult {
  const missing = new Set<string>();
  const invalid = new Set<string>();
  const has = (name: string): boolean => Object.prototype.hasOwnProperty.call(variables, name);
  if (!options) {
    const filled = text.replace(PLACEHOLDER, (whole, name: string) => {
      if (has(name)) return variables[name];
      missing.add(name);
      return whole;
    });
    return { text: filled, missing: [...missing], invalid: [] };
  }
  const matches = [...text.matchAll(PLACEHOLDER)];
  const contexts: PlaceholderContext[] = options.shell
    ? shellPlaceholderContexts(text, matches, options.shell)
    : options.sql
      ? sqlPlaceholderContexts(text, matches, options.sql)
      : matches.map(() => ({ kind: 'verbatim' }));
  let out = '';
  let last = 0;
  matches.forEach((m, k) => {
    const name = m[1];
    const start = m.index ?? 0;
    out += text.slice(last, start);
    last = start + m[0].length;
    if (!has(name)) {
      missing.add(name);
      out += m[0];
      return;
    }
    const value = String(variables[name]);
    const raw = options.raw?.has(name) === true;
    const quoted = validateVariableValue(value) !== undefined ? undefined : raw ? value : quoteForContext(value, contexts[k]);
    if (quoted === undefined) {
      invalid.add(name);
      out += m[0];
    } else out += quoted;
  });
  out += text.slice(last);
  return { text: out, missing: [...missing], invalid: [...invalid] };
}

// Whole words of a name (split at _ . - and camelCase) that mean its value is a secret.
const SECRET_WORDS = new Set(['password', 'passwd', 'pwd', 'secret', 'token', 'credential', 'credentials', 'apikey', 'passphrase', 'auth', 'bearer', 'cookie', 'jwt', 'otp', 'dsn']);
// Two-word secrets: "api key", "private key", "access key", "secret key", "session key", "signing key".
const SECRET_BEFORE_KEY = new Set(['api', 'private', 'access', 'secret', 'signing', 'encryption', 'client', 'master', 'ssh']);

/**
 * Whether a placeholder's value should be masked. Decided on whole words, so `db_password`,
 * `apiKey`, `GITHUB_TOKEN` and `private-key` are secrets, while `key_prefix`, `cache_key`,
 * `token_count`... are judged by their words too: a bare "key" is usually a Redis key name (not a
 * secret), and a "token"/"password" word anywhere makes the name secret, since guessing wrong
 * that way only hides a value on screen.
 */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    if (SECRET_WORDS.has(words[i])) return true;
    if (words[i] === 'key' && i > 0 && SECRET_BEFORE_KEY.has(words[i - 1])) return true;
  }
  return false;
}

/** The text with every secret variable's value (non-empty, at least 3 characters) replaced by ••••. */
export function maskSecrets(text: string, variables: Record<string, string>, secretNames: string[]): string {
  // Longest first, so a secret that contains another is masked whole.
  const values = secretNames
    .map((n) => (Object.prototype.hasOwnProperty.call(variables, n) ? variables[n] : undefined))
    .filter((v): v is string => typeof v === 'string' && v.length >= 3 && v !== SECRET_MASK)
    .sort((a, b) => b.length - a.length);
  let out = text;
  for (const v of values) out = out.split(v).join(SECRET_MASK);
  return out;
}

/**
 * The variables as a record may keep them: secret values replaced by the mask. `isSecret` decides
 * which are secret: by name by default; pass `(n) => isSecretVariable(declaredVariable(rb, n), n)`
 * to honour the runbook's `secret:` declarations.
 */
export function maskedVariables(
  variables: Record<string, string>,
  isSecret: (name: string) => boolean = isSecretName,
): { variables: Record<string, string>; secretNames: string[] } {
  const out: Record<string, string> = {};
  const secretNames: string[] = [];
  for (const [name, value] of Object.entries(variables)) {
    if (isSecret(name)) {
      secretNames.push(name);
      out[name] = SECRET_MASK;
    } else out[name] = value;
  }
  return { variables: out, secretNames };
}

/** An error message for a value that must not go into a command line, else undefined. */
export function validateVariableValue(value: string): string | undefined {
  if (value.length > MAX_VARIABLE_VALUE) return `The value is too long (${value.length} characters; at most ${MAX_VARIABLE_VALUE}).`;
  if (/[\r\n\u2028\u2029]/.test(value)) return 'The value contains a line break, which would run the command early in a terminal.';
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/.test(value)) {
    return 'The value contains a tab or another control character (or an invisible text-direction mark), which a terminal could act on.';
  }
  return undefined;
}

export function isValidPlaceholderName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) && name.length <= 100;
}

// ---------------------------------------------------------------------------------------------
// Choosing the options for a command

const POSIX_NAMES = new Set(['bash', 'sh', 'shell', 'zsh', 'dash', 'ksh', 'mksh', 'ash', 'busybox', 'console', 'shellscript', 'shell-session', 'gitbash']);

/**
 * The quoting dialect of a shell or fence language name: 'bash', 'zsh', 'sh' (and the like) →
 * 'posix'; 'fish' → 'fish'; 'pwsh', 'powershell', 'ps1' → 'powershell'; anything else → undefined.
 * Terminal.state.shell names ('bash', 'zsh', 'fish', 'pwsh', 'sh', …) map the same way.
 */
export function shellDialectFor(name: string | undefined): ShellDialect | undefined {
  const n = (name ?? '').trim().toLowerCase();
  if (POSIX_NAMES.has(n)) return 'posix';
  if (n === 'fish') return 'fish';
  if (n === 'pwsh' || n === 'powershell' || n === 'ps1' || n === 'ps') return 'powershell';
  return undefined;
}

/**
 * FillOptions for a command of `language` in `runbook`: SQL blocks get SQL literal escaping;
 * shell blocks are quoted for `shell` (the shell that will read the text, e.g. the terminal's),
 * else for the block's own language (fish, PowerShell), else POSIX; every other language (redis,
 * text, java…) gets values as they are. Declared raw variables stay unquoted everywhere. With
 * options, fillPlaceholders also refuses values with line breaks or control characters.
 */
export function fillOptionsFor(language: string, runbook: { variables?: readonly VariableDeclaration[] }, shell?: ShellDialect): FillOptions {
  const lang = language.trim().toLowerCase();
  const raw = rawVariableNames(runbook);
  if (isSqlLanguage(lang)) return { sql: lang === 'mysql' || lang === 'mariadb' ? 'mysql' : true, raw };
  // The same table that decides whether Insert is offered: a block typed into a shell is always quoted.
  const own = shellKindOf(lang);
  if (own) return { shell: shell ?? own, raw };
  return { raw };
}

// ---------------------------------------------------------------------------------------------
// Declared variables (`variables:` in a runbook)

/** Longest `pattern:` accepted; a pattern is a one-line check, not a grammar. */
export const MAX_VARIABLE_PATTERN = 500;

/** The declaration of `name` in the runbook's `variables:`, or undefined when it is not declared. */
export function declaredVariable(runbook: { variables?: readonly VariableDeclaration[] }, name: string): VariableDeclaration | undefined {
  return runbook.variables?.find((v) => v.name === name);
}

/** Names of the runbook's variables declared `raw: true`, for FillOptions.raw. */
export function rawVariableNames(runbook: { variables?: readonly VariableDeclaration[] }): Set<string> {
  return new Set((runbook.variables ?? []).filter((v) => v.raw).map((v) => v.name));
}

/** Whether the value of `name` is masked: the declaration decides, else the name (isSecretName). */
export function isSecretVariable(declaration: VariableDeclaration | undefined, name: string): boolean {
  return declaration ? declaration.secret : isSecretName(name);
}

const compiledPatterns = new Map<string, RegExp | string>();

/**
 * A declared pattern compiled to match a whole value (`^(?:pattern)$`, Unicode mode), or the
 * reason it cannot be used: it does not compile, is too long, or risks catastrophic
 * backtracking (a quantified group that itself holds a quantifier or an alternation, such as
 * (a+)+ or (a|ab)*, or a backreference). Values are at most MAX_VARIABLE_VALUE characters, which
 * bounds what the remaining polynomial cases can cost.
 */
export function compileVariablePattern(pattern: string): RegExp | string {
  const cached = compiledPatterns.get(pattern);
  if (cached !== undefined) return cached;
  const result = compileUncached(pattern);
  if (compiledPatterns.size > 500) compiledPatterns.clear();
  compiledPatterns.set(pattern, result);
  return result;
}

function compileUncached(pattern: string): RegExp | string {
  if (pattern.length > MAX_VARIABLE_PATTERN) return `the pattern is longer than ${MAX_VARIABLE_PATTERN} characters`;
  let regex: RegExp;
  try {
    regex = new RegExp(`^(?:${pattern})$`, 'u');
  } catch (e) {
    return `the pattern is not a valid JavaScript regular expression: ${(e instanceof Error ? e.message : String(e)).replace(/^Invalid regular expression: /, '')}`;
  }
  const risk = backtrackingRisk(pattern);
  return risk ?? regex;
}

/**
 * Why a pattern could backtrack catastrophically, or undefined. A conservative reading of the
 * source: it rejects a few harmless patterns rather than accept a dangerous one.
 */
function backtrackingRisk(pattern: string): string | undefined {
  if (/\\[1-9]|\\k</.test(pattern)) return 'the pattern uses a backreference, which can make matching very slow; write it without';
  // Per open group: does it contain a quantifier or an alternation?
  const groups: { quantified: boolean; alternation: boolean }[] = [];
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      // An escaped character followed by a quantifier is a quantified atom.
      if (isQuantifierAt(pattern, i + 1) && groups.length > 0) groups[groups.length - 1].quantified = true;
      continue;
    }
    if (inClass) {
      if (c === ']') {
        inClass = false;
        if (isQuantifierAt(pattern, i + 1) && groups.length > 0) groups[groups.length - 1].quantified = true;
      }
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') groups.push({ quantified: false, alternation: false });
    else if (c === '|') {
      if (groups.length > 0) groups[groups.length - 1].alternation = true;
    } else if (c === ')') {
      const group = groups.pop();
      if (!group) continue;
      const repeated = isUnboundedQuantifierAt(pattern, i + 1);
      if (repeated && (group.quantified || group.alternation)) {
        return 'the pattern repeats a group that itself repeats or has alternatives (like (a+)+ or (a|b)*), which can make matching very slow; use a character class such as [a-z0-9-]+ instead';
      }
      // The group as a whole is an atom of its parent.
      const parent = groups[groups.length - 1];
      if (parent && (group.quantified || group.alternation || isQuantifierAt(pattern, i + 1))) parent.quantified = true;
    } else if (isQuantifierAt(pattern, i + 1) && groups.length > 0) {
      groups[groups.length - 1].quantified = true;
    }
  }
  return undefined;
}

function isQuantifierAt(pattern: string, at: number): boolean {
  const c = pattern[at];
  return c === '*' || c === '+' || c === '?' || (c === '{' && /^\{\d+(?:,\d*)?\}/.test(pattern.slice(at, at + 20)));
}

function isUnboundedQuantifierAt(pattern: string, at: number): boolean {
  const c = pattern[at];
  if (c === '*' || c === '+') return true;
  if (c !== '{') return false;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at, at + 20));
  // {n,} is unbounded; a large bound is as bad in practice.
  return m !== null && m[2] !== undefined && (m[3] === '' || Number(m[3]) > 10);
}

/**
 * An error message for `value` as the value of a variable with this declaration (undefined:
 * not declared), else undefined. Checks what validateVariableValue checks (length, line breaks,
 * control characters: for raw variables too), then the declared pattern against the whole value.
 */
export function validateVariable(declaration: VariableDeclaration | undefined, value: string): string | undefined {
  const basic = validateVariableValue(value);
  if (basic !== undefined || !declaration?.pattern) return basic;
  const regex = compileVariablePattern(declaration.pattern);
  if (typeof regex === 'string') return `The runbook declares an unusable pattern for ${declaration.name} (${regex}); fix the runbook.`;
  if (regex.test(value)) return undefined;
  const example = declaration.example ? ` (e.g. ${declaration.example})` : '';
  return `The value must match ${declaration.pattern}${example}.`;
}

export interface VariablePrompt {
  /** For the input box's prompt line: what to enter (the description; it does not repeat the name). */
  prompt: string;
  /** For the input box's placeholder (grey text in the empty box). */
  placeholder: string;
  /** Pre-filled value, when declared. */
  value?: string;
  /** Mask the input (password box). */
  password: boolean;
}

/**
 * What to show when asking for `name`: the declared description (else "Value for {{name}}"),
 * "e.g. <example>" as the placeholder, the default as the pre-filled value, and whether the box
 * hides what is typed. Undeclared names get a generic prompt.
 */
export function variablePrompt(declaration: VariableDeclaration | undefined, name: string): VariablePrompt {
  // The description alone: callers show the name in the box's title.
  const description = declaration?.description?.trim();
  const prompt = description || `Value for {{${name}}}`;
  const placeholder = declaration?.example ? `e.g. ${declaration.example}` : declaration?.pattern ? `must match ${declaration.pattern}` : '';
  const result: VariablePrompt = { prompt, placeholder, password: isSecretVariable(declaration, name) };
  if (declaration?.default !== undefined) result.value = declaration.default;
  return result;
}
