/**
 * spec.successPolicy of Indexed Jobs (upstream success_policy.go): the Job has succeeded once any rule
 * matches: all its `succeededIndexes` succeeded, or `succeededCount` of them (or of all indexes when the
 * rule names none). Its message names the first matching rule.
 */
import type { SuccessPolicy } from 'kubernetes-types/batch/v1';
import { hasIndex, type Intervals, parseIndexes, totalIndexes } from './indexes';

function succeededAmong(required: Intervals, succeeded: Intervals): number {
  let n = 0;
  for (const [first, last] of required) for (let i = first; i <= last; i++) if (hasIndex(succeeded, i)) n++;
  return n;
}

/** The SuccessCriteriaMet message if a rule matches ("Matched rules at index 0"), else undefined. */
export function matchSuccessPolicy(policy: SuccessPolicy | undefined, completions: number, succeeded: Intervals): string | undefined {
  if (!policy || succeeded.length === 0) return undefined;
  for (const [index, rule] of policy.rules.entries()) {
    const count = rule.succeededCount;
    let matched: boolean;
    if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null) {
      const required = parseIndexes(rule.succeededIndexes, completions);
      if (required.length === 0) continue;
      const contains = succeededAmong(required, succeeded);
      matched = contains === totalIndexes(required) || (count !== undefined && count !== null && contains >= count);
    } else matched = count !== undefined && count !== null && totalIndexes(succeeded) >= count;
    if (matched) return `Matched rules at index ${index}`;
  }
  return undefined;
}
