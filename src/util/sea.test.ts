import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import {
  HASH_SUFFIX,
  SQLITE_ADDON,
  addonPath,
  cacheDirCandidates,
  currentSea,
  loadEmbeddedAddon,
  loadSqliteBinding,
  writeOnce,
  type SeaApi,
} from './sea';

const addonFile = join(dirname(require.resolve('better-sqlite3/package.json')), 'build', 'Release', SQLITE_ADDON);

function scratch(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'skiff-sea-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A stand-in for `node:sea` inside an executable whose assets are `assets`. */
function fakeSea(assets: Record<string, Uint8Array>): SeaApi {
  return {
    isSea: () => true,
    getRawAsset(key) {
      const bytes = assets[key];
      if (!bytes) throw new Error(`no asset ${key}`);
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
  };
}

function assertSqliteWorks(binding: unknown): void {
  const db = new Database(':memory:', { nativeBinding: binding as string });
  try {
    assert.deepEqual(db.prepare('select 1 + 1 as two').get(), { two: 2 });
  } finally {
    db.close();
  }
}

test('outside a single executable nothing is embedded', () => {
  assert.equal(currentSea(), undefined);
  assert.equal(loadEmbeddedAddon(SQLITE_ADDON), undefined);
});

test('from source better-sqlite3 finds its own addon', () => {
  // Nothing lies beside src/util/sea.ts, so the caller gets undefined and better-sqlite3 uses `bindings`.
  assert.equal(loadSqliteBinding(), undefined);
});

test('the plain bundle loads the addon copied beside it', (t) => {
  const dir = scratch(t);
  copyFileSync(addonFile, join(dir, SQLITE_ADDON));
  const binding = loadSqliteBinding({ besideDir: dir });
  assert.equal(typeof (binding as { Database?: unknown }).Database, 'function');
  assertSqliteWorks(binding);
});

test('an embedded addon is extracted to a content-hashed path and loaded', (t) => {
  const cacheDir = scratch(t);
  const bytes = readFileSync(addonFile);
  const sea = fakeSea({ [SQLITE_ADDON]: bytes });

  const binding = loadEmbeddedAddon(SQLITE_ADDON, { cacheDir, sea });
  assertSqliteWorks(binding);

  const path = addonPath(cacheDir, SQLITE_ADDON, bytes);
  assert.match(path, /addons[/\\][0-9a-f]{16}[/\\]better_sqlite3\.node$/);
  assert.ok(readFileSync(path).equals(bytes));
  // No temp files left behind.
  assert.deepEqual(readdirSync(dirname(path)), [SQLITE_ADDON]);
});

test('with the hash the build stored, a second start only checks the extracted file', (t) => {
  const cacheDir = scratch(t);
  const bytes = readFileSync(addonFile);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const sea = fakeSea({ [SQLITE_ADDON]: bytes, [SQLITE_ADDON + HASH_SUFFIX]: Buffer.from(sha256 + '\n') });

  assertSqliteWorks(loadEmbeddedAddon(SQLITE_ADDON, { cacheDir, sea }));
  const path = addonPath(cacheDir, SQLITE_ADDON, bytes);
  assert.equal(path, join(cacheDir, 'addons', sha256.slice(0, 16), SQLITE_ADDON));
  const first = statSync(path);

  assertSqliteWorks(loadEmbeddedAddon(SQLITE_ADDON, { cacheDir, sea }));
  const second = statSync(path);
  assert.equal(second.ino, first.ino);
  assert.equal(second.mtimeMs, first.mtimeMs);
});

test('a stored hash names the folder without hashing the bytes', (t) => {
  const cacheDir = scratch(t);
  const bytes = readFileSync(addonFile);
  const claimed = 'ab'.repeat(32);
  const sea = fakeSea({ [SQLITE_ADDON]: bytes, [SQLITE_ADDON + HASH_SUFFIX]: Buffer.from(claimed) });
  assertSqliteWorks(loadEmbeddedAddon(SQLITE_ADDON, { cacheDir, sea }));
  assert.deepEqual(readdirSync(join(cacheDir, 'addons')), [claimed.slice(0, 16)]);
});

test('the same bytes are not written twice; damaged files are replaced', (t) => {
  const cacheDir = scratch(t);
  const bytes = Buffer.from('not really an addon');
  const path = addonPath(cacheDir, 'x.node', bytes);

  writeOnce(path, bytes);
  const first = statSync(path);
  writeOnce(path, bytes);
  assert.equal(statSync(path).ino, first.ino, 'an identical file is kept');

  writeFileSync(path, 'truncat');
  writeOnce(path, bytes);
  assert.ok(readFileSync(path).equals(bytes));
  assert.deepEqual(readdirSync(dirname(path)), ['x.node']);
});

test('different contents get different folders', () => {
  const a = addonPath('/c', 'x.node', Buffer.from('a'));
  const b = addonPath('/c', 'x.node', Buffer.from('b'));
  assert.notEqual(dirname(a), dirname(b));
});

test('a missing asset is an error, not undefined', (t) => {
  const cacheDir = scratch(t);
  assert.throws(() => loadEmbeddedAddon(SQLITE_ADDON, { cacheDir, sea: fakeSea({}) }), /no asset/);
});

test('an unwritable cache folder is reported', (t) => {
  const dir = scratch(t);
  const file = join(dir, 'a-file');
  writeFileSync(file, '');
  const sea = fakeSea({ [SQLITE_ADDON]: Buffer.from('x') });
  assert.throws(() => loadEmbeddedAddon(SQLITE_ADDON, { cacheDir: file, sea }), /cannot extract better_sqlite3\.node/);
});

test('cache folder candidates, best first', () => {
  const uid = process.getuid?.() ?? 'user';
  const cases: { name: string; env: NodeJS.ProcessEnv; first: string }[] = [
    { name: 'XDG cache', env: { XDG_CACHE_HOME: '/x', HOME: '/h' }, first: join('/x', 'skiff') },
    { name: 'home cache', env: { HOME: '/h' }, first: join('/h', '.cache', 'skiff') },
  ];
  for (const c of cases) {
    const got = cacheDirCandidates(c.env);
    assert.equal(got[0], c.first, c.name);
    assert.equal(got.at(-1), join(tmpdir(), `skiff-${uid}`), c.name);
  }
});
