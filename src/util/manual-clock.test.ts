import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from './manual-clock';

test('timers run in due order as time advances, each seeing its due time', () => {
  const clock = new ManualClock(1_000);
  const seen: string[] = [];
  clock.setTimeout(() => seen.push(`b@${clock.now()}`), 200);
  clock.setTimeout(() => seen.push(`a@${clock.now()}`), 100);
  const late = clock.setTimeout(() => seen.push('never'), 1_000);
  clock.advance(150);
  assert.deepEqual(seen, ['a@1100']);
  assert.equal(clock.now(), 1_150);
  late.cancel();
  clock.advance(10_000);
  assert.deepEqual(seen, ['a@1100', 'b@1200']);
  assert.equal(clock.pending(), 0);
});

test('intervals fire once per period crossed; a timer armed by a timer runs if due', () => {
  const clock = new ManualClock(0);
  const ticks: number[] = [];
  const every = clock.setInterval(() => ticks.push(clock.now()), 10);
  clock.setTimeout(() => clock.setTimeout(() => ticks.push(-clock.now()), 5), 12);
  clock.advance(35);
  assert.deepEqual(ticks, [10, -17, 20, 30]);
  every.cancel();
  clock.set(new Date(100));
  assert.deepEqual(ticks, [10, -17, 20, 30]);
  clock.set(50);
  assert.equal(clock.now(), 100, 'never backwards');
});
