/**
 * The structured label selectors of workload specs (metav1.LabelSelector: matchLabels + matchExpressions,
 * and the plain map of a ReplicationController), turned into the requirements `labels.ts` matches.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import { matchesLabels, type Requirement, type Selector } from './labels';

const operators: Record<string, Requirement['operator']> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/** Upstream metav1.LabelSelectorAsSelector: nil selects nothing, an empty selector everything. */
export function selectorFromLabelSelector(ls: LabelSelector | undefined | null): Selector | undefined {
  if (!ls) return undefined;
  const reqs: Selector = Object.entries(ls.matchLabels ?? {}).map(([key, v]) => ({ key, operator: '=', values: [v] }));
  for (const e of ls.matchExpressions ?? []) {
    const operator = operators[e.operator];
    if (!operator) throw new Error(`"${e.operator}" is not a valid label selector operator`);
    reqs.push({ key: e.key, operator, values: e.values ?? [] });
  }
  return reqs;
}

/** Upstream labels.SelectorFromSet: every key equal to its value (a ReplicationController's selector). */
export function selectorFromSet(set: Record<string, string> | undefined): Selector {
  return Object.entries(set ?? {}).map(([key, v]) => ({ key, operator: '=', values: [v] }));
}

/** Whether the selector picks these labels; an undefined selector picks nothing. */
export function selects(selector: Selector | undefined, labels: Record<string, string> | undefined): boolean {
  return selector !== undefined && matchesLabels(selector, labels);
}
