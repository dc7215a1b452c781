/**
 * Records Events about an object (upstream client-go record.EventRecorder, without aggregation): one
 * core/v1 Event per call, in the object's namespace, from a named component. A failure to record is
 * logged, never thrown: events are best effort.
 */
import { randomBytes } from 'node:crypto';
import { rfc3339 } from '../api/time';
import { type Clock, realClock } from '../util/clock';
import type { Logger } from '../util/logger';
import type { Client, KubeObject } from './interface';

const eventsRef = { group: '', version: 'v1', resource: 'events' };

export type EventType = 'Normal' | 'Warning';

export class EventRecorder {
  private readonly clock: Clock;

  /** `kind` names the objects this recorder speaks of when they come without apiVersion and kind (list items). */
  constructor(private readonly options: { client: Client; component: string; logger: Logger; kind?: { apiVersion: string; kind: string }; clock?: Clock }) {
    this.clock = options.clock ?? realClock;
  }

  /** Records the event in the background; resolves once it is written (or failed and logged). */
  event(obj: KubeObject, type: EventType, reason: string, message: string): Promise<void> {
    const ns = obj.metadata.namespace ?? 'default';
    const now = rfc3339(this.clock.now());
    const component = this.options.component;
    const event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${obj.metadata.name}.${randomBytes(8).toString('hex')}`, namespace: ns },
      involvedObject: { apiVersion: obj.apiVersion ?? this.options.kind?.apiVersion, kind: obj.kind ?? this.options.kind?.kind, name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion },
      reason,
      message,
      type,
      source: { component },
      reportingComponent: component,
      reportingInstance: component,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    } as unknown as KubeObject;
    return this.options.client.create(eventsRef, ns, event).then(
      () => undefined,
      (err: unknown) => this.options.logger.warn('could not record an event', { reason, err: err instanceof Error ? err.message : String(err) }),
    );
  }
}
