// Quoting a placeholder's value for where it stands in a command: a bare word, inside '…', "…",
// $'…', a heredoc, `…`, $(…), in POSIX shells, fish and PowerShell, or inside an SQL literal.
// placeholders.ts (fillPlaceholders) is the entry point, placeholderContexts.ts reads the template,
// this file quotes. What the shells really do is checked by the tests, which run bash, dash, zsh and fish.

/** Shells whose quoting is known. zsh, dash and ksh quote like bash: 'posix'. */
export type ShellDialect = 'posix' | 'fish' | 'powershell';

// ---------------------------------------------------------------------------------------------
// Where a placeholder stands, and how a value is quoted there.

/** The quoting context of one placeholder in a command template. */
export type PlaceholderContext =
  | { kind: 'verbatim' }
  /** glued: right after `$name`, where a safe value would lengthen the variable's name. */
  | { kind: 'bare'; shell: ShellDialect; backticks: number; glued?: boolean }
  | { kind: 'single'; shell: ShellDialect; backticks: number }
  | { kind: 'double'; shell: ShellDialect; backticks: number; glued?: boolean }
  /** bash/zsh $'…': backslash escapes are read. */
  | { kind: 'ansi'; backticks: number }
  /** Body of an unquoted heredoc (POSIX) or of an @"…"@ here-string (PowerShell): expansions happen, quotes are literal. */
  | { kind: 'heredoc'; shell: ShellDialect; backticks: number; ending: HeredocEnding }
  /** Body of a quoted heredoc (<<'EOF') or an @'…'@ here-string: nothing expands. */
  | { kind: 'heredoc-literal'; shell: ShellDialect; ending: HeredocEnding }
  /**
   * Lines that are a heredoc body for one POSIX shell and code for another (after
   * `(( x << 1 ))`: arithmetic in bash, a heredoc in dash): only safe words are inserted there.
   */
  | { kind: 'uncertain'; ending: HeredocEnding }
  /** Inside ${…}, where quotes nest differently in bash, dash and zsh: only safe words are inserted. */
  | { kind: 'param' }
  /** Somewhere the scanner could not follow (right after a backslash): only safe words are inserted. */
  | { kind: 'unknown' }
  /** backslashes: true doubles them, 'refuse' refuses a value holding one (the dialect is unknown). */
  | { kind: 'sql-string'; backslashes: boolean | 'refuse' }
  | { kind: 'sql-identifier'; quote: '"' | '`'; backslashes: boolean | 'refuse' }
  | { kind: 'sql-dollar'; tag: string }
  /** SQL of an unknown dialect where PostgreSQL and MySQL read the text differently: no quote or backslash may go in. */
  | { kind: 'sql-ambiguous' };

/** What would end the here-document early: a placeholder at the start of a line can complete the delimiter line. */
export interface HeredocEnding {
  /** The placeholder is the first thing on its line (after the tabs `<<-` strips). */
  lineStart: boolean;
  /** Template text after the placeholder up to the end of its line. */
  lineRest: string;
  /** POSIX: the delimiter word; PowerShell: '@ or "@ (a line starting with it ends the here-string). */
  delimiter: string;
}

/** Whether a value at this place would end the here-document it stands in. */
function endsHeredoc(value: string, ending: HeredocEnding, shell: ShellDialect): boolean {
  if (!ending.lineStart) return false;
  const line = value + ending.lineRest;
  if (shell === 'powershell') return line.startsWith(ending.delimiter) || (ending.delimiter === "'@" && /^[\u2018\u2019\u201a\u201b]@/.test(line));
  return line === ending.delimiter;
}

/** Characters that mean the same thing to every supported shell wherever they stand. */
const SAFE_POSIX = /^(?!=)[A-Za-z0-9_@%+=:,./-]+$/; // zsh expands a word starting with = to a command path
const SAFE_FISH = /^(?![=%])[A-Za-z0-9_@%+=:,./-]+$/; // fish expands %self
// PowerShell: a comma builds an array, `@name` splats, `--%` stops parsing: quote those.
const SAFE_POWERSHELL = /^(?!@)[A-Za-z0-9_@+=:./-]+$/;

/** Whether `value` is left unquoted as a bare word in `shell`. */
export function isSafeWord(value: string, shell: ShellDialect): boolean {
  return (shell === 'posix' ? SAFE_POSIX : shell === 'fish' ? SAFE_FISH : SAFE_POWERSHELL).test(value);
}

const posixSingle = (v: string): string => v.replace(/'/g, "'\\''");
const fishSingle = (v: string): string => v.replace(/[\\']/g, '\\$&');
// PowerShell reads the typographic quotes ‘ ’ ‚ ‛ as ' and “ ” „ as ".
const powershellSingle = (v: string): string => v.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&');
const powershellDouble = (v: string): string => v.replace(/[`$"\u201c\u201d\u201e]/g, '`$&');

/**
 * A value quoted as a bare word of `shell` (one literal argument). Safe words stay unquoted in
 * POSIX shells and fish; PowerShell always gets quotes, since a bare word in expression mode
 * (`$x = {{v}}`) is a command name there.
 */
export function quoteShellWord(value: string, shell: ShellDialect, alwaysQuote = false): string {
  if (!alwaysQuote && shell !== 'powershell' && value !== '' && isSafeWord(value, shell)) return value;
  if (shell === 'posix') return `'${posixSingle(value)}'`;
  if (shell === 'fish') return `'${fishSingle(value)}'`;
  return `'${powershellSingle(value)}'`;
}

/** Inside `…` the shell first removes each backslash that stands before $, ` or \\, once per level. */
function throughBackticks(text: string, levels: number): string {
  let out = text;
  for (let i = 0; i < levels; i++) out = out.replace(/[\\`$]/g, '\\$&');
  return out;
}

/**
 * The text that makes `value` literal at a placeholder in `context`, or undefined when it cannot
 * be made literal there (a value that would end a here-document or a dollar-quoted SQL string).
 */
export function quoteForContext(value: string, context: PlaceholderContext): string | undefined {
  switch (context.kind) {
    case 'verbatim':
      return value;
    case 'bare':
      return throughBackticks(quoteShellWord(value, context.shell, context.glued), context.backticks);
    case 'single':
      if (context.shell === 'posix') return throughBackticks(posixSingle(value), context.backticks);
      return context.shell === 'fish' ? fishSingle(value) : powershellSingle(value);
    case 'double':
      if (value === '' || (!context.glued && isSafeWord(value, context.shell))) return value;
      // POSIX and fish: close the double quotes, single-quote the value, reopen ("abc"'v a l'"def"):
      // single quotes also stop bash's history expansion of !, which double quotes do not.
      if (context.shell === 'posix') return throughBackticks(`"'${posixSingle(value)}'"`, context.backticks);
      if (context.shell === 'fish') return `"'${fishSingle(value)}'"`;
      // PowerShell: a "…" string may be an expression, where "a"'b' is not one string: escape with `.
      return powershellDouble(value);
    case 'ansi':
      return throughBackticks(value.replace(/[\\']/g, '\\$&'), context.backticks);
    case 'heredoc':
      // PowerShell's escaping already keeps "@ from ending the here-string.
      if (context.shell !== 'powershell' && endsHeredoc(value, context.ending, context.shell)) return undefined;
      if (context.shell === 'powershell') return powershellDouble(value);
      return throughBackticks(value.replace(/[\\$`]/g, '\\$&'), context.backticks);
    case 'heredoc-literal':
      // Nothing can be escaped here: a value that would end the body early is refused.
      return endsHeredoc(value, context.ending, context.shell) ? undefined : value;
    case 'uncertain':
      // No quoting is literal in a heredoc, in code and in "…" at once: only safe words go in.
      return value !== '' && isSafeWord(value, 'posix') && !endsHeredoc(value, context.ending, 'posix') ? value : undefined;
    case 'param':
    case 'unknown':
      return value !== '' && isSafeWord(value, 'posix') && isSafeWord(value, 'powershell') ? value : undefined;
    case 'sql-ambiguous':
      return /['"`\\]/.test(value) ? undefined : value;
    case 'sql-string':
      if (context.backslashes === 'refuse') return value.includes('\\') ? undefined : value.replace(/'/g, "''");
      return context.backslashes ? value.replace(/[\\']/g, '$&$&') : value.replace(/'/g, "''");
    case 'sql-identifier': {
      if (context.backslashes === 'refuse' && value.includes('\\')) return undefined;
      const doubled = value.split(context.quote).join(context.quote + context.quote);
      return context.backslashes === true ? doubled.replace(/\\/g, '\\\\') : doubled;
    }
    case 'sql-dollar':
      return value.includes(context.tag) ? undefined : value;
  }
}
