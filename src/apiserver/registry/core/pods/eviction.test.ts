/** pods/eviction against a fake context (upstream eviction_test.go cases): budgets spent, refused, bypassed. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../../errors';
import type { KubeObject, SubresourceContext } from '../../generic/strategy';
import { evictionSubresource } from './eviction';

const now = Date.parse('2024-01-01T00:00:00Z');

function fixture(pod: KubeObject, budgets: KubeObject[]) {
  const writes: KubeObject[] = [];
  const deletes: unknown[] = [];
  const ctx: SubresourceContext = {
    get: async (_g, resource, _ns, name) => structuredClone((resource === 'pods' ? [pod] : budgets).find((o) => o.metadata.name === name)!),
    updateParent: async () => assert.fail('not used'),
    now: () => now,
    list: async () => structuredClone(budgets),
    update: async (_g, _r, obj) => {
      writes.push(obj);
      return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(Number(obj.metadata.resourceVersion ?? 0) + 1) } };
    },
    deleteParent: async (options) => void deletes.push(options),
  };
  return { ctx, writes, deletes };
}

const pod = (phase = 'Running', ready = true): KubeObject => ({
  metadata: { name: 'web-1', namespace: 'default', labels: { app: 'web' }, resourceVersion: '7' },
  status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const pdb = (name: string, status: Record<string, unknown>, spec: Record<string, unknown> = {}): KubeObject => ({
  metadata: { name, namespace: 'default', generation: 1, resourceVersion: '3' },
  spec: { selector: { matchLabels: { app: 'web' } }, ...spec },
  status: { observedGeneration: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2, disruptionsAllowed: 1, ...status },
});
const eviction = (extra: Record<string, unknown> = {}) => ({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'web-1' }, ...extra }) as unknown as KubeObject;
const rejects = async (p: Promise<unknown>, code: number, message: RegExp) => {
  await assert.rejects(p, (err: unknown) => err instanceof StatusError && err.code === code && message.test(err.message + JSON.stringify(err.details ?? {})));
};

describe('pods/eviction', () => {
  test('a budget that allows it is spent: decremented, the pod recorded as disrupted, then deleted', async () => {
    const f = fixture(pod(), [pdb('web', {})]);
    await evictionSubresource.create!(pod(), eviction({ deleteOptions: { gracePeriodSeconds: 5 } }), f.ctx);
    const [budget, marked] = f.writes as unknown as [{ status: { disruptionsAllowed: number; disruptedPods: Record<string, string> } }, { status: { conditions: { type: string; reason: string }[] } }];
    assert.equal(budget.status.disruptionsAllowed, 0);
    assert.deepEqual(budget.status.disruptedPods, { 'web-1': '2024-01-01T00:00:00Z' });
    assert.deepEqual(marked.status.conditions.map((c) => [c.type, c.reason]), [['Ready', undefined], ['DisruptionTarget', 'EvictionByEvictionAPI']]);
    assert.equal((f.deletes[0] as { gracePeriodSeconds: number }).gracePeriodSeconds, 5);
  });

  test('a budget with no disruptions left: 429 with the DisruptionBudget cause, nothing deleted', async () => {
    const f = fixture(pod(), [pdb('web', { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1 })]);
    await rejects(evictionSubresource.create!(pod(), eviction(), f.ctx), 429, /Cannot evict pod as it would violate the pod's disruption budget\..*The disruption budget web needs 1 healthy pods and has 1 currently/);
    assert.equal(f.deletes.length, 0);
  });

  test('a budget the controller has not seen yet (observedGeneration behind): 429', async () => {
    const f = fixture(pod(), [pdb('web', { observedGeneration: 0 })]);
    await rejects(evictionSubresource.create!(pod(), eviction(), f.ctx), 429, /still being processed by the server.*"retryAfterSeconds":10/);
  });

  test('two budgets: 500', async () => {
    const f = fixture(pod(), [pdb('a', {}), pdb('b', {})]);
    await rejects(evictionSubresource.create!(pod(), eviction(), f.ctx), 500, /more than one PodDisruptionBudget/);
  });

  test('pending and finished pods go without asking; an empty selector matches nothing', async () => {
    for (const phase of ['Pending', 'Succeeded']) {
      const f = fixture(pod(phase), [pdb('web', { disruptionsAllowed: 0 })]);
      await evictionSubresource.create!(pod(phase), eviction(), f.ctx);
      assert.equal(f.deletes.length, 1, phase);
    }
    const f = fixture(pod(), [pdb('all', { disruptionsAllowed: 0 }, { selector: {} })]);
    await evictionSubresource.create!(pod(), eviction(), f.ctx);
    assert.equal(f.deletes.length, 1);
  });

  test('unhealthy pods: AlwaysAllow deletes them without spending, preconditioned on their resourceVersion', async () => {
    const f = fixture(pod('Running', false), [pdb('web', { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 1 }, { unhealthyPodEvictionPolicy: 'AlwaysAllow' })]);
    await evictionSubresource.create!(pod('Running', false), eviction(), f.ctx);
    assert.deepEqual(f.deletes[0], { gracePeriodSeconds: undefined, propagationPolicy: undefined, dryRun: false, preconditions: { resourceVersion: '8' } });
    const g = fixture(pod('Running', false), [pdb('web', { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 1 })]);
    await rejects(evictionSubresource.create!(pod('Running', false), eviction(), g.ctx), 429, /needs 1 healthy pods and has 0/);
  });

  test('dry run checks the budget, writes nothing and passes dryRun to the delete', async () => {
    const f = fixture(pod(), [pdb('web', {})]);
    await evictionSubresource.create!(pod(), eviction({ deleteOptions: { dryRun: ['All'] } }), f.ctx);
    assert.equal(f.writes.length, 0);
    assert.equal((f.deletes[0] as { dryRun: boolean }).dryRun, true);
  });

  test('the Eviction must name the pod', async () => {
    const f = fixture(pod(), []);
    await rejects(evictionSubresource.create!(pod(), { metadata: { name: 'other' } } as KubeObject, f.ctx), 400, /name in URL does not match name in Eviction object/);
  });
});
