/**
 * The node lifecycle controller (upstream pkg/controller/nodelifecycle): watches Nodes and their Leases in
 * kube-node-lease. A node whose kubelet has not renewed its lease (nor posted status) for the grace period
 * gets its kubelet conditions set to Unknown; every node carries the NoSchedule/NoExecute taints its
 * conditions call for (not-ready, unreachable, pressure, unschedulable), removed when it recovers; the
 * pods of a node that is not Ready are marked Ready=False. Evicting pods from tainted nodes is the
 * taint-eviction controller's job.
 */
import type { Node, Pod } from 'kubernetes-types/core/v1';
import { EventRecorder } from '../../client/event-recorder';
import type { Informer } from '../../client/informer';
import { type Client, isNotFound, type KubeObject } from '../../client/interface';
import type { InformerFactory } from '../../client/shared-informers';
import { WorkQueue } from '../../client/workqueue';
import type { Clock } from '../../util/clock';
import { KeyTimers } from '../../util/key-timers';
import type { Logger } from '../../util/logger';
import { rfc3339 } from '../../api/time';
import { addsNoExecute, type NoExecuteMode, readyStatus, reconcileTaints, unknownConditions } from './health';
import { Zones, zoneOf } from './zones';

const nodes = { group: '', version: 'v1', resource: 'nodes' };
const leases = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' };
const pods = { group: '', version: 'v1', resource: 'pods' };
const leaseNamespace = 'kube-node-lease';

export interface NodeLifecycleOptions {
  client: Client;
  informers: InformerFactory;
  clock: Clock;
  logger: Logger;
  /** Upstream --node-monitor-grace-period (40 s). */
  gracePeriodMs?: number;
  /** Upstream --node-startup-grace-period (60 s): the grace for a node that never posted Ready. */
  startupGracePeriodMs?: number;
  /** Upstream --node-monitor-period (5 s): how often every node is looked at. */
  monitorPeriodMs?: number;
}

/** When the controller last saw the kubelet say something (upstream nodeHealthData.probeTimestamp). */
interface Heartbeat {
  signature: string;
  observedAt: number;
}

export class NodeLifecycleController {
  private readonly queue: WorkQueue;
  private readonly nodes: Informer;
  private readonly leases: Informer;
  private readonly pods: Informer;
  private readonly events: EventRecorder;
  private readonly timers: KeyTimers;
  private readonly heartbeats = new Map<string, Heartbeat>();
  private readonly lastReady = new Map<string, string>();
  /** Per zone: when the rate limit next allows a NoExecute taint. */
  private readonly nextTaint = new Map<string, number>();
  private readonly grace: number;
  private monitor: { cancel(): void } | undefined;
  /** Zone states over the cached nodes; dropped whenever a node is added, changed or removed. */
  private zones: Zones | undefined;

  constructor(private readonly options: NodeLifecycleOptions) {
    this.queue = new WorkQueue({ logger: options.logger });
    this.grace = options.gracePeriodMs ?? 40_000;
    this.timers = new KeyTimers(options.clock);
    this.events = new EventRecorder({ client: options.client, clock: options.clock, logger: options.logger, component: 'node-controller', kind: { apiVersion: 'v1', kind: 'Node' } });
    this.nodes = options.informers.informerFor(nodes);
    this.leases = options.informers.informerFor(leases);
    this.pods = options.informers.informerFor(pods);
    const enqueue = (n: KubeObject) => {
      this.zones = undefined;
      this.queue.add(n.metadata.name!);
    };
    this.nodes.addHandlers({
      onAdd: enqueue,
      onUpdate: (_o, n) => enqueue(n),
      onDelete: (n) => {
        this.zones = undefined;
        this.forget(n.metadata.name!);
      },
    });
    const leaseChanged = (l: KubeObject) => l.metadata.namespace === leaseNamespace && this.queue.add(l.metadata.name!);
    this.leases.addHandlers({ onAdd: leaseChanged, onUpdate: (_o, l) => leaseChanged(l) });
    this.pods.addHandlers({
      onAdd: (p) => this.enqueueNodeOf(p),
      onUpdate: (_o, p) => this.enqueueNodeOf(p),
    });
  }

  run(): Promise<void> {
    this.monitor = this.options.clock.setInterval(() => {
      for (const n of this.nodes.list()) this.queue.add(n.metadata.name!);
    }, this.options.monitorPeriodMs ?? 5_000);
    return this.queue.run(2, (name) => this.sync(name));
  }

  stop(): void {
    this.monitor?.cancel();
    this.timers.stop();
    this.queue.shutdown();
  }

  private enqueueNodeOf(pod: KubeObject): void {
    const node = (pod.spec as Pod['spec'])?.nodeName;
    if (node && readyStatus(this.nodes.get(node) as unknown as Node ?? {}) !== 'True') this.queue.add(node);
  }

  private forget(name: string): void {
    this.heartbeats.delete(name);
    this.lastReady.delete(name);
    this.timers.cancel(name);
  }

  /** Updates when the kubelet was last heard from: a changed lease renewTime or Ready heartbeat counts. */
  private observe(node: Node, lease: KubeObject | undefined, now: number): number {
    const name = node.metadata!.name!;
    const heartbeat = node.status?.conditions?.find((c) => c.type === 'Ready')?.lastHeartbeatTime ?? '';
    const signature = `${(lease?.spec as { renewTime?: string } | undefined)?.renewTime ?? ''}|${heartbeat}`;
    const seen = this.heartbeats.get(name);
    if (seen && seen.signature === signature) return seen.observedAt;
    this.heartbeats.set(name, { signature, observedAt: now });
    return now;
  }

  async sync(name: string): Promise<void> {
    const obj = this.nodes.get(name);
    if (!obj) return this.forget(name);
    const node = obj as unknown as Node;
    const now = this.options.clock.now();
    const observedAt = this.observe(node, this.leases.get(`${leaseNamespace}/${name}`), now);
    const posted = node.status?.conditions?.some((c) => c.type === 'Ready');
    const grace = posted ? this.grace : (this.options.startupGracePeriodMs ?? 60_000);
    if (now - observedAt > grace) {
      const conditions = unknownConditions(node, now);
      // The informer brings the changed node back; taints follow on that sync.
      if (conditions) return this.writeStatus(obj, conditions);
    } else this.timers.after(name, observedAt + grace + 1 - now, (key) => this.queue.add(key));
    const taints = reconcileTaints(node, now, this.noExecuteMode(node, now));
    if (taints) await this.options.client.update(nodes, undefined, { ...obj, spec: { ...(obj.spec as object), taints } });
    const ready = readyStatus(node);
    if (ready !== 'True') {
      if (this.lastReady.get(name) === 'True') void this.events.event(obj, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
      await this.markPodsNotReady(name, now);
    }
    this.lastReady.set(name, ready);
  }

  /** Zone-aware NoExecute tainting: at most one new node per 1/rate seconds per zone, none in a full outage. */
  private noExecuteMode(node: Node, now: number): NoExecuteMode {
    this.zones ??= new Zones(this.nodes.list() as unknown as Node[]);
    const policy = this.zones.policy(zoneOf(node));
    if (policy.kind === 'removeAll') return 'removeAll';
    if (!addsNoExecute(node)) return 'add';
    if (policy.perSecond <= 0) return 'hold';
    const zone = zoneOf(node);
    const next = this.nextTaint.get(zone) ?? 0;
    if (next > now) {
      this.timers.after(node.metadata!.name!, next - now, (key) => this.queue.add(key));
      return 'hold';
    }
    this.nextTaint.set(zone, now + 1000 / policy.perSecond);
    return 'add';
  }

  private async writeStatus(obj: KubeObject, conditions: unknown[]): Promise<void> {
    await this.options.client.update(nodes, undefined, { ...obj, status: { ...(obj.status as object), conditions } }, { subresource: 'status' });
  }

  /** Upstream MarkPodsNotReady: every pod on the node that still says Ready gets Ready=False. */
  private async markPodsNotReady(node: string, now: number): Promise<void> {
    for (const obj of this.pods.list()) {
      const pod = obj as unknown as Pod;
      if (pod.spec?.nodeName !== node) continue;
      const conditions = pod.status?.conditions ?? [];
      if (!conditions.some((c) => c.type === 'Ready' && c.status === 'True')) continue;
      const next = conditions.map((c) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: rfc3339(now) } : c));
      await this.options.client.update(pods, obj.metadata.namespace, { ...obj, status: { ...pod.status, conditions: next } }, { subresource: 'status' }).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
      void this.events.event(obj, 'Warning', 'NodeNotReady', 'Node is not ready');
    }
  }
}
