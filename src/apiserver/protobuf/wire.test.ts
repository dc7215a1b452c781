import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WireWriter } from './testing/encoder';
import { WireError, WireReader, WireType, toInt32, toInt64 } from './wire';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('WireReader.varint', () => {
  const cases: { name: string; input: Uint8Array; want: bigint }[] = [
    { name: 'zero', input: bytes(0x00), want: 0n },
    { name: 'one byte max', input: bytes(0x7f), want: 127n },
    { name: 'two bytes', input: bytes(0x80, 0x01), want: 128n },
    { name: '300', input: bytes(0xac, 0x02), want: 300n },
    { name: 'max uint64', input: bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), want: 2n ** 64n - 1n },
    { name: 'non-minimal encoding is accepted', input: bytes(0x81, 0x80, 0x00), want: 1n },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = new WireReader(c.input);
      assert.equal(r.varint(), c.want);
      assert.ok(r.done);
    });
  }

  it('reads negative int32/int64 (10-byte two’s complement)', () => {
    const input = new WireWriter().varint(-5).finish();
    assert.equal(input.length, 10);
    const v = new WireReader(input).varint();
    assert.equal(toInt32(v), -5);
    assert.equal(toInt64(v), -5n);
  });

  const malformed: { name: string; input: Uint8Array; message: RegExp }[] = [
    { name: 'empty', input: bytes(), message: /truncated varint/ },
    { name: 'truncated', input: bytes(0x80, 0x80), message: /truncated varint/ },
    { name: 'longer than 10 bytes', input: bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01), message: /overflows|longer/ },
    { name: 'overflows 64 bits', input: bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02), message: /overflows 64 bits/ },
  ];
  for (const c of malformed) {
    it(`rejects ${c.name}`, () => {
      assert.throws(() => new WireReader(c.input).varint(), (err: unknown) => err instanceof WireError && c.message.test(err.message));
    });
  }
});

describe('WireReader.tag and skip', () => {
  it('splits field number and wire type', () => {
    const r = new WireReader(new WireWriter().tag(17, 2).tag(536870911, 5).finish());
    assert.deepEqual(r.tag(), { field: 17, wireType: 2 });
    assert.deepEqual(r.tag(), { field: 536870911, wireType: 5 });
  });

  const badTags: { name: string; input: Uint8Array; message: RegExp }[] = [
    { name: 'field number 0', input: bytes(0x02), message: /invalid field number 0/ },
    { name: 'wire type 6', input: bytes(0x0e), message: /invalid wire type 6/ },
    { name: 'wire type 7', input: bytes(0x0f), message: /invalid wire type 7/ },
    { name: 'field number above 2^29-1', input: new WireWriter().varint(2 ** 29 * 8).finish(), message: /invalid field number/ },
  ];
  for (const c of badTags) {
    it(`rejects ${c.name}`, () => {
      assert.throws(() => new WireReader(c.input).tag(), (err: unknown) => err instanceof WireError && c.message.test(err.message));
    });
  }

  const skips: { name: string; input: Uint8Array; wireType: 0 | 1 | 2 | 5; after: number }[] = [
    { name: 'varint', input: bytes(0xac, 0x02, 0x09), wireType: WireType.varint, after: 2 },
    { name: 'fixed64', input: bytes(1, 2, 3, 4, 5, 6, 7, 8, 9), wireType: WireType.fixed64, after: 8 },
    { name: 'length-delimited', input: bytes(3, 0x61, 0x62, 0x63, 0x09), wireType: WireType.bytes, after: 4 },
    { name: 'fixed32', input: bytes(1, 2, 3, 4, 5), wireType: WireType.fixed32, after: 4 },
  ];
  for (const c of skips) {
    it(`skips ${c.name}`, () => {
      const r = new WireReader(c.input);
      r.skip(c.wireType);
      assert.equal(r.offset, c.after);
    });
  }

  const truncated: { name: string; input: Uint8Array; wireType: 0 | 1 | 2 | 3 | 5; message: RegExp }[] = [
    { name: 'fixed64 short', input: bytes(1, 2, 3), wireType: WireType.fixed64, message: /truncated fixed64/ },
    { name: 'fixed32 short', input: bytes(1), wireType: WireType.fixed32, message: /truncated fixed32/ },
    { name: 'length past the end', input: bytes(5, 0x61), wireType: WireType.bytes, message: /runs past the end/ },
    { name: 'huge length', input: new WireWriter().varint(2n ** 62n).finish(), wireType: WireType.bytes, message: /too large|past the end/ },
    { name: 'a group', input: bytes(), wireType: WireType.startGroup, message: /groups/ },
  ];
  for (const c of truncated) {
    it(`rejects ${c.name}`, () => {
      assert.throws(() => new WireReader(c.input).skip(c.wireType), (err: unknown) => err instanceof WireError && c.message.test(err.message));
    });
  }

  it('bytes() returns a view of exactly the declared length', () => {
    const r = new WireReader(bytes(2, 0x68, 0x69, 0x21));
    assert.deepEqual(Buffer.from(r.bytes()).toString(), 'hi');
    assert.equal(r.offset, 3);
  });
});
