// A conservative reading for text the bash parser cannot read: fish and PowerShell code, and
// bash that does not parse (unbalanced quotes, nesting past the limit, over 32 KB). It splits on
// ; | & newlines and brackets, so that commands inside (...), $(...) and {...} are seen too,
// and unquotes words. It never claims to understand more than that: `plain` is true only when
// every word was a plain word or quoted string, without variables, escapes or brackets.
import type { ShellCommand, ShellWord } from './shellSyntax';

export interface FallbackReading {
  commands: ShellCommand[];
  plain: boolean;
}

const SEPARATORS = new Set([';', '|', '&', '\n', '(', ')', '{', '}']);

export function readShellFallback(text: string, kind: 'posix' | 'fish' | 'powershell'): FallbackReading {
  const commands: ShellCommand[] = [];
  let plain = true;
  let cmd: ShellCommand = { words: [], redirects: [] };
  let word: ShellWord | undefined;
  let redirect: string | undefined;
  const escape = kind === 'powershell' ? '`' : '\\';
  const n = text.length;

  const endWord = (): void => {
    if (word === undefined) return;
    if (redirect !== undefined) {
      if (redirect !== '<') cmd.redirects.push({ op: redirect, target: word });
      redirect = undefined;
    } else cmd.words.push(word);
    word = undefined;
  };
  const endCommand = (): void => {
    endWord();
    if (cmd.words.length > 0 || cmd.redirects.length > 0) commands.push(cmd);
    cmd = { words: [], redirects: [] };
  };
  const append = (s: string, literal = true): void => {
    word ??= { text: '', literal: true };
    word.text += s;
    if (!literal) word.literal = false;
  };

  let i = 0;
  while (i < n) {
    const ch = text[i];
    if (ch === escape) {
      plain = false;
      if (text[i + 1] === '\n' || (text[i + 1] === '\r' && text[i + 2] === '\n')) i += text[i + 1] === '\n' ? 2 : 3;
      else {
        append(text[i + 1] ?? '');
        i += 2;
      }
    } else if (ch === "'") {
      let j = i + 1;
      let s = '';
      while (j < n && text[j] !== "'") {
        if (kind === 'fish' && text[j] === '\\' && (text[j + 1] === "'" || text[j + 1] === '\\')) j++;
        s += text[j++];
      }
      if (kind === 'powershell' && text[j + 1] === "'") plain = false; // '' inside '...'
      if (j >= n) plain = false; // unterminated
      append(s);
      i = j + 1;
    } else if (ch === '"') {
      let j = i + 1;
      let s = '';
      let literal = true;
      while (j < n && text[j] !== '"') {
        if (text[j] === escape && j + 1 < n) {
          s += text[j + 1];
          j += 2;
          continue;
        }
        if (text[j] === '$' || (kind === 'fish' && text[j] === '(')) literal = false;
        s += text[j++];
      }
      if (j >= n) plain = false;
      if (!literal) {
        plain = false;
        // "$(rm -rf x)" runs a command in PowerShell and recent fish: read what is inside too.
        const inner = readShellFallback(s.replace(/^[^$(]*/, ''), kind);
        commands.push(...inner.commands);
      }
      append(s, literal);
      i = j + 1;
    } else if (ch === '#' && word === undefined) {
      if (kind === 'powershell' && text[i - 1] === '<') {
        const close = text.indexOf('#>', i + 1);
        i = close < 0 ? n : close + 2;
      } else {
        while (i < n && text[i] !== '\n') i++;
      }
    } else if (ch === '<' && kind === 'powershell' && text[i + 1] === '#') {
      endWord();
      const close = text.indexOf('#>', i + 2);
      i = close < 0 ? n : close + 2;
    } else if (ch === '>' || (ch === '<' && kind !== 'powershell')) {
      if (word !== undefined && /^\d$/.test(word.text)) word = undefined;
      endWord();
      let op = ch;
      i++;
      if (text[i] === '>') {
        op += '>';
        i++;
      }
      if (text[i] === '&') {
        // 2>&1: a descriptor, not a file.
        i++;
        while (i < n && /[\d-]/.test(text[i])) i++;
        continue;
      }
      redirect = op;
    } else if (SEPARATORS.has(ch)) {
      if (ch !== '\n' && ch !== ';' && ch !== '|') plain = false;
      if (ch === '|' || ch === '&' || ch === ';' || ch === '\n') endCommand();
      else {
        // Brackets: what is inside is a command of its own; the word before them (`$`, `@`) is dropped.
        if (word !== undefined && /^[$@]?$/.test(word.text)) word = undefined;
        endCommand();
      }
      i++;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord();
      i++;
    } else {
      if (ch === '$' || ch === '`' || ch === '[' || ch === ']' || ch === '*' || ch === '?' || ch === '~') {
        if (ch === '$') append('', false);
        plain = false;
      }
      append(ch);
      i++;
    }
  }
  endCommand();
  return { commands, plain };
}
