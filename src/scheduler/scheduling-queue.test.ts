import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../util/manual-clock';
import { SchedulingQueue } from './scheduling-queue';

test('highest priority first, then first queued; a queued key is queued once', async () => {
  const q = new SchedulingQueue();
  q.add('a', 0);
  q.add('b', 100);
  q.add('c', 0);
  q.add('d', 100);
  q.add('a', 1000);
  const order = [];
  for (let i = 0; i < 4; i++) order.push(await q.pop());
  assert.deepEqual(order, ['b', 'd', 'a', 'c']);
});

test('addAfter waits on the clock; shutdown ends pop', async () => {
  const clock = new ManualClock();
  const q = new SchedulingQueue(clock);
  q.addAfter('late', 0, 5000);
  assert.equal(q.length, 0);
  clock.advance(5000);
  assert.equal(await q.pop(), 'late');
  const waiting = q.pop();
  q.shutdown();
  assert.equal(await waiting, undefined);
});
