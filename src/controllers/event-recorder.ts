/**
 * The client's EventRecorder with the involved object's type given as two fields and a fire-and-forget
 * `event` (kept for the controllers written against this shape).
 */
import { EventRecorder as ClientEventRecorder, type EventType } from '../client/event-recorder';
import type { Client, KubeObject } from '../client/interface';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';

export interface EventRecorderOptions {
  client: Client;
  clock: Clock;
  logger: Logger;
  /** The reporting component, e.g. 'replicaset-controller'. */
  component: string;
  /** The involved object's type when the object itself does not say (list items may not). */
  apiVersion: string;
  kind: string;
}

export class EventRecorder {
  private readonly inner: ClientEventRecorder;

  constructor(options: EventRecorderOptions) {
    const { apiVersion, kind, ...rest } = options;
    this.inner = new ClientEventRecorder({ ...rest, kind: { apiVersion, kind } });
  }

  /** Records one event about `obj` in the background. */
  event(obj: KubeObject, type: EventType, reason: string, message: string): void {
    void this.inner.event(obj, type, reason, message);
  }
}
