// Reads POSIX/bash shell text with a real parser (mvdan/sh, see mvdan-sh.d.ts and the comparison
// in destructive.ts) into the simple commands that would run, wherever they sit: pipelines,
// lists, brace groups, subshells, `$(...)`, backticks, `<(...)`, function bodies, loops, `if`,
// `case`, `[[ ]]` and `(( ))` operands. Each word is unquoted the way the shell would
// ($'\x72m' is `rm`, "r"m is `rm`), and marked `literal: false` when its value is only known
// at run time ($x, $(...)). Heredocs, here-strings and `echo ... |` become the command's stdin.
import type { ShNode, ShParser } from 'mvdan-sh';

/** One word after quote removal. */
export interface ShellWord {
  text: string;
  /** False when part of it is an expansion (`$x`, `$(...)`, `$((...))`): `text` then shows it as written. */
  literal: boolean;
}

export interface ShellInput {
  text: string;
  literal: boolean;
  /** heredoc, here-string, the output of an `echo`/`printf`/`cat <<EOF` piped in, a file (`< f`: unknown), another command's output (unknown). */
  source: 'heredoc' | 'herestring' | 'pipe' | 'file' | 'command';
}

export interface ShellRedirect {
  op: string;
  /** The file descriptor written before the operator (`2>`), or undefined. */
  fd?: string;
  target: ShellWord;
}

/** One simple command; `words[0]` is the command name (assignments like FOO=1 are left out). */
export interface ShellCommand {
  words: ShellWord[];
  stdin?: ShellInput;
  redirects: ShellRedirect[];
}

export interface ShellReading {
  commands: ShellCommand[];
  /** Undefined when the whole text was parsed; else why not (a syntax error, too deep...). */
  error?: string;
}

let parser: ShParser | undefined;
let nodeType: (n: ShNode) => string;
// Operator codes differ between mvdan/sh versions: they are learnt from the parser itself.
const REDIRECT_OPS = ['>', '>>', '<', '<>', '<&', '>&', '>|', '<<', '<<-', '<<<', '&>', '&>>'] as const;
const redirectOps = new Map<number, string>();
let pipeOps = new Set<number>();

/**
 * Loads the parser on first use (about 1.3 MB of JavaScript whose evaluation costs some 100 ms:
 * nothing pays for it until a shell command is first assessed; `warmShellParser` moves that
 * cost off a user's click).
 */
function load(): ShParser {
  if (parser !== undefined) return parser;
  // GopherJS sets two globals when it loads: Error.stackTraceLimit = Infinity (every Error in
  // the extension host would then record its whole stack) and global.require. Both are put back.
  const stackTraceLimit = Error.stackTraceLimit;
  const g = globalThis as { require?: unknown };
  const hadRequire = Object.prototype.hasOwnProperty.call(g, 'require');
  const previousRequire = g.require;
  let sh: typeof import('mvdan-sh');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    sh = require('mvdan-sh') as typeof import('mvdan-sh');
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
    if (hadRequire) g.require = previousRequire;
    else delete g.require;
  }
  const syntax = sh.syntax;
  nodeType = (n) => syntax.NodeType(n);
  const p = syntax.NewParser(syntax.Variant(syntax.LangBash));
  for (const op of REDIRECT_OPS) {
    const src = op.startsWith('<<') && op !== '<<<' ? `a ${op} x\nx\n` : `a ${op} x`;
    redirectOps.set(p.Parse(src, '').Stmts[0].Redirs[0].Op as number, op);
  }
  pipeOps = new Set([p.Parse('a | b', '').Stmts[0].Cmd.Op as number, p.Parse('a |& b', '').Stmts[0].Cmd.Op as number]);
  parser = p;
  return p;
}

/** Loads the shell parser now, so that the first assessment does not pay for it. */
export function warmShellParser(): void {
  load();
}

/** Texts longer than this are not parsed: the parser's cost grows to 100 ms and beyond. */
export const MAX_PARSED_LENGTH = 32 * 1024;

/**
 * Reads shell text; never throws. On an error, `commands` is empty and `error` says why.
 * `mode` is for tests: 'wrapped' reads the tree through mvdan-sh's JavaScript API.
 */
export function readShellSyntax(text: string, mode: 'internal' | 'wrapped' = 'internal'): ShellReading {
  if (text.length > MAX_PARSED_LENGTH) return { commands: [], error: `longer than ${MAX_PARSED_LENGTH / 1024} KB` };
  const p = load();
  // GopherJS measures its stack with `new Error().stack` around Go calls: with no frames to
  // record, each call and property read costs a tenth (the limit is put back at once).
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    let file: ShNode;
    try {
      file = p.Parse(text, '');
    } catch (e) {
      return { commands: [], error: errorText(e) };
    }
    try {
      const access = mode === 'wrapped' || file.__internal_object__ === undefined ? wrapped : internal;
      return { commands: collect(file, access) };
    } catch (e) {
      return { commands: [], error: errorText(e) };
    }
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

function errorText(e: unknown): string {
  if (e instanceof RangeError) return 'nested too deeply';
  if (e !== null && typeof e === 'object' && typeof (e as { Error?: unknown }).Error === 'function') {
    try {
      return String((e as { Error(): string }).Error());
    } catch {
      return 'syntax error';
    }
  }
  return e instanceof Error ? e.message : 'syntax error';
}

// Reading the tree. Through mvdan-sh's JavaScript API each property read crosses GopherJS's
// Go/JavaScript boundary (a new wrapper object each time; syntax.Walk also calls back for every
// node): that costs several times the parse. So the Go values are read as GopherJS stores them
// (`__internal_object__`: structs with the Go field names, slices as $array/$offset/$length,
// nil as the type's nil value, strings as UTF-8 bytes), through `A`. The wrapper API stays as
// `wrapped`, used when the internal object is missing (another GopherJS), and by the tests,
// which check that both readings agree on every command of the table.
interface Access {
  root(file: ShNode): ShNode;
  type(n: ShNode): string;
  nil(x: ShNode): boolean;
  list(x: ShNode): ShNode[];
  str(x: ShNode): string;
}

const wrapped: Access = {
  root: (file) => file,
  type: (n) => nodeType(n),
  nil: (x) => x === null || x === undefined,
  list: (x) => (x === null || x === undefined ? [] : (x as ShNode[])),
  str: (x) => (x === null || x === undefined ? '' : String(x)),
};

const utf8 = new TextDecoder();
const internal: Access = {
  root: (file) => file.__internal_object__,
  type: (n) => String(n.constructor.string).replace(/^\*?syntax\./, ''),
  // A nil pointer is its type's `nil` object; a nil interface has no Go type at all.
  nil: (x) => x === null || x === undefined || x.constructor === undefined || x.constructor.string === undefined || x === x.constructor.nil,
  list: (x) => (x === null || x === undefined || x.$array === undefined ? [] : (x.$array as ShNode[]).slice(x.$offset as number, (x.$offset as number) + (x.$length as number))),
  str: (x) => {
    if (typeof x !== 'string') return '';
    // eslint-disable-next-line no-control-regex
    if (!/[^\x00-\x7f]/.test(x)) return x;
    const bytes = new Uint8Array(x.length);
    for (let i = 0; i < x.length; i++) bytes[i] = x.charCodeAt(i);
    return utf8.decode(bytes);
  },
};

let A: Access = internal;

function collect(file: ShNode, access: Access): ShellCommand[] {
  A = access;
  const out: ShellCommand[] = [];
  statements(A.root(file).Stmts, out);
  return out;
}

function statements(list: ShNode, out: ShellCommand[]): void {
  for (const s of A.list(list)) statement(s, undefined, out);
}

function statement(stmt: ShNode, from: ShNode | undefined, out: ShellCommand[]): void {
  if (A.nil(stmt)) return;
  const c = stmt.Cmd;
  const type = A.nil(c) ? '' : A.type(c);
  const cmd = statementCommand(stmt, c, type, from, out);
  if (cmd !== undefined) out.push(cmd);
  switch (type) {
    case 'BinaryCmd': {
      const x = c.X;
      statement(x, undefined, out);
      statement(c.Y, pipeOps.has(c.Op as number) ? x : undefined, out);
      break;
    }
    case 'Block':
    case 'Subshell':
      statements(c.Stmts, out);
      break;
    case 'IfClause': {
      let clause = c;
      for (let guard = 0; !A.nil(clause) && guard < 1000; guard++) {
        statements(clause.Cond, out);
        statements(clause.Then, out);
        clause = clause.Else;
      }
      break;
    }
    case 'WhileClause':
      statements(c.Cond, out);
      statements(c.Do, out);
      break;
    case 'ForClause': {
      const loop = c.Loop;
      if (!A.nil(loop)) {
        if (A.type(loop) === 'WordIter') for (const w of A.list(loop.Items)) word(w, out);
        else for (const e of [loop.Init, loop.Cond, loop.Post]) expression(e, out);
      }
      statements(c.Do, out);
      break;
    }
    case 'CaseClause':
      word(c.Word, out);
      for (const item of A.list(c.Items)) {
        for (const pattern of A.list(item.Patterns)) word(pattern, out);
        statements(item.Stmts, out);
      }
      break;
    case 'FuncDecl':
      statement(c.Body, undefined, out);
      break;
    case 'ArithmCmd':
    case 'TestClause':
      expression(c.X, out);
      break;
    case 'LetClause':
      for (const e of A.list(c.Exprs)) expression(e, out);
      break;
    case 'DeclClause':
      for (const a of A.list(c.Args)) assignment(a, out);
      break;
    case 'TimeClause':
    case 'CoprocClause':
      statement(c.Stmt, undefined, out);
      break;
  }
}

function assignment(a: ShNode, out: ShellCommand[]): void {
  if (A.nil(a)) return;
  word(a.Value, out);
  expression(a.Index, out);
  if (!A.nil(a.Array)) for (const e of A.list(a.Array.Elems)) word(e.Value, out);
}

/** Arithmetic and [[ ]] expressions: only the commands inside their words matter. */
function expression(e: ShNode, out: ShellCommand[], depth = 0): void {
  if (A.nil(e) || depth > 200) return;
  switch (A.type(e)) {
    case 'Word':
      word(e, out);
      break;
    case 'BinaryArithm':
    case 'BinaryTest':
      expression(e.X, out, depth + 1);
      expression(e.Y, out, depth + 1);
      break;
    case 'UnaryArithm':
    case 'UnaryTest':
    case 'ParenArithm':
    case 'ParenTest':
      expression(e.X, out, depth + 1);
      break;
  }
}

/** The simple command of a statement (with its redirections), or undefined for compound ones without redirections. */
function statementCommand(stmt: ShNode, call: ShNode, type: string, from: ShNode | undefined, out: ShellCommand[]): ShellCommand | undefined {
  const redirs = A.list(stmt.Redirs);
  if (type === 'CallExpr') for (const a of A.list(call.Assigns)) assignment(a, out);
  if (type !== 'CallExpr' && redirs.length === 0) return undefined;
  const cmd: ShellCommand = { words: [], redirects: [] };
  if (type === 'CallExpr') for (const w of A.list(call.Args)) cmd.words.push(word(w, out));
  else if (type !== '') {
    // `{ ...; } > file`: the redirections apply to a compound command; its commands are collected on their own.
    cmd.words.push({ text: '{', literal: true });
  }
  if (from !== undefined) cmd.stdin = outputOf(from);
  for (const r of redirs) {
    const op = redirectOps.get(r.Op as number) ?? '?';
    if (op === '<<' || op === '<<-') {
      const body = heredocBody(r, out);
      cmd.stdin = { text: body.text, literal: body.literal, source: 'heredoc' };
    } else if (op === '<<<') {
      const w = word(r.Word, out);
      cmd.stdin = { text: `${w.text}\n`, literal: w.literal, source: 'herestring' };
    } else if (op === '<' && (A.nil(r.N) || A.str(r.N.Value) === '0')) {
      cmd.stdin = { text: '', literal: false, source: 'file' };
      cmd.redirects.push({ op, target: word(r.Word, out) });
    } else {
      cmd.redirects.push({ op, fd: A.nil(r.N) ? undefined : A.str(r.N.Value), target: word(r.Word, out) });
    }
  }
  return cmd;
}

/** What a statement writes to a pipe, when it is known: `echo`/`printf` of literal words, `cat` of its own stdin. */
function outputOf(stmt: ShNode): ShellInput {
  const unknown: ShellInput = { text: '', literal: false, source: 'command' };
  const c = stmt.Cmd;
  if (A.nil(c)) return unknown;
  const type = A.type(c);
  if (type === 'BinaryCmd') return pipeOps.has(c.Op as number) ? outputOf(c.Y) : unknown;
  if (type !== 'CallExpr') return unknown;
  const sink: ShellCommand[] = []; // nested commands are collected where the statement itself is
  const words = A.list(c.Args).map((w) => word(w, sink));
  const name = words[0]?.text;
  if (name === 'echo') {
    let i = 1;
    let newline = true;
    let escapes = false;
    while (i < words.length && /^-[neE]+$/.test(words[i].text)) {
      if (words[i].text.includes('n')) newline = false;
      if (words[i].text.includes('e')) escapes = true;
      i++;
    }
    const rest = words.slice(i);
    const text = rest.map((w) => w.text).join(' ');
    return { text: (escapes ? decodeEscapes(text) : text) + (newline ? '\n' : ''), literal: rest.every((w) => w.literal), source: 'pipe' };
  }
  if (name === 'printf') {
    const rest = words.slice(1);
    if (rest[0]?.text === '--') rest.shift();
    // The format with its arguments substituted in order: enough to read `printf 'FLUSHALL\n'` or `printf '%s\n' "DROP TABLE t"`.
    let args = rest.slice(1).map((w) => w.text);
    const format = decodeEscapes(rest[0]?.text ?? '').replace(/%%|%[-+ #0-9.]*[a-zA-Z]/g, (m) => (m === '%%' ? '%' : (args.shift() ?? '')));
    return { text: format + (args.length > 0 ? args.join('\n') : ''), literal: rest.every((w) => w.literal), source: 'pipe' };
  }
  if (name === 'cat' && words.length === 1) {
    for (const r of A.list(stmt.Redirs)) {
      const op = redirectOps.get(r.Op as number);
      if (op === '<<' || op === '<<-') {
        const body = heredocBody(r, sink);
        return { text: body.text, literal: body.literal, source: 'pipe' };
      }
      if (op === '<<<') {
        const w = word(r.Word, sink);
        return { text: `${w.text}\n`, literal: w.literal, source: 'pipe' };
      }
    }
  }
  return unknown;
}

/**
 * A heredoc's text: as written when its delimiter is quoted (<<'EOF'); else with the escapes
 * and expansions of double quotes (\$ \` \\ and line continuations; $x makes it non-literal).
 */
function heredocBody(r: ShNode, nested: ShellCommand[]): ShellWord {
  const out = { text: '', literal: true };
  if (A.nil(r.Hdoc)) return out;
  const delimiter = A.nil(r.Word) ? [] : A.list(r.Word.Parts);
  const quoted = delimiter.some((p) => A.type(p) !== 'Lit' || A.str(p.Value).includes('\\'));
  for (const p of A.list(r.Hdoc.Parts)) {
    if (quoted && A.type(p) === 'Lit') out.text += A.str(p.Value);
    else part(p, out, true, nested);
  }
  return out;
}

/**
 * A word's value after quote removal; expansions are shown as written and make it non-literal.
 * Commands inside it ($(...), `...`, <(...), ${x:-$(...)}) are added to `nested`.
 */
function word(w: ShNode, nested: ShellCommand[]): ShellWord {
  const out = { text: '', literal: true };
  if (!A.nil(w)) for (const p of A.list(w.Parts)) part(p, out, false, nested);
  return out;
}

function part(p: ShNode, out: ShellWord, quoted: boolean, nested: ShellCommand[]): void {
  switch (A.type(p)) {
    case 'Lit':
      out.text += quoted ? unescapeDoubleQuoted(A.str(p.Value)) : unescapeUnquoted(A.str(p.Value));
      break;
    case 'SglQuoted':
      out.text += p.Dollar === true ? decodeEscapes(A.str(p.Value)) : A.str(p.Value);
      break;
    case 'DblQuoted':
      for (const q of A.list(p.Parts)) part(q, out, true, nested);
      break;
    case 'ParamExp': {
      out.literal = false;
      out.text += `$${A.nil(p.Param) ? '' : A.str(p.Param.Value)}`;
      const exp = p.Exp;
      if (!A.nil(exp)) word(exp.Word, nested);
      const repl = p.Repl;
      if (!A.nil(repl)) {
        word(repl.Orig, nested);
        word(repl.With, nested);
      }
      expression(p.Index, nested);
      const slice = p.Slice;
      if (!A.nil(slice)) {
        expression(slice.Offset, nested);
        expression(slice.Length, nested);
      }
      break;
    }
    case 'CmdSubst':
      out.literal = false;
      out.text += '$(…)';
      statements(p.Stmts, nested);
      break;
    case 'ArithmExp':
      out.literal = false;
      out.text += '$((…))';
      expression(p.X, nested);
      break;
    case 'ProcSubst':
      // The word is a /dev/fd path; the command inside runs.
      out.literal = false;
      out.text += '/dev/fd/…';
      statements(p.Stmts, nested);
      break;
    case 'ExtGlob':
      out.text += `@(${A.nil(p.Pattern) ? '' : A.str(p.Pattern.Value)})`;
      break;
    default:
      out.literal = false;
      out.text += '…';
  }
}

function unescapeUnquoted(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(\n|.)/gs, (_m, c: string) => (c === '\n' ? '' : c));
}

function unescapeDoubleQuoted(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\([$`"\\\n])/g, (_m, c: string) => (c === '\n' ? '' : c));
}

const SIMPLE_ESCAPES: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** Bash's $'...' (and `echo -e`, printf) escapes. */
export function decodeEscapes(s: string): string {
  if (!s.includes('\\')) return s;
  return s.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c.|.)/gs, (m, e: string) => {
    const k = e[0];
    if (k === 'x' || k === 'u' || k === 'U') {
      const code = parseInt(e.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : m;
    }
    if (k >= '0' && k <= '7') return String.fromCharCode(parseInt(e, 8) & 0xff);
    if (k === 'c' && e.length === 2) return String.fromCharCode(e.charCodeAt(1) & 0x1f);
    return SIMPLE_ESCAPES[k] ?? m;
  });
}
