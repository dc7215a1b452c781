/** core/v1 Events: involvedObject consistency and the `kubectl get events` columns (upstream printers.go). */
import type { Event } from 'kubernetes-types/core/v1';
import { type FieldError, invalid, required } from '../../../../api/validation/field-errors';
import { age, humanDuration } from '../../../table/age';
import type { KubeObject, Strategy } from '../../generic/strategy';

const ev = (o: KubeObject) => o as unknown as Event;

function lastSeen(e: Event, now: number): string {
  const t = e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.metadata.creationTimestamp;
  return t ? humanDuration(now - Date.parse(t)) : '<unknown>';
}

function source(e: Event): string {
  const s = e.source?.component ?? e.reportingComponent ?? '';
  const host = e.source?.host ?? e.reportingInstance;
  return host ? `${s}, ${host}` : s;
}

export const eventStrategy: Strategy = {
  validate(obj): FieldError[] {
    const e = ev(obj);
    const errs: FieldError[] = [];
    if (!e.involvedObject) errs.push(required('involvedObject'));
    else if (e.involvedObject.namespace && e.involvedObject.namespace !== obj.metadata.namespace)
      errs.push(invalid('involvedObject.namespace', e.involvedObject.namespace, 'does not match event.namespace'));
    if (e.type && e.type !== 'Normal' && e.type !== 'Warning') errs.push(invalid('type', e.type, 'has invalid value'));
    return errs;
  },
  columns: [
    { name: 'Last Seen', type: 'string', description: 'Time since the event was last seen.' },
    { name: 'Type', type: 'string', description: 'Normal or Warning.' },
    { name: 'Reason', type: 'string', description: 'A short, machine-understandable reason for the event.' },
    { name: 'Object', type: 'string', description: 'The object the event is about, as kind/name.' },
    { name: 'Subobject', type: 'string', priority: 1, description: 'The field path within the object, if any.' },
    { name: 'Source', type: 'string', priority: 1, description: 'The component that reported the event.' },
    { name: 'Message', type: 'string', description: 'A human-readable description of the event.' },
    { name: 'First Seen', type: 'string', priority: 1, description: 'Time since the event was first seen.' },
    { name: 'Count', type: 'string', priority: 1, description: 'How many times the event occurred.' },
    { name: 'Name', type: 'string', priority: 1, format: 'name', description: 'The name of the event object.' },
  ],
  row(obj, now) {
    const e = ev(obj);
    const io = e.involvedObject ?? {};
    return [
      lastSeen(e, now),
      e.type ?? '',
      e.reason ?? '',
      `${(io.kind ?? '').toLowerCase()}/${io.name ?? ''}`,
      io.fieldPath ?? '',
      source(e),
      (e.message ?? '').trim(),
      e.firstTimestamp ? age(e.firstTimestamp, now) : '<unknown>',
      String(e.count ?? 1),
      obj.metadata.name,
    ];
  },
  selectableFields(obj) {
    const e = ev(obj);
    const io = e.involvedObject ?? {};
    return {
      'involvedObject.kind': io.kind ?? '',
      'involvedObject.namespace': io.namespace ?? '',
      'involvedObject.name': io.name ?? '',
      'involvedObject.uid': io.uid ?? '',
      'involvedObject.apiVersion': io.apiVersion ?? '',
      'involvedObject.resourceVersion': io.resourceVersion ?? '',
      'involvedObject.fieldPath': io.fieldPath ?? '',
      reason: e.reason ?? '',
      reportingComponent: e.reportingComponent ?? '',
      source: e.source?.component ?? '',
      type: e.type ?? '',
    };
  },
};
