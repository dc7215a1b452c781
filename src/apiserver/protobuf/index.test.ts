import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { StatusError } from '../errors';
import { decodeBody } from '../handlers/negotiation';
import { type RequestFixture } from './fixtures/regenerate';
import { decodeKubernetesProtobuf } from './index';
import { WireWriter, encodeEnvelope } from './testing/encoder';

const configMap = new WireWriter()
  .bytes(1, new WireWriter().bytes(1, 'cm').bytes(8, new Uint8Array()).finish())
  .bytes(2, new WireWriter().bytes(1, 'a').bytes(2, 'b').finish())
  .finish();

function statusOf(fn: () => unknown): number {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof StatusError, `expected a StatusError, got ${String(err)}`);
    return err.code;
  }
  return 0;
}

describe('decodeKubernetesProtobuf', () => {
  it('decodes an envelope into the JSON form with kind and apiVersion', () => {
    assert.deepStrictEqual(decodeKubernetesProtobuf(encodeEnvelope('v1', 'ConfigMap', configMap)), {
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'cm', creationTimestamp: null },
      data: { a: 'b' },
    });
  });

  it('is what the request body negotiation returns for the protobuf content type', () => {
    const body = encodeEnvelope('v1', 'ConfigMap', configMap);
    assert.deepStrictEqual(decodeBody(body, 'application/vnd.kubernetes.protobuf'), decodeKubernetesProtobuf(body));
  });

  const envelope = (build: (w: WireWriter) => WireWriter) => Buffer.concat([Buffer.from('k8s\0', 'latin1'), build(new WireWriter()).finish()]);
  const failures: { name: string; body: Buffer; code: number }[] = [
    { name: 'empty body', body: Buffer.alloc(0), code: 400 },
    { name: 'wrong magic', body: Buffer.from('k8s\x01\x0a\x00', 'latin1'), code: 400 },
    { name: 'JSON sent as protobuf', body: Buffer.from('{"kind":"ConfigMap"}'), code: 400 },
    { name: 'magic only: no kind', body: Buffer.from('k8s\0', 'latin1'), code: 415 },
    { name: 'unknown kind', body: encodeEnvelope('example.com/v1', 'Widget', new Uint8Array()), code: 415 },
    { name: 'known kind in an unknown version', body: encodeEnvelope('apps/v1beta1', 'Deployment', new Uint8Array()), code: 415 },
    { name: 'truncated typeMeta', body: envelope((w) => w.raw(Uint8Array.of(0x0a, 0x10, 0x0a))), code: 400 },
    { name: 'truncated varint in raw', body: encodeEnvelope('v1', 'ConfigMap', Uint8Array.of(0x38, 0x80)), code: 400 },
    { name: 'length past the end in raw', body: encodeEnvelope('v1', 'ConfigMap', Uint8Array.of(0x0a, 0x7f, 0x00)), code: 400 },
    { name: 'typeMeta with the wrong wire type', body: envelope((w) => w.int(1, 5)), code: 400 },
    { name: 'contentEncoding set', body: envelope((w) => w.bytes(1, new WireWriter().bytes(1, 'v1').bytes(2, 'ConfigMap').finish()).bytes(3, 'gzip')), code: 400 },
  ];
  for (const c of failures) it(`${c.name} → ${c.code}`, () => assert.equal(statusOf(() => decodeKubernetesProtobuf(c.body)), c.code));

  it('a 400 carries the wire error as its cause', () => {
    try {
      decodeKubernetesProtobuf(Buffer.from('nope'));
      assert.fail('expected a throw');
    } catch (err) {
      assert.ok(err instanceof StatusError);
      assert.equal(err.reason, 'BadRequest');
      assert.match(err.message, /protobuf magic/);
      assert.ok(err.cause instanceof Error);
    }
  });

  it('never crashes or hangs on mutated kubectl bodies (deterministic fuzz)', () => {
    const fixtures = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'requests.json'), 'utf8')) as RequestFixture[];
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    let decoded = 0;
    for (let i = 0; i < 3000; i++) {
      const body = Buffer.from(fixtures[rand(fixtures.length)]!.body, 'base64');
      const mutated = Buffer.from(body);
      const op = rand(3);
      if (op === 0) mutated[rand(mutated.length)] = rand(256);
      else if (op === 1) mutated[4 + rand(mutated.length - 4)] ^= 0x80;
      const input = op === 2 ? mutated.subarray(0, rand(mutated.length)) : mutated;
      const code = statusOf(() => decodeKubernetesProtobuf(input));
      assert.ok(code === 0 || code === 400 || code === 415, `unexpected status ${code}`);
      if (code === 0) decoded++;
    }
    assert.ok(decoded > 0);
  });
});
