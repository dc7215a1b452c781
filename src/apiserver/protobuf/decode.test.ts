import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeMessage } from './decode';
import { type SchemaTables, always, field, inline, map, pointer, repeated } from './schema';
import { WireWriter } from './testing/encoder';
import { WireError } from './wire';

const t: SchemaTables = {
  'test.Thing': {
    1: field('name', 'string'),
    2: field('count', 'int32'),
    3: pointer('replicas', 'int32'),
    4: always('port', 'int32'),
    5: field('enabled', 'bool'),
    6: map('labels', 'string'),
    7: map('data', 'bytes'),
    8: repeated('items', 'string'),
    9: repeated('numbers', 'int64'),
    10: field('child', 'test.Child'),
    11: inline('test.Inlined'),
    12: field('big', 'int64'),
    13: field('created', 'Time'),
    14: field('observed', 'MicroTime'),
    15: field('target', 'IntOrString'),
    16: field('size', 'Quantity'),
    17: field('fields', 'FieldsV1'),
    18: repeated('refs', 'test.Child', 'always'),
    19: always('ref', 'test.Child'),
    20: field('raw', 'bytes'),
    21: field('self', 'test.Thing'),
  },
  'test.Child': { 1: field('a', 'string'), 2: field('b', 'string') },
  'test.Inlined': { 1: field('flat', 'string') },
};

const msg = (build: (w: WireWriter) => WireWriter) => build(new WireWriter()).finish();
const decode = (buf: Uint8Array) => decodeMessage(buf, 'test.Thing', { tables: t });
const defaults = { port: 0, refs: null, ref: null };

describe('decodeMessage', () => {
  const cases: { name: string; input: Uint8Array; want: Record<string, unknown> }[] = [
    { name: 'empty message: only the `always` fields', input: msg((w) => w), want: defaults },
    { name: 'omitempty scalars at zero are left out', input: msg((w) => w.bytes(1, '').int(2, 0).int(5, false).int(12, 0)), want: defaults },
    { name: 'pointer scalars at zero are kept', input: msg((w) => w.int(3, 0)), want: { replicas: 0, ...defaults } },
    { name: 'scalars', input: msg((w) => w.bytes(1, 'x').int(2, -3).int(5, true).int(12, 2n ** 40n)), want: { name: 'x', count: -3, enabled: true, big: 2 ** 40, ...defaults } },
    {
      name: 'maps of strings and bytes (base64)',
      input: msg((w) => w.bytes(6, msg((e) => e.bytes(1, 'k').bytes(2, 'v'))).bytes(7, msg((e) => e.bytes(1, 'b').bytes(2, Uint8Array.of(0, 255))))),
      want: { labels: { k: 'v' }, data: { b: 'AP8=' }, ...defaults },
    },
    { name: 'map entry without a value is the zero value', input: msg((w) => w.bytes(6, msg((e) => e.bytes(1, 'k')))), want: { labels: { k: '' }, ...defaults } },
    { name: 'repeated strings', input: msg((w) => w.bytes(8, 'a').bytes(8, 'b')), want: { items: ['a', 'b'], ...defaults } },
    { name: 'repeated int64, unpacked', input: msg((w) => w.int(9, 1).int(9, -1)), want: { numbers: [1, -1], ...defaults } },
    { name: 'repeated int64, packed', input: msg((w) => w.bytes(9, new WireWriter().varint(1).varint(300).finish())), want: { numbers: [1, 300], ...defaults } },
    {
      name: 'a message seen twice is merged',
      input: msg((w) => w.bytes(10, msg((c) => c.bytes(1, 'x'))).bytes(10, msg((c) => c.bytes(2, 'y')))),
      want: { child: { a: 'x', b: 'y' }, ...defaults },
    },
    { name: 'a scalar seen twice: last wins', input: msg((w) => w.bytes(1, 'a').bytes(1, 'b')), want: { name: 'b', ...defaults } },
    { name: 'an empty message is {}', input: msg((w) => w.bytes(10, new Uint8Array())), want: { child: {}, ...defaults } },
    { name: 'inline fields land in the parent', input: msg((w) => w.bytes(11, msg((c) => c.bytes(1, 'f')))), want: { flat: 'f', ...defaults } },
    { name: 'unknown fields of every wire type are skipped', input: msg((w) => w.int(99, 1).tag(98, 1).raw(new Uint8Array(8)).bytes(97, 'x').tag(96, 5).raw(new Uint8Array(4))), want: defaults },
    { name: 'bytes field → base64', input: msg((w) => w.bytes(20, Uint8Array.of(1, 2, 3))), want: { raw: 'AQID', ...defaults } },
    { name: '`__proto__` is an ordinary map key', input: msg((w) => w.bytes(6, msg((e) => e.bytes(1, '__proto__').bytes(2, 'v')))), want: { labels: JSON.parse('{"__proto__":"v"}'), ...defaults } },
  ];
  for (const c of cases) it(c.name, () => assert.deepStrictEqual(decode(c.input), c.want));

  it('reports unknown fields with their path', () => {
    const seen: string[] = [];
    decodeMessage(msg((w) => w.int(99, 1).bytes(10, msg((c) => c.int(7, 1)))), 'test.Thing', { tables: t, onUnknown: (p, f) => seen.push(`${p}#${f}`) });
    assert.deepEqual(seen, ['.#99', 'child#7']);
  });

  const errors: { name: string; input: Uint8Array; message: RegExp }[] = [
    { name: 'string with varint wire type', input: msg((w) => w.int(1, 1)), message: /name: wire type 0, expected length-delimited/ },
    { name: 'int32 with length-delimited wire type', input: msg((w) => w.bytes(2, 'x')), message: /count: wire type 2, expected varint/ },
    { name: 'truncated nested message', input: msg((w) => w.bytes(10, Uint8Array.of(0x0a, 0x05, 0x61))), message: /runs past the end/ },
    { name: 'length past the end', input: Uint8Array.of(0x0a, 0x09, 0x61), message: /runs past the end/ },
    { name: 'truncated varint', input: Uint8Array.of(0x10, 0x80), message: /truncated varint/ },
  ];
  for (const c of errors) {
    it(`rejects ${c.name}`, () => assert.throws(() => decode(c.input), (err: unknown) => err instanceof WireError && c.message.test(err.message)));
  }

  it('stops at a nesting depth limit instead of exhausting the stack', () => {
    let inner: Uint8Array = new Uint8Array();
    for (let i = 0; i < 200; i++) inner = new WireWriter().bytes(21, inner).finish();
    assert.throws(() => decode(inner), (err: unknown) => err instanceof WireError && /nested deeper/.test(err.message));
  });
});

describe('special types', () => {
  const time = (s: number | bigint, n = 0) => msg((w) => w.int(1, s).int(2, n));
  const cases: { name: string; field: number; value: Uint8Array; want: unknown }[] = [
    { name: 'Time: empty message is the zero time (null)', field: 13, value: new Uint8Array(), want: null },
    { name: 'Time: seconds, nanos dropped', field: 13, value: time(1704067200, 999), want: '2024-01-01T00:00:00Z' },
    { name: 'Time: the epoch', field: 13, value: time(0), want: '1970-01-01T00:00:00Z' },
    { name: 'Time: before the epoch', field: 13, value: time(-86400), want: '1969-12-31T00:00:00Z' },
    { name: 'MicroTime: microseconds', field: 14, value: time(1704067200, 123456789), want: '2024-01-01T00:00:00.123456Z' },
    { name: 'MicroTime: zero micros are written', field: 14, value: time(1704067200), want: '2024-01-01T00:00:00.000000Z' },
    { name: 'IntOrString: int', field: 15, value: msg((w) => w.int(1, 0).int(2, 8080).bytes(3, '')), want: 8080 },
    { name: 'IntOrString: string', field: 15, value: msg((w) => w.int(1, 1).int(2, 0).bytes(3, '25%')), want: '25%' },
    { name: 'IntOrString: empty is int 0', field: 15, value: new Uint8Array(), want: 0 },
    { name: 'Quantity', field: 16, value: msg((w) => w.bytes(1, '500m')), want: '500m' },
    { name: 'FieldsV1', field: 17, value: msg((w) => w.bytes(1, '{"f:a":{}}')), want: { 'f:a': {} } },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const out = decode(new WireWriter().bytes(c.field, c.value).finish());
      assert.deepStrictEqual(Object.values(out)[0], c.want);
    });
  }

  const bad: { name: string; field: number; value: Uint8Array; message: RegExp }[] = [
    { name: 'IntOrString type 2', field: 15, value: msg((w) => w.int(1, 2)), message: /neither 0/ },
    { name: 'Time nanos out of range', field: 13, value: time(0, -1), message: /nanos out of range/ },
    { name: 'Time after year 9999', field: 13, value: time(253402300800), message: /out of range/ },
    { name: 'Time far out of range', field: 13, value: time(2n ** 62n), message: /out of range/ },
    { name: 'FieldsV1 that is not JSON', field: 17, value: msg((w) => w.bytes(1, '{')), message: /valid JSON/ },
    { name: 'Quantity with a varint', field: 16, value: msg((w) => w.int(1, 1)), message: /wire type 0/ },
  ];
  for (const c of bad) {
    it(`rejects ${c.name}`, () => {
      assert.throws(() => decode(new WireWriter().bytes(c.field, c.value).finish()), (err: unknown) => err instanceof WireError && c.message.test(err.message));
    });
  }
});
