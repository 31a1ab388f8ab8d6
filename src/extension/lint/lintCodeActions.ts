// Quick fixes for the risky-config linter's diagnostics, and its fix-all
// (`source.fixAll.runbookLint`, for `editor.codeActionsOnSave`). The fixes themselves come from
// the engine's findings; this file only turns them into WorkspaceEdits and adds the editor's own
// actions (disable comments, open the runbook, show the rule's doc).
import * as vscode from 'vscode';
import { commentSyntax } from '../../core/lint/fileKinds';
import type { FileKind, Finding, Fix } from '../../core/lint/types';
import { loadLazyBundle } from '../loadLazyBundle';
import type { RunbookStore } from '../runbookStore';
import {
  type LintDiagnostics,
  diagnosticRuleId,
  findingForDiagnostic,
  findingRange,
  ruleDocUri,
} from './lintDiagnostics';

export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('runbookLint');
export const OPEN_RUNBOOK_AT_STEP_COMMAND = 'runbookAssistant.openRunbookAtStep';

export class LintCodeActionProvider implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = {
    providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND],
  };

  constructor(
    private readonly linter: LintDiagnostics,
    private readonly store: RunbookStore,
    private readonly extensionUri: vscode.Uri,
  ) {}

  async provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range | vscode.Selection,
    context: vscode.CodeActionContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.CodeAction[]> {
    const wants = (kind: vscode.CodeActionKind): boolean => !context.only || context.only.contains(kind);
    const ours = context.diagnostics.filter((d) => diagnosticRuleId(d) !== undefined);
    const wantsQuickFixes = wants(vscode.CodeActionKind.QuickFix) && ours.length > 0;
    const wantsFixAll = wants(FIX_ALL_KIND);
    if (!wantsQuickFixes && !wantsFixAll) return [];

    // The diagnostics' version may be older than the document's: fixes must match the text now.
    const result = await this.linter.findingsFor(document);
    // Over the size cap the one finding is a notice: nothing to fix or silence.
    if (!result || result.tooLarge || token.isCancellationRequested) return [];
    const actions: vscode.CodeAction[] = [];
    if (wantsQuickFixes) {
      const docIds = await this.linter.documentedRules();
      const seen = new Set<string>();
      const add = (action: vscode.CodeAction): void => {
        if (seen.has(action.title)) return; // two findings of one rule: one "disable for this file"
        seen.add(action.title);
        actions.push(action);
      };
      for (const diagnostic of ours) {
        const finding = findingForDiagnostic(result.findings, diagnostic);
        if (finding) this.quickFixes(document, result.kind, finding, diagnostic, docIds.has(finding.ruleId)).forEach(add);
      }
    }
    if (wantsFixAll) {
      const edit = await fixAllEdit(document, result.findings);
      if (edit && !token.isCancellationRequested) {
        const action = new vscode.CodeAction('Fix all risky-config findings', FIX_ALL_KIND);
        action.edit = edit;
        actions.push(action);
      }
    }
    return actions;
  }

  private quickFixes(
    document: vscode.TextDocument,
    kind: FileKind,
    finding: Finding,
    diagnostic: vscode.Diagnostic,
    documented: boolean,
  ): vscode.CodeAction[] {
    const rule = finding.ruleId;
    const actions: vscode.CodeAction[] = [];
    const quickFix = (title: string): vscode.CodeAction => {
      const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [diagnostic];
      return action;
    };

    if (finding.fix) {
      const action = quickFix(finding.fix.title);
      action.edit = fixEdit(document, finding.fix);
      action.isPreferred = true;
      actions.push(action);
    }
    for (const suggestion of finding.suggestions ?? []) {
      const action = quickFix(suggestion.title);
      action.edit = fixEdit(document, suggestion);
      actions.push(action);
    }

    const link = finding.runbook;
    const runbook = link && this.store.find(link.runbookId);
    if (link && runbook) {
      const action = quickFix(`Open runbook: ${runbook.title}`);
      action.command = {
        title: action.title,
        command: OPEN_RUNBOOK_AT_STEP_COMMAND,
        arguments: link.stepId ? [link.runbookId, link.stepId] : [link.runbookId],
      };
      actions.push(action);
    }

    const comment = commentFor(document, kind);
    if (comment) {
      const eol = document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
      const line = findingRange(finding).start.line;
      const indent = /^[ \t]*/.exec(document.lineAt(line).text)?.[0] ?? '';
      const forLine = quickFix(`Disable ${rule} for this line`);
      forLine.edit = new vscode.WorkspaceEdit();
      forLine.edit.insert(document.uri, new vscode.Position(line, 0), `${indent}${comment(`runbook-lint-disable-next-line ${rule}`)}${eol}`);
      actions.push(forLine);

      const forFile = quickFix(`Disable ${rule} for this file`);
      forFile.edit = new vscode.WorkspaceEdit();
      const [position, before] = fileCommentPosition(document, eol);
      forFile.edit.insert(document.uri, position, `${before}${comment(`runbook-lint-disable ${rule}`)}${eol}`);
      actions.push(forFile);
    }

    if (documented) {
      const docs = quickFix(`Show documentation for ${rule}`);
      docs.command = { title: docs.title, command: 'markdown.showPreview', arguments: [ruleDocUri(this.extensionUri, rule)] };
      actions.push(docs);
    }
    return actions;
  }
}

function fixEdit(document: vscode.TextDocument, fix: Fix): vscode.WorkspaceEdit {
  const edit = new vscode.WorkspaceEdit();
  for (const e of fix.edits) {
    edit.replace(document.uri, new vscode.Range(document.positionAt(e.start), document.positionAt(e.end)), e.newText);
  }
  return edit;
}

/**
 * One edit applying every finding's preferred fix (the engine resolves overlaps), reduced to the
 * changed span so the cursor and folding outside it stay put. Undefined when nothing is fixable.
 */
export async function fixAllEdit(document: vscode.TextDocument, findings: readonly Finding[]): Promise<vscode.WorkspaceEdit | undefined> {
  const fixes = findings.flatMap((f) => (f.fix ? [f.fix] : []));
  if (fixes.length === 0) return undefined;
  const engine = loadLazyBundle().lintEngine;
  const before = document.getText();
  // One pass over the findings shown; the engine skips a fix that overlaps another.
  const after = engine.applyFixes(before, fixes).text;
  if (after === before) return undefined;
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) {
    end++;
  }
  const edit = new vscode.WorkspaceEdit();
  edit.replace(
    document.uri,
    new vscode.Range(document.positionAt(start), document.positionAt(before.length - end)),
    after.slice(start, after.length - end),
  );
  return edit;
}

/** Wraps a directive in the file's own comment syntax; undefined where comments are not allowed. */
function commentFor(document: vscode.TextDocument, kind: FileKind): ((body: string) => string) | undefined {
  // Strict JSON has no comments: an ignore comment would break the file.
  if (kind === 'json' && document.languageId !== 'jsonc') return undefined;
  const syntax = commentSyntax(kind);
  const line = syntax.line[0];
  if (line) return (body) => `${line} ${body}`;
  const block = syntax.block[0];
  if (block) return (body) => `${block[0]} ${body} ${block[1]}`;
  return undefined;
}

/** A file-wide directive goes first, but after a shebang or an XML declaration, which must stay on line 1. */
function fileCommentPosition(document: vscode.TextDocument, eol: string): [vscode.Position, string] {
  const first = document.lineAt(0);
  if (!/^(#!|<\?xml)/.test(first.text)) return [new vscode.Position(0, 0), ''];
  // A one-line file has no line 2 to insert at: start one after the declaration.
  return document.lineCount > 1 ? [new vscode.Position(1, 0), ''] : [first.range.end, eol];
}
