import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Client, KubeObject } from '../../client/interface';
import type { EventRecorder } from '../../client/event-recorder';
import type { Revision } from '../history/revisions';
import type { ClaimControl } from './claims';
import { newStatefulPod } from './identity';
import { type UpdateContext, updateStatefulSet } from './update';

const now = Date.parse('2026-01-01T00:10:00Z');

function set(spec: Record<string, unknown>): KubeObject {
  return {
    metadata: { name: 'web', namespace: 'default', uid: 'u' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [] } }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, ...spec },
  };
}

const rev = (name: string) => ({ metadata: { name }, revision: 1 }) as Revision;

/** A running, ready pod of `revision`. */
function pod(s: KubeObject, ordinal: number, revision: string): KubeObject {
  const p = newStatefulPod(s, ordinal, revision);
  p.metadata.uid = `uid-${ordinal}`;
  p.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }] };
  return p;
}

/** Runs one pass against a client that records what is created and deleted. */
async function pass(s: KubeObject, pods: KubeObject[], update = 'new'): Promise<string[]> {
  const calls: string[] = [];
  const client = {
    create: async (_r: unknown, _ns: unknown, obj: KubeObject) => (calls.push(`create ${obj.metadata.name}`), obj),
    delete: async (_r: unknown, _ns: unknown, name: string) => void calls.push(`delete ${name}`),
  } as unknown as Client;
  const ctx: UpdateContext = {
    client,
    recorder: { event: async () => undefined } as unknown as EventRecorder,
    claims: { createMissing: async () => undefined, updateOwners: async () => undefined } as unknown as ClaimControl,
    now,
    requeueAfter: () => undefined,
  };
  await updateStatefulSet(ctx, s, { currentSet: s, current: rev('old'), update: rev(update) }, pods);
  return calls;
}

test('OrderedReady creates one pod at a time; Parallel creates them all', async () => {
  assert.deepEqual(await pass(set({}), []), ['create web-0']);
  const s = set({});
  assert.deepEqual(await pass(s, [pod(s, 0, 'new')]), ['create web-1']);
  assert.deepEqual(await pass(set({ podManagementPolicy: 'Parallel' }), []), ['create web-0', 'create web-1', 'create web-2']);
});

test('OrderedReady waits for an unready pod', async () => {
  const s = set({});
  const unready = pod(s, 0, 'new');
  unready.status = { phase: 'Pending' };
  assert.deepEqual(await pass(s, [unready]), []);
});

test('scale down deletes the highest ordinal first, one at a time when ordered', async () => {
  const s = set({ replicas: 1 });
  const pods = [0, 1, 2].map((i) => pod(s, i, 'new'));
  assert.deepEqual(await pass(s, pods), ['delete web-2']);
  const par = set({ replicas: 1, podManagementPolicy: 'Parallel' });
  assert.deepEqual(await pass(par, [0, 1, 2].map((i) => pod(par, i, 'new'))), ['delete web-2', 'delete web-1']);
});

test('a rolling update replaces the highest old pod at or above the partition', async () => {
  const s = set({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } });
  assert.deepEqual(await pass(s, [0, 1, 2].map((i) => pod(s, i, 'old'))), ['delete web-2']);
  assert.deepEqual(await pass(s, [pod(s, 0, 'old'), pod(s, 1, 'old'), pod(s, 2, 'new')]), ['delete web-1']);
  assert.deepEqual(await pass(s, [pod(s, 0, 'old'), pod(s, 1, 'new'), pod(s, 2, 'new')]), [], 'web-0 is below the partition');
  const onDelete = set({ updateStrategy: { type: 'OnDelete' } });
  assert.deepEqual(await pass(onDelete, [0, 1, 2].map((i) => pod(onDelete, i, 'old'))), []);
});

test('maxUnavailable lets several pods be replaced at once', async () => {
  const s = set({ podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 2 } } });
  assert.deepEqual(await pass(s, [0, 1, 2].map((i) => pod(s, i, 'old'))), ['delete web-2', 'delete web-1']);
  const down = pod(s, 2, 'new');
  down.status = { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }] };
  assert.deepEqual(await pass(s, [pod(s, 0, 'old'), pod(s, 1, 'old'), down]), ['delete web-1'], 'one unavailable already uses half the budget');
});
