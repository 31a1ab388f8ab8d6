// The "Runbook Library" tree: runbooks grouped by tag or by source, filterable. The filter is the
// search engine of "Find Runbook for Alert…" (runbookSearch.ts): runbooks ranked best first, each
// saying why it matched, the weak matches left out.
import * as vscode from 'vscode';
import * as path from 'node:path';
import type { Runbook, SourceKind } from '../core/runbook/runbookModel';
import { LibrarySearch } from './runbookSearch';
import type { RunbookSummary } from '../core/runbook/runbookHeader';
import type { RunbookStore } from './runbookStore';

/** The filter keeps runbooks scoring at least this share of the best match. */
export const FILTER_MIN_RELATIVE_SCORE = 0.2;

export type GroupBy = 'tag' | 'source' | 'none';

export type TreeNode =
  | { type: 'group'; label: string; runbooks: RunbookSummary[]; groupKey: string }
  // Listed by its header until parsed: commands look the full runbook up by id and file.
  | { type: 'runbook'; runbook: RunbookSummary; duplicate: boolean; groupKey: string }
  | { type: 'problems'; fileCount: number; problemCount: number };

const SOURCE_LABELS: Record<SourceKind, string> = {
  bundled: 'Bundled',
  workspace: 'Workspace (.runbooks)',
  setting: 'From settings',
  cli: 'Command line',
};

const SEVERITY_ICONS: Record<string, vscode.ThemeIcon> = {
  critical: new vscode.ThemeIcon('flame', new vscode.ThemeColor('errorForeground')),
  high: new vscode.ThemeIcon('flame', new vscode.ThemeColor('list.warningForeground')),
  medium: new vscode.ThemeIcon('checklist'),
  low: new vscode.ThemeIcon('checklist'),
};

export class RunbookTreeProvider implements vscode.TreeDataProvider<TreeNode> {
  private readonly changeEmitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private filter = '';
  /** Why each shown runbook matched the filter (empty without a filter). */
  private reasons = new Map<RunbookSummary, string>();

  private shownOnce = false;

  /** @param onFirstShown called once, the first time the view is given runbooks to show. */
  constructor(
    private readonly store: RunbookStore,
    private readonly search = new LibrarySearch(() => store.runbooks()),
    private readonly onFirstShown?: () => void,
  ) {}

  get filterText(): string {
    return this.filter;
  }

  /** The caller refreshes the view, once, with its new title and message. */
  setFilter(query: string): void {
    this.filter = query.trim();
    void vscode.commands.executeCommand('setContext', 'runbookAssistant.filtered', this.filter !== '');
  }

  refresh(): void {
    this.changeEmitter.fire(undefined);
  }

  groupBy(): GroupBy {
    const value = vscode.workspace.getConfiguration('runbookAssistant').get<string>('groupBy', 'source');
    return value === 'tag' || value === 'none' ? value : 'source';
  }

  /**
   * Without a filter every runbook by title, from the list the store has before it parses; with
   * one, the search's matches best first among the runbooks parsed so far (the view refreshes as
   * the rest arrive).
   */
  visibleRunbooks(): RunbookSummary[] {
    if (!this.filter) {
      this.reasons = new Map();
      return [...this.store.summaries()].sort((a, b) => a.title.localeCompare(b.title));
    }
    const hits = this.search.search(this.filter, { minRelativeScore: FILTER_MIN_RELATIVE_SCORE });
    this.reasons = new Map(hits.map((hit) => [hit.runbook, this.search.describe(hit)]));
    return hits.map((hit) => hit.runbook);
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (node?.type === 'group') return this.runbookNodes(node.runbooks, node.groupKey);
    if (node) return [];
    const runbooks = this.visibleRunbooks();
    if (!this.shownOnce && runbooks.length > 0) {
      this.shownOnce = true;
      this.onFirstShown?.();
    }
    const roots: TreeNode[] = [];
    const problems = this.store.problems().filter((p) => p.severity === 'error');
    if (problems.length) {
      roots.push({ type: 'problems', fileCount: new Set(problems.map((p) => p.file)).size, problemCount: problems.length });
    }
    const mode = this.groupBy();
    if (mode === 'none') return [...roots, ...this.runbookNodes(runbooks, 'none')];
    const groups = new Map<string, RunbookSummary[]>();
    for (const rb of runbooks) {
      const keys = mode === 'source' ? [SOURCE_LABELS[rb.source.kind]] : rb.tags.length ? rb.tags : ['untagged'];
      for (const key of keys) groups.set(key, [...(groups.get(key) ?? []), rb]);
    }
    const ordered = [...groups.entries()].sort(([a], [b]) =>
      mode === 'source' ? sourceOrder(a) - sourceOrder(b) : a.localeCompare(b),
    );
    return [...roots, ...ordered.map(([label, rbs]) => ({ type: 'group' as const, label, runbooks: rbs, groupKey: `${mode}:${label}` }))];
  }

  private runbookNodes(runbooks: RunbookSummary[], groupKey: string): TreeNode[] {
    const counts = new Map<string, number>();
    for (const rb of this.store.summaries()) counts.set(rb.id, (counts.get(rb.id) ?? 0) + 1);
    return runbooks.map((runbook) => ({ type: 'runbook', runbook, duplicate: (counts.get(runbook.id) ?? 0) > 1, groupKey }));
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.type) {
      case 'problems': {
        const item = new vscode.TreeItem(
          `${node.problemCount} problem${node.problemCount === 1 ? '' : 's'} in ${node.fileCount} runbook file${node.fileCount === 1 ? '' : 's'}`,
          vscode.TreeItemCollapsibleState.None,
        );
        item.id = 'problems';
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        item.tooltip = 'Runbook files with errors. The other runbooks still load. Open the Problems panel for details.';
        item.command = { command: 'workbench.actions.view.problems', title: 'Show Problems' };
        return item;
      }
      case 'group': {
        // Sources are few and stay open; tags are many, so they start closed as a list of topics.
        const state = this.groupBy() === 'source' || this.filter ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed;
        const item = new vscode.TreeItem(node.label, state);
        // The filter is part of the id so a filtered tree opens its groups afresh.
        item.id = `${node.groupKey}:${this.filter}`;
        item.description = String(node.runbooks.length);
        item.iconPath = new vscode.ThemeIcon(this.groupBy() === 'source' ? 'folder-library' : 'tag');
        item.contextValue = 'runbookGroup';
        item.accessibilityInformation = { label: `${node.label}, ${node.runbooks.length} runbooks` };
        return item;
      }
      case 'runbook': {
        const rb = node.runbook;
        const item = new vscode.TreeItem(rb.title, vscode.TreeItemCollapsibleState.None);
        // Ids must be unique across the tree: a runbook appears once per tag, and duplicates twice.
        item.id = `${node.groupKey}:${rb.source.file}:${rb.source.line}:${rb.id}`;
        const reason = this.reasons.get(rb);
        item.description = node.duplicate ? `duplicate id · ${sourceDescription(rb)}` : (reason ?? rb.symptom);
        item.tooltip = tooltip(rb, node.duplicate, reason);
        item.iconPath = node.duplicate
          ? new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground'))
          : (SEVERITY_ICONS[rb.severity ?? 'medium'] ?? SEVERITY_ICONS.medium);
        item.contextValue = 'runbook';
        item.command = { command: 'runbookAssistant.openRunbook', title: 'Open Runbook', arguments: [node] };
        item.accessibilityInformation = {
          label: `${rb.title}. ${reason ? `Matched ${reason}` : rb.symptom}${node.duplicate ? '. Duplicate id' : ''}`,
        };
        return item;
      }
    }
  }
}

function sourceOrder(label: string): number {
  const order = Object.values(SOURCE_LABELS);
  const i = order.indexOf(label);
  return i === -1 ? order.length : i;
}

export function sourceDescription(rb: RunbookSummary): string {
  if (rb.source.kind === 'bundled') return `bundled · ${path.basename(rb.source.file)}`;
  const relative = vscode.workspace.asRelativePath(rb.source.file, true);
  return `${relative}:${rb.source.line}`;
}

function tooltip(rb: RunbookSummary | Runbook, duplicate: boolean, reason: string | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  // Runbooks may come from a stranger's repository: no command links, no HTML.
  md.isTrusted = false;
  md.supportHtml = false;
  md.appendMarkdown(`**`).appendText(rb.title).appendMarkdown(`**\n\n`);
  md.appendMarkdown('> ').appendText(rb.symptom).appendMarkdown('\n\n');
  if (rb.summary) md.appendText(rb.summary.length > 400 ? `${rb.summary.slice(0, 400)}…` : rb.summary).appendMarkdown('\n\n');
  // The counts come with the full parse (the tree refreshes then).
  if ('phases' in rb) {
    const steps = rb.phases.reduce((n, p) => n + p.steps.length, 0);
    md.appendMarkdown('$(list-ordered) ').appendText(`${rb.phases.length} phases, ${steps} steps`);
  }
  if (rb.tags.length) md.appendMarkdown(`${'phases' in rb ? ' · ' : ''}$(tag) `).appendText(rb.tags.join(', '));
  md.appendMarkdown('\n\n$(file) ').appendText(sourceDescription(rb));
  if (reason) md.appendMarkdown('\n\n$(search) ').appendText(`Matches the filter: ${reason}`);
  if (duplicate) md.appendMarkdown('\n\n$(warning) ').appendText(`Another runbook has the id "${rb.id}".`);
  return md;
}
