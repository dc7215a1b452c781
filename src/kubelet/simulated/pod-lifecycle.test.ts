import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import { crashLoopBackoffMs, step } from './pod-lifecycle';

const t0 = Date.parse('2026-01-01T00:00:00Z');
const pod = (spec: Partial<NonNullable<Pod['spec']>>, annotations: Record<string, string> = {}): Pod => ({
  metadata: { name: 'p', namespace: 'ns', uid: 'u', annotations },
  spec: { containers: [{ name: 'c', image: 'busybox' }], nodeName: 'n', ...spec },
});

/** Runs steps like the agent: write the status, move the clock to the next due time. */
function run(p: Pod, until: number, now = t0) {
  const seen: string[] = [];
  for (let i = 0; i < 50 && now <= until; i++) {
    const s = step({ pod: p, now, podIP: '10.42.0.2', hostIP: '10.44.0.1' });
    if (s.status) {
      p = { ...p, status: s.status };
      const c = s.status.containerStatuses?.[0];
      const state = c?.state?.running ? 'running' : c?.state?.waiting ? c.state.waiting.reason : `exit ${c?.state?.terminated?.exitCode}`;
      const ready = s.status.conditions?.find((x) => x.type === 'Ready')?.status;
      seen.push(`${(now - t0) / 1000}s ${s.status.phase} ${state} restarts=${c?.restartCount} ready=${ready}`);
    }
    if (s.after === undefined) break;
    now += s.after;
  }
  return { pod: p, seen };
}

test('init containers complete one at a time, in order, before the containers start', () => {
  const p = pod({ initContainers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'x' }, { name: 'sidecar', image: 'x', restartPolicy: 'Always' }] }, { 'skiff.dev/simulated-init-seconds': '2' });
  const first = step({ pod: p, now: t0, podIP: 'i', hostIP: 'h' });
  assert.equal(first.status!.phase, 'Pending');
  assert.deepEqual(first.status!.initContainerStatuses!.map((s) => Object.keys(s.state!)[0]), ['running', 'waiting']);
  assert.equal(first.status!.conditions!.find((c) => c.type === 'Initialized')!.status, 'False');
  assert.equal(first.after, 2000);
  const second = step({ pod: { ...p, status: first.status }, now: t0 + 2000, podIP: 'i', hostIP: 'h' });
  assert.deepEqual(second.status!.initContainerStatuses!.map((s) => Object.keys(s.state!)[0]), ['terminated', 'running']);
  const { pod: done } = run({ ...p, status: second.status }, t0 + 10_000, t0 + 4000);
  assert.equal(done.status!.phase, 'Running');
  assert.deepEqual(done.status!.initContainerStatuses!.map((s) => s.state!.terminated?.exitCode), [0, 0]);
});

test('Ready waits for every readiness gate, with upstream messages', () => {
  const gated = pod({ readinessGates: [{ conditionType: 'example.com/lb' }] });
  const s = step({ pod: gated, now: t0, podIP: 'i', hostIP: 'h' }).status!;
  const ready = s.conditions!.find((c) => c.type === 'Ready')!;
  assert.deepEqual([ready.status, ready.reason, ready.message], ['False', 'ReadinessGatesNotReady', 'corresponding condition of pod readiness gate "example.com/lb" does not exist.']);
  assert.equal(s.conditions!.find((c) => c.type === 'ContainersReady')!.status, 'True');
  const withGate = { ...gated, status: { ...s, conditions: [...s.conditions!, { type: 'example.com/lb', status: 'True' }] } };
  const next = step({ pod: withGate, now: t0 + 1000, podIP: 'i', hostIP: 'h' }).status!;
  assert.equal(next.conditions!.find((c) => c.type === 'Ready')!.status, 'True');
  assert.ok(next.conditions!.some((c) => c.type === 'example.com/lb' && c.status === 'True'), 'the gate condition is kept');
});

test('restartPolicy Always with an exit code crash-loops with upstream back-off', () => {
  const { seen, pod: last } = run(pod({}, { 'skiff.dev/simulated-run-seconds': '1', 'skiff.dev/simulated-exit-code': '2' }), t0 + 60_000);
  assert.deepEqual(seen.slice(0, 5), [
    '0s Running running restarts=0 ready=True',
    '1s Running CrashLoopBackOff restarts=1 ready=False',
    '11s Running running restarts=1 ready=True',
    '12s Running CrashLoopBackOff restarts=2 ready=False',
    '32s Running running restarts=2 ready=True',
  ]);
  assert.equal(last.status!.containerStatuses![0].lastState!.terminated!.exitCode, 2);
  assert.match(seen[1] ?? '', /CrashLoopBackOff/);
  assert.deepEqual([0, 1, 5, 10].map(crashLoopBackoffMs), [10_000, 20_000, 300_000, 300_000]);
});

test('OnFailure restarts a failing container in place; Never and success finish the pod', () => {
  const onFailure = run(pod({ restartPolicy: 'OnFailure' }, { 'skiff.dev/simulated-exit-code': '1' }), t0 + 15_000);
  assert.deepEqual(onFailure.seen.slice(0, 3), ['0s Running running restarts=0 ready=True', '1s Running CrashLoopBackOff restarts=1 ready=False', '11s Running running restarts=1 ready=True']);
  const never = run(pod({ restartPolicy: 'Never' }, { 'skiff.dev/simulated-exit-code': '3' }), t0 + 15_000);
  assert.deepEqual(never.seen, ['0s Running running restarts=0 ready=True', '1s Failed exit 3 restarts=0 ready=False']);
  assert.equal(never.pod.status!.conditions!.find((c) => c.type === 'Ready')!.reason, 'PodCompleted');
  const ok = run(pod({ restartPolicy: 'OnFailure' }), t0 + 15_000);
  assert.deepEqual(ok.seen, ['0s Running running restarts=0 ready=True', '1s Succeeded exit 0 restarts=0 ready=False']);
  const forever = run(pod({}), t0 + 15_000);
  assert.deepEqual(forever.seen, ['0s Running running restarts=0 ready=True']);
});
