// The config readers behind one call: the entries of a file of any config kind, parsed once per
// text however many rules ask.
import type { FileKind, Fix, LintContext, RuleFinding } from '../types';
import { readConf } from './conf';
import type { ConfigEntry } from './entries';
import { readEnv } from './env';
import { readJsonConfig } from './json';
import { readProperties } from './properties';
import { readToml } from './toml';
import { readWebXml } from './webXml';
import { readYamlConfig } from './yamlConfig';

export type { ConfigEntry } from './entries';
export { findInValue } from './entries';

export function entriesOf(text: string, kind: FileKind): readonly ConfigEntry[] {
  switch (kind) {
    case 'properties':
    case 'java-security':
      return readProperties(text);
    case 'yaml':
      return readYamlConfig(text).entries;
    case 'json':
      // Strict JSON by the fast reader; JSON with comments and the like as YAML, as before.
      return readJsonConfig(text).entries ?? readYamlConfig(text).entries;
    case 'env':
      return readEnv(text);
    case 'ini':
      return readConf(text);
    case 'toml':
      return readToml(text);
    case 'web-xml':
      return readWebXml(text);
    default:
      return [];
  }
}

export function entries(ctx: LintContext): readonly ConfigEntry[] {
  return entriesOf(ctx.text, ctx.kind);
}

/** A fix that replaces a range. */
export function replaceFix(title: string, start: number, end: number, newText: string): Fix {
  return { title, edits: [{ start, end, newText }] };
}

/** Keeps the first finding per range: YAML can expose one value under two keys (Kubernetes env). */
export function dedupe(findings: RuleFinding[]): RuleFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const k = `${f.start}:${f.end}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The file's base name. */
export function baseName(file: string): string {
  return file.replace(/\\/g, '/').split('/').pop() ?? file;
}
