import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import { LogBackend } from '../log/backend';
import { MemoryLogStore } from './log-store';

export interface MemoryBackendOptions {
  logger?: Logger;
  clock?: Clock;
  /** Default 5 minutes; 0: compact only when asked. */
  compactIntervalMs?: number;
  /** Default 1000. */
  compactKeepRevisions?: number;
}

/**
 * A backend with the same rules as SqliteBackend (the same LogBackend over a log kept in memory),
 * including group commit and compaction, but nothing survives the process. For tests of other components.
 */
export class MemoryBackend extends LogBackend {
  constructor(options: MemoryBackendOptions = {}) {
    super({ ...options, store: new MemoryLogStore() });
  }
}
