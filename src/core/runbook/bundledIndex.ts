// The bundled runbooks, parsed at build time (scripts/build.mjs writes dist/bundled-runbooks.json):
// at run time loading them is a JSON.parse, without the YAML parser or its bundle. Each entry
// carries a hash of the file's text, so an edited runbooks/ folder (a development checkout) is
// noticed and that file is parsed as usual.
import type { ParseResult } from './runbookModel';
import { PARSE_RESULT_FORMAT } from './parseCache';
import { rememberSearchTerms } from '../search/runbookTerms';

export const BUNDLED_INDEX_FILE = 'bundled-runbooks.json';

export interface BundledIndex {
  format: string;
  /** By file name in runbooks/; paths inside the results are that name, made absolute on load. */
  files: Record<string, { hash: string; result: ParseResult }>;
}

/** SHA-1 of the text: native, so checking a dozen files costs well under a millisecond. */
export function textHash(text: string): string {
  // Loaded on first use, as in parseCache.ts (the extension host has it loaded already).
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha1').update(text).digest('base64');
}

export function buildBundledIndex(files: { name: string; text: string }[], parse: (text: string, name: string) => ParseResult): BundledIndex {
  const index: BundledIndex = { format: PARSE_RESULT_FORMAT, files: {} };
  for (const { name, text } of files) index.files[name] = { hash: textHash(text), result: parse(text, name) };
  return index;
}

/** The index from its JSON, or undefined when it is missing, damaged or from other parsers. */
export function readBundledIndex(json: string | undefined): BundledIndex | undefined {
  if (!json) return undefined;
  try {
    const index = JSON.parse(json) as BundledIndex;
    if (index?.format !== PARSE_RESULT_FORMAT || typeof index.files !== 'object' || index.files === null) return undefined;
    return index;
  } catch {
    return undefined;
  }
}

/** The prebuilt result for this file when its text is the one indexed, with absolute paths. */
export function bundledResult(index: BundledIndex | undefined, name: string, text: string, absolutePath: string): ParseResult | undefined {
  const entry = index?.files[name];
  if (!entry || entry.hash !== textHash(text) || !Array.isArray(entry.result?.runbooks) || !Array.isArray(entry.result.problems)) return undefined;
  return rememberSearchTerms({
    runbooks: entry.result.runbooks.map((rb) => ({ ...rb, source: { ...rb.source, file: absolutePath } })),
    problems: entry.result.problems.map((p) => ({ ...p, file: absolutePath })),
    searchTerms: entry.result.searchTerms,
  });
}
