// One entry point for "here is the text of a runbook file": picks the parser by extension and
// enforces the size cap, so the extension, the CLI and the tests all treat files the same way.
import { parseMarkdownRunbooks } from './markdownRunbook';
import type { ParseResult, Problem, SourceKind } from './model';
import { parseYamlRunbooks } from './yamlRunbook';

/** 1 MiB. A runbook is a few KB; anything this big is a mistake or an attack. */
export const MAX_RUNBOOK_FILE_BYTES = 1_048_576;

const YAML_FILE = /\.ya?ml$/i;
const MARKDOWN_FILE = /\.(md|markdown)$/i;

export function isRunbookFileName(name: string): boolean {
  return YAML_FILE.test(name) || MARKDOWN_FILE.test(name);
}

function formatMegabytes(bytes: number): string {
  const mb = (bytes / MAX_RUNBOOK_FILE_BYTES).toFixed(1);
  // "1.0 MB" would read as "within the cap"; show bytes when rounding hides the excess.
  return mb === '1.0' ? `${bytes.toLocaleString('en-US')} bytes` : `${mb} MB`;
}

/** The problem reported for a file over the cap (also used by the loader after `stat`). */
export function tooLargeProblem(file: string, bytes: number): Problem {
  return {
    file,
    line: 1,
    column: 1,
    message: `File is ${formatMegabytes(bytes)}; runbook files are capped at 1 MB`,
    severity: 'error',
    code: 'too-large',
  };
}

export function parseRunbookText(text: string, file: string, kind: SourceKind): ParseResult {
  // Cheap upper bound first: UTF-8 needs at most 3 bytes per UTF-16 unit.
  if (text.length * 3 > MAX_RUNBOOK_FILE_BYTES) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_RUNBOOK_FILE_BYTES) return { runbooks: [], problems: [tooLargeProblem(file, bytes)] };
  }
  // A UTF-8 BOM is not content; editors do not count it as a column either.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (YAML_FILE.test(file)) return parseYamlRunbooks(body, file, kind);
  if (MARKDOWN_FILE.test(file)) return parseMarkdownRunbooks(body, file, kind);
  return {
    runbooks: [],
    problems: [
      {
        file,
        line: 1,
        column: 1,
        message: 'Not a runbook file: expected a .yaml, .yml, .md or .markdown extension',
        severity: 'error',
        code: 'unsupported-file',
      },
    ],
  };
}
