/**
 * Simulated nodes (as kwok does): Node objects with a capacity, leases renewed with jitter, and a node
 * agent that runs the pods bound to them without containers (pod-lifecycle.ts: init containers in order,
 * readiness gates, run-to-completion, restarts with crash-loop back-off; run time and exit code can be set
 * per pod with annotations); pods being deleted are confirmed gone, as a kubelet does after stopping them.
 * A Node annotated `skiff.dev/simulated-stopped: "true"` plays a dead kubelet: no lease renewals, its
 * pods left as they are; when the annotation goes it posts Ready again and catches up with its pods.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import { microTime as micro, rfc3339 as seconds } from '../../api/time';
import type { Informer } from '../../client/informer';
import { type Client, isAlreadyExists, isConflict, isNotFound, type KubeObject } from '../../client/interface';
import type { InformerFactory } from '../../client/shared-informers';
import { WorkQueue } from '../../client/workqueue';
import { type Clock, realClock } from '../../util/clock';
import { KeyTimers } from '../../util/key-timers';
import type { Logger } from '../../util/logger';
import { defaultCapacity, nodeObject, type SimulatedNodeCapacity, stoppedAnnotation } from './node-status';
import { step } from './pod-lifecycle';

const nodes = { group: '', version: 'v1', resource: 'nodes' };
const pods = { group: '', version: 'v1', resource: 'pods' };
const leases = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
/** Pod syncs (status writes) in flight at once, across all the simulated nodes. */
const STATUS_WORKERS = 16;

export interface SimulatedNodesOptions {
  client: Client;
  informers: InformerFactory;
  count: number;
  capacity?: SimulatedNodeCapacity;
  /** Seconds a run-to-completion pod runs unless its annotation says otherwise. */
  runSeconds?: number;
  leaseRenewMs?: number;
  clock?: Clock;
  logger: Logger;
}


export class SimulatedNodes {
  readonly names: string[];
  private readonly index = new Map<string, number>();
  /** Each node's Lease as last written. */
  private readonly leases = new Map<string, KubeObject>();
  private readonly nextIP = new Map<string, number>();
  private readonly queue: WorkQueue;
  private readonly pods: Informer<KubeObject>;
  private readonly nodes: Informer<KubeObject>;
  /** Nodes whose agent plays dead (the annotation is set). */
  private readonly stopped = new Set<string>();
  private readonly clock: Clock;
  private readonly timers: { cancel(): void }[] = [];
  /** When each pod's next simulated step falls due (run time, back-off), on the injectable clock. */
  private readonly podTimers: KeyTimers;
  /** Real-time retry timers of status posts (infrastructure, not simulated time). */
  private readonly retries = new Set<NodeJS.Timeout>();
  private halted = false;

  constructor(private readonly options: SimulatedNodesOptions) {
    this.clock = options.clock ?? realClock;
    this.podTimers = new KeyTimers(this.clock);
    this.names = Array.from({ length: options.count }, (_, i) => `simulated-node-${i}`);
    this.names.forEach((n, i) => this.index.set(n, i));
    this.queue = new WorkQueue({ logger: options.logger });
    this.pods = options.informers.informerFor(pods);
    const enqueue = (p: KubeObject) => {
      const node = (p.spec as Pod['spec'])?.nodeName;
      if (node && this.index.has(node)) this.queue.add(`${p.metadata.namespace}/${p.metadata.name}`);
    };
    this.pods.addHandlers({ onAdd: enqueue, onUpdate: (_o, p) => enqueue(p) });
    this.nodes = options.informers.informerFor(nodes);
    this.nodes.addHandlers({ onAdd: (n) => this.observeNode(n), onUpdate: (_o, n) => this.observeNode(n) });
  }

  /** Follows the stopped annotation; a node coming back renews its lease, posts Ready and re-syncs its pods. */
  private observeNode(node: KubeObject): void {
    const name = node.metadata.name!;
    if (!this.index.has(name)) return;
    const stop = node.metadata.annotations?.[stoppedAnnotation] === 'true';
    if (stop) {
      this.stopped.add(name);
      return;
    }
    const resumed = this.stopped.delete(name);
    const ready = (node.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions?.find((c) => c.type === 'Ready');
    if (resumed || (ready && ready.status !== 'True')) void this.resume(name).catch((err: unknown) => this.warn('node status update failed', err));
  }

  /**
   * Renews the lease and posts Ready. A failed write (a conflict with the lease timer or the node
   * lifecycle controller, a busy server) is retried, as a kubelet keeps posting its status: without
   * that a node marked Unknown under load would stay NotReady although its agent is alive.
   */
  private async resume(name: string, attempt = 0): Promise<void> {
    try {
      await this.renewLease(name).catch((err: unknown) => this.warn('lease renewal failed', err));
      await this.postReady(name);
    } catch (err) {
      if (this.halted || this.stopped.has(name) || attempt >= 6) throw err;
      await new Promise<void>((done) => {
        const t = setTimeout(() => {
          this.retries.delete(t);
          done();
        }, 100 * 2 ** attempt);
        this.retries.add(t);
        t.unref();
      });
      if (this.halted) return;
      return this.resume(name, attempt + 1);
    }
    for (const p of this.pods.list()) if ((p.spec as Pod['spec'])?.nodeName === name) this.queue.add(`${p.metadata.namespace}/${p.metadata.name}`);
  }

  /** Writes the node's conditions as a healthy kubelet reports them (Ready, no pressure). */
  private async postReady(name: string): Promise<void> {
    const current = await this.options.client.get(nodes, undefined, name);
    const fresh = nodeObject(name, this.index.get(name)!, this.options.capacity ?? defaultCapacity, seconds(this.clock.now()));
    const status = { ...(current.status as object), conditions: (fresh.status as { conditions: unknown[] }).conditions };
    await this.options.client.update(nodes, undefined, { ...current, status }, { subresource: 'status' });
  }

  /** Registers the nodes and starts their leases and pod handling. */
  async start(): Promise<void> {
    const now = seconds(this.clock.now());
    for (const [i, name] of this.names.entries()) {
      const node = nodeObject(name, i, this.options.capacity ?? defaultCapacity, now);
      await this.options.client.create(nodes, undefined, node).catch((err: unknown) => {
        if (!isAlreadyExists(err)) throw err;
      });
      // Status is not the creator's to set: write it through the status subresource, as a kubelet does
      // (again on a conflict: the node lifecycle controller may taint the new node meanwhile).
      for (let attempt = 1; ; attempt++) {
        const current = await this.options.client.get(nodes, undefined, name);
        const written = await this.options.client.update(nodes, undefined, { ...current, status: node.status }, { subresource: 'status' }).catch((err: unknown) => {
          if (!isConflict(err) || attempt >= 5) throw err;
        });
        if (written) break;
      }
      await this.renewLease(name);
      const period = this.options.leaseRenewMs ?? 10_000;
      const jitter = Math.floor(Math.random() * period * 0.2);
      this.timers.push(this.clock.setInterval(() => void (this.stopped.has(name) ? Promise.resolve() : this.renewLease(name)).catch((err: unknown) => this.warn('lease renewal failed', err)), period + jitter));
    }
    // Each real node has its own kubelet writing its pods' status; a few writes in flight at once let
    // storage commit them together instead of one after another.
    void this.queue.run(STATUS_WORKERS, (key) => this.sync(key));
  }

  stop(): void {
    this.halted = true;
    for (const t of this.retries) clearTimeout(t);
    this.retries.clear();
    for (const t of this.timers.splice(0)) t.cancel();
    this.podTimers.stop();
    this.queue.shutdown();
  }

  private warn(message: string, err: unknown): void {
    this.options.logger.warn(message, { err: err instanceof Error ? err.message : String(err) });
  }

  /** Renews from the lease last written, as a kubelet does; reads it again only when that one is stale. */
  private async renewLease(name: string): Promise<void> {
    const now = this.clock.now();
    const spec = { holderIdentity: name, leaseDurationSeconds: 40, renewTime: micro(now) };
    const renew = (lease: KubeObject) => this.options.client.update(leases, 'kube-node-lease', { ...lease, spec: { ...(lease.spec as object), ...spec } });
    const last = this.leases.get(name);
    try {
      if (last) {
        const renewed = await renew(last).catch((err: unknown) => {
          if (!isConflict(err) && !isNotFound(err)) throw err;
        });
        if (renewed) return void this.leases.set(name, renewed);
      }
      this.leases.set(name, await renew(await this.options.client.get(leases, 'kube-node-lease', name)));
    } catch (err) {
      if (!isNotFound(err)) throw err;
      this.leases.set(name, await this.options.client.create(leases, 'kube-node-lease', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: 'kube-node-lease' }, spec: { ...spec, acquireTime: micro(now) } }));
    }
  }

  /** Level-based: reads the pod from the cache and moves it one step (start, finish, or confirm deletion). */
  async sync(key: string): Promise<void> {
    const obj = this.pods.get(key);
    if (!obj) return;
    const pod = obj as unknown as Pod;
    const node = pod.spec!.nodeName!;
    if (this.stopped.has(node)) return;
    if (obj.metadata.deletionTimestamp) {
      await this.options.client.delete(pods, obj.metadata.namespace, obj.metadata.name!, { gracePeriodSeconds: 0, preconditions: { uid: obj.metadata.uid } }).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
      return;
    }
    const index = this.index.get(node)!;
    const hostIP = `10.44.${Math.floor(index / 250)}.${(index % 250) + 1}`;
    const podIP = pod.status?.podIP || this.allocateIP(node);
    const next = step({ pod, now: this.clock.now(), podIP, hostIP, defaultRunSeconds: this.options.runSeconds });
    if (next.status) await this.writeStatus(obj, next.status);
    // A written status comes back through the informer and syncs the pod again; time-based steps wait on the clock.
    if (next.after !== undefined && (next.after > 0 || !next.status)) this.podTimers.after(key, next.after, (k) => this.queue.add(k));
  }

  private allocateIP(node: string): string {
    const n = (this.nextIP.get(node) ?? 1) + 1;
    this.nextIP.set(node, n > 254 ? 2 : n);
    return `10.42.${this.index.get(node)}.${n}`;
  }

  private async writeStatus(obj: KubeObject, status: Pod['status']): Promise<void> {
    await this.options.client.update(pods, obj.metadata.namespace, { ...obj, status } as KubeObject, { subresource: 'status' }).catch((err: unknown) => {
      if (!isNotFound(err)) throw err;
    });
  }
}
