/**
 * The horizontal pod autoscaler controller (upstream pkg/controller/podautoscaler/horizontal.go): every
 * sync period (15 s on the decision clock) each autoscaling/v2 HPA reads its target's scale subresource
 * and its pods' usage from metrics.k8s.io, and sets the target's replicas to what its metrics ask for,
 * stabilized and rate-limited; status, conditions and events as upstream.
 */
import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2';
import type { Pod } from 'kubernetes-types/core/v1';
import { matchesLabels, parseLabelSelector } from '../../api/labels';
import type { Informer } from '../../client/informer';
import type { KubeObject } from '../../client/interface';
import { WorkQueue } from '../../client/workqueue';
import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import { EventRecorder } from '../event-recorder';
import type { ControllerContext } from '../manager';
import { defaultCalculatorOptions } from './replica-calculator';
import type { Recommendation, ScaleEvent } from './normalize';
import { reconcileAutoscaler, type AutoscalerState } from './reconcile';
import { ScaleTargets } from './scale-target';

export const hpaRef = { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' };
const podsRef = { group: '', version: 'v1', resource: 'pods' };

export interface HorizontalControllerOptions extends ControllerContext {
  /** How often each HPA is reconciled (upstream --horizontal-pod-autoscaler-sync-period, 15 s). */
  syncPeriodMs?: number;
  /** Default scale-down stabilization (upstream --horizontal-pod-autoscaler-downscale-stabilization, 5 min). */
  downscaleStabilizationMs?: number;
}

export class HorizontalController {
  private readonly queue: WorkQueue;
  private readonly hpas: Informer;
  private readonly pods: Informer;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly targets: ScaleTargets;
  private readonly recorder: EventRecorder;
  private readonly timers = new Map<string, { cancel(): void }>();
  /** Per HPA key: past recommendations and scale events (upstream keeps them in the controller, too). */
  private readonly state = new Map<string, AutoscalerState>();

  constructor(private readonly ctx: HorizontalControllerOptions) {
    this.clock = ctx.clock;
    this.logger = ctx.logger;
    this.queue = new WorkQueue({ logger: ctx.logger });
    this.targets = new ScaleTargets({ client: ctx.client, resources: ctx.resources });
    this.recorder = new EventRecorder({ client: ctx.client, clock: ctx.clock, logger: ctx.logger, component: 'horizontal-pod-autoscaler', apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' });
    this.hpas = ctx.informers.informerFor(hpaRef);
    this.pods = ctx.informers.informerFor(podsRef);
    const key = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
    this.hpas.addHandlers({
      onAdd: (o) => this.queue.add(key(o)),
      // A changed spec is acted on at once; status writes (ours) wait for the next period.
      onUpdate: (old, o) => {
        if (old.metadata.generation !== o.metadata.generation) this.queue.add(key(o));
      },
      onDelete: (o) => this.forget(key(o)),
    });
  }

  run(): Promise<void> {
    return this.queue.run(2, (key) => this.sync(key));
  }

  stop(): void {
    this.queue.shutdown();
    for (const t of this.timers.values()) t.cancel();
    this.timers.clear();
  }

  private forget(key: string): void {
    this.timers.get(key)?.cancel();
    this.timers.delete(key);
    this.state.delete(key);
  }

  /** Re-syncs `key` one sync period from now on the decision clock (one pending timer per key). */
  private resyncLater(key: string): void {
    this.timers.get(key)?.cancel();
    this.timers.set(
      key,
      this.clock.setTimeout(() => {
        this.timers.delete(key);
        this.queue.add(key);
      }, this.ctx.syncPeriodMs ?? 15_000),
    );
  }

  async sync(key: string): Promise<void> {
    const obj = this.hpas.get(key);
    if (!obj) return this.forget(key);
    this.resyncLater(key);
    let state = this.state.get(key);
    if (!state) this.state.set(key, (state = { recommendations: [] as Recommendation[], scaleUpEvents: [] as ScaleEvent[], scaleDownEvents: [] as ScaleEvent[] }));
    const hpa = structuredClone(obj) as unknown as HorizontalPodAutoscaler;
    try {
      await reconcileAutoscaler(hpa, state, {
        client: this.ctx.client,
        targets: this.targets,
        now: this.clock.now(),
        pods: (namespace, selector) => this.podsFor(namespace, selector),
        hpasSelecting: (namespace, pods) => this.hpasSelecting(namespace, pods),
        event: (type, reason, message) => this.recorder.event(obj, type, reason, message),
        calculator: { ...defaultCalculatorOptions, now: this.clock.now() },
        downscaleStabilizationMs: this.ctx.downscaleStabilizationMs ?? 5 * 60_000,
      });
    } catch (err) {
      // Upstream re-queues after the sync period, not with back-off: the timer above does that.
      this.logger.info('failed to reconcile', { hpa: key, err: err instanceof Error ? err.message : String(err) });
    }
  }

  /** HPAs of `namespace` whose target selector (as last seen) matches one of `pods` (upstream's hpaSelectors). */
  private hpasSelecting(namespace: string, pods: Pod[]): string[] {
    const keys: string[] = [];
    for (const [key, state] of this.state) {
      if (!key.startsWith(`${namespace}/`) || state.selector === undefined) continue;
      const requirements = parseLabelSelector(state.selector);
      if (pods.some((p) => matchesLabels(requirements, p.metadata?.labels))) keys.push(key);
    }
    return keys.sort();
  }

  private podsFor(namespace: string, selector: string): Pod[] {
    const requirements = parseLabelSelector(selector);
    return this.pods
      .list()
      .filter((p) => p.metadata.namespace === namespace && matchesLabels(requirements, p.metadata.labels))
      .map((p) => p as unknown as Pod);
  }
}
