import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from 'kubernetes-types/core/v1';
import { backoffDelayMs, nextBackoffRecord, remainingBackoffMs } from './backoff';

const finishedAt = (iso: string): Pod => ({ status: { containerStatuses: [{ name: 'c', image: 'i', imageID: '', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, finishedAt: iso } } }] } });

test('the back-off starts at 10 s, doubles per failure and stops at 6 minutes', () => {
  const cases: [number, number][] = [[0, 0], [1, 10_000], [2, 20_000], [3, 40_000], [4, 80_000], [5, 160_000], [6, 320_000], [7, 360_000], [20, 360_000]];
  for (const [failures, want] of cases) assert.equal(backoffDelayMs(failures), want, `${failures} failures`);
});

test('failures since the last success count; a later success resets them', () => {
  const t0 = Date.parse('2030-01-01T00:00:00Z');
  let r = nextBackoffRecord(undefined, [], [finishedAt('2030-01-01T00:00:00Z')]);
  assert.deepEqual(r, { failuresAfterLastSuccess: 1, lastFailureTime: t0 });
  r = nextBackoffRecord(r, [], [finishedAt('2030-01-01T00:00:20Z')]);
  assert.equal(r.failuresAfterLastSuccess, 2);
  assert.equal(remainingBackoffMs(r, t0 + 25_000), 15_000, '20 s after the second failure at +20 s');
  assert.equal(remainingBackoffMs(r, t0 + 41_000), 0);
  r = nextBackoffRecord(r, [finishedAt('2030-01-01T00:01:00Z')], [finishedAt('2030-01-01T00:00:50Z'), finishedAt('2030-01-01T00:01:10Z')]);
  assert.deepEqual(r, { failuresAfterLastSuccess: 1, lastFailureTime: t0 + 70_000 }, 'only the failure after the success counts');
  assert.deepEqual(nextBackoffRecord(r, [finishedAt('2030-01-01T00:02:00Z')], []), { failuresAfterLastSuccess: 0, lastFailureTime: undefined });
});
