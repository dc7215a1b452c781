/**
 * The disruption controller (upstream pkg/controller/disruption): keeps each PodDisruptionBudget's status
 * (currentHealthy, desiredHealthy, expectedPods, disruptionsAllowed, disruptedPods, observedGeneration and
 * the DisruptionAllowed condition) true to the pods it selects, so the eviction API can spend it. A budget
 * is re-synced when its pods change and when a recorded eviction times out; a failed sync writes the
 * fail-safe status (no disruptions allowed, reason SyncFailed).
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { PodDisruptionBudget, PodDisruptionBudgetStatus } from 'kubernetes-types/policy/v1';
import type { Informer } from '../../client/informer';
import { objectKey } from '../../client/informer';
import { type Client, isConflict, isNotFound, type KubeObject, type ServedResource } from '../../client/interface';
import type { InformerFactory } from '../../client/shared-informers';
import { EventRecorder } from '../../client/event-recorder';
import { WorkQueue } from '../../client/workqueue';
import { KeyTimers } from '../../util/key-timers';
import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import { countHealthy, disruptedPods, expectedCount, needsScale, nextStatus, podsForBudget, withDisruptionAllowed } from './budget';
import { expectedScale } from './scale';
import { StalePodDisruption } from './stale-disruption';
import { selectorFromLabelSelector, selects } from '../../api/label-selector';

const pdbs = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' };
const pods = { group: '', version: 'v1', resource: 'pods' };
const replicaSets = { group: 'apps', version: 'v1', resource: 'replicasets' };

export interface DisruptionControllerOptions {
  client: Client;
  informers: InformerFactory;
  resources: ServedResource[];
  clock: Clock;
  logger: Logger;
}

export class DisruptionController {
  private readonly queue: WorkQueue;
  private readonly budgets: Informer;
  private readonly pods: Informer;
  private readonly replicaSets: Informer;
  private readonly events: EventRecorder;
  private readonly podEvents: EventRecorder;
  private readonly timers: KeyTimers;
  private readonly stale: StalePodDisruption;

  constructor(private readonly options: DisruptionControllerOptions) {
    this.queue = new WorkQueue({ logger: options.logger });
    this.budgets = options.informers.informerFor(pdbs);
    this.pods = options.informers.informerFor(pods);
    this.replicaSets = options.informers.informerFor(replicaSets);
    this.events = new EventRecorder({ client: options.client, clock: options.clock, logger: options.logger, component: 'controllermanager', kind: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' } });
    this.podEvents = new EventRecorder({ client: options.client, clock: options.clock, logger: options.logger, component: 'controllermanager', kind: { apiVersion: 'v1', kind: 'Pod' } });
    this.timers = new KeyTimers(options.clock);
    this.stale = new StalePodDisruption({ client: options.client, pods: this.pods, clock: options.clock, logger: options.logger });
    const enqueue = (obj: KubeObject) => this.queue.add(objectKey(obj));
    this.budgets.addHandlers({ onAdd: enqueue, onUpdate: (_o, n) => enqueue(n), onDelete: (o) => this.timers.cancel(objectKey(o)) });
    this.pods.addHandlers({
      onAdd: (p) => this.enqueueFor(p),
      onUpdate: (o, n) => {
        this.enqueueFor(n);
        if (JSON.stringify(o.metadata.labels) !== JSON.stringify(n.metadata.labels)) this.enqueueFor(o);
      },
      onDelete: (p) => this.enqueueFor(p),
    });
  }

  run(): Promise<void> {
    return Promise.all([this.queue.run(2, (key) => this.sync(key)), this.stale.run()]).then(() => undefined);
  }

  stop(): void {
    this.timers.stop();
    this.stale.stop();
    this.queue.shutdown();
  }

  /** Every budget in the pod's namespace that selects it (upstream getPdbsForPod). */
  private enqueueFor(pod: KubeObject): void {
    for (const b of this.budgets.list()) {
      if (b.metadata.namespace !== pod.metadata.namespace) continue;
      // An invalid selector fails that budget's own sync; here it just matches nothing.
      const selector = (() => {
        try {
          return selectorFromLabelSelector((b.spec as PodDisruptionBudget['spec'])?.selector);
        } catch {
          return undefined;
        }
      })();
      if (selects(selector, pod.metadata.labels)) this.queue.add(objectKey(b));
    }
  }

  async sync(key: string): Promise<void> {
    const obj = this.budgets.get(key);
    if (!obj) return;
    const pdb = obj as unknown as PodDisruptionBudget;
    try {
      await this.trySync(pdb);
    } catch (err) {
      if (isConflict(err) || isNotFound(err)) throw err;
      await this.failSafe(pdb, err instanceof Error ? err.message : String(err));
      throw err;
    }
  }

  private async trySync(pdb: PodDisruptionBudget): Promise<void> {
    const obj = pdb as unknown as KubeObject;
    const selected = podsForBudget(pdb, this.pods.byNamespace(obj.metadata.namespace!) as unknown as Pod[]);
    if (selected.length === 0) void this.events.event(obj, 'Normal', 'NoPods', 'No matching pods found');
    let scale = 0;
    if (needsScale(pdb)) {
      try {
        const found = await expectedScale({ client: this.options.client, resources: this.options.resources, replicaSets: this.replicaSets }, pdb.metadata!.namespace!, selected);
        scale = found.scale;
        if (found.unmanaged.length > 0) void this.events.event(obj, 'Warning', 'UnmanagedPods', unmanagedMessage(pdb));
      } catch (err) {
        void this.events.event(obj, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${err instanceof Error ? err.message : String(err)}`);
        throw err;
      }
    }
    const { expected, desiredHealthy } = expectedCount(pdb, selected, scale);
    const now = this.options.clock.now();
    const { disrupted, recheckAt, expired } = disruptedPods(pdb, selected, now);
    // On the pod, and with the namespace twice, exactly as upstream writes it.
    for (const name of expired) {
      const pod = this.pods.get(`${pdb.metadata!.namespace}/${name}`);
      if (pod) void this.podEvents.event(pod, 'Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata!.namespace}/${pdb.metadata!.namespace} to be deleted but it wasn't`);
    }
    const currentHealthy = countHealthy(selected, disrupted, now);
    const status = nextStatus(pdb, { currentHealthy, desiredHealthy, expected, disrupted }, now);
    if (status) await this.writeStatus(pdb, status);
    if (recheckAt !== undefined) this.timers.after(objectKey(obj), recheckAt - now, (key) => this.queue.add(key));
  }

  private async failSafe(pdb: PodDisruptionBudget, message: string): Promise<void> {
    const old = pdb.status ?? { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 };
    const status: PodDisruptionBudgetStatus = { ...old, disruptionsAllowed: 0 };
    status.conditions = withDisruptionAllowed(status, this.options.clock.now(), message);
    await this.writeStatus(pdb, status).catch((err: unknown) => this.options.logger.warn('could not write the fail-safe status', { err: err instanceof Error ? err.message : String(err) }));
  }

  private async writeStatus(pdb: PodDisruptionBudget, status: PodDisruptionBudgetStatus): Promise<void> {
    await this.options.client.update(pdbs, pdb.metadata!.namespace, { ...(pdb as unknown as KubeObject), status }, { subresource: 'status' });
  }
}

function unmanagedMessage(pdb: PodDisruptionBudget): string {
  const sel = (selectorFromLabelSelector(pdb.spec?.selector) ?? []).map((r) => (r.operator === '=' ? `${r.key}=${r.values[0]}` : `${r.key} ${r.operator} (${r.values.join(',')})`)).join(',');
  return `Pods selected by this PodDisruptionBudget (selector: ${sel}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`;
}
