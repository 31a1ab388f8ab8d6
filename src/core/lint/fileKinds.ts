// Which kind of file the linter is looking at, from its name and, where the name is not enough,
// its first bytes. Pure: works on path strings only, never touches the file system.
//
// Runbook files (anything under a `.runbooks/` folder) are never lint targets: they quote risky
// configuration on purpose ("the seed's `timeout=30`"), so linting them would only be noise.
import type { FileKind } from './types';

/** The last path segment, accepting both separators (paths may come from Windows or a URI). */
function segments(path: string): string[] {
  return path.split(/[\\/]+/).filter((s) => s.length > 0);
}

const BY_EXTENSION: Record<string, FileKind> = {
  properties: 'properties',
  yml: 'yaml',
  yaml: 'yaml',
  env: 'env',
  ini: 'ini',
  conf: 'ini',
  cnf: 'ini',
  toml: 'toml',
  json: 'json',
  sql: 'sql',
  cron: 'crontab',
  crontab: 'crontab',
};

/**
 * The kind of `path`, or undefined when the linter has nothing to say about such a file.
 * `text` (optional) settles files whose name does not: an `.xml` file whose root is `<web-app>`.
 */
export function detectFileKind(path: string, text?: string): FileKind | undefined {
  const parts = segments(path);
  const name = parts[parts.length - 1];
  if (name === undefined) return undefined;
  const folders = parts.slice(0, -1);
  if (folders.includes('.runbooks')) return undefined;
  const lower = name.toLowerCase();

  if (lower === 'java.security') return 'java-security';
  if (lower === 'web.xml') return 'web-xml';
  if (lower === 'crontab') return 'crontab';
  // `.env`, `.env.local`, `.env.production`: dotenv's own naming.
  if (lower === '.env' || lower.startsWith('.env.')) return 'env';

  const dot = lower.lastIndexOf('.');
  const ext = dot > 0 ? lower.slice(dot + 1) : '';
  const byExt = BY_EXTENSION[ext];
  if (byExt) return byExt;

  // /etc/cron.d holds crontab files with arbitrary names (no dot files: cron itself skips them).
  if (folders.length > 0 && folders[folders.length - 1].toLowerCase() === 'cron.d' && !lower.startsWith('.')) {
    return 'crontab';
  }
  if (ext === 'xml' && text !== undefined && looksLikeWebXml(text)) return 'web-xml';
  return undefined;
}

/** A deployment descriptor: the first element is <web-app> (optionally namespaced). */
function looksLikeWebXml(text: string): boolean {
  // Skip the prolog, comments and doctype; look only at the head of the file.
  const head = text.slice(0, 4096).replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, '');
  return /^\s*<(?:[\w.-]+:)?web-app\b/.test(head);
}

/** How comments are written in a kind of file: what ignore comments must look like. */
export interface CommentSyntax {
  /** Prefixes of comments that run to the end of the line. */
  line: readonly string[];
  /** Delimited comments: [open, close]. */
  block: readonly (readonly [string, string])[];
  /**
   * Whether a line comment may follow other text on the same line. False for `.properties` and
   * `java.security`, where `key=30 # note` is the value "30 # note", and for redis.conf-style
   * files where `#` only starts a comment at the beginning of a line.
   */
  trailing: boolean;
}

const HASH_OWN_LINE: CommentSyntax = { line: ['#', '!'], block: [], trailing: false };

/**
 * Comment forms of `kind`, for writing ignore comments. JSON has none: an editor must not insert
 * `//` into package.json. (The ignore scanner still honours `//` and block comments in JSON files
 * that have them, JSONC style, such as tsconfig.json.)
 */
export function commentSyntax(kind: FileKind): CommentSyntax {
  switch (kind) {
    case 'properties':
    case 'java-security':
      return HASH_OWN_LINE;
    case 'yaml':
    case 'toml':
    case 'crontab':
    case 'env':
      return { line: ['#'], block: [], trailing: true };
    case 'ini':
      // nginx and my.cnf accept trailing comments; redis.conf does not, but a trailing `#` there
      // makes redis refuse the line, so honouring it costs nothing.
      return { line: ['#', ';'], block: [], trailing: true };
    case 'json':
      return { line: [], block: [], trailing: false };
    case 'sql':
      return { line: ['--'], block: [['/*', '*/']], trailing: true };
    case 'web-xml':
      return { line: [], block: [['<!--', '-->']], trailing: true };
  }
}
