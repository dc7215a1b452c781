/**
 * events.k8s.io/v1 Events: the same objects as core/v1 Events, stored in the core form (as upstream) and
 * converted on the way in and out; validation and Table columns are the core ones.
 */
import type { Event as CoreEvent } from 'kubernetes-types/core/v1';
import type { Event } from 'kubernetes-types/events/v1';
import type { ResourceInfo } from '../../../../api/resources';
import type { StorageConversion } from '../../generic/store';
import type { KubeObject, Strategy } from '../../generic/strategy';
import { eventStrategy } from '../../core/events/strategy';

type Loose<T> = { -readonly [K in keyof T]?: T[K] } & Record<string, unknown>;

function drop(obj: Record<string, unknown>): KubeObject {
  for (const k of Object.keys(obj)) if (obj[k] === undefined) delete obj[k];
  return obj as KubeObject;
}

export function toCoreEvent(obj: KubeObject): KubeObject {
  const e = obj as unknown as Loose<Event>;
  return drop({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: e.metadata,
    involvedObject: e.regarding ?? {},
    related: e.related,
    reason: e.reason,
    message: e.note,
    source: e.deprecatedSource,
    firstTimestamp: e.deprecatedFirstTimestamp,
    lastTimestamp: e.deprecatedLastTimestamp,
    count: e.deprecatedCount,
    type: e.type,
    eventTime: e.eventTime,
    series: e.series,
    action: e.action,
    reportingComponent: e.reportingController,
    reportingInstance: e.reportingInstance,
  });
}

export function fromCoreEvent(obj: KubeObject): KubeObject {
  const e = obj as unknown as Loose<CoreEvent>;
  return drop({
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: e.metadata,
    eventTime: e.eventTime ?? null,
    series: e.series,
    reportingController: e.reportingComponent,
    reportingInstance: e.reportingInstance,
    action: e.action,
    reason: e.reason,
    regarding: e.involvedObject,
    related: e.related,
    note: e.message,
    type: e.type,
    deprecatedSource: e.source,
    deprecatedFirstTimestamp: e.firstTimestamp,
    deprecatedLastTimestamp: e.lastTimestamp,
    deprecatedCount: e.count,
  });
}

export function eventsV1Conversion(core: ResourceInfo): StorageConversion {
  return { storedAs: core, toStorage: toCoreEvent, fromStorage: fromCoreEvent };
}

export const eventsV1Strategy: Strategy = {
  validate: (obj) => eventStrategy.validate(toCoreEvent(obj)),
  columns: eventStrategy.columns,
  row: (obj, now) => eventStrategy.row(toCoreEvent(obj), now),
  selectableFields: (obj) => eventStrategy.selectableFields!(toCoreEvent(obj)),
};
