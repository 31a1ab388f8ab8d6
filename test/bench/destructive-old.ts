// The hand-written assessor this branch replaced (main at b5fbfaf), kept only as the benchmark's
// peer in scripts/bench.mjs (BENCH_ONLY=commands). Not used by the extension.
// Reads a command before it reaches a terminal: is it destructive (needs a confirmation), is it
// more than one line, does it hide control characters? The language of the code block decides
// the grammar (SQL, Redis or shell); in shell, the SQL and Redis arguments of known clients
// (`psql -c`, `mysql -e`, `redis-cli`, heredocs fed to them) are read in their own grammar.
// Comments and string literals never trigger: only what would run counts.
import { isPunct, lowerWord, splitSql, tokenizeSql, type SqlToken } from '../../src/core/sql/scanner';
import type { SqlDialect } from '../../src/core/lint/types';
import type { CommandRisk } from '../../src/core/incident/incidentModel';

const SQL_LANGUAGES = new Set(['sql', 'postgresql', 'postgres', 'pgsql', 'plpgsql', 'psql', 'mysql', 'mariadb', 'sqlite', 'tsql', 'plsql']);
const MYSQL_LANGUAGES = new Set(['mysql', 'mariadb']);
const REDIS_LANGUAGES = new Set(['redis', 'redis-cli']);

/** What a command does; any other language is read as shell, the safe assumption for text headed for a terminal. */
export function assessCommand(text: string, language: string): CommandRisk {
  const lang = language.trim().toLowerCase();
  const reasons = new Set<string>();
  if (SQL_LANGUAGES.has(lang)) assessSql(text, MYSQL_LANGUAGES.has(lang) ? 'mysql' : 'postgresql', reasons);
  else if (REDIS_LANGUAGES.has(lang)) assessRedisScript(text, reasons);
  else assessShell(text, reasons, 0);
  return {
    readable: true,
    destructive: reasons.size > 0,
    reasons: [...reasons],
    multiline: isMultiline(text),
    controlCharacters: controlCharacters(text),
  };
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

// ---------------------------------------------------------------------------------------------
// SQL

const STATEMENT_START_AFTER = new Set(['', '(', ')', 'analyze', 'analyse']);

function assessSql(text: string, dialect: SqlDialect, reasons: Set<string>): void {
  const split = splitSql(text, dialect);
  for (let k = 0; k < split.count; k++) {
    const end = split.terminators[k] >= 0 ? split.terminators[k] : text.length;
    assessSqlStatement(text, tokenizeSql(text, split.starts[k], end, dialect), reasons);
  }
}

function assessSqlStatement(text: string, tokens: SqlToken[], reasons: Set<string>): void {
  const first = lowerWord(text, tokens[0]);
  for (let i = 0; i < tokens.length; i++) {
    const word = lowerWord(text, tokens[i]);
    if (word === '') continue;
    const prev = i === 0 ? '' : tokens[i - 1].kind === 'punct' ? text[tokens[i - 1].start] : lowerWord(text, tokens[i - 1]);
    // A verb starts a statement at the beginning, after a CTE's `)`, or inside `(` (a
    // data-modifying CTE); elsewhere DELETE/UPDATE are ON DELETE, FOR UPDATE, GRANT DELETE...
    if (!STATEMENT_START_AFTER.has(prev)) continue;
    const name = objectName(text, tokens, i + 1);
    switch (word) {
      case 'delete':
      case 'update':
        const where = whereOf(text, tokens, i);
        if (where !== 'real') {
          const how = where === 'none' ? 'without WHERE' : 'with an always-true WHERE';
          reasons.add(`${word.toUpperCase()} ${how} changes every row of ${name ?? 'the table'}`);
        }
        break;
      case 'truncate':
        reasons.add(`TRUNCATE deletes every row of ${name ?? 'the table'}`);
        break;
      case 'drop': {
        const kind = lowerWord(text, tokens[i + 1]).toUpperCase() || 'object';
        reasons.add(`DROP ${kind} deletes ${kind === 'TABLE' ? 'the table and all its rows' : `the ${kind.toLowerCase()}`}`);
        break;
      }
      case 'alter':
        if (i === 0 || first === 'alter') alterDrops(text, tokens, i, reasons);
        break;
    }
  }
}

/** The name after DELETE FROM / UPDATE / TRUNCATE [TABLE] [ONLY], for the message. */
function objectName(text: string, tokens: SqlToken[], from: number): string | undefined {
  let i = from;
  while (i < tokens.length && ['from', 'table', 'only', 'low_priority', 'quick', 'ignore'].includes(lowerWord(text, tokens[i]))) i++;
  const t = tokens[i];
  if (t === undefined || (t.kind !== 'word' && t.kind !== 'quotedIdent')) return undefined;
  let name = text.slice(t.start, t.end);
  while (isPunct(text, tokens[i + 1], '.') && tokens[i + 2] !== undefined) {
    name += `.${text.slice(tokens[i + 2].start, tokens[i + 2].end)}`;
    i += 2;
  }
  return name.length > 80 ? `${name.slice(0, 79)}…` : name;
}

/**
 * Whether the DELETE/UPDATE at `at` has a WHERE of its own (same parenthesis depth, before the
 * CTE or statement ends) that is not trivially true (`WHERE true`, `WHERE 1 = 1`).
 */
function whereOf(text: string, tokens: SqlToken[], at: number): 'real' | 'none' | 'always-true' {
  let depth = 0;
  for (let i = at + 1; i < tokens.length; i++) {
    const t = tokens[i];
    if (isPunct(text, t, '(')) depth++;
    else if (isPunct(text, t, ')')) {
      if (--depth < 0) return 'none';
    } else if (depth === 0 && lowerWord(text, t) === 'where') return triviallyTrue(text, tokens, i + 1) ? 'always-true' : 'real';
  }
  return 'none';
}

function triviallyTrue(text: string, tokens: SqlToken[], from: number): boolean {
  const rest: string[] = [];
  for (let i = from; i < tokens.length && rest.length < 4; i++) {
    const w = lowerWord(text, tokens[i]);
    if (['returning', 'order', 'limit'].includes(w)) break;
    rest.push(text.slice(tokens[i].start, tokens[i].end).toLowerCase());
  }
  if (rest.length === 1) return rest[0] === 'true' || rest[0] === '1';
  return rest.length === 3 && rest[1] === '=' && rest[0] === rest[2] && tokens[from].kind === 'number';
}

/** ALTER TABLE ... DROP [COLUMN] x / DROP PARTITION deletes data; DROP DEFAULT / NOT NULL / CONSTRAINT does not. */
function alterDrops(text: string, tokens: SqlToken[], at: number, reasons: Set<string>): void {
  if (lowerWord(text, tokens[at + 1]) !== 'table') return;
  let depth = 0;
  for (let i = at + 2; i < tokens.length; i++) {
    if (isPunct(text, tokens[i], '(')) depth++;
    else if (isPunct(text, tokens[i], ')')) depth--;
    else if (depth === 0 && lowerWord(text, tokens[i]) === 'drop') {
      const next = lowerWord(text, tokens[i + 1]);
      if (next === 'partition') reasons.add('ALTER TABLE ... DROP PARTITION deletes the partition and its rows');
      else if (next === 'column' || (tokens[i + 1] !== undefined && !['default', 'not', 'constraint', 'identity', 'expression', 'index', 'key', 'primary', 'foreign', 'check'].includes(next))) {
        reasons.add('ALTER TABLE ... DROP COLUMN deletes the column and its data');
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Redis

const REDIS_CONFIG_RISKS: Record<string, string> = {
  'maxmemory-policy': 'CONFIG SET maxmemory-policy changes which keys Redis evicts (sessions can vanish)',
  maxmemory: 'CONFIG SET maxmemory changes when Redis starts evicting or refusing writes',
  appendonly: 'CONFIG SET appendonly changes whether writes survive a restart',
  save: 'CONFIG SET save changes whether data is persisted to disk',
  dir: 'CONFIG SET dir changes where Redis writes its data files',
  dbfilename: 'CONFIG SET dbfilename changes the file Redis writes its data to',
  requirepass: 'CONFIG SET requirepass changes the password every client needs',
};

function assessRedisScript(text: string, reasons: Set<string>): void {
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    // Drop a pasted prompt (`127.0.0.1:6379> FLUSHALL`).
    const words = shellWords(trimmed.replace(/^\S+:\d+(?:\[\d+\])?>\s*/, ''));
    assessRedisCommand(words, reasons);
  }
}

function assessRedisCommand(words: string[], reasons: Set<string>): void {
  if (words.length === 0) return;
  const cmd = words[0].toUpperCase();
  const arg1 = (words[1] ?? '').toUpperCase();
  switch (cmd) {
    case 'FLUSHALL':
      reasons.add('FLUSHALL deletes every key in every database');
      break;
    case 'FLUSHDB':
      reasons.add('FLUSHDB deletes every key in the current database');
      break;
    case 'DEL':
    case 'UNLINK':
    case 'GETDEL':
      reasons.add(`${cmd} deletes keys${words.length > 1 ? `: ${words.slice(1, 4).join(' ')}${words.length > 4 ? ' …' : ''}` : ''}`);
      break;
    case 'HDEL':
      reasons.add('HDEL deletes fields of a hash');
      break;
    case 'KEYS':
      reasons.add('KEYS walks every key and blocks the server while it runs (use SCAN)');
      break;
    case 'SHUTDOWN':
      reasons.add('SHUTDOWN stops the Redis server');
      break;
    case 'DEBUG':
      reasons.add('DEBUG can block or crash the server');
      break;
    case 'SWAPDB':
      reasons.add('SWAPDB swaps two databases under every client');
      break;
    case 'REPLICAOF':
    case 'SLAVEOF':
      if (!(arg1 === 'NO' && (words[2] ?? '').toUpperCase() === 'ONE')) reasons.add(`${cmd} makes this server a replica: it discards its own data`);
      break;
    case 'SCRIPT':
    case 'FUNCTION':
      if (arg1 === 'FLUSH') reasons.add(`${cmd} FLUSH deletes every stored ${cmd === 'SCRIPT' ? 'script' : 'function'}`);
      break;
    case 'CONFIG':
      if (arg1 === 'SET') {
        for (let i = 2; i < words.length; i += 2) {
          const risk = REDIS_CONFIG_RISKS[words[i].toLowerCase()];
          if (risk !== undefined) reasons.add(risk);
        }
      } else if (arg1 === 'REWRITE') reasons.add('CONFIG REWRITE overwrites redis.conf with the running configuration');
      break;
  }
}

// ---------------------------------------------------------------------------------------------
// Shell

interface SimpleCommand {
  words: string[];
  /** A heredoc body or here-string fed to the command. */
  stdin?: string;
  /** Targets of output redirections (`> /dev/sda`). */
  writes: string[];
}

const MAX_DEPTH = 8;

function assessShell(text: string, reasons: Set<string>, depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const cmd of parseShell(text, depth)) assessShellCommand(cmd, reasons, depth);
}

/**
 * Splits shell text into simple commands with their words unquoted, the way the shell would:
 * quotes, backslashes, comments, line continuations, `;` `&&` `||` `|` `&` `(` `)`, redirections
 * and heredocs. Commands inside `$(...)` and backticks are returned too (they run).
 */
function parseShell(text: string, depth: number): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  let cmd: SimpleCommand = { words: [], writes: [] };
  let word: string | undefined;
  let redirect: 'write' | 'read' | 'heredoc' | 'herestring' | undefined;
  const heredocs: { cmd: SimpleCommand; delimiter: string; stripTabs: boolean }[] = [];
  let stripTabs = false;
  const n = text.length;

  const endWord = (): void => {
    if (word === undefined) return;
    if (redirect === 'write') cmd.writes.push(word);
    else if (redirect === 'heredoc') heredocs.push({ cmd, delimiter: word, stripTabs });
    else if (redirect === 'herestring') cmd.stdin = word;
    else if (redirect !== 'read') cmd.words.push(word);
    redirect = undefined;
    word = undefined;
  };
  const endCommand = (): void => {
    endWord();
    if (cmd.words.length > 0 || cmd.stdin !== undefined || cmd.writes.length > 0) out.push(cmd);
    cmd = { words: [], writes: [] };
  };
  const substitution = (inner: string): void => {
    if (depth < MAX_DEPTH) out.push(...parseShell(inner, depth + 1));
  };

  let i = 0;
  while (i < n) {
    const ch = text[i];
    if (ch === '\\') {
      if (text[i + 1] === '\n') i += 2; // line continuation
      else {
        word = (word ?? '') + (text[i + 1] ?? '');
        i += 2;
      }
    } else if (ch === "'") {
      const j = text.indexOf("'", i + 1);
      const close = j < 0 ? n : j;
      word = (word ?? '') + text.slice(i + 1, close);
      i = close + 1;
    } else if (ch === '"') {
      let s = '';
      let j = i + 1;
      while (j < n && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < n && '"\\$`\n'.includes(text[j + 1])) {
          if (text[j + 1] !== '\n') s += text[j + 1];
          j += 2;
        } else if (text[j] === '$' && text[j + 1] === '(') {
          const end = matchingParen(text, j + 1);
          substitution(text.slice(j + 2, end));
          s += text.slice(j, end + 1);
          j = end + 1;
        } else if (text[j] === '`') {
          const end = text.indexOf('`', j + 1);
          const close = end < 0 ? n : end;
          substitution(text.slice(j + 1, close));
          j = close + 1;
        } else s += text[j++];
      }
      word = (word ?? '') + s;
      i = j + 1;
    } else if (ch === '$' && text[i + 1] === '(') {
      const end = matchingParen(text, i + 1);
      substitution(text.slice(i + (text[i + 2] === '(' ? 3 : 2), end));
      word = (word ?? '') + text.slice(i, end + 1);
      i = end + 1;
    } else if (ch === '`') {
      const end = text.indexOf('`', i + 1);
      const close = end < 0 ? n : end;
      substitution(text.slice(i + 1, close));
      word = (word ?? '') + '`…`';
      i = close + 1;
    } else if (ch === '#' && word === undefined) {
      const j = text.indexOf('\n', i);
      i = j < 0 ? n : j;
    } else if (ch === '\n') {
      endCommand();
      i++;
      // Heredoc bodies start on the next line, in the order they were opened.
      for (const h of heredocs.splice(0)) {
        const lines: string[] = [];
        while (i < n) {
          const j = text.indexOf('\n', i);
          const lineEnd = j < 0 ? n : j;
          const raw = text.slice(i, lineEnd).replace(/\r$/, '');
          i = lineEnd + 1;
          const line = h.stripTabs ? raw.replace(/^\t+/, '') : raw;
          if (line === h.delimiter) break;
          lines.push(line);
        }
        h.cmd.stdin = lines.join('\n');
      }
    } else if (ch === ';' || ch === '|' || ch === '&' || ch === '(' || ch === ')') {
      if (ch === '&' && text[i + 1] === '>') {
        endWord();
        redirect = 'write';
        i += text[i + 2] === '>' ? 3 : 2;
        continue;
      }
      endCommand();
      i += (ch === '|' || ch === '&' || ch === ';') && text[i + 1] === ch ? 2 : 1;
    } else if (ch === '>' || ch === '<') {
      // `2>` : the digits were read as a word; they are the file descriptor, not an argument.
      if (word !== undefined && /^\d+$/.test(word)) word = undefined;
      endWord();
      if (ch === '<' && text.startsWith('<<<', i)) {
        redirect = 'herestring';
        i += 3;
      } else if (ch === '<' && text[i + 1] === '<') {
        redirect = 'heredoc';
        stripTabs = text[i + 2] === '-';
        i += stripTabs ? 3 : 2;
      } else {
        redirect = ch === '>' ? 'write' : 'read';
        i++;
        if (text[i] === '>' || text[i] === '|') i++;
        if (text[i] === '&') {
          // `>&2`, `2>&1`: a descriptor, not a file.
          i++;
          while (i < n && /[\d-]/.test(text[i])) i++;
          redirect = undefined;
        }
      }
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord();
      i++;
    } else {
      word = (word ?? '') + ch;
      i++;
    }
  }
  endCommand();
  return out;
}

/** Index of the `)` that closes the `(` at `open`, skipping quotes; the end of the text if none. */
function matchingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === "'") {
      const j = text.indexOf("'", i + 1);
      if (j < 0) return text.length;
      i = j;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return text.length;
}

/** Words of one line as the shell would split and unquote them (for redis-cli lines). */
function shellWords(line: string): string[] {
  return parseShell(line, MAX_DEPTH).flatMap((c) => c.words);
}

const basename = (w: string): string => w.slice(w.lastIndexOf('/') + 1);

// Commands that run the rest of their arguments as a command: how many option words to skip.
const WRAPPERS = new Set(['sudo', 'doas', 'env', 'nohup', 'time', 'nice', 'ionice', 'timeout', 'xargs', 'exec', 'command', 'builtin', 'watch', 'stdbuf', 'chroot', 'setsid', 'flock']);
// Options of wrappers that take a value as the next word.
const WRAPPER_VALUE_OPTIONS: Record<string, Set<string>> = {
  sudo: new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U']),
  nice: new Set(['-n']),
  ionice: new Set(['-c', '-n', '-p']),
  xargs: new Set(['-n', '-I', '-L', '-P', '-d', '-E', '-s', '-a']),
  watch: new Set(['-n', '-d']),
  timeout: new Set(['-s', '-k']),
  flock: new Set(['-w', '-E']),
  env: new Set(['-u', '-C', '-S']),
};

/** The command a wrapper runs (`sudo -u redis redis-cli FLUSHALL` → `redis-cli FLUSHALL`). */
function unwrap(words: string[]): string[] {
  let w = words;
  for (let guard = 0; guard < 10; guard++) {
    let i = 0;
    while (i < w.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w[i])) i++; // FOO=bar cmd
    w = w.slice(i);
    const name = basename(w[0] ?? '');
    if (!WRAPPERS.has(name)) return w;
    const valueOptions = WRAPPER_VALUE_OPTIONS[name] ?? new Set<string>();
    let j = 1;
    while (j < w.length && (w[j].startsWith('-') || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w[j]))) {
      if (w[j] === '--') {
        j++;
        break;
      }
      j += valueOptions.has(w[j]) ? 2 : 1;
    }
    if (name === 'timeout' && j < w.length) j++; // the duration
    if (name === 'flock' && j < w.length) j++; // the lock file
    if (name === 'chroot' && j < w.length) j++; // the new root
    w = w.slice(j);
  }
  return w;
}

function assessShellCommand(cmd: SimpleCommand, reasons: Set<string>, depth: number): void {
  for (const target of cmd.writes) {
    if (/^\/dev\/(?:sd|hd|vd|xvd|nvme|disk|mmcblk|md|dm-|mapper\/)/.test(target)) reasons.add(`writing to ${target} overwrites the disk`);
  }
  const words = unwrap(cmd.words);
  if (words.length === 0) return;
  const name = basename(words[0]);
  const args = words.slice(1);
  const sub = args.find((a) => !a.startsWith('-'));
  const has = (...flags: string[]): boolean => args.some((a) => flags.includes(a));
  switch (name) {
    case 'rm': {
      let recursive = false;
      let force = false;
      for (const a of args) {
        if (a === '--') break;
        if (a === '--recursive') recursive = true;
        else if (a === '--force') force = true;
        else if (/^-[A-Za-z]+$/.test(a)) {
          if (/[rR]/.test(a)) recursive = true;
          if (a.includes('f')) force = true;
        }
      }
      if (recursive) reasons.add(force ? 'rm -rf deletes files and folders recursively, without asking' : 'rm -r deletes folders and everything in them');
      break;
    }
    case 'find':
      if (has('-delete')) reasons.add('find -delete deletes every file it finds');
      for (let i = 0; i < args.length; i++) {
        if (args[i] === '-exec' || args[i] === '-execdir' || args[i] === '-ok') {
          const end = args.findIndex((a, k) => k > i && (a === ';' || a === '+'));
          assessShellCommand({ words: args.slice(i + 1, end < 0 ? undefined : end), writes: [] }, reasons, depth);
        }
      }
      break;
    case 'shred':
    case 'wipefs':
      reasons.add(`${name} destroys data irrecoverably`);
      break;
    case 'truncate':
      reasons.add('truncate cuts files to a size, deleting their contents');
      break;
    case 'dd':
      for (const a of args) if (/^of=\/dev\//.test(a)) reasons.add(`dd ${a} overwrites a device`);
      break;
    case 'shutdown':
    case 'reboot':
    case 'halt':
    case 'poweroff':
      reasons.add(`${name} stops the machine`);
      break;
    case 'kill':
    case 'pkill':
    case 'killall': {
      const sigkill = args.some((a, i) => ['-9', '-KILL', '-SIGKILL', '--signal=KILL', '--signal=9'].includes(a) || ((a === '-s' || a === '--signal') && /^(?:9|KILL|SIGKILL)$/i.test(args[i + 1] ?? '')));
      if (sigkill) reasons.add(`${name} -9 stops processes at once, without letting them clean up`);
      else if (name !== 'kill') reasons.add(`${name} kills every process whose name matches`);
      break;
    }
    case 'systemctl':
    case 'service': {
      const verb = name === 'service' ? args[1] : sub;
      if (verb !== undefined && ['stop', 'kill', 'mask', 'isolate', 'poweroff', 'reboot', 'halt'].includes(verb)) reasons.add(`${name} ${verb} stops a service`);
      break;
    }
    case 'kubectl':
    case 'oc':
      assessKubectl(name, args, reasons, depth);
      break;
    case 'helm':
      if (sub === 'uninstall' || sub === 'delete' || sub === 'del' || sub === 'un') reasons.add('helm uninstall removes a release and its Kubernetes resources');
      break;
    case 'docker':
    case 'podman':
      assessDocker(name, args, reasons, depth);
      break;
    case 'terraform':
    case 'tofu':
      if (sub === 'destroy' || (sub === 'apply' && has('-destroy'))) reasons.add(`${name} destroy deletes the managed infrastructure`);
      break;
    case 'git':
      if (sub === 'push' && args.some((a) => a === '--force' || a === '-f' || a.startsWith('--force-with-lease') || /^\+/.test(a) || (/^-[a-zA-Z]+$/.test(a) && a.includes('f')))) {
        reasons.add('git push --force rewrites the remote history');
      }
      if (sub === 'reset' && has('--hard')) reasons.add('git reset --hard discards local changes');
      if (sub === 'clean' && args.some((a) => /^-[a-zA-Z]*f/.test(a) || a === '--force')) reasons.add('git clean -f deletes untracked files');
      break;
    case 'redis-cli':
    case 'valkey-cli':
    case 'keydb-cli':
      assessRedisCli(args, cmd.stdin, reasons);
      break;
    case 'psql':
    case 'mysql':
    case 'mariadb':
    case 'sqlite3':
      assessSqlClient(name, args, cmd.stdin, reasons);
      break;
    case 'mongo':
    case 'mongosh':
      for (let i = 0; i < args.length; i++) {
        const js = args[i] === '--eval' ? args[i + 1] ?? '' : args[i].startsWith('--eval=') ? args[i].slice(7) : '';
        if (/\b(?:dropDatabase|drop|deleteMany|remove)\s*\(/.test(js)) reasons.add('the MongoDB script drops or deletes documents');
      }
      break;
    case 'curl':
      if (args.some((a, i) => /^(?:-X|--request)DELETE$/i.test(a) || ((a === '-X' || a === '--request') && /^DELETE$/i.test(args[i + 1] ?? '')))) {
        reasons.add('curl sends an HTTP DELETE request');
      }
      break;
    case 'aws':
      if (args.some((a) => /^(?:delete|terminate|remove|purge)-/.test(a))) reasons.add('the aws command deletes cloud resources');
      if (args[0] === 's3' && (args[1] === 'rb' || (args[1] === 'rm' && has('--recursive')))) reasons.add('aws s3 deletes buckets or objects');
      break;
    case 'gcloud':
    case 'az':
      if (args.includes('delete')) reasons.add(`the ${name} command deletes cloud resources`);
      break;
    case 'ssh':
      assessRemote(args, reasons, depth);
      break;
    case 'sh':
    case 'bash':
    case 'zsh':
    case 'dash':
    case 'ksh': {
      const c = args.indexOf('-c');
      if (c >= 0 && args[c + 1] !== undefined) assessShell(args[c + 1], reasons, depth + 1);
      else if (cmd.stdin !== undefined) assessShell(cmd.stdin, reasons, depth + 1);
      break;
    }
    default:
      if (/^mkfs(?:\.|$)/.test(name)) reasons.add(`${name} formats a file system, erasing what was on it`);
  }
}

// kubectl options that take the next word as their value.
const KUBECTL_VALUE_OPTIONS = new Set(['-n', '--namespace', '--context', '--cluster', '--kubeconfig', '-l', '--selector', '-c', '--container', '-o', '--output', '--user', '-s', '--server', '--as', '-f', '--filename']);

function assessKubectl(name: string, args: string[], reasons: Set<string>, depth: number): void {
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) i += KUBECTL_VALUE_OPTIONS.has(args[i]) ? 2 : 1;
  const sub = args[i];
  if (sub === 'delete') reasons.add(`${name} delete removes Kubernetes resources`);
  else if (sub === 'drain') reasons.add(`${name} drain evicts every pod from the node`);
  else if (sub === 'scale' && args.some((a, k) => a === '--replicas=0' || (a === '--replicas' && args[k + 1] === '0'))) reasons.add(`${name} scale --replicas=0 stops every pod of the workload`);
  else if (sub === 'replace' && args.includes('--force')) reasons.add(`${name} replace --force deletes and recreates the resources`);
  else if (sub === 'exec') {
    const dashes = args.indexOf('--');
    if (dashes >= 0) assessShellCommand({ words: args.slice(dashes + 1), writes: [] }, reasons, depth + 1);
  }
}

// docker exec/run options that take the next word as their value.
const DOCKER_VALUE_OPTIONS = new Set(['-e', '--env', '-u', '--user', '-w', '--workdir', '--env-file', '--name', '-v', '--volume', '-p', '--publish', '--network', '--entrypoint', '-h', '--hostname', '--platform']);

function assessDocker(name: string, args: string[], reasons: Set<string>, depth: number): void {
  const [a0, a1] = args.filter((a) => !a.startsWith('-'));
  if ((a0 === 'system' || a0 === 'volume' || a0 === 'image' || a0 === 'container') && a1 === 'prune') reasons.add(`${name} ${a0} prune deletes unused ${a0 === 'system' ? 'containers, images and networks' : `${a0}s`}`);
  else if (a0 === 'volume' && (a1 === 'rm' || a1 === 'remove')) reasons.add(`${name} volume rm deletes a volume and its data`);
  else if ((a0 === 'compose' || name === 'docker-compose') && args.includes('down') && args.some((a) => a === '-v' || a === '--volumes')) reasons.add('compose down -v deletes the volumes and their data');
  else if (a0 === 'exec' || a0 === 'run') {
    let i = args.indexOf(a0) + 1;
    while (i < args.length && args[i].startsWith('-')) i += DOCKER_VALUE_OPTIONS.has(args[i]) ? 2 : 1;
    // The container (exec) or image (run), then the command it runs.
    assessShellCommand({ words: args.slice(i + 1), writes: [] }, reasons, depth + 1);
  }
}

// ssh options that take the next word as their value.
const SSH_VALUE_OPTIONS = new Set(['-p', '-i', '-l', '-o', '-J', '-F', '-L', '-R', '-D', '-b', '-c', '-E', '-m', '-O', '-Q', '-S', '-W', '-w', '-B', '-e', '-I']);

/** `ssh host 'cmd'`: the remote shell joins the arguments and runs them as a command line. */
function assessRemote(args: string[], reasons: Set<string>, depth: number): void {
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) i += SSH_VALUE_OPTIONS.has(args[i]) ? 2 : 1;
  const remote = args.slice(i + 1);
  if (remote.length > 0) assessShell(remote.join(' '), reasons, depth + 1);
}

// redis-cli options that take the next word as their value.
const REDIS_CLI_VALUE_OPTIONS = new Set(['-h', '-p', '-s', '-a', '-u', '-r', '-i', '-n', '-d', '-D', '-t', '--user', '--pass', '--pattern', '--count', '--quoted-pattern', '--cacert', '--cacertdir', '--cert', '--key', '--sni', '--tls-ciphers', '--tls-ciphersuites', '--rdb', '--functions-rdb', '--memkeys-samples', '--pipe-timeout', '--intrinsic-latency', '--replica', '--eval']);

function assessRedisCli(args: string[], stdin: string | undefined, reasons: Set<string>): void {
  let i = 0;
  while (i < args.length && args[i].startsWith('-')) i += REDIS_CLI_VALUE_OPTIONS.has(args[i]) ? 2 : 1;
  if (i < args.length) assessRedisCommand(args.slice(i), reasons);
  else if (stdin !== undefined) assessRedisScript(stdin, reasons);
}

function assessSqlClient(name: string, args: string[], stdin: string | undefined, reasons: Set<string>): void {
  const dialect: SqlDialect = name === 'mysql' || name === 'mariadb' ? 'mysql' : 'postgresql';
  const flags = name === 'psql' ? ['-c', '--command'] : name === 'sqlite3' ? [] : ['-e', '--execute'];
  let found = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let sql: string | undefined;
    if (flags.includes(a)) sql = args[++i];
    else {
      const long = flags.find((f) => f.startsWith('--') && a.startsWith(`${f}=`));
      if (long !== undefined) sql = a.slice(long.length + 1);
      else if (flags[0] !== undefined && a.startsWith(flags[0]) && a.length > 2 && !a.startsWith('--')) sql = a.slice(2); // -c"DROP ..."
    }
    if (sql !== undefined) {
      found = true;
      assessSql(sql, dialect, reasons);
    }
  }
  // sqlite3 DB "SQL": the SQL is the second positional argument.
  if (name === 'sqlite3') {
    const positional = args.filter((a) => !a.startsWith('-'));
    if (positional[1] !== undefined) {
      found = true;
      assessSql(positional[1], 'postgresql', reasons);
    }
  }
  if (!found && stdin !== undefined) assessSql(stdin, dialect, reasons);
}
