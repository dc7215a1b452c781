import { test } from 'node:test';
import assert from 'node:assert/strict';
import { behaviorWithDefaults, normalizeWithBehavior, normalizeWithoutBehavior, type Recommendation, type ScaleEvent, scaleDownLimitWithRules, scaleUpLimitWithRules, storeScaleEvent } from './normalize';

const now = 1_000_000_000;
const none = { up: [], down: [] };
const input = (current: number, desired: number, recommendations: Recommendation[] = [], min = 1, max = 10) => ({ current, desired, min, max, now, recommendations });

test('without behavior: scale-up is limited to max(2 × current, 4)', () => {
  const n = normalizeWithoutBehavior(input(2, 9), 300_000);
  assert.equal(n.replicas, 4);
  assert.deepEqual(n.scalingLimited, { limited: true, reason: 'ScaleUpLimit', message: 'the desired replica count is increasing faster than the maximum scale rate' });
  assert.equal(n.ableToScale.reason, 'ReadyForNewScale');
});

test('without behavior: bounded by maxReplicas and minReplicas', () => {
  assert.equal(normalizeWithoutBehavior(input(8, 20), 300_000).scalingLimited.reason, 'TooManyReplicas');
  assert.equal(normalizeWithoutBehavior(input(8, 20), 300_000).replicas, 10);
  const down = normalizeWithoutBehavior(input(3, 0, [], 2), 300_000);
  assert.deepEqual([down.replicas, down.scalingLimited.reason], [2, 'TooFewReplicas']);
});

test('without behavior: a scale-down waits for the highest recommendation of the last 5 minutes', () => {
  const recs: Recommendation[] = [{ replicas: 5, timestamp: now - 60_000 }];
  const n = normalizeWithoutBehavior(input(5, 2, recs), 300_000);
  assert.equal(n.replicas, 5);
  assert.equal(n.ableToScale.reason, 'ScaleDownStabilized');
  assert.equal(recs.length, 2, 'the new recommendation is recorded');
  // Once the old recommendation is out of the window, the scale-down goes through.
  const later = normalizeWithoutBehavior({ ...input(5, 2, recs), now: now + 300_000 }, 300_000);
  assert.equal(later.replicas, 2);
});

test('behavior: policies per period, selectPolicy Max and Min', () => {
  const rules = { selectPolicy: 'Max' as const, policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
  assert.equal(scaleUpLimitWithRules(10, none, rules, now), 20);
  assert.equal(scaleUpLimitWithRules(10, none, { ...rules, selectPolicy: 'Min' }, now), 14);
  assert.equal(scaleUpLimitWithRules(10, none, { ...rules, selectPolicy: 'Disabled' }, now), 10);
  // 5 replicas added 10 s ago count against this period: it started at 5.
  const up: ScaleEvent[] = [{ change: 5, timestamp: now - 10_000, outdated: false }];
  assert.equal(scaleUpLimitWithRules(10, { up, down: [] }, rules, now), 10);
  // ... and 2 removed in the period are put back: it started at 7.
  assert.equal(scaleUpLimitWithRules(10, { up, down: [{ change: 2, timestamp: now - 5_000, outdated: false }] }, rules, now), 14);
  assert.equal(scaleDownLimitWithRules(10, none, { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }, { type: 'Pods', value: 2, periodSeconds: 60 }] }, now), 5);
  assert.equal(scaleDownLimitWithRules(10, none, { selectPolicy: 'Min', policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }, { type: 'Pods', value: 2, periodSeconds: 60 }] }, now), 8);
});

test('behavior: the scale-down stabilization window and rate limit', () => {
  const behavior = behaviorWithDefaults({ scaleDown: { stabilizationWindowSeconds: 60, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } }, 300);
  assert.equal(behavior.scaleDown.stabilizationWindowSeconds, 60);
  assert.equal(behavior.scaleUp.policies!.length, 2);
  const recs: Recommendation[] = [{ replicas: 6, timestamp: now - 30_000 }];
  const held = normalizeWithBehavior(input(6, 2, recs), behavior, { up: [], down: [] });
  assert.deepEqual([held.replicas, held.ableToScale.reason], [6, 'ScaleDownStabilized']);
  const limited = normalizeWithBehavior({ ...input(6, 2, recs), now: now + 61_000 }, behavior, { up: [], down: [] });
  assert.deepEqual([limited.replicas, limited.scalingLimited.reason], [5, 'ScaleDownLimit']);
});

test('behavior: the default scale-down window comes from the controller (5 minutes)', () => {
  assert.equal(behaviorWithDefaults({}, 300).scaleDown.stabilizationWindowSeconds, 300);
});

test('scale events older than the longest period are reused', () => {
  const events: ScaleEvent[] = [{ change: 1, timestamp: now - 120_000, outdated: false }];
  storeScaleEvent(events, 3, { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] }, now);
  assert.deepEqual(events, [{ change: 3, timestamp: now, outdated: false }]);
});
