/**
 * What a simulated kubelet does next with a pod, as a pure step from its current status: init containers
 * run one after another, then the containers start; Ready follows the readiness gates; containers that are
 * set to exit (run-to-completion pods, or any pod with the run-time or exit-code annotation) terminate after
 * their run time and, per restartPolicy, finish the pod or restart in place after upstream's crash-loop
 * back-off (10 s doubling to 5 min, `CrashLoopBackOff`). Each call returns the status to write (if it
 * changes) and when to look again.
 */
import type { ContainerStatus, Pod, PodCondition } from 'kubernetes-types/core/v1';
import { rfc3339 } from '../../api/time';

/** Pod annotations that change how a simulated node runs a pod's containers. */
export const runSecondsAnnotation = 'skiff.dev/simulated-run-seconds';
export const exitCodeAnnotation = 'skiff.dev/simulated-exit-code';
/** Seconds each init container runs (default 0: one status step each, in order). */
export const initSecondsAnnotation = 'skiff.dev/simulated-init-seconds';

const backoffBaseMs = 10_000;
const backoffMaxMs = 300_000;

export interface StepInput {
  pod: Pod;
  now: number;
  podIP: string;
  hostIP: string;
  /** Seconds a run-to-completion container runs unless annotated (default 1). */
  defaultRunSeconds?: number;
}

export interface Step {
  status?: Pod['status'];
  /** Milliseconds until the pod should be looked at again. */
  after?: number;
}

/** Upstream's container back-off before restart number `restarts + 1`. */
export function crashLoopBackoffMs(restarts: number): number {
  return Math.min(backoffMaxMs, backoffBaseMs * 2 ** Math.max(0, restarts));
}

const iso = (ms: number) => rfc3339(ms);
const at = (s: string | undefined, fallback: number) => (s ? Date.parse(s) : fallback);

interface Run {
  /** Seconds the containers run before exiting; undefined: they run until deleted. */
  seconds?: number;
  exitCode: number;
}

function runOf(pod: Pod, defaultRunSeconds: number): Run {
  const a = pod.metadata?.annotations ?? {};
  const policy = pod.spec?.restartPolicy ?? 'Always';
  const exitCode = Number(a[exitCodeAnnotation] ?? 0) || 0;
  const annotated = a[runSecondsAnnotation] !== undefined || a[exitCodeAnnotation] !== undefined;
  if (policy === 'Always' && !annotated) return { exitCode };
  const seconds = Number(a[runSecondsAnnotation] ?? defaultRunSeconds);
  return { seconds: Number.isFinite(seconds) && seconds >= 0 ? seconds : defaultRunSeconds, exitCode };
}

/** The next status of a pod on a simulated node that is not being deleted. */
export function step(input: StepInput): Step {
  const { pod, now } = input;
  const status = pod.status ?? {};
  if (status.phase === 'Succeeded' || status.phase === 'Failed') return {};
  const inits = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy !== 'Always');
  const done = (status.initContainerStatuses ?? []).filter((s) => s.state?.terminated?.exitCode === 0).length;
  const started = status.startTime ? Date.parse(status.startTime) : now;
  if (done < inits.length) return initStep(input, inits.length, done, started);

  const main = status.containerStatuses?.[0];
  const run = runOf(pod, input.defaultRunSeconds ?? 1);
  const restarts = main?.restartCount ?? 0;
  const waiting = main?.state?.waiting?.reason === 'CrashLoopBackOff';
  const runningSince = main?.state?.running?.startedAt;

  if (!main || (!runningSince && !waiting)) return { status: render(input, started, { kind: 'running', since: now, restarts }), after: run.seconds === undefined ? undefined : run.seconds * 1000 };
  if (waiting) {
    const last = main.lastState?.terminated;
    const resume = at(last?.finishedAt, now) + crashLoopBackoffMs(restarts - 1);
    if (now < resume) return { status: refreshReady(input), after: resume - now };
    return { status: render(input, started, { kind: 'running', since: now, restarts }), after: run.seconds === undefined ? undefined : run.seconds * 1000 };
  }
  if (run.seconds === undefined) return { status: refreshReady(input) };
  const ends = Date.parse(runningSince!) + run.seconds * 1000;
  if (now < ends) return { status: refreshReady(input), after: ends - now };
  const exited = { exitCode: run.exitCode, startedAt: runningSince!, finishedAt: iso(now) };
  const policy = pod.spec?.restartPolicy ?? 'Always';
  if (policy === 'Never' || (policy === 'OnFailure' && run.exitCode === 0)) return { status: render(input, started, { kind: 'finished', exited, restarts }) };
  return { status: render(input, started, { kind: 'backoff', exited, restarts: restarts + 1 }), after: crashLoopBackoffMs(restarts) };
}

function initStep(input: StepInput, total: number, done: number, started: number): Step {
  const { pod, now } = input;
  const seconds = Number(pod.metadata?.annotations?.[initSecondsAnnotation] ?? 0) || 0;
  const current = pod.status?.initContainerStatuses?.[done];
  const since = current?.state?.running?.startedAt;
  if (!since) return { status: render(input, started, { kind: 'init', done, since: now }), after: seconds * 1000 };
  const ends = Date.parse(since) + seconds * 1000;
  if (now < ends) return { after: ends - now };
  if (done + 1 < total) return { status: render(input, started, { kind: 'init', done: done + 1, since: now }), after: seconds * 1000 };
  return { status: render(input, started, { kind: 'running', since: now, restarts: 0, initsDone: true }), after: 0 };
}

type Phase =
  | { kind: 'init'; done: number; since: number }
  | { kind: 'running'; since: number; restarts: number; initsDone?: boolean }
  | { kind: 'backoff'; exited: Exit; restarts: number }
  | { kind: 'finished'; exited: Exit; restarts: number };

interface Exit {
  exitCode: number;
  startedAt: string;
  finishedAt: string;
}

const terminated = (e: Exit) => ({ terminated: { exitCode: e.exitCode, reason: e.exitCode === 0 ? 'Completed' : 'Error', startedAt: e.startedAt, finishedAt: e.finishedAt } });

/** A whole pod status for one phase of the simulated run. */
function render(input: StepInput, started: number, phase: Phase): Pod['status'] {
  const { pod, now } = input;
  const podName = `${pod.metadata?.name}_${pod.metadata?.namespace}(${pod.metadata?.uid})`;
  const image = (c: { image?: string }) => ({ image: c.image ?? '', imageID: `simulated://${c.image ?? ''}` });
  const initDone = phase.kind === 'init' ? phase.done : Infinity;
  const inits = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy !== 'Always');
  const initStatuses: ContainerStatus[] = inits.map((c, i) => ({
    name: c.name,
    ...image(c),
    ready: i < initDone,
    restartCount: 0,
    ...(i <= initDone ? { containerID: `simulated://${pod.metadata?.uid ?? ''}/${c.name}` } : {}),
    state:
      i < initDone
        ? terminated({ exitCode: 0, startedAt: iso(started), finishedAt: iso(phase.kind === 'init' ? phase.since : now) })
        : i === initDone && phase.kind === 'init'
          ? { running: { startedAt: iso(phase.since) } }
          : { waiting: { reason: 'PodInitializing' } },
  }));
  const containers = pod.spec?.containers ?? [];
  const statuses: ContainerStatus[] = containers.map((c) => {
    const base = { name: c.name, ...image(c), containerID: `simulated://${pod.metadata?.uid ?? ''}/${c.name}` };
    switch (phase.kind) {
      case 'init':
        return { name: c.name, ...image(c), ready: false, started: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } };
      case 'running':
        return { ...base, ready: true, started: true, restartCount: phase.restarts, state: { running: { startedAt: iso(phase.since) } }, ...lastState(pod, c.name) };
      case 'backoff':
        return {
          ...base,
          ready: false,
          started: false,
          restartCount: phase.restarts,
          lastState: terminated(phase.exited),
          state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${Math.round(crashLoopBackoffMs(phase.restarts - 1) / 1000)}s restarting failed container=${c.name} pod=${podName}` } },
        };
      case 'finished':
        return { ...base, ready: false, started: false, restartCount: phase.restarts, state: terminated(phase.exited) };
    }
  });
  const containersReady = phase.kind === 'running';
  const finished = phase.kind === 'finished' ? phase.exited.exitCode : undefined;
  const status: Pod['status'] = {
    phase: phase.kind === 'init' ? 'Pending' : finished === undefined ? 'Running' : finished === 0 ? 'Succeeded' : 'Failed',
    qosClass: pod.status?.qosClass,
    hostIP: input.hostIP,
    hostIPs: [{ ip: input.hostIP }],
    podIP: input.podIP,
    podIPs: [{ ip: input.podIP }],
    startTime: iso(started),
    conditions: conditions(pod, now, phase.kind !== 'init', containersReady, phase.kind === 'finished'),
    containerStatuses: statuses,
    ...(initStatuses.length ? { initContainerStatuses: initStatuses } : {}),
  };
  return status;
}

/** A running container keeps the last termination it had (after a crash-loop restart). */
function lastState(pod: Pod, name: string): Partial<ContainerStatus> {
  const previous = pod.status?.containerStatuses?.find((s) => s.name === name);
  const last = previous?.lastState?.terminated ?? previous?.state?.terminated;
  return last ? { lastState: { terminated: last } } : {};
}

/** The same status with Ready recomputed from the readiness gates, when they changed. */
function refreshReady(input: StepInput): Pod['status'] | undefined {
  const status = input.pod.status!;
  const containersReady = status.conditions?.find((c) => c.type === 'ContainersReady')?.status === 'True';
  const next = conditions(input.pod, input.now, true, containersReady);
  const same = (a?: PodCondition, b?: PodCondition) => a?.status === b?.status && a?.reason === b?.reason;
  const type = (list: PodCondition[] | undefined, t: string) => list?.find((c) => c.type === t);
  if (same(type(status.conditions, 'Ready'), type(next, 'Ready'))) return undefined;
  return { ...status, conditions: next };
}

/**
 * The kubelet's conditions; Ready needs ContainersReady and every readiness gate's condition True
 * (upstream's messages when one is missing or False). Conditions set by others (the gates') are kept.
 */
function conditions(pod: Pod, now: number, initialized: boolean, containersReady: boolean, completed = false): PodCondition[] {
  const current = pod.status?.conditions ?? [];
  const own = new Set(['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled']);
  const gates = (pod.spec?.readinessGates ?? []).map((g) => g.conditionType);
  const unmet = gates
    .map((g) => {
      const c = current.find((x) => x.type === g);
      return !c ? `corresponding condition of pod readiness gate "${g}" does not exist.` : c.status !== 'True' ? `the status of pod readiness gate "${g}" is not "True", but ${c.status}` : undefined;
    })
    .filter((m): m is string => m !== undefined);
  const keep = (type: string, status: string, extra: Partial<PodCondition> = {}): PodCondition => {
    const old = current.find((c) => c.type === type);
    return { type, status, ...extra, lastTransitionTime: old && old.status === status ? old.lastTransitionTime : iso(now) } as PodCondition;
  };
  const notReady = completed ? { reason: 'PodCompleted' } : !containersReady ? { reason: initialized ? 'ContainersNotReady' : 'ContainersNotInitialized' } : unmet.length ? { reason: 'ReadinessGatesNotReady', message: unmet.join(', ') } : {};
  return [
    keep('PodReadyToStartContainers', 'True'),
    keep('Initialized', initialized ? 'True' : 'False', initialized ? {} : { reason: 'ContainersNotInitialized' }),
    keep('Ready', containersReady && unmet.length === 0 ? 'True' : 'False', notReady),
    keep('ContainersReady', containersReady ? 'True' : 'False', containersReady ? {} : { reason: notReady.reason }),
    keep('PodScheduled', 'True'),
    ...current.filter((c) => !own.has(c.type)),
  ];
}
