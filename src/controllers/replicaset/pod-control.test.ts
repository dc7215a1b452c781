import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, type Client, type KubeObject } from '../../client/interface';
import type { EventRecorder } from '../../client/event-recorder';
import { PodControl } from './pod-control';

const owner: KubeObject = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'ns', uid: 'rs-uid' } };
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] } };

function setup(fail: (n: number) => unknown) {
  const created: KubeObject[] = [];
  const events: string[] = [];
  let calls = 0;
  const client = {
    async create(_r: unknown, _ns: string, pod: KubeObject) {
      const err = fail(++calls);
      if (err) throw err;
      const out = { ...pod, metadata: { ...pod.metadata, name: `web-${calls}` } };
      created.push(out);
      return out;
    },
  } as unknown as Client;
  const recorder = { event: async (_o: KubeObject, type: string, reason: string, message: string) => void events.push(`${type} ${reason} ${message}`) } as unknown as EventRecorder;
  return { control: new PodControl({ client, recorder, ownerApiVersion: 'apps/v1', ownerKind: 'ReplicaSet' }), created, events };
}

test('pods from the template: generateName, labels, controller reference; an event per pod', async () => {
  const { control, created, events } = setup(() => undefined);
  assert.deepEqual(await control.createPods(owner, template, 3), { created: 3 });
  assert.equal(created[0]!.metadata.generateName, 'web-');
  assert.deepEqual(created[0]!.metadata.labels, { app: 'web' });
  assert.deepEqual(created[0]!.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: 'rs-uid', controller: true, blockOwnerDeletion: true }]);
  assert.deepEqual(events, ['Normal SuccessfulCreate Created pod: web-1', 'Normal SuccessfulCreate Created pod: web-2', 'Normal SuccessfulCreate Created pod: web-3']);
});

test('slow start: batches of 1, 2, 4 stop at the first failing batch', async () => {
  const quota = new ApiError(403, 'Forbidden', 'pods "web-x" is forbidden: exceeded quota');
  const { control, events } = setup((n) => (n >= 3 ? quota : undefined));
  const result = await control.createPods(owner, template, 10);
  assert.equal(result.created, 2, 'batch 1 (1 pod) and batch 2 (2 pods, one failing) were tried, batch 3 was not');
  assert.equal(result.error, quota);
  assert.ok(events.includes('Warning FailedCreate Error creating: pods "web-x" is forbidden: exceeded quota'));
});

test('a namespace being deleted is no failure: no event, no error', async () => {
  const terminating = new ApiError(403, 'Forbidden', 'unable to create new content in namespace ns because it is being terminated', {
    details: { causes: [{ reason: 'NamespaceTerminating', message: 'namespace ns is being terminated', field: 'metadata.namespace' }] },
  });
  const { control, events } = setup(() => terminating);
  const result = await control.createPods(owner, template, 2);
  assert.equal(result.error, undefined);
  assert.deepEqual(events, []);
});
