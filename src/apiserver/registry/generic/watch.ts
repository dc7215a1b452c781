/**
 * Watch with upstream semantics: resourceVersion unset or "0" starts with synthetic ADDED events for
 * what exists, then live changes; an exact resourceVersion replays history after it (410 Expired once
 * compacted). Selectors turn a change that moves an object in or out of the selection into ADDED or DELETED.
 */
import { CompactedError, type WatchEvent, type Watcher } from '../../../storage/interface';
import { errors } from '../../errors';
import { parseResourceVersion } from './codec';
import { listObjects, type Scope } from './list';
import { type Predicate, selectionPredicate } from './selection';
import type { KubeObject } from './strategy';

export interface WatchParams {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  /** Upstream's streaming list: with resourceVersion "" or "0", send the initial state as ADDED events. */
  sendInitialEvents?: boolean;
}

export type WatchEventKind = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** Receives events in order; must not throw. */
export type WatchSink = (type: WatchEventKind, object: KubeObject | Record<string, unknown>) => void;

function translate(scope: Scope, event: WatchEvent, matches: Predicate): [WatchEventKind, KubeObject] | undefined {
  const obj = scope.decode(event.kv, event.revision);
  // Without selectors every object matches, before and after: the previous value need not be decoded.
  if (matches.empty) {
    if (event.type === 'ADDED' || !event.prevKv) return event.type === 'DELETED' ? undefined : ['ADDED', obj];
    return [event.type, obj];
  }
  const prev = event.prevKv ? scope.decode(event.prevKv) : undefined;
  if (event.type === 'DELETED') return prev && matches(prev) ? ['DELETED', obj] : undefined;
  const now = matches(obj);
  const before = prev ? matches(prev) : false;
  if (event.type === 'ADDED') return now ? ['ADDED', obj] : undefined;
  if (now && before) return ['MODIFIED', obj];
  if (now) return ['ADDED', obj];
  if (before) return ['DELETED', obj];
  return undefined;
}

export async function watchObjects(scope: Scope, namespace: string | undefined, params: WatchParams, sink: WatchSink): Promise<Watcher> {
  const matches = selectionPredicate(scope.strategy, params.labelSelector, params.fieldSelector);
  let rv: number | undefined;
  try {
    rv = parseResourceVersion(params.resourceVersion);
  } catch (err) {
    throw errors.badRequest((err as Error).message);
  }
  let after = rv ?? 0;
  if (!rv) {
    // Unset or "0": the current state as ADDED events first, then changes after it.
    const list = await listObjects(scope, namespace, { labelSelector: params.labelSelector, fieldSelector: params.fieldSelector });
    if (params.sendInitialEvents !== false) for (const item of list.items) sink('ADDED', item);
    after = Number(list.resourceVersion);
  }
  try {
    const onError = (err: Error) => sink('ERROR', errors.internal(err).toStatus() as unknown as KubeObject);
    return scope.backend.watch(scope.keys.prefix(namespace), { afterRevision: after, onError }, (event) => {
      const out = translate(scope, event, matches);
      if (out) sink(out[0], out[1]);
    });
  } catch (err) {
    if (err instanceof CompactedError) {
      sink('ERROR', errors.expired(`too old resource version: ${after} (${err.compacted + 1})`).toStatus() as unknown as KubeObject);
      return { stop() {} };
    }
    throw err;
  }
}
