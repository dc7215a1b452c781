/**
 * The back-off on deleting failed daemon pods (upstream DaemonSetsController.failedPodsBackoff, a
 * flowcontrol.Backoff of 1 s doubling to 15 min, keyed by DaemonSet and node): a node that keeps failing
 * the daemon's pod does not make the controller delete and re-create in a hot loop.
 */
import type { Clock } from '../../util/clock';

export class FailedPodBackoff {
  private readonly entries = new Map<string, { delay: number; last: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly initialMs = 1000,
    private readonly maxMs = 15 * 60 * 1000,
  ) {}

  /** How long until a failed pod for `key` may be deleted again (upstream IsInBackOffSinceUpdate); 0 if now. */
  remaining(key: string): number {
    const e = this.entries.get(key);
    return e ? Math.max(0, e.last + e.delay - this.clock.now()) : 0;
  }

  /** Records a deletion: the first waits initialMs, each next one twice as long (upstream Backoff.Next). */
  next(key: string): void {
    const now = this.clock.now();
    const e = this.entries.get(key);
    const expired = !e || now - e.last > 2 * this.maxMs;
    this.entries.set(key, { delay: expired ? this.initialMs : Math.min(e.delay * 2, this.maxMs), last: now });
  }
}
