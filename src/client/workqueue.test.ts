import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkQueue } from './workqueue';

test('a key added many times while waiting is processed once; never twice at once', async () => {
  const q = new WorkQueue();
  const running = new Set<string>();
  const seen: string[] = [];
  let overlap = false;
  q.add('a');
  q.add('a');
  q.add('b');
  const done = q.run(3, async (key) => {
    if (running.has(key)) overlap = true;
    running.add(key);
    seen.push(key);
    if (key === 'a' && seen.filter((k) => k === 'a').length === 1) q.add('a'); // re-added while processing
    await new Promise((r) => setTimeout(r, 5));
    running.delete(key);
  });
  await new Promise((r) => setTimeout(r, 50));
  q.shutdown();
  await done;
  assert.equal(overlap, false);
  assert.deepEqual(seen.sort(), ['a', 'a', 'b']);
});

test('failures retry with back-off until sync succeeds', async () => {
  const q = new WorkQueue({ baseDelayMs: 1 });
  let attempts = 0;
  q.add('k');
  const done = q.run(1, async () => {
    attempts++;
    if (attempts < 4) throw new Error('not yet');
  });
  await new Promise((r) => setTimeout(r, 100));
  q.shutdown();
  await done;
  assert.equal(attempts, 4);
});
