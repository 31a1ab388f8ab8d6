// The search terms of a runbook's long fields (summary, step text, commands), computed once when
// the runbook is parsed and kept beside it (ParseResult.searchTerms): in the parse cache across
// reloads and in the bundled index. Building the search index then reads term lists, not the
// runbooks' text: for 1,000 runbooks of 10 KB that is most of the index's build time.
// This module is deliberately light (no stemmer): the parse cache and the bundled index, loaded at
// activation, use it to hand the terms over.
import type { ParseResult, Runbook, RunbookSearchTerms } from '../runbook/runbookModel';

/** The terms known for each parsed runbook object (a runbook that was copied is computed again). */
const knownTerms = new WeakMap<Runbook, RunbookSearchTerms>();

/**
 * Lists, element types unchecked: checking a million strings would cost what it saves, and a
 * non-string from a damaged cache is only a map key that no search term equals.
 */
function isRunbookSearchTerms(value: unknown): value is RunbookSearchTerms {
  const t = value as RunbookSearchTerms | null;
  return typeof t === 'object' && t !== null && Array.isArray(t.summary) && Array.isArray(t.steps) && Array.isArray(t.commands);
}

/**
 * Remembers the terms a parse result carries for its runbooks. Entries from a damaged cache (not
 * lists, or not one per runbook) are ignored: those runbooks' terms are computed again.
 */
export function rememberSearchTerms(result: ParseResult): ParseResult {
  const terms = result.searchTerms;
  if (!Array.isArray(terms) || terms.length !== result.runbooks.length) return result;
  result.runbooks.forEach((rb, i) => {
    if (typeof rb === 'object' && rb !== null && isRunbookSearchTerms(terms[i])) knownTerms.set(rb, terms[i]);
  });
  return result;
}

/** The terms remembered for this runbook object, if its parse carried them. */
export function rememberedSearchTerms(rb: Runbook): RunbookSearchTerms | undefined {
  return knownTerms.get(rb);
}
