import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance, type OpenOptions } from '../conformance';
import { SqliteBackend } from './backend';

for (const syncOnCommit of [false, true]) {
  runConformance({
    name: syncOnCommit ? 'sqlite (fsync in the commit)' : 'sqlite',
    durable: true,
    open: (options: OpenOptions = {}) => {
      const dir = mkdtempSync(join(tmpdir(), 'skiff-storage-'));
      const path = join(dir, 'db', 'state.db');
      const make = (o: OpenOptions) => new SqliteBackend({ path, compactIntervalMs: 0, syncOnCommit, ...o });
      let backend = make(options);
      return {
        backend,
        reopen: async (again: OpenOptions = {}) => {
          await backend.close();
          backend = make(again);
          return backend;
        },
        cleanup: async () => {
          await backend.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  });
}
