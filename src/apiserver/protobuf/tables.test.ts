import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scalarTypes, specialTypes } from './schema';
import { kinds, tables } from './tables';

describe('schema tables', () => {
  it('every message reference resolves', () => {
    for (const [key, schema] of Object.entries(tables)) {
      for (const [num, spec] of Object.entries(schema)) {
        if (scalarTypes.has(spec.type) || specialTypes.has(spec.type)) continue;
        assert.ok(tables[spec.type], `${key} field ${num} (${spec.json}) refers to missing ${spec.type}`);
      }
    }
  });

  it('field numbers are valid and JSON names unique per message (inline ones included)', () => {
    const names = (key: string): string[] =>
      Object.values(tables[key]!).flatMap((spec) => (spec.inline ? names(spec.type) : [spec.json]));
    for (const [key, schema] of Object.entries(tables)) {
      for (const num of Object.keys(schema)) assert.ok(Number.isInteger(Number(num)) && Number(num) > 0 && Number(num) < 2 ** 29, `${key} field ${num}`);
      const list = names(key);
      assert.equal(new Set(list).size, list.length, `${key} has a JSON name twice: ${list.join(', ')}`);
    }
  });

  it('only messages are inlined; maps and repeated never are', () => {
    for (const [key, schema] of Object.entries(tables)) {
      for (const [num, spec] of Object.entries(schema)) {
        if (!spec.inline) continue;
        assert.ok(tables[spec.type] && !spec.map && !spec.repeated, `${key} field ${num}`);
      }
    }
  });

  it('every kind points at a top-level message with metadata at field 1', () => {
    for (const [gvk, key] of Object.entries(kinds)) {
      assert.equal(tables[key]?.[1]?.type, 'meta.v1.ObjectMeta', gvk);
    }
  });
});
