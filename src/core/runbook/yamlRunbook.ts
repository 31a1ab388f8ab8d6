// Reads runbooks from YAML. Runbook files come from strangers' repositories, so nothing here may
// throw, hang or crash the host: every failure becomes a Problem with a line and column.
//
// Why not `parseAllDocuments`: the yaml Composer recurses once per nesting level. On a deeply
// nested document it reports "Maximum call stack size exceeded", but a second deep document in the
// same process can then crash V8 outright ("FATAL ERROR: RegExpCompiler Allocation failed", an
// uncatchable abort, seen with Node 20 + yaml 2.9). So we run the (iterative) Parser ourselves,
// measure each document's nesting on the CST without recursion, and only hand documents of sane
// depth to the Composer. It is otherwise exactly what parseAllDocuments does.
import {
  Composer,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Parser,
  type CST,
  type Document,
  type DocumentOptions,
  type ParseOptions,
  type SchemaOptions,
  type YAMLError,
} from 'yaml';
import {
  SEVERITIES,
  STEP_KINDS,
  type Command,
  type ParseResult,
  type Phase,
  type Problem,
  type ProblemSeverity,
  type Runbook,
  type RunbookSeverity,
  type SourceKind,
  type Step,
  type StepKind,
  type Timebox,
  type VariableDeclaration,
} from './runbookModel';
import { compileVariablePattern, isSecretName, validateVariable, validateVariableValue } from '../incident/placeholders';
import { runbookWarnings } from './runbookWarnings';
import { checkStepLinks } from './stepLinks';
import { formatPath, type PathSegment } from '../schema/schemaIssues';
import { DUPLICATE_KEY_MESSAGE, duplicateKeyOffsets } from '../schema/yamlDuplicateKeys';
import { keyText, rangeAt } from '../schema/yamlLocate';
import { validateRunbook } from './runbookSchema';
import { RUNBOOK_ID } from './runbookModel';

export const MAX_ALIAS_COUNT = 100;
/** A runbook needs about 7 levels; anything near this is an attack or an accident. */
export const MAX_YAML_DEPTH = 64;
/** Schema problems reported per document; the rest are counted in one last problem. */
export const MAX_SCHEMA_PROBLEMS = 100;

const YAML_OPTIONS: ParseOptions & DocumentOptions & SchemaOptions = {
  schema: 'core',
  // Checked by duplicateKeyOffsets, in linear time.
  uniqueKeys: false,
  prettyErrors: true,
  keepSourceTokens: false,
};

// Same rule as the schema; the id is what everything else keys on, so it must be usable.

interface Position {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

type YamlDoc = Document.Parsed;

/** Offset of the first CST node nested deeper than MAX_YAML_DEPTH, found without recursion. */
function findTooDeep(doc: CST.Document): number | undefined {
  const stack: { token: CST.Token; depth: number }[] = [];
  if (doc.value) stack.push({ token: doc.value, depth: 1 });
  while (stack.length > 0) {
    const { token, depth } = stack.pop() as { token: CST.Token; depth: number };
    if (depth > MAX_YAML_DEPTH) return token.offset;
    if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      for (const item of token.items) {
        if ('key' in item && item.key) stack.push({ token: item.key, depth: depth + 1 });
        if (item.value) stack.push({ token: item.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

class YamlFile {
  readonly problems: Problem[] = [];
  readonly runbooks: Runbook[] = [];
  private readonly lines = new LineCounter();

  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly kind: SourceKind,
  ) {}

  position(start: number, end?: number): Position {
    const s = this.lines.linePos(Math.max(0, Math.min(start, this.text.length)));
    const pos: Position = { line: Math.max(1, s.line), column: Math.max(1, s.col) };
    if (end !== undefined && end > start) {
      const e = this.lines.linePos(Math.min(end, this.text.length));
      pos.endLine = Math.max(1, e.line);
      pos.endColumn = Math.max(1, e.col);
    }
    return pos;
  }

  problem(pos: Position, message: string, severity: ProblemSeverity, code: string): void {
    this.problems.push({ file: this.file, ...pos, message, severity, code });
  }

  run(): ParseResult {
    let tokens: CST.Token[];
    try {
      tokens = Array.from(new Parser(this.lines.addNewLine).parse(this.text));
    } catch (e) {
      this.problem({ line: 1, column: 1 }, `Could not read YAML: ${errorMessage(e)}`, 'error', 'yaml-syntax');
      return this.result();
    }
    const sane: CST.Token[] = [];
    for (const token of tokens) {
      const deep = token.type === 'document' ? findTooDeep(token) : undefined;
      if (deep === undefined) sane.push(token);
      else this.problem(this.position(deep), `YAML nested too deeply (more than ${MAX_YAML_DEPTH} levels); document ignored`, 'error', 'yaml-syntax');
    }
    const composer = new Composer(YAML_OPTIONS);
    try {
      for (const doc of composer.compose(sane)) {
        this.document(doc);
      }
    } catch (e) {
      this.problem({ line: 1, column: 1 }, documentFailure(e), 'error', 'yaml-syntax');
    }
    return this.result();
  }

  private result(): ParseResult {
    // Deep-document problems are found before the others; report in file order.
    this.problems.sort((a, b) => a.line - b.line || a.column - b.column);
    return { runbooks: this.runbooks, problems: this.problems };
  }

  private yamlProblem(err: YAMLError, severity: ProblemSeverity): void {
    const [start, end] = err.pos;
    // err.message carries no position unless prettyErrors ran; strip it defensively anyway.
    const message = err.message.replace(/ at line \d+, column \d+:[\s\S]*$/, '');
    this.problem(this.position(start, end), message, severity, 'yaml-syntax');
  }

  private document(doc: YamlDoc): void {
    for (const w of doc.warnings) this.yamlProblem(w, 'warning');
    for (const e of doc.errors) this.yamlProblem(e, 'error');
    const duplicates = doc.errors.length > 0 ? [] : duplicateKeyOffsets(doc);
    for (const offset of duplicates) this.problem(this.position(offset), DUPLICATE_KEY_MESSAGE, 'error', 'yaml-syntax');
    if (doc.errors.length > 0 || duplicates.length > 0) return;
    const contents = doc.contents;
    // A document of nothing but comments: not a runbook, not a problem.
    if (contents === null || (isScalar(contents) && contents.value === null && !contents.source)) return;
    const startOffset = contents.range[0];
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      this.problem(this.position(startOffset), documentFailure(e), 'error', 'yaml-syntax');
      return;
    }
    const { issues, more } = validateRunbook(value, MAX_SCHEMA_PROBLEMS);
    for (const issue of issues) {
      this.problem(this.locate(doc, issue.path, issue.at), issue.message, 'error', issue.code);
    }
    if (more > 0) {
      // Thousands of identical diagnostics help nobody and slow the editor down.
      this.problem(this.position(startOffset), `${more} more schema problems in this document not shown`, 'error', 'schema');
    }
    this.semanticChecks(doc, value);
    const variableErrors = this.variableChecks(doc, value);
    const idPos = this.locate(doc, ['id'], 'key');
    const lines: LineLocator = {
      code: (path) => this.codeLine(doc, path),
      item: (path) => this.locate(doc, path, 'value').line,
    };
    const runbook = buildRunbook(value, { kind: this.kind, file: this.file, line: idPos.line }, lines);
    if (!runbook) return;
    // An unusable pattern or default is dropped (its error is reported); the rest of the
    // declaration stays, so a `secret: true` still hides the value.
    for (const v of runbook.variables) {
      for (const field of variableErrors.get(v.name) ?? []) delete v[field];
    }
    for (const issue of checkStepLinks(runbook)) {
      const path: PathSegment[] = ['phases', issue.phaseIndex, 'steps', issue.stepIndex, issue.field];
      const pos = issue.itemIndex === undefined ? this.locate(doc, path, 'key') : this.locate(doc, [...path, issue.itemIndex], 'value');
      this.problem(pos, issue.message, issue.severity, issue.code);
    }
    this.runbooks.push(runbook);
    this.problems.push(...runbookWarnings(runbook));
  }

  /** Duplicate names, patterns that do not compile, defaults and examples that fail them. Returns the fields in error, by name. */
  private variableChecks(doc: YamlDoc, value: unknown): Map<string, ('pattern' | 'default')[]> {
    const inError = new Map<string, ('pattern' | 'default')[]>();
    if (!isRecord(value) || !Array.isArray(value.variables)) return inError;
    const seen = new Map<string, number>();
    value.variables.forEach((v: unknown, i) => {
      if (!isRecord(v) || typeof v.name !== 'string') return;
      const path: PathSegment[] = ['variables', i];
      const first = seen.get(v.name);
      if (first !== undefined) {
        this.problem(this.locate(doc, [...path, 'name'], 'value'), `Variable "${v.name}" is declared twice: in variables[${first}] and variables[${i}]`, 'error', 'duplicate-variable');
        return;
      }
      seen.set(v.name, i);
      if (typeof v.pattern === 'string') {
        const compiled = compileVariablePattern(v.pattern);
        if (typeof compiled === 'string') {
          this.problem(this.locate(doc, [...path, 'pattern'], 'value'), `Variable "${v.name}": ${compiled}`, 'error', 'variable-pattern');
          inError.set(v.name, ['pattern', 'default']);
          return;
        }
      }
      const declaration = { name: v.name, secret: false, raw: false, pattern: typeof v.pattern === 'string' ? v.pattern : undefined };
      if (typeof v.default === 'string') {
        const invalid = validateVariable(declaration, v.default);
        if (invalid) {
          this.problem(this.locate(doc, [...path, 'default'], 'value'), `Variable "${v.name}": the default is not a valid value: ${invalid}`, 'error', 'variable-default');
          inError.set(v.name, ['default']);
        }
      }
      if (typeof v.example === 'string') {
        const invalid = validateVariableValue(v.example) ?? (declaration.pattern ? validateVariable(declaration, v.example) : undefined);
        if (invalid) this.problem(this.locate(doc, [...path, 'example'], 'value'), `Variable "${v.name}": the example is not a valid value: ${invalid}`, 'warning', 'variable-example');
      }
    });
    return inError;
  }

  /** 1-based line of the first line of code of the scalar at `path` (the line after `|-` for a block scalar). */
  private codeLine(doc: YamlDoc, path: readonly PathSegment[]): number | undefined {
    let node: unknown = doc.contents;
    for (const seg of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(seg));
        if (!pair) return undefined;
        node = pair.value;
      } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
        node = node.items[seg];
      } else return undefined;
    }
    if (isAlias(node)) node = node.resolve(doc);
    if (!isScalar(node) || !node.range) return undefined;
    let offset = node.range[0];
    if (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') {
      const nl = this.text.indexOf('\n', offset);
      if (nl >= 0 && nl + 1 < node.range[1]) offset = nl + 1;
    }
    return this.position(offset).line;
  }

  /** Checks JSON Schema cannot express. */
  private semanticChecks(doc: YamlDoc, value: unknown): void {
    if (!isRecord(value) || !Array.isArray(value.phases)) return;
    const seen = new Map<string, PathSegment[]>();
    value.phases.forEach((phase: unknown, p) => {
      if (!isRecord(phase)) return;
      const tb = phase.timebox;
      if (isRecord(tb) && typeof tb.fromMinutes === 'number' && typeof tb.toMinutes === 'number' && tb.toMinutes <= tb.fromMinutes) {
        const path = ['phases', p, 'timebox', 'toMinutes'];
        this.problem(
          this.locate(doc, path, 'value'),
          `${formatPath(path)} must be greater than fromMinutes (got ${tb.toMinutes}, fromMinutes is ${tb.fromMinutes})`,
          'error',
          'schema',
        );
      }
      if (!Array.isArray(phase.steps)) return;
      phase.steps.forEach((step: unknown, s) => {
        if (!isRecord(step) || typeof step.id !== 'string') return;
        const path: PathSegment[] = ['phases', p, 'steps', s];
        const first = seen.get(step.id);
        if (first) {
          this.problem(
            this.locate(doc, [...path, 'id'], 'value'),
            `Duplicate step id "${step.id}" in ${formatPath(path)}: already used by ${formatPath(first)}; step ids must be unique within a runbook`,
            'error',
            'schema',
          );
        } else {
          seen.set(step.id, path);
        }
      });
    });
  }

  /** Line and column of the node at `path` (its key when `at` is 'key'). */
  private locate(doc: YamlDoc, path: readonly PathSegment[], at: 'key' | 'value'): Position {
    const range = rangeAt(doc, path, at);
    return range ? this.position(range[0], range[1]) : { line: 1, column: 1 };
  }
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function documentFailure(e: unknown): string {
  // yaml throws ReferenceError when alias expansion passes maxAliasCount ("billion laughs").
  if (e instanceof ReferenceError) return `YAML aliases expand beyond the limit of ${MAX_ALIAS_COUNT} (alias bomb?); document ignored`;
  if (e instanceof RangeError) return 'YAML nested too deeply; document ignored';
  return `Could not read YAML document: ${errorMessage(e)}`;
}

// ---------------------------------------------------------------------------------------------
// Building the model. The schema problems are already reported; here we decide what is usable.
// A runbook is returned when everything something else keys on is present with the right type:
// a valid runbook id, a title, a symptom, a non-empty list of phases, each with a name and a list
// of steps, each step with a string id and text. Optional fields of the wrong type fall back to
// their defaults, and malformed commands are dropped, so the tree can still show the runbook
// next to its error.

/** Where things are in the file, for the lines the model keeps. */
interface LineLocator {
  /** Line of the first line of code of the scalar at this path. */
  code(path: PathSegment[]): number | undefined;
  /** Line of the node at this path. */
  item(path: PathSegment[]): number;
}

function buildRunbook(v: unknown, source: Runbook['source'], lines: LineLocator): Runbook | undefined {
  if (!isRecord(v)) return undefined;
  const { id, title, symptom } = v;
  if (typeof id !== 'string' || !RUNBOOK_ID.test(id)) return undefined;
  if (typeof title !== 'string' || title.trim() === '') return undefined;
  if (typeof symptom !== 'string') return undefined;
  if (!Array.isArray(v.phases) || v.phases.length === 0) return undefined;
  const phases: Phase[] = [];
  for (const [p, raw] of v.phases.entries()) {
    const phase = buildPhase(raw, ['phases', p], lines);
    if (!phase) return undefined;
    phases.push(phase);
  }
  const runbook: Runbook = {
    id,
    title,
    symptom,
    summary: typeof v.summary === 'string' ? v.summary : '',
    tags: stringList(v.tags),
    aliases: stringList(v.aliases),
    phases,
    lintRules: stringList(v.lintRules),
    variables: buildVariables(v.variables, lines),
    source,
  };
  if (SEVERITIES.includes(v.severity as RunbookSeverity)) runbook.severity = v.severity as RunbookSeverity;
  if (typeof v.insight === 'string') runbook.insight = v.insight;
  return runbook;
}

function buildVariables(v: unknown, lines: LineLocator): VariableDeclaration[] {
  if (!Array.isArray(v)) return [];
  const out: VariableDeclaration[] = [];
  const names = new Set<string>();
  v.forEach((raw: unknown, i) => {
    // Same name rule as placeholders; the first of duplicates wins (the second is an error).
    // The schema allows 100 (and reports more as an error): the rest are not built.
    if (out.length >= 100) return;
    if (!isRecord(raw) || typeof raw.name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_.-]{0,99}$/.test(raw.name) || names.has(raw.name)) return;
    names.add(raw.name);
    const declaration: VariableDeclaration = {
      name: raw.name,
      secret: typeof raw.secret === 'boolean' ? raw.secret : isSecretName(raw.name),
      raw: raw.raw === true,
      line: lines.item(['variables', i]),
    };
    for (const key of ['description', 'example', 'pattern', 'default'] as const) {
      if (typeof raw[key] === 'string') declaration[key] = raw[key] as string;
    }
    out.push(declaration);
  });
  return out;
}

function buildPhase(v: unknown, path: PathSegment[], lines: LineLocator): Phase | undefined {
  if (!isRecord(v) || typeof v.name !== 'string' || !Array.isArray(v.steps)) return undefined;
  const steps: Step[] = [];
  for (const [s, raw] of v.steps.entries()) {
    const step = buildStep(raw, [...path, 'steps', s], lines);
    if (!step) return undefined;
    steps.push(step);
  }
  return { name: v.name, timebox: buildTimebox(v.timebox), steps };
}

function buildTimebox(v: unknown): Timebox | null {
  if (!isRecord(v)) return null;
  const { fromMinutes, toMinutes } = v;
  if (typeof fromMinutes !== 'number' || typeof toMinutes !== 'number') return null;
  return { fromMinutes, toMinutes };
}

function buildStep(v: unknown, path: PathSegment[], lines: LineLocator): Step | undefined {
  if (!isRecord(v) || typeof v.id !== 'string' || typeof v.text !== 'string') return undefined;
  const commands: Command[] = [];
  if (Array.isArray(v.commands)) {
    v.commands.forEach((c: unknown, k) => {
      if (!isRecord(c) || typeof c.code !== 'string') return;
      const command: Command = { language: typeof c.language === 'string' && c.language !== '' ? c.language : 'text', code: c.code };
      if (typeof c.destructive === 'boolean') command.destructive = c.destructive;
      if (typeof c.risk === 'string' && c.risk.trim() !== '') command.risk = c.risk.trim();
      const line = lines.code([...path, 'commands', k, 'code']);
      if (line !== undefined) command.line = line;
      commands.push(command);
    });
  }
  const step: Step = { id: v.id, text: v.text, commands };
  if (STEP_KINDS.includes(v.kind as StepKind)) step.kind = v.kind as StepKind;
  // Checked against the runbook's step ids once every step is built (checkStepLinks).
  for (const field of ['checks', 'fixes'] as const) {
    if (Array.isArray(v[field])) step[field] = [...new Set(stringList(v[field]))].slice(0, 50);
  }
  return step;
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Parses every YAML document in `text` into runbooks; never throws. */
export function parseYamlRunbooks(text: string, file: string, kind: SourceKind): ParseResult {
  try {
    return new YamlFile(text, file, kind).run();
  } catch (e) {
    // Last line of defence: a bug here must cost one file, not the whole library.
    return {
      runbooks: [],
      problems: [{ file, line: 1, column: 1, message: documentFailure(e), severity: 'error', code: 'yaml-syntax' }],
    };
  }
}
