/**
 * Controller expectations (upstream pkg/controller/controller_utils.go ControllerExpectations and
 * UIDTrackingControllerExpectations): after a sync creates or deletes pods it records how many adds and
 * which deletions it expects to see; until the informer has shown them (or five minutes pass) the next
 * sync does not create or delete again, so a lagging cache cannot cause a double create.
 */
import type { Clock } from '../../util/clock';

/** Upstream ExpectationsTimeout. */
export const expectationsTimeoutMs = 5 * 60 * 1000;

interface Expectation {
  adds: number;
  deletes: Set<string>;
  timestamp: number;
}

export class Expectations {
  private readonly byKey = new Map<string, Expectation>();

  constructor(private readonly clock: Clock) {}

  /** Whether the controller may act: nothing outstanding, nothing recorded, or the record expired. */
  satisfied(key: string): boolean {
    const e = this.byKey.get(key);
    if (!e) return true;
    if (e.adds <= 0 && e.deletes.size === 0) return true;
    return this.clock.now() - e.timestamp > expectationsTimeoutMs;
  }

  expectCreations(key: string, adds: number): void {
    this.byKey.set(key, { adds, deletes: new Set(), timestamp: this.clock.now() });
  }

  expectDeletions(key: string, podKeys: string[]): void {
    this.byKey.set(key, { adds: 0, deletes: new Set(podKeys), timestamp: this.clock.now() });
  }

  creationObserved(key: string): void {
    const e = this.byKey.get(key);
    if (e) e.adds--;
  }

  /** Lowers the expected creations by `n` (creations that were skipped or failed). */
  lowerCreations(key: string, n: number): void {
    const e = this.byKey.get(key);
    if (e) e.adds -= n;
  }

  deletionObserved(key: string, podKey: string): void {
    this.byKey.get(key)?.deletes.delete(podKey);
  }

  delete(key: string): void {
    this.byKey.delete(key);
  }
}
