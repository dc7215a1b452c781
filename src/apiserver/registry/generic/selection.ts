/** Label and field selectors of a list or watch, parsed once and matched against objects. */
import { matchesLabels, parseLabelSelector, SelectorParseError } from '../../../api/labels';
import { FieldSelectorError, matchesFields, parseFieldSelector, unsupportedField } from '../../../api/fields';
import { errors } from '../../errors';
import type { KubeObject, Strategy } from './strategy';

export type Predicate = ((obj: KubeObject) => boolean) & { empty: boolean };

export function objectFields(strategy: Strategy, obj: KubeObject): Record<string, string> {
  return {
    'metadata.name': obj.metadata?.name ?? '',
    'metadata.namespace': obj.metadata?.namespace ?? '',
    ...(strategy.selectableFields?.(obj) ?? {}),
  };
}

export function selectionPredicate(strategy: Strategy, labelSelector?: string, fieldSelector?: string): Predicate {
  let labels;
  let fields;
  try {
    labels = parseLabelSelector(labelSelector);
  } catch (err) {
    if (err instanceof SelectorParseError) throw errors.badRequest(err.message);
    throw err;
  }
  try {
    fields = parseFieldSelector(fieldSelector);
  } catch (err) {
    if (err instanceof FieldSelectorError) throw errors.badRequest(err.message);
    throw err;
  }
  const bad = unsupportedField(fields, Object.keys(objectFields(strategy, { metadata: {} })));
  if (bad) throw errors.badRequest(`field label not supported: ${bad}`);
  const fn = ((obj: KubeObject) =>
    matchesLabels(labels, obj.metadata?.labels) && (fields.length === 0 || matchesFields(fields, objectFields(strategy, obj)))) as Predicate;
  fn.empty = labels.length === 0 && fields.length === 0;
  return fn;
}
