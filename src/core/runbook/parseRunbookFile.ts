// One entry point for "here is the text of a runbook file": picks the parser by extension and
// enforces the size cap, so the extension, the CLI and the tests all treat files the same way.
import { parseMarkdownRunbooks } from './markdownRunbook';
import type { ParseResult, SourceKind } from './runbookModel';
import { MARKDOWN_FILE, MAX_RUNBOOK_FILE_BYTES, YAML_FILE, tooLargeProblem } from './runbookFiles';
import { parseYamlRunbooks } from './yamlRunbook';
import { computeSearchTerms } from '../search/searchTerms';
import { rememberSearchTerms } from '../search/runbookTerms';

export { MAX_RUNBOOK_FILE_BYTES, isRunbookFileName, tooLargeProblem } from './runbookFiles';

export function parseRunbookText(text: string, file: string, kind: SourceKind): ParseResult {
  // Cheap upper bound first: UTF-8 needs at most 3 bytes per UTF-16 unit.
  if (text.length * 3 > MAX_RUNBOOK_FILE_BYTES) {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > MAX_RUNBOOK_FILE_BYTES) return { runbooks: [], problems: [tooLargeProblem(file, bytes)] };
  }
  // A UTF-8 BOM is not content; editors do not count it as a column either.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (YAML_FILE.test(file)) return withSearchTerms(parseYamlRunbooks(body, file, kind));
  if (MARKDOWN_FILE.test(file)) return withSearchTerms(parseMarkdownRunbooks(body, file, kind));
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

/** The runbooks' search terms ride with the parse, into the parse cache and the bundled index. */
function withSearchTerms(result: ParseResult): ParseResult {
  if (result.runbooks.length === 0) return result;
  return rememberSearchTerms({ ...result, searchTerms: result.runbooks.map(computeSearchTerms) });
}
