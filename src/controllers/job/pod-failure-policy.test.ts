import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PodFailurePolicy } from 'kubernetes-types/batch/v1';
import type { Pod } from 'kubernetes-types/core/v1';
import { matchPodFailurePolicy } from './pod-failure-policy';

const failed = (exitCode: number, conditions: { type: string; status: string }[] = []): Pod => ({
  metadata: { name: 'p', namespace: 'ns' },
  status: { phase: 'Failed', conditions, containerStatuses: [{ name: 'main', image: 'i', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode } } }] },
});

const policy: PodFailurePolicy = {
  rules: [
    { action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] },
    { action: 'FailJob', onExitCodes: { containerName: 'main', operator: 'In', values: [42] } },
    { action: 'Count', onExitCodes: { operator: 'NotIn', values: [1, 2] } },
  ],
};

test('the first matching rule decides, with upstream messages', () => {
  assert.deepEqual(matchPodFailurePolicy(policy, failed(1, [{ type: 'DisruptionTarget', status: 'True' }])), { countFailed: false, action: 'Ignore' });
  assert.deepEqual(matchPodFailurePolicy(policy, failed(42)), {
    countFailed: true,
    action: 'FailJob',
    failJobMessage: 'Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 1',
  });
  assert.deepEqual(matchPodFailurePolicy(policy, failed(7)), { countFailed: true, action: 'Count' });
  assert.deepEqual(matchPodFailurePolicy(policy, failed(1)), { countFailed: true }, 'no rule matches: counted');
  assert.deepEqual(matchPodFailurePolicy(undefined, failed(42)), { countFailed: true });
});
