import type { Problem, Runbook } from './runbookModel';

/** One problem per occurrence of an id defined more than once; every copy stays loaded. */
export function findDuplicateIds(runbooks: Runbook[]): Problem[] {
  const byId = new Map<string, Runbook[]>();
  for (const rb of runbooks) {
    const list = byId.get(rb.id);
    if (list) list.push(rb);
    else byId.set(rb.id, [rb]);
  }
  const problems: Problem[] = [];
  for (const [id, list] of byId) {
    if (list.length < 2) continue;
    for (const rb of list) {
      const others = list.filter((o) => o !== rb).map((o) => `${o.source.file}:${o.source.line}`);
      problems.push({
        file: rb.source.file,
        line: rb.source.line,
        column: 1,
        message: `Duplicate runbook id "${id}": also defined in ${others.join(', ')}`,
        severity: 'error',
        code: 'duplicate-id',
      });
    }
  }
  return problems;
}
