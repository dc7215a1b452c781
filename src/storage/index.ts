import { isAbsolute, join, resolve } from 'node:path';
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import type { Backend } from './interface';
import { MemoryBackend } from './memory/backend';
import { SqliteBackend } from './sqlite/backend';

export * from './interface';
export { MemoryBackend } from './memory/backend';
export { SqliteBackend, type SqliteBackendOptions } from './sqlite/backend';
export type { StorageStats } from './log/backend';

export interface OpenBackendOptions {
  /** The server's data dir; the default datastore is `<dataDir>/server/db/state.db`. */
  dataDir: string;
  logger?: Logger;
  clock?: Clock;
  /** better-sqlite3's loaded addon, for the single executable. */
  nativeBinding?: unknown;
  /** How often history is compacted (default 5 minutes) and how many revisions it keeps (default 1000). */
  compactIntervalMs?: number;
  compactKeepRevisions?: number;
}

/**
 * Opens the datastore named by `--datastore-endpoint`: `sqlite://PATH` (relative to the working
 * directory or absolute; `sqlite:///var/x.db` is absolute), `memory://`, or undefined/empty for SQLite in
 * the data dir. Other schemes throw.
 */
export function openBackend(endpoint: string | undefined, options: OpenBackendOptions): Backend {
  const logger = options.logger?.child('storage');
  if (!endpoint) {
    const path = join(options.dataDir, 'server', 'db', 'state.db');
    return new SqliteBackend({ path, logger, clock: options.clock, nativeBinding: options.nativeBinding, compactIntervalMs: options.compactIntervalMs, compactKeepRevisions: options.compactKeepRevisions });
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(endpoint)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') {
    // Accept k3s's form too: `sqlite://` followed by a file name, optionally with `?` parameters we ignore.
    const raw = endpoint.slice('sqlite://'.length).split('?')[0];
    if (!raw) throw new Error(`datastore endpoint ${endpoint} names no database file`);
    const path = isAbsolute(raw) ? raw : resolve(raw);
    return new SqliteBackend({ path, logger, clock: options.clock, nativeBinding: options.nativeBinding, compactIntervalMs: options.compactIntervalMs, compactKeepRevisions: options.compactKeepRevisions });
  }
  if (scheme === 'memory') return new MemoryBackend({ logger, clock: options.clock, compactIntervalMs: options.compactIntervalMs, compactKeepRevisions: options.compactKeepRevisions });
  const shown = scheme ? `${scheme}://` : JSON.stringify(endpoint);
  throw new Error(
    `datastore endpoint ${shown} is not supported yet: use sqlite://PATH, memory://, or leave it unset for SQLite in the data dir`,
  );
}
