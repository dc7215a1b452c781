/**
 * The `kubectl get pods` columns and cells (upstream printers.go printPod): READY counts ready containers
 * (plus started sidecars), STATUS is the phase refined by init and container states, RESTARTS carries the
 * time of the last restart.
 */
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1';
import { age, humanDuration } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { Column } from '../../generic/strategy';

export const podColumns: Column[] = [
  nameColumn,
  col('Ready', 'string', 0, 'The aggregate readiness state of this pod for accepting traffic.'),
  col('Status', 'string', 0, 'The aggregate status of the containers in this pod.'),
  col('Restarts', 'string', 0, 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.'),
  ageColumn,
  col('IP', 'string', 1, 'IP address allocated to the pod.'),
  col('Node', 'string', 1, 'The node the pod is bound to.'),
  col('Nominated Node', 'string', 1, 'The node the scheduler nominated for this pod when preempting.'),
  col('Readiness Gates', 'string', 1, 'Readiness gates met out of those listed.'),
];

interface Restarts {
  count: number;
  last: number;
}

function noteRestart(r: Restarts, s: ContainerStatus): void {
  r.count += s.restartCount ?? 0;
  const finished = s.lastState?.terminated?.finishedAt;
  if (finished) r.last = Math.max(r.last, Date.parse(finished));
}

function conditionTrue(pod: Pod, type: string): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True');
}

/** The STATUS cell and READY numerator, walking init containers then containers as upstream does. */
function podState(pod: Pod): { reason: string; ready: number; restarts: Restarts } {
  const status = pod.status ?? {};
  let reason: string = status.reason || status.phase || '';
  if ((status.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated')) reason = 'SchedulingGated';
  const init = pod.spec?.initContainers ?? [];
  const sidecar = new Set(init.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  let ready = 0;
  const all: Restarts = { count: 0, last: 0 };
  const sidecars: Restarts = { count: 0, last: 0 };
  let initializing = false;
  for (const [i, c] of (status.initContainerStatuses ?? []).entries()) {
    noteRestart(all, c);
    if (sidecar.has(c.name)) noteRestart(sidecars, c);
    const term = c.state?.terminated;
    if (term && term.exitCode === 0) continue;
    if (sidecar.has(c.name) && c.started) {
      if (c.ready) ready++;
      continue;
    }
    if (term) reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`;
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${init.length}`;
    initializing = true;
    break;
  }
  let restarts = all;
  if (!initializing || conditionTrue(pod, 'Initialized')) {
    restarts = sidecars;
    let hasRunning = false;
    const statuses = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i]!;
      noteRestart(restarts, c);
      const term = c.state?.terminated;
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
      else if (term?.reason) reason = term.reason;
      else if (term) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode}`;
      else if (c.ready && c.state?.running) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
  }
  if (pod.metadata?.deletionTimestamp) {
    if (status.reason === 'NodeLost') reason = 'Unknown';
    else if (status.phase !== 'Succeeded' && status.phase !== 'Failed') reason = 'Terminating';
  }
  return { reason, ready, restarts };
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const met = gates.filter((g) => (pod.status?.conditions ?? []).find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${met}/${gates.length}`;
}

export function podRow(pod: Pod, now: number): unknown[] {
  const { reason, ready, restarts } = podState(pod);
  const total = (pod.spec?.containers ?? []).length + (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').length;
  const restartsCell = restarts.count !== 0 && restarts.last > 0 ? `${restarts.count} (${humanDuration(now - restarts.last)} ago)` : String(restarts.count);
  return [
    pod.metadata?.name,
    `${ready}/${total}`,
    reason,
    restartsCell,
    age(pod.metadata?.creationTimestamp, now),
    pod.status?.podIPs?.[0]?.ip || '<none>',
    pod.spec?.nodeName || '<none>',
    pod.status?.nominatedNodeName || '<none>',
    readinessGates(pod),
  ];
}
