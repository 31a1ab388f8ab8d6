// Every rule the engine knows. Config-file rules and SQL rules are registered in their own lists.
import type { Rule } from '../types';
import { configRules } from './configRules';
import { sqlRules } from './sqlRules';

export const allRules: readonly Rule[] = [...configRules, ...sqlRules];

export function findRule(id: string): Rule | undefined {
  return allRules.find((r) => r.id === id);
}
