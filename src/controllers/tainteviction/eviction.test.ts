/** When taint-based eviction deletes a pod (upstream taint_eviction_test.go cases). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod, Taint, Toleration } from 'kubernetes-types/core/v1';
import { decide } from './eviction';

const unreachable: Taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' };
const notReady: Taint = { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' };
const pod = (tolerations: Toleration[]): Pod => ({ metadata: { name: 'p' }, spec: { containers: [], tolerations } });
const tol = (key: string | undefined, seconds?: number, extra: Partial<Toleration> = {}): Toleration => ({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds, ...extra });

const cases: [string, Taint[], Toleration[], ReturnType<typeof decide>][] = [
  ['no NoExecute taint: keep', [{ key: 'x', effect: 'NoSchedule' }], [], { kind: 'keep' }],
  ['untolerated taint: evict now', [unreachable], [], { kind: 'evict' }],
  ['one of two taints untolerated: evict now', [unreachable, notReady], [tol(unreachable.key, 60)], { kind: 'evict' }],
  ['tolerated for a while: the shortest tolerationSeconds', [unreachable, notReady], [tol(unreachable.key, 60), tol(notReady.key, 30)], { kind: 'evictAfter', afterMs: 30_000 }],
  ['tolerated forever without seconds', [unreachable], [tol(unreachable.key)], { kind: 'keep' }],
  ['zero or negative seconds: evict at once', [unreachable], [tol(unreachable.key, 0)], { kind: 'evictAfter', afterMs: 0 }],
  ['an empty key with Exists tolerates everything', [unreachable, notReady], [tol(undefined)], { kind: 'keep' }],
  ['Equal needs the same value', [{ ...unreachable, value: 'a' }], [tol(unreachable.key, 5, { operator: 'Equal', value: 'b' })], { kind: 'evict' }],
  ['a NoSchedule toleration does not tolerate NoExecute', [unreachable], [tol(unreachable.key, 5, { effect: 'NoSchedule' })], { kind: 'evict' }],
];
for (const [name, taints, tolerations, want] of cases) test(name, () => assert.deepEqual(decide(pod(tolerations), taints), want));
