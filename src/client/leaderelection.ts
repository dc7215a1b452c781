/**
 * Leader election on a coordination.k8s.io/v1 Lease (upstream client-go tools/leaderelection with the
 * LeaseLock): a candidate takes the lease when it is free or its holder stopped renewing it for
 * leaseDurationSeconds (measured on this candidate's clock from when it last saw the lease change, so
 * clocks need not agree), renews it every retry period, and stops leading when it could not renew within
 * the renew deadline. Taking a lease from another holder bumps leaseTransitions and sets acquireTime.
 * Releasing (on a clean shutdown) empties holderIdentity so a standby takes over at its next retry.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { microTime } from '../api/time';
import { type Clock, realClock } from '../util/clock';
import type { Logger } from '../util/logger';
import { type Client, isAlreadyExists, isConflict, isNotFound, type KubeObject } from './interface';

const leasesRef = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface LeaderElectorOptions {
  client: Client;
  namespace: string;
  /** The Lease's name, e.g. 'kube-controller-manager'. */
  name: string;
  /** This candidate; default `<hostname>_<uuid>` as upstream components use. */
  identity?: string;
  /** Upstream defaults: 15 s, 10 s, 2 s. */
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  clock?: Clock;
  logger: Logger;
  /** Called once each time this candidate becomes the leader. */
  onStartedLeading(): void | Promise<void>;
  /** Called when leadership is lost or released; the caller stops the work it started. */
  onStoppedLeading(): void;
}

/** A unique identity for a candidate, as kube-controller-manager makes one. */
export function defaultIdentity(): string {
  return `${hostname()}_${randomUUID()}`;
}

export class LeaderElector {
  readonly identity: string;
  private readonly clock: Clock;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  /** The lease as last seen, and when (our clock): expiry is judged from that, not from renewTime. */
  private observed?: { spec: LeaseSpec; at: number };
  private leading = false;
  private lastRenew = 0;
  private timer?: { cancel(): void };
  private stopped = false;
  private busy?: Promise<void>;

  constructor(private readonly options: LeaderElectorOptions) {
    this.identity = options.identity ?? defaultIdentity();
    this.clock = options.clock ?? realClock;
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
  }

  isLeader(): boolean {
    return this.leading;
  }

  /**
   * Starts trying: once now (resolving after it, and after onStartedLeading if it won), then every retry
   * period (with jitter while not leading).
   */
  start(): Promise<void> {
    this.stopped = false;
    this.busy = this.tick().finally(() => {
      this.busy = undefined;
    });
    return this.busy;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = this.clock.setTimeout(() => {
      this.busy = this.tick().finally(() => {
        this.busy = undefined;
      });
    }, ms);
  }

  private async tick(): Promise<void> {
    const ok = await this.tryAcquireOrRenew().catch((err: unknown) => {
      this.options.logger.warn('error retrieving or updating the lease', { lease: this.leaseName(), err: err instanceof Error ? err.message : String(err) });
      return false;
    });
    const now = this.clock.now();
    if (ok) {
      this.lastRenew = now;
      if (!this.leading && !this.stopped) {
        this.leading = true;
        this.options.logger.info('successfully acquired lease', { lease: this.leaseName(), identity: this.identity });
        await this.options.onStartedLeading();
      }
    } else if (this.leading && now - this.lastRenew >= this.renewDeadlineMs) {
      this.leading = false;
      this.options.logger.warn('failed to renew lease: leadership lost', { lease: this.leaseName() });
      this.options.onStoppedLeading();
    }
    // Upstream jitters the acquire loop by up to 1.2 × the retry period; a leader renews on the period.
    this.schedule(this.leading ? this.retryPeriodMs : this.retryPeriodMs * (1 + Math.random() * 1.2));
  }

  private leaseName(): string {
    return `${this.options.namespace}/${this.options.name}`;
  }

  private observe(spec: LeaseSpec): void {
    if (!this.observed || JSON.stringify(this.observed.spec) !== JSON.stringify(spec)) this.observed = { spec, at: this.clock.now() };
  }

  /** One attempt (upstream tryAcquireOrRenew); false when another holder's lease is still valid or the write lost a race. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const { client, namespace, name } = this.options;
    const now = this.clock.now();
    const mine: LeaseSpec = { holderIdentity: this.identity, leaseDurationSeconds: Math.round(this.leaseDurationMs / 1000), acquireTime: microTime(now), renewTime: microTime(now), leaseTransitions: 0 };
    let lease: KubeObject;
    try {
      lease = await client.get(leasesRef, namespace, name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      const created = await client.create(leasesRef, namespace, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace }, spec: mine }).catch((e: unknown) => {
        if (isAlreadyExists(e)) return undefined;
        throw e;
      });
      if (created) this.observe(mine);
      return created !== undefined;
    }
    const old = (lease.spec ?? {}) as LeaseSpec;
    this.observe(old);
    const held = !!old.holderIdentity && old.holderIdentity !== this.identity;
    if (held && this.observed!.at + (old.leaseDurationSeconds ?? 0) * 1000 > now) return false;
    const spec: LeaseSpec =
      old.holderIdentity === this.identity
        ? { ...mine, acquireTime: old.acquireTime, leaseTransitions: old.leaseTransitions ?? 0 }
        : { ...mine, leaseTransitions: (old.leaseTransitions ?? 0) + 1 };
    try {
      await client.update(leasesRef, namespace, { ...lease, spec });
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
    this.observe(spec);
    return true;
  }

  /**
   * Stops trying; when leading, gives the lease up (upstream ReleaseOnCancel: no holder, 1 s duration)
   * and calls onStoppedLeading.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.timer?.cancel();
    await this.busy;
    if (!this.leading) return;
    this.leading = false;
    this.options.onStoppedLeading();
    await this.release().catch((err: unknown) => this.options.logger.warn('failed to release the lease', { lease: this.leaseName(), err: err instanceof Error ? err.message : String(err) }));
  }

  private async release(): Promise<void> {
    const { client, namespace, name } = this.options;
    const lease = await client.get(leasesRef, namespace, name);
    const old = (lease.spec ?? {}) as LeaseSpec;
    if (old.holderIdentity !== this.identity) return;
    const now = microTime(this.clock.now());
    await client.update(leasesRef, namespace, { ...lease, spec: { leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: old.leaseTransitions ?? 0 } });
  }
}

/** Work that runs only while leading: started on winning the lease, stopped on losing or releasing it. */
export interface LeaderWork {
  stop(): void;
}

/**
 * Runs `start()` whenever this candidate holds the lease `name` (in kube-system, as kube-controller-manager
 * and kube-scheduler do) and stops what it returned when leadership ends. Resolves after the first attempt.
 */
export async function runWhileLeading(options: Omit<LeaderElectorOptions, 'onStartedLeading' | 'onStoppedLeading' | 'namespace'> & { start(): Promise<LeaderWork> }): Promise<LeaderElector> {
  let work: LeaderWork | undefined;
  const elector = new LeaderElector({
    ...options,
    namespace: 'kube-system',
    onStartedLeading: async () => {
      work = await options.start();
    },
    onStoppedLeading: () => {
      work?.stop();
      work = undefined;
    },
  });
  await elector.start();
  if (!elector.isLeader()) options.logger.info('another server holds the lease; standing by', { lease: `kube-system/${options.name}` });
  return elector;
}
