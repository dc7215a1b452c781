import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jobName, rfc3339In } from './job-template';
import { mostRecentScheduleTime, nextScheduleDelay, parseSchedule } from './schedule';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

test('next activations: fields, macros, @every, time zones', () => {
  const from = at('2030-01-07T08:41:33Z'); // a Monday
  const cases: [string, string | null, string][] = [
    ['*/1 * * * *', null, '2030-01-07T08:42:00.000Z'],
    ['*/15 * * * *', null, '2030-01-07T08:45:00.000Z'],
    ['@hourly', null, '2030-01-07T09:00:00.000Z'],
    ['@daily', null, '2030-01-08T00:00:00.000Z'],
    ['@weekly', null, '2030-01-13T00:00:00.000Z'],
    ['0 9 * * 1-5', null, '2030-01-07T09:00:00.000Z'],
    ['0 9 * * *', 'America/New_York', '2030-01-07T14:00:00.000Z'],
    ['CRON_TZ=Asia/Tokyo 0 9 * * *', null, '2030-01-08T00:00:00.000Z'],
    ['TZ=Europe/Berlin 30 10 * * *', 'America/New_York', '2030-01-07T09:30:00.000Z'],
    ['@every 90s', null, '2030-01-07T08:43:03.000Z'],
    ['0 0 1 * 1', null, '2030-01-14T00:00:00.000Z'], // day-of-month OR day-of-week, as cron
  ];
  for (const [spec, zone, want] of cases) assert.equal(iso(parseSchedule(spec, zone).next(from)), want, `${spec} ${zone ?? ''}`);
});

test('what ParseStandard rejects is rejected', () => {
  for (const bad of ['* * * *', '* * * * * *', '61 * * * *', '@fortnightly', '@every soon']) assert.throws(() => parseSchedule(bad), bad);
  assert.throws(() => parseSchedule('* * * * *', 'Mars/Olympus'), /unknown time zone/);
});

test('the most recent unmet time, and how many were missed', () => {
  const sched = parseSchedule('*/1 * * * *');
  const created = at('2030-01-01T00:00:30Z');
  assert.deepEqual(mostRecentScheduleTime(sched, created, at('2030-01-01T00:00:59Z')), { earliest: created, missed: 'none' });
  assert.equal(iso(mostRecentScheduleTime(sched, created, at('2030-01-01T00:01:10Z')).mostRecent), '2030-01-01T00:01:00.000Z');
  const few = mostRecentScheduleTime(sched, created, at('2030-01-01T00:05:10Z'));
  assert.equal(iso(few.mostRecent), '2030-01-01T00:05:00.000Z');
  assert.equal(few.missed, 'few');
  const many = mostRecentScheduleTime(sched, created, at('2030-01-01T03:00:10Z'));
  assert.equal(many.missed, 'many', 'more than 100 missed');
  assert.equal(iso(many.mostRecent), '2030-01-01T03:00:00.000Z');
  const bounded = mostRecentScheduleTime(sched, created, at('2030-01-01T03:00:10Z'), 200);
  assert.equal(bounded.missed, 'few', 'startingDeadlineSeconds bounds the count');
});

test('the next sync comes 100 ms after the next activation', () => {
  const sched = parseSchedule('*/1 * * * *');
  const created = at('2030-01-01T00:00:30Z');
  assert.equal(nextScheduleDelay(sched, created, at('2030-01-01T00:00:40Z')), 20_100);
  assert.equal(nextScheduleDelay(sched, at('2030-01-01T00:01:00Z'), at('2030-01-01T00:01:00.500Z')), 59_600);
});

test('the scheduled-timestamp annotation is RFC 3339 in the CronJob time zone; names count minutes', () => {
  const t = at('2030-01-07T14:00:00Z');
  assert.equal(rfc3339In(t, 'UTC'), '2030-01-07T14:00:00Z');
  assert.equal(rfc3339In(t, 'America/New_York'), '2030-01-07T09:00:00-05:00');
  assert.equal(rfc3339In(t, 'Asia/Kolkata'), '2030-01-07T19:30:00+05:30');
  assert.equal(jobName({ metadata: { name: 'backup' } }, t), `backup-${t / 60_000}`);
});
