/**
 * spec.podFailurePolicy (upstream pod_failure_policy.go): the first rule that matches a failed pod, on a
 * non-zero container exit code or a pod condition, decides: FailJob (with upstream's message), Ignore (not
 * counted against backoffLimit), or Count.
 */
import type { PodFailurePolicy } from 'kubernetes-types/batch/v1';
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';

export interface PolicyMatch {
  /** Set when a FailJob rule matched. */
  failJobMessage?: string;
  /** Whether the failure counts against backoffLimit (false for Ignore). */
  countFailed: boolean;
  action?: 'FailJob' | 'Ignore' | 'Count' | 'FailIndex';
}

type ExitCodes = NonNullable<PodFailurePolicy['rules'][number]['onExitCodes']>;

function exitCodeMatches(code: number, req: ExitCodes): boolean {
  if (req.operator === 'In') return req.values.includes(code);
  if (req.operator === 'NotIn') return !req.values.includes(code);
  return false;
}

function matchingContainer(pod: Pod, req: ExitCodes): ContainerStatus | undefined {
  const lists = [pod.status?.containerStatuses ?? [], pod.status?.initContainerStatuses ?? []];
  for (const list of lists) {
    for (const s of list) {
      const code = s.state?.terminated?.exitCode;
      if (code === undefined || code === 0) continue;
      if (req.containerName && req.containerName !== s.name) continue;
      if (exitCodeMatches(code, req)) return s;
    }
  }
  return undefined;
}

export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: Pod): PolicyMatch {
  if (!policy) return { countFailed: true };
  const name = `${pod.metadata?.namespace}/${pod.metadata?.name}`;
  for (const [index, rule] of policy.rules.entries()) {
    let what: string | undefined;
    if (rule.onExitCodes) {
      const s = matchingContainer(pod, rule.onExitCodes);
      if (s) what = `Container ${s.name} for pod ${name} failed with exit code ${s.state!.terminated!.exitCode}`;
    } else if (rule.onPodConditions) {
      const c = pod.status?.conditions?.find((cond) => rule.onPodConditions!.some((p) => p.type === cond.type && p.status === cond.status));
      if (c) what = `Pod ${name} has condition ${c.type}`;
    }
    if (what === undefined) continue;
    if (rule.action === 'Ignore') return { countFailed: false, action: 'Ignore' };
    if (rule.action === 'Count') return { countFailed: true, action: 'Count' };
    if (rule.action === 'FailJob') return { countFailed: true, action: 'FailJob', failJobMessage: `${what} matching FailJob rule at index ${index}` };
    if (rule.action === 'FailIndex') return { countFailed: true, action: 'FailIndex' };
  }
  return { countFailed: true };
}
