import {
  ConflictError,
  KeyExistsError,
  NotFoundError,
  type KeyValue,
  type StorageError,
  type WatchEvent,
} from '../interface';
import type { LogRow, LogStore } from './store';

/** One queued write. */
export type WriteOp =
  | { kind: 'create'; key: string; value: string }
  | { kind: 'update'; key: string; value: string; expectedRevision: number }
  | { kind: 'delete'; key: string; expectedRevision?: number };

export type DeleteResult = { prev: KeyValue; revision: number };

/** What one write gave its caller: a value, or the typed error it fails with. */
export type Outcome =
  | { ok: true; value: KeyValue | DeleteResult; event: WatchEvent }
  | { ok: false; error: StorageError };

export function toKeyValue(row: LogRow): KeyValue {
  return { key: row.key, value: row.value, createRevision: row.createRevision, modRevision: row.revision };
}

/** The watch event a log row stands for. */
export function toEvent(row: LogRow): WatchEvent {
  const type = row.deleted ? 'DELETED' : row.createRevision === row.revision ? 'ADDED' : 'MODIFIED';
  const event: WatchEvent = { type, revision: row.revision, kv: toKeyValue(row) };
  if (row.prevValue !== undefined) {
    event.prevKv = {
      key: row.key,
      value: row.prevValue,
      createRevision: row.createRevision,
      modRevision: row.prevRevision,
    };
  }
  return event;
}

/**
 * Checks one write's precondition against the store and appends its row. Runs inside the batch's
 * transaction, so it sees the writes queued before it in the same batch. A failed precondition is an
 * outcome, not an exception: it fails only this caller, never the batch.
 */
export function applyWrite(store: LogStore, op: WriteOp): Outcome {
  switch (op.kind) {
    case 'create':
      return applyCreate(store, op.key, op.value);
    case 'update':
      return applyUpdate(store, op.key, op.value, op.expectedRevision);
    case 'delete':
      return applyDelete(store, op.key, op.expectedRevision);
  }
}

function applyCreate(store: LogStore, key: string, value: string): Outcome {
  const latest = store.latest(key);
  if (latest && !latest.deleted) return { ok: false, error: new KeyExistsError(key) };
  // After a delete the chain continues from the tombstone, so the (key, prevRevision) guard still holds.
  const row = store.append({ key, prevRevision: latest?.revision ?? 0, deleted: false, value });
  if (!row) return { ok: false, error: new KeyExistsError(key) };
  return { ok: true, value: toKeyValue(row), event: toEvent(row) };
}

function applyUpdate(store: LogStore, key: string, value: string, expected: number): Outcome {
  const current = store.current(key);
  if (!current) return { ok: false, error: new NotFoundError(key) };
  if (current.revision !== expected) return { ok: false, error: new ConflictError(key, toKeyValue(current)) };
  const row = store.append({
    key,
    createRevision: current.createRevision,
    prevRevision: current.revision,
    deleted: false,
    value,
    prevValue: current.value,
  });
  if (!row) return raced(store, key);
  return { ok: true, value: toKeyValue(row), event: toEvent(row) };
}

function applyDelete(store: LogStore, key: string, expected: number | undefined): Outcome {
  const current = store.current(key);
  if (!current) return { ok: false, error: new NotFoundError(key) };
  if (expected !== undefined && current.revision !== expected) {
    return { ok: false, error: new ConflictError(key, toKeyValue(current)) };
  }
  const row = store.append({
    key,
    createRevision: current.createRevision,
    prevRevision: current.revision,
    deleted: true,
    value: current.value,
    prevValue: current.value,
  });
  if (!row) return raced(store, key);
  return { ok: true, value: { prev: toKeyValue(current), revision: row.revision }, event: toEvent(row) };
}

/** The guard fired: another writer appended after the row we read. Report what is there now. */
function raced(store: LogStore, key: string): Outcome {
  const now = store.current(key);
  return { ok: false, error: now ? new ConflictError(key, toKeyValue(now)) : new NotFoundError(key) };
}
