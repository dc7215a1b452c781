import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, test } from 'node:test';
import { MemoryBackend, openBackend, SqliteBackend } from './index';

describe('openBackend', () => {
  const withDir = async (fn: (dir: string) => Promise<void>) => {
    const dir = mkdtempSync(join(tmpdir(), 'skiff-open-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  const sqliteCases: { name: string; endpoint: (dir: string) => string | undefined; file: (dir: string) => string }[] = [
    { name: 'default: SQLite in the data dir', endpoint: () => undefined, file: (dir) => join(dir, 'server/db/state.db') },
    { name: 'empty endpoint is the default', endpoint: () => '', file: (dir) => join(dir, 'server/db/state.db') },
    { name: 'absolute sqlite path', endpoint: (dir) => `sqlite://${dir}/x/abs.db`, file: (dir) => join(dir, 'x/abs.db') },
    { name: 'relative sqlite path', endpoint: (dir) => `sqlite://${relative(process.cwd(), dir)}/rel.db`, file: (dir) => join(dir, 'rel.db') },
    { name: 'k3s-style parameters are ignored', endpoint: (dir) => `sqlite://${dir}/p.db?_journal=WAL&cache=shared`, file: (dir) => join(dir, 'p.db') },
  ];
  for (const c of sqliteCases) {
    test(c.name, () =>
      withDir(async (dir) => {
        const backend = openBackend(c.endpoint(dir), { dataDir: dir });
        try {
          assert.ok(backend instanceof SqliteBackend);
          await backend.create('/k', 'v');
        } finally {
          await backend.close();
        }
        assert.ok(existsSync(c.file(dir)), `${c.file(dir)} exists`);
      }));
  }

  test('memory:// gives a MemoryBackend', async () => {
    const backend = openBackend('memory://', { dataDir: '/nonexistent' });
    assert.ok(backend instanceof MemoryBackend);
    await backend.close();
  });

  for (const endpoint of ['postgres://user:secret@db/skiff', 'mysql://db', 'etcd', 'sqlite://']) {
    test(`${endpoint.split(':')[0]} is refused clearly`, () => {
      assert.throws(
        () => openBackend(endpoint, { dataDir: '/nonexistent' }),
        (err: Error) => /not supported yet|names no database file/.test(err.message) && !err.message.includes('secret'),
      );
    });
  }
});
