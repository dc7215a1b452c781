import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalJSON, fnv32, hashRevision, revisionName, safeEncode } from './hash';

test('fnv32 (FNV-1) matches the reference vectors', () => {
  assert.equal(fnv32(''), 0x811c9dc5);
  assert.equal(fnv32('a'), 0x050c5d7e);
  assert.equal(fnv32('foobar'), 0x31f0b262);
});

test('safeEncode uses the vowel-free alphabet, one character per byte', () => {
  assert.equal(safeEncode('0123'), '4567');
  assert.match(safeEncode(String(fnv32('x'))), /^[bcdfghjklmnpqrstvwxz2456789]+$/);
});

test('equal data hashes equally whatever the key order; the collision count changes the hash', () => {
  const a = { spec: { template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } };
  const b = { spec: { template: { spec: { containers: [{ image: 'nginx', name: 'c' }] }, metadata: { labels: { app: 'web' } } } } };
  assert.equal(canonicalJSON(a), canonicalJSON(b));
  assert.equal(hashRevision(a, 0), hashRevision(b, 0));
  assert.notEqual(hashRevision(a, 0), hashRevision(a, 1));
  assert.notEqual(hashRevision(a, 0), hashRevision({ spec: { template: {} } }, 0));
});

test('revision names are <owner>-<hash>, the owner cut to 223 characters', () => {
  assert.equal(revisionName('web', 'abc'), 'web-abc');
  assert.equal(revisionName('x'.repeat(300), 'h').length, 225);
});
