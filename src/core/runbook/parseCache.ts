// Parse results keyed by a hash of the file's text, so that a window reload (or a second CLI run)
// does not parse unchanged runbooks again: YAML parsing is the cost of loading a library.
import type { ParseResult, SourceKind } from './runbookModel';
import { rememberSearchTerms } from '../search/runbookTerms';

// node:crypto is loaded on first use: loading it costs the extension's activation ~7 ms.
let hashing: typeof import('node:crypto') | undefined;

export interface ParseCache {
  get(key: string): ParseResult | undefined;
  set(key: string, result: ParseResult): void;
}

/**
 * What the parsers produce, in a word: change it whenever a ParseResult gains or changes a field,
 * so results cached by an earlier build with the same extension version are not reused.
 */
export const PARSE_RESULT_FORMAT = 'variables-destructive-search-terms-1';

/** The path and kind are part of the key: both are written into the parsed runbooks. */
export function parseCacheKey(text: string, file: string, kind: SourceKind): string {
  hashing ??= require('node:crypto') as typeof import('node:crypto');
  return hashing.createHash('sha1').update(PARSE_RESULT_FORMAT).update('\0').update(kind).update('\0').update(file).update('\0').update(text).digest('base64');
}

/**
 * The cached result for this text, or `parse`'s. The parser is passed in, so that a cache hit does
 * not even load it (the extension imports the parsers lazily).
 */
export async function parseWithCache(
  text: string,
  file: string,
  kind: SourceKind,
  cache: ParseCache | undefined,
  parse: () => ParseResult | Promise<ParseResult>,
): Promise<ParseResult> {
  if (!cache) return parse();
  const key = parseCacheKey(text, file, kind);
  const hit = cache.get(key);
  if (hit) return rememberSearchTerms(hit);
  const result = await parse();
  cache.set(key, result);
  return result;
}

/** The cached result for this text, or undefined: never parses (the caller decides when to). */
export function cachedParse(text: string, file: string, kind: SourceKind, cache: ParseCache | undefined): ParseResult | undefined {
  const hit = cache?.get(parseCacheKey(text, file, kind));
  return hit && rememberSearchTerms(hit);
}

interface SerializedCache {
  version: string;
  entries: Record<string, ParseResult>;
}

function looksLikeParseResult(value: unknown): value is ParseResult {
  const r = value as ParseResult | null;
  return typeof r === 'object' && r !== null && Array.isArray(r.runbooks) && Array.isArray(r.problems);
}

/**
 * An in-memory cache that round-trips through JSON. `version` names the parser that produced the
 * entries (the extension's version): entries from another version are dropped, never trusted.
 * Serializing keeps only the entries used since loading, so deleted files do not pile up.
 */
export class JsonParseCache implements ParseCache {
  private readonly stored = new Map<string, ParseResult>();
  private readonly used = new Map<string, ParseResult>();
  private changed = false;

  constructor(private readonly version: string) {}

  /** A corrupted or foreign cache file gives an empty cache, never an error. */
  static fromJson(json: string | undefined, version: string): JsonParseCache {
    const cache = new JsonParseCache(version);
    if (!json) return cache;
    try {
      const data = JSON.parse(json) as SerializedCache;
      if (data && data.version === version && typeof data.entries === 'object' && data.entries !== null) {
        for (const [key, value] of Object.entries(data.entries)) {
          if (looksLikeParseResult(value)) cache.stored.set(key, value);
        }
      }
    } catch {
      // Half-written file (a crash during save): start afresh.
    }
    return cache;
  }

  get(key: string): ParseResult | undefined {
    const hit = this.used.get(key) ?? this.stored.get(key);
    if (hit) this.used.set(key, hit);
    return hit;
  }

  set(key: string, result: ParseResult): void {
    this.used.set(key, result);
    this.changed = true;
  }

  /** True when saving would write something different from what was loaded. */
  get dirty(): boolean {
    return this.changed || this.used.size !== this.stored.size;
  }

  toJson(): string {
    const data: SerializedCache = { version: this.version, entries: Object.fromEntries(this.used) };
    return JSON.stringify(data);
  }
}
