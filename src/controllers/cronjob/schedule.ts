/**
 * CronJob schedules as upstream reads them (robfig/cron ParseStandard): five fields or a macro (@hourly,
 * @daily, …, `@every <duration>`), an optional `TZ=`/`CRON_TZ=` prefix, else spec.timeZone, else UTC
 * (the controller's local zone upstream; a server's is UTC). Field parsing and next-time arithmetic, time
 * zones included, come from cron-parser.
 */
import { CronExpressionParser } from 'cron-parser';

export interface Schedule {
  /** The first activation strictly after `t` (epoch ms). */
  next(t: number): number;
}

const macros = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Whether a time zone name is one Intl knows ("" and UTC included). */
export function validTimeZone(zone: string): boolean {
  if (zone === '' || zone === 'UTC' || zone === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Go's time.ParseDuration for the units @every takes (h, m, s, ms, us, ns). */
function parseDuration(text: string): number | undefined {
  const units: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * units[m[2]!]!;
    matched = re.lastIndex;
  }
  return matched === text.length && text.length > 0 ? total : undefined;
}

/** `@every d`: every d (at least 1 s, whole seconds), counted from the time asked about (robfig ConstantDelaySchedule). */
function every(text: string): Schedule {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`failed to parse duration ${text}`);
  const delay = Math.max(1000, Math.floor(ms / 1000) * 1000);
  return { next: (t) => t - (t % 1000) + delay };
}

/** Parses a schedule; throws with robfig-like messages on what ParseStandard rejects. */
export function parseSchedule(spec: string, timeZone?: string | null): Schedule {
  let expr = spec.trim();
  let zone = timeZone ?? 'UTC';
  const tz = /^(?:CRON_)?TZ=(\S+)\s+/.exec(expr);
  if (tz) {
    zone = tz[1]!;
    expr = expr.slice(tz[0].length).trim();
  }
  if (!validTimeZone(zone)) throw new Error(`provided bad location ${zone}: unknown time zone ${zone}`);
  if (zone === '' || zone === 'Local') zone = 'UTC';
  if (expr.startsWith('@every ')) return every(expr.slice('@every '.length).trim());
  if (expr.startsWith('@') && !macros.has(expr)) throw new Error(`unrecognized descriptor: ${expr}`);
  const fields = expr.split(/\s+/);
  if (!expr.startsWith('@') && fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: ${expr}`);
  CronExpressionParser.parse(expr, { tz: zone }); // throws on a bad field
  return { next: (t) => CronExpressionParser.parse(expr, { tz: zone, currentDate: new Date(t) }).next().getTime() };
}

/** Upstream's cap on missed start times before it warns (TooManyMissedTimes). */
export const tooManyMissed = 100;

export interface MostRecent {
  /** The last schedule time, or the CronJob's creation. */
  earliest: number;
  /** The newest activation at or before now, if any is unmet. */
  mostRecent?: number;
  missed: 'none' | 'few' | 'many';
}

/**
 * The newest unmet activation (upstream mostRecentScheduleTime): counting from the last schedule time (or
 * creation), optionally no earlier than now − startingDeadlineSeconds; how many were missed is estimated
 * from the interval between the first two.
 */
export function mostRecentScheduleTime(sched: Schedule, earliestTime: number, now: number, startingDeadlineSeconds?: number | null): MostRecent {
  let earliest = earliestTime;
  if (startingDeadlineSeconds !== undefined && startingDeadlineSeconds !== null) earliest = Math.max(earliest, now - startingDeadlineSeconds * 1000);
  const t1 = sched.next(earliest);
  const t2 = sched.next(t1);
  if (now < t1) return { earliest, missed: 'none' };
  if (now < t2) return { earliest, mostRecent: t1, missed: 'none' };
  const between = Math.round((t2 - t1) / 1000);
  if (between < 1) throw new Error('time difference between two schedules is less than 1 second');
  const missedCount = Math.floor((now - t1) / 1000 / between) + 1;
  let mostRecent: number | undefined;
  for (let t = sched.next(t1 + (missedCount - 2) * between * 1000); t <= now; t = sched.next(t)) mostRecent = t;
  return { earliest, mostRecent, missed: missedCount > tooManyMissed ? 'many' : 'few' };
}

/** Padding after the next activation before re-syncing, for clock skew (upstream nextScheduleDelta). */
export const nextScheduleDeltaMs = 100;

/** How long until the CronJob should be synced again (upstream nextScheduleTimeDuration). */
export function nextScheduleDelay(sched: Schedule, earliestTime: number, now: number): number {
  let from: number;
  try {
    const r = mostRecentScheduleTime(sched, earliestTime, now);
    from = r.mostRecent ?? (r.missed === 'none' ? r.earliest : now);
  } catch {
    from = now;
  }
  return sched.next(from) + nextScheduleDeltaMs - now;
}
