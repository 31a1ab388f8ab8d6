// Where each placeholder stands in a command template: the quoting context of each match, read by
// a lexer of shell quotes (POSIX, fish, PowerShell) or of SQL literals. shellQuoting.ts quotes a
// value for the context found here.
import type { HeredocEnding, PlaceholderContext, ShellDialect } from './shellQuoting';

// Reading a command template far enough to know each placeholder's quoting context. This is a
// lexer of quotes, not a parser: it follows '…', "…", $'…', `…`, $(…), (…) in fish, comments,
// heredocs and PowerShell here-strings, which is all that decides how a value must be quoted.
// Anything it does not understand leaves it in the bare-word context, where values are quoted.

type Frame = {
  kind: 'bare' | 'subst' | 'arith' | 'backtick' | 'double' | 'param';
  parens: number;
  /** `((…))` as a command: arithmetic in bash, zsh and ksh, nested subshells in dash. */
  ambiguous?: boolean;
};
type Leaf = 'single' | 'ansi' | 'comment' | 'block-comment';

interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
  literal: boolean;
  /** Opened inside `((…))`, which only some shells read as arithmetic. */
  uncertain?: boolean;
}

/**
 * POSIX text is read twice: with `#` comments (bash, sh, scripts) and without (an interactive zsh
 * reads `# don't` as words and a quote unless INTERACTIVE_COMMENTS is set). A placeholder whose
 * context differs between the two readings gets only safe words.
 */
export function shellPlaceholderContexts(text: string, matches: RegExpMatchArray[], shell: ShellDialect): PlaceholderContext[] {
  const withComments = shellContexts(text, matches, shell, true);
  if (shell !== 'posix' || !text.includes('#')) return withComments;
  const withoutComments = shellContexts(text, matches, shell, false);
  return withComments.map((c, k) => (JSON.stringify(c) === JSON.stringify(withoutComments[k]) ? c : { kind: 'unknown' }));
}

function shellContexts(text: string, matches: RegExpMatchArray[], shell: ShellDialect, comments: boolean): PlaceholderContext[] {
  const starts = new Map<number, number>(); // placeholder start → its length
  for (const m of matches) starts.set(m.index ?? 0, m[0].length);
  const contexts = new Map<number, PlaceholderContext>();
  const stack: Frame[] = [{ kind: 'bare', parens: 0 }];
  let leaf: Leaf | undefined;
  const pending: PendingHeredoc[] = [];
  // depth: the frames open when the body started; deeper frames are code inside the body.
  let heredoc: (PendingHeredoc & { lineStart: number; depth: number }) | undefined;
  // Set when the text does something this reader does not model (a heredoc inside a command
  // substitution inside a heredoc): from there on, only safe words are inserted.
  let confused = false;
  let psHere: { literal: boolean } | undefined;
  const escape = shell === 'powershell' ? '`' : '\\';
  const top = (): Frame => stack[stack.length - 1];
  const backticks = (): number => stack.filter((f) => f.kind === 'backtick').length;
  // Not after ): in `$((1))#x` the # is part of the word (a subshell's `)#` is a syntax error).
  const wordStart = (i: number): boolean => i === 0 || /[\s;&|(<>]/.test(text[i - 1]);
  const lineRest = (from: number): string => {
    const nl = text.indexOf('\n', from);
    return text.slice(from, nl < 0 ? text.length : nl).replace(/\r$/, '');
  };

  let i = 0;
  while (i < text.length) {
    const placeholderLength = starts.get(i);
    if (placeholderLength !== undefined) {
      contexts.set(i, contextHere(i, placeholderLength));
      i += placeholderLength;
      continue;
    }
    const c = text[i];
    // Here-document bodies go line by line; $(…) and `…` in an unquoted one are code again.
    if (heredoc && stack.length === heredoc.depth) {
      if (i === heredoc.lineStart) {
        const line = lineRest(i);
        const compared = heredoc.stripTabs ? line.replace(/^\t+/, '') : line;
        if (compared === heredoc.delimiter) {
          i += line.length; // its line break may start the next pending heredoc's body
          heredoc = undefined;
          continue;
        }
      }
      const inBackticks = backticks() > 0;
      if (c === '\\' && (inBackticks || !heredoc.literal)) {
        i += 2;
        continue;
      }
      if (c === '`' && inBackticks) {
        // Inside `…` the shell cuts the text at the closing backtick before it reads any heredoc.
        heredoc = undefined;
        pending.length = 0;
        while (stack.length > 1 && (stack.pop() as Frame).kind !== 'backtick') {
          // up to and including the innermost backtick frame
        }
        i++;
        continue;
      }
      if (!heredoc.literal) {
        if (c === '$' && text.startsWith('((', i + 1)) {
          stack.push({ kind: 'arith', parens: 0 });
          i += 3;
          continue;
        }
        if (c === '$' && (text[i + 1] === '(' || text[i + 1] === '{')) {
          stack.push({ kind: text[i + 1] === '(' ? 'subst' : 'param', parens: 0 });
          i += 2;
          continue;
        }
        if (c === '`') {
          stack.push({ kind: 'backtick', parens: 0 });
          i++;
          continue;
        }
      }
      if (c === '\n') heredoc.lineStart = i + 1;
      i++;
      continue;
    }
    if (heredoc && c === '\n') heredoc.lineStart = i + 1;
    if (psHere) {
      if (c === '\n') {
        const closing = psHere.literal ? /^['\u2018\u2019\u201a\u201b]@/ : /^["\u201c\u201d\u201e]@/;
        if (closing.test(text.slice(i + 1, i + 3))) {
          psHere = undefined;
          i += 3;
          continue;
        }
      }
      i++;
      continue;
    }
    if (leaf) {
      i = leafStep(i);
      continue;
    }
    const frame = top();
    if (c === escape) {
      i += 2;
      continue;
    }
    if ((shell === 'posix' || shell === 'powershell') && c === '$' && text[i + 1] === '{') {
      stack.push({ kind: 'param', parens: 0 });
      i += 2;
      continue;
    }
    if (frame.kind === 'param') {
      // Braces nest; quotes inside are followed so that a } in them does not end the expansion.
      if (c === '{') frame.parens++;
      else if (c === '}') {
        if (frame.parens > 0) frame.parens--;
        else stack.pop();
      } else if (c === '"') {
        stack.push({ kind: 'double', parens: 0 });
      } else if (c === "'" && !stack.some((f) => f.kind === 'double') && shell === 'posix') {
        leaf = 'single';
      } else if (c === '$' && text[i + 1] === '(') {
        stack.push({ kind: 'subst', parens: 0 });
        i += 2;
        continue;
      } else if (c === '`' && shell === 'posix') {
        stack.push({ kind: 'backtick', parens: 0 });
      }
      i++;
      continue;
    }
    if (frame.kind === 'double') {
      if (c === '"' || (shell === 'powershell' && /[\u201c\u201d\u201e]/.test(c))) {
        // PowerShell: "" inside "…" is a quote character.
        if (shell === 'powershell' && /["\u201c\u201d\u201e]/.test(text[i + 1] ?? '')) i += 2;
        else {
          stack.pop();
          i++;
        }
      } else if (c === '$' && text.startsWith('((', i + 1) && shell === 'posix') {
        stack.push({ kind: 'arith', parens: 0 });
        i += 3;
      } else if (c === '$' && text[i + 1] === '(') {
        stack.push({ kind: 'subst', parens: 0 });
        i += 2;
      } else if (c === '`' && shell === 'posix') {
        stack.push({ kind: 'backtick', parens: 0 });
        i++;
      } else i++;
      continue;
    }
    // Arithmetic: `<<` is a shift there, not a heredoc; values are quoted as words.
    if (frame.kind === 'arith') {
      if (c === '(') frame.parens++;
      else if (c === ')') {
        if (frame.parens > 0) frame.parens--;
        else if (text[i + 1] === ')') {
          stack.pop();
          i += 2;
          continue;
        }
      } else if (c === '$' && text[i + 1] === '(' && text[i + 2] !== '(') {
        stack.push({ kind: 'subst', parens: 0 });
        i += 2;
        continue;
      } else if (c === '`' && shell === 'posix') {
        stack.push({ kind: 'backtick', parens: 0 });
      } else if (c === '<' && text[i + 1] === '<' && frame.ambiguous) {
        // dash reads a heredoc here: remember it, and quote its lines for both readings.
        i = readHeredocOperator(i, true);
        continue;
      }
      i++;
      continue;
    }
    // bare, subst, backtick
    if (c === '\n' && pending.length > 0) {
      // `cmd <<A <<B`: B's body starts after A's delimiter line, where this branch runs again.
      if (heredoc) confused = true;
      heredoc = { ...(pending.shift() as PendingHeredoc), lineStart: i + 1, depth: stack.length };
      i++;
      continue;
    }
    if (c === "'" || (shell === 'powershell' && /[\u2018\u2019\u201a\u201b]/.test(c))) {
      leaf = 'single';
      i++;
    } else if (c === '$' && text[i + 1] === "'" && shell === 'posix') {
      leaf = 'ansi';
      i += 2;
    } else if (c === '"' || (shell === 'powershell' && /[\u201c\u201d\u201e]/.test(c))) {
      stack.push({ kind: 'double', parens: 0 });
      i++;
    } else if (c === '`' && shell === 'posix') {
      if (frame.kind === 'backtick') stack.pop();
      else stack.push({ kind: 'backtick', parens: 0 });
      i++;
    } else if (shell === 'posix' && ((c === '$' && text.startsWith('((', i + 1)) || (c === '(' && text[i + 1] === '(' && wordStart(i)))) {
      stack.push({ kind: 'arith', parens: 0, ambiguous: c === '(' });
      i += c === '$' ? 3 : 2;
    } else if (c === '$' && text[i + 1] === '(') {
      stack.push({ kind: 'subst', parens: 0 });
      i += 2;
    } else if (c === '(') {
      if (shell === 'fish' && frame.kind !== 'subst') stack.push({ kind: 'subst', parens: 0 });
      else if (frame.kind === 'subst') frame.parens++;
      i++;
    } else if (c === ')') {
      if (frame.kind === 'subst') {
        if (frame.parens > 0) frame.parens--;
        else stack.pop();
      }
      i++;
    } else if (c === '#' && comments && wordStart(i)) {
      leaf = 'comment';
      i++;
    } else if (c === '<' && text[i + 1] === '#' && shell === 'powershell') {
      leaf = 'block-comment';
      i += 2;
    } else if (c === '@' && shell === 'powershell' && /^["'\u2018\u2019\u201a\u201b\u201c\u201d\u201e][ \t]*\r?\n/.test(text.slice(i + 1))) {
      psHere = { literal: /['\u2018\u2019\u201a\u201b]/.test(text[i + 1]) };
      i = text.indexOf('\n', i); // the body loop checks each line break for the closing "@
    } else if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<' && shell === 'posix') {
      i = readHeredocOperator(i);
    } else i++;
  }
  return byMatch(matches, contexts);

  function leafStep(at: number): number {
    const c = text[at];
    switch (leaf) {
      case 'single':
        if (shell === 'fish' && c === '\\') return at + 2;
        if (c === "'" || (shell === 'powershell' && /[\u2018\u2019\u201a\u201b]/.test(c))) {
          if (shell === 'powershell' && /['\u2018\u2019\u201a\u201b]/.test(text[at + 1] ?? '')) return at + 2;
          leaf = undefined;
        }
        return at + 1;
      case 'ansi':
        if (c === '\\') return at + 2;
        if (c === "'") leaf = undefined;
        return at + 1;
      case 'comment':
        if (c === '\n') {
          leaf = undefined;
          return at; // the line break may start a heredoc body
        }
        return at + 1;
      case 'block-comment':
        if (c === '#' && text[at + 1] === '>') {
          leaf = undefined;
          return at + 2;
        }
        return at + 1;
      default:
        return at + 1;
    }
  }

  /** Reads `<<[-] WORD` at `at`; returns the index after it. */
  function readHeredocOperator(at: number, uncertain = false): number {
    let j = at + 2;
    const stripTabs = text[j] === '-';
    if (stripTabs) j++;
    while (text[j] === ' ' || text[j] === '\t') j++;
    let delimiter = '';
    let literal = false;
    while (j < text.length && !/[\s;&|()<>]/.test(text[j])) {
      const ch = text[j];
      if (ch === "'" || ch === '"') {
        literal = true;
        const close = text.indexOf(ch, j + 1);
        if (close < 0) break;
        delimiter += text.slice(j + 1, close);
        j = close + 1;
      } else if (ch === '\\') {
        literal = true;
        delimiter += text[j + 1] ?? '';
        j += 2;
      } else {
        delimiter += ch;
        j++;
      }
    }
    if (delimiter !== '') pending.push({ delimiter, stripTabs, literal, uncertain });
    return j;
  }

  function contextHere(at: number, length: number): PlaceholderContext {
    if (confused) return { kind: 'unknown' };
    if (heredoc && stack.length === heredoc.depth) {
      const before = text.slice(heredoc.lineStart, at);
      const ending: HeredocEnding = {
        lineStart: heredoc.stripTabs ? /^\t*$/.test(before) : before === '',
        lineRest: lineRest(at + length),
        delimiter: heredoc.delimiter,
      };
      if (heredoc.uncertain) return { kind: 'uncertain', ending };
      return heredoc.literal ? { kind: 'heredoc-literal', shell, ending } : { kind: 'heredoc', shell, backticks: backticks(), ending };
    }
    if (psHere) {
      const lineStartAt = text.lastIndexOf('\n', at - 1) + 1;
      const ending: HeredocEnding = { lineStart: lineStartAt === at, lineRest: lineRest(at + length), delimiter: psHere.literal ? "'@" : '"@' };
      return psHere.literal ? { kind: 'heredoc-literal', shell, ending } : { kind: 'heredoc', shell, backticks: 0, ending };
    }
    if (stack.some((f) => f.kind === 'param')) return { kind: 'param' };
    if (leaf === 'single') return { kind: 'single', shell, backticks: backticks() };
    if (leaf === 'ansi') return { kind: 'ansi', backticks: backticks() };
    // In a comment the value does nothing; quoting it keeps the line readable as one word.
    // `$HOME{{v}}` with v = _x would read $HOME_x: quote even a safe value there.
    const glued = /\$[A-Za-z0-9_]*$/.test(text.slice(Math.max(0, at - 128), at)) || undefined;
    if (top().kind === 'double') return { kind: 'double', shell, backticks: backticks(), ...(glued ? { glued } : {}) };
    return { kind: 'bare', shell, backticks: backticks(), ...(glued ? { glued } : {}) };
  }
}

/**
 * The context of each match in order. A placeholder the scanner stepped over (right after a
 * backslash, or inside a heredoc delimiter word) stands where no quoting is known to hold:
 * only safe words go there.
 */
function byMatch(matches: RegExpMatchArray[], contexts: Map<number, PlaceholderContext>): PlaceholderContext[] {
  return matches.map((m) => contexts.get(m.index ?? 0) ?? { kind: 'unknown' });
}

export function sqlPlaceholderContexts(text: string, matches: RegExpMatchArray[], sql: true | 'postgresql' | 'mysql'): PlaceholderContext[] {
  if (sql !== true) return sqlContexts(text, matches, sql);
  const postgres = sqlContexts(text, matches, 'postgresql');
  const mysql = sqlContexts(text, matches, 'mysql');
  return postgres.map((p, k): PlaceholderContext => {
    const m = mysql[k];
    if (p.kind === 'verbatim' && m.kind === 'verbatim') return p;
    // PostgreSQL's $$…$$ is plain code to MySQL, where nothing is quoted anyway.
    if (p.kind === 'sql-dollar' && m.kind === 'verbatim') return p;
    // A doubled quote means a quote in both; a backslash escapes in MySQL only (and in E'…').
    if (p.kind === 'sql-string' && m.kind === 'sql-string') return { kind: 'sql-string', backslashes: p.backslashes ? true : 'refuse' };
    if (p.kind === 'sql-identifier' && p.quote === '"' && m.kind === 'sql-string') return { kind: 'sql-identifier', quote: '"', backslashes: 'refuse' };
    return { kind: 'sql-ambiguous' };
  });
}

function sqlContexts(text: string, matches: RegExpMatchArray[], dialect: 'postgresql' | 'mysql'): PlaceholderContext[] {
  const starts = new Map<number, number>();
  for (const m of matches) starts.set(m.index ?? 0, m[0].length);
  const contexts = new Map<number, PlaceholderContext>();
  const mysql = dialect === 'mysql';
  type State = { kind: 'code' } | { kind: 'string'; backslashes: boolean } | { kind: 'ident'; quote: '"' | '`' } | { kind: 'line-comment' } | { kind: 'block-comment'; depth: number } | { kind: 'dollar'; tag: string };
  let state: State = { kind: 'code' };
  let i = 0;
  while (i < text.length) {
    const length = starts.get(i);
    if (length !== undefined) {
      contexts.set(
        i,
        state.kind === 'string'
          ? { kind: 'sql-string', backslashes: state.backslashes }
          : state.kind === 'ident'
            ? { kind: 'sql-identifier', quote: state.quote, backslashes: mysql && state.quote === '"' }
            : state.kind === 'dollar'
              ? { kind: 'sql-dollar', tag: state.tag }
              : { kind: 'verbatim' },
      );
      i += length;
      continue;
    }
    const c = text[i];
    switch (state.kind) {
      case 'code':
        if (c === "'") {
          const escapeString = !mysql && /[eE]/.test(text[i - 1] ?? '') && !/[A-Za-z0-9_]/.test(text[i - 2] ?? '');
          state = { kind: 'string', backslashes: mysql || escapeString };
        } else if (c === '"') state = mysql ? { kind: 'string', backslashes: true } : { kind: 'ident', quote: '"' };
        else if (c === '`' && mysql) state = { kind: 'ident', quote: '`' };
        else if ((c === '-' && text[i + 1] === '-') || (c === '#' && mysql)) state = { kind: 'line-comment' };
        else if (c === '/' && text[i + 1] === '*') {
          state = { kind: 'block-comment', depth: 1 };
          i++;
        } else if (c === '$' && !mysql) {
          const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(text.slice(i, i + 80));
          if (tag && !/[A-Za-z0-9_]/.test(text[i - 1] ?? '')) {
            state = { kind: 'dollar', tag: tag[0] };
            i += tag[0].length;
            continue;
          }
        }
        i++;
        break;
      case 'string':
        if (state.backslashes && c === '\\') i += 2;
        else if (c === "'" && text[i + 1] === "'") i += 2;
        else {
          if (c === "'") state = { kind: 'code' };
          i++;
        }
        break;
      case 'ident':
        if (c === state.quote && text[i + 1] === state.quote) i += 2;
        else {
          if (c === state.quote) state = { kind: 'code' };
          i++;
        }
        break;
      case 'line-comment':
        if (c === '\n') state = { kind: 'code' };
        i++;
        break;
      case 'block-comment':
        if (c === '*' && text[i + 1] === '/') {
          state = state.depth > 1 && !mysql ? { kind: 'block-comment', depth: state.depth - 1 } : { kind: 'code' };
          i += 2;
        } else if (c === '/' && text[i + 1] === '*' && !mysql) {
          state = { kind: 'block-comment', depth: state.depth + 1 };
          i += 2;
        } else i++;
        break;
      case 'dollar':
        if (text.startsWith(state.tag, i)) {
          i += state.tag.length;
          state = { kind: 'code' };
        } else i++;
        break;
    }
  }
  return byMatch(matches, contexts);
}

