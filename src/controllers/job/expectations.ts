/**
 * Expectations (upstream controller.ControllerExpectations and the Job's uidTrackingExpectations): what
 * this controller has asked for but its informer has not shown yet, so a sync on a lagging cache does
 * not create pods twice, or count a pod again whose tracking finalizer it has just removed.
 */

/** Expectations expire after this long, in case an observation was lost (upstream ExpectationsTimeout). */
const expiryMs = 5 * 60_000;

interface Pending {
  adds: number;
  dels: number;
  at: number;
}

export class PodExpectations {
  private readonly pending = new Map<string, Pending>();
  private readonly finalizers = new Map<string, Set<string>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Whether the cache has caught up with what `key`'s last sync did. */
  satisfied(key: string): boolean {
    const p = this.pending.get(key);
    return !p || (p.adds <= 0 && p.dels <= 0) || this.now() - p.at > expiryMs;
  }

  expectCreations(key: string, n: number): void {
    this.pending.set(key, { adds: n, dels: 0, at: this.now() });
  }

  expectDeletions(key: string, n: number): void {
    this.pending.set(key, { adds: 0, dels: n, at: this.now() });
  }

  creationObserved(key: string): void {
    const p = this.pending.get(key);
    if (p) p.adds--;
  }

  deletionObserved(key: string): void {
    const p = this.pending.get(key);
    if (p) p.dels--;
  }

  expectFinalizersRemoved(key: string, uids: string[]): void {
    let set = this.finalizers.get(key);
    if (!set) this.finalizers.set(key, (set = new Set()));
    for (const uid of uids) set.add(uid);
  }

  finalizerRemovalObserved(key: string, uid: string): void {
    this.finalizers.get(key)?.delete(uid);
  }

  /** Pods whose finalizer removal is not yet seen: already counted, not to be counted again. */
  expectedRemovals(key: string): Set<string> {
    return new Set(this.finalizers.get(key) ?? []);
  }

  forget(key: string): void {
    this.pending.delete(key);
    this.finalizers.delete(key);
  }
}
