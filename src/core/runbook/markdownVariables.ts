// The `### Variables` section of a Markdown runbook: one placeholder declaration per list item.
import { compileVariablePattern, isSecretName, validateVariable, validateVariableValue } from '../incident/placeholders';
import { countNewlines, type SubSection } from './markdownTokens';
import { plainInline, problem, splitOutsideCode, stripDecoration, trailingGroup } from './markdownText';
import type { Problem, VariableDeclaration } from './runbookModel';

export function isVariablesSection(sub: SubSection): boolean {
  return /^(?:variables|placeholders)$/i.test(stripDecoration(plainInline(sub.heading.token.tokens)));
}

const VARIABLE_ITEM = /^`\{\{\s*([A-Za-z_][A-Za-z0-9_.-]{0,99})\s*\}\}`\s*(?:[—–:-]+\s*)?([\s\S]*)$/;

/**
 * `### Variables` list items: `` `{{name}}` — description (e.g. `example`; pattern `^[0-9]+$`;
 * default `x`; secret; raw) ``. The parenthesised attributes are optional; a final group with
 * anything else in it stays part of the description.
 */
/** As many as the YAML schema allows. */
const MAX_VARIABLES = 100;

export function buildVariables(subs: SubSection[], file: string, problems: Problem[]): VariableDeclaration[] {
  const out: VariableDeclaration[] = [];
  const names = new Set<string>();
  for (const sub of subs) {
    sub.body.forEach((t, k) => {
      if (t.type !== 'list') return;
      let line = sub.lines[k];
      for (const item of t.items) {
        const itemLine = line;
        line += countNewlines(item.raw, 0, item.raw.length);
        const text = item.text.trim().replace(/\s*\n\s*/g, ' ');
        const m = VARIABLE_ITEM.exec(text);
        if (!m) {
          problems.push(problem(file, itemLine, 'A Variables item must start with the placeholder in backticks: `{{name}}` — what to enter (e.g. `value`).', 'warning', 'variable-syntax'));
          continue;
        }
        const [, name, rest] = m;
        if (names.has(name)) {
          problems.push(problem(file, itemLine, `Variable "${name}" is declared twice.`, 'error', 'duplicate-variable'));
          continue;
        }
        names.add(name);
        if (out.length >= MAX_VARIABLES) {
          problems.push(problem(file, itemLine, `More than ${MAX_VARIABLES} variables: "${name}" and the ones after it are ignored.`, 'error', 'schema'));
          return;
        }
        const declaration = parseVariableItem(name, rest, itemLine);
        // An unusable pattern or default is dropped; the rest of the declaration stays.
        if (declaration.pattern !== undefined) {
          const compiled = compileVariablePattern(declaration.pattern);
          if (typeof compiled === 'string') {
            problems.push(problem(file, itemLine, `Variable "${name}": ${compiled}`, 'error', 'variable-pattern'));
            delete declaration.pattern;
          }
        }
        if (declaration.default !== undefined) {
          const invalid = validateVariable(declaration, declaration.default);
          if (invalid) {
            problems.push(problem(file, itemLine, `Variable "${name}": the default is not a valid value: ${invalid}`, 'error', 'variable-default'));
            delete declaration.default;
          }
        }
        if (declaration.example !== undefined) {
          const invalid = validateVariableValue(declaration.example) ?? validateVariable(declaration, declaration.example);
          if (invalid) problems.push(problem(file, itemLine, `Variable "${name}": the example is not a valid value: ${invalid}`, 'warning', 'variable-example'));
        }
        out.push(declaration);
      }
    });
  }
  return out;
}

function parseVariableItem(name: string, rest: string, line: number): VariableDeclaration {
  const declaration: VariableDeclaration = { name, secret: isSecretName(name), raw: false, line };
  let description = rest.trim();
  const group = trailingGroup(description);
  if (group) {
    const attributes: Partial<VariableDeclaration> = {};
    const recognised = splitOutsideCode(group.inner, ';').every((part) => {
      const a = part.trim();
      let m: RegExpExecArray | null;
      if ((m = /^(?:e\.\s?g\.|example:?)\s*(`+)\s?([\s\S]*?)\s?\1$/i.exec(a))) attributes.example = m[2];
      else if ((m = /^(?:pattern|matches):?\s*(`+)\s?([\s\S]*?)\s?\1$/i.exec(a))) attributes.pattern = m[2];
      else if ((m = /^default:?\s*(`+)\s?([\s\S]*?)\s?\1$/i.exec(a))) attributes.default = m[2];
      else if (/^secret$/i.test(a)) attributes.secret = true;
      else if (/^not secret$/i.test(a)) attributes.secret = false;
      else if (/^raw$/i.test(a)) attributes.raw = true;
      else return false;
      return true;
    });
    if (recognised) {
      Object.assign(declaration, attributes);
      description = group.before.trim();
    }
  }
  description = description.replace(/[\s.;:,]+$/, '');
  if (description) declaration.description = description;
  return declaration;
}

