/**
 * Golden fixtures captured from kubectl 1.33 (fixtures/regenerate.ts): the bodies it sends must decode to
 * the object `--dry-run=client -o json` prints, and the bodies it was served must decode to what it printed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { decodeMessage } from './decode';
import { readEnvelope } from './envelope';
import { type RequestFixture, type ResponseFixture } from './fixtures/regenerate';
import { listTables } from './fixtures/response-cases';
import { decodeKubernetesProtobuf } from './index';
import { kinds, tables } from './tables';

function load<T>(name: string): T[] {
  return JSON.parse(readFileSync(join(__dirname, 'fixtures', name), 'utf8')) as T[];
}

describe('kubectl 1.33 request bodies', () => {
  const fixtures = load<RequestFixture>('requests.json');

  it('cover configmap, secret and namespace', () => {
    const kindsSent = new Set(fixtures.map((f) => (f.json as { kind: string }).kind));
    for (const kind of ['ConfigMap', 'Secret', 'Namespace']) assert.ok(kindsSent.has(kind), kind);
  });

  for (const f of fixtures) {
    it(`${f.name}: kubectl ${f.args.join(' ')}`, () => {
      const body = Buffer.from(f.body, 'base64');
      assert.deepStrictEqual(decodeKubernetesProtobuf(body), f.json);
      // Every field kubectl sent is in the tables, except status fields of kinds whose status it sends empty.
      const env = readEnvelope(body);
      const unknown: string[] = [];
      decodeMessage(env.raw, kinds[`${env.apiVersion}/${env.kind}`]!, { tables, onUnknown: (path, n) => unknown.push(`${path}#${n}`) });
      assert.deepEqual(unknown.filter((u) => !u.startsWith('status')), []);
    });
  }
});

describe('kubectl 1.33 decoding of served protobuf', () => {
  for (const f of load<ResponseFixture>('responses.json')) {
    it(`${f.name}: kubectl ${f.args.join(' ')}`, () => {
      const env = readEnvelope(Buffer.from(f.body, 'base64'));
      const decoded: Record<string, unknown> = { kind: env.kind, apiVersion: env.apiVersion, ...decodeMessage(env.raw, f.message, { tables: { ...tables, ...listTables } }) };
      if (env.kind.endsWith('List')) {
        // kubectl prints list items with their kind and the list's metadata empty.
        const item = { kind: env.kind.slice(0, -'List'.length), apiVersion: env.apiVersion };
        decoded.items = (decoded.items as object[]).map((i) => ({ ...item, ...i }));
        decoded.metadata = {};
      }
      assert.deepStrictEqual(decoded, f.json);
    });
  }
});
