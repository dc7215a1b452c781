/** Shared by this folder's tests only. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../util/clock';
import { realClock } from '../util/clock';

/** A clock whose `now` the test sets; timers are real (the PKI never uses them). */
export function fakeClock(start = Date.now()): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    setTimeout: realClock.setTimeout,
    setInterval: realClock.setInterval,
    advance: (ms) => void (now += ms),
  };
}

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'skiff-pki-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const dayMs = 24 * 60 * 60 * 1000;
