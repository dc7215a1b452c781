/**
 * A protobuf wire-format reader: tags, varints, fixed32/64 and length-delimited fields, with unknown
 * fields skipped. Every read is bounds-checked; malformed input raises `WireError`, which the envelope
 * turns into a 400 once. Nothing here knows about Kubernetes.
 */

/** The wire types protobuf defines; 3 and 4 (groups) are deprecated and never used by Kubernetes. */
export const WireType = { varint: 0, fixed64: 1, bytes: 2, startGroup: 3, endGroup: 4, fixed32: 5 } as const;
export type WireTypeNumber = (typeof WireType)[keyof typeof WireType];

/** Malformed protobuf input. `offset` is where in the message being read the problem was found. */
export class WireError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    options?: { cause?: unknown },
  ) {
    super(`${message} at offset ${offset}`, options);
    this.name = 'WireError';
  }
}

export interface Tag {
  field: number;
  wireType: WireTypeNumber;
}

const MAX_FIELD = 2 ** 29 - 1;

/** Reads one message's bytes front to back. Sub-messages get their own reader over a subarray. */
export class WireReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  get offset(): number {
    return this.pos;
  }

  /** An unsigned varint of at most 10 bytes, as a bigint in [0, 2^64). */
  varint(): bigint {
    const start = this.pos;
    let result = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new WireError('truncated varint', start);
      const b = this.buf[this.pos++]!;
      if (i === 9 && b > 1) throw new WireError('varint overflows 64 bits', start);
      result |= BigInt(b & 0x7f) << BigInt(7 * i);
      if (b < 0x80) return result;
    }
    throw new WireError('varint longer than 10 bytes', start);
  }

  /** A varint that must fit a non-negative safe integer (lengths, tags). */
  private smallVarint(what: string): number {
    const start = this.pos;
    const v = this.varint();
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new WireError(`${what} too large`, start);
    return Number(v);
  }

  tag(): Tag {
    const start = this.pos;
    const key = this.smallVarint('field tag');
    const field = Math.floor(key / 8);
    const wireType = key & 7;
    if (field === 0 || field > MAX_FIELD) throw new WireError(`invalid field number ${field}`, start);
    if (wireType > 5) throw new WireError(`invalid wire type ${wireType}`, start);
    return { field, wireType: wireType as WireTypeNumber };
  }

  fixed32(): Uint8Array {
    return this.take(4, 'fixed32');
  }

  fixed64(): Uint8Array {
    return this.take(8, 'fixed64');
  }

  /** The payload of a length-delimited field (a view into the input, not a copy). */
  bytes(): Uint8Array {
    const start = this.pos;
    const len = this.smallVarint('length');
    if (len > this.buf.length - this.pos) throw new WireError(`length ${len} runs past the end of the message`, start);
    return this.take(len, 'bytes');
  }

  /** Skips the value of a field whose tag was just read. */
  skip(wireType: WireTypeNumber): void {
    switch (wireType) {
      case WireType.varint:
        this.varint();
        return;
      case WireType.fixed64:
        this.fixed64();
        return;
      case WireType.bytes:
        this.bytes();
        return;
      case WireType.fixed32:
        this.fixed32();
        return;
      default:
        throw new WireError(`unsupported wire type ${wireType} (groups)`, this.pos);
    }
  }

  private take(n: number, what: string): Uint8Array {
    if (n > this.buf.length - this.pos) throw new WireError(`truncated ${what}`, this.pos);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** The signed 64-bit reading of a varint (protobuf int64/int32 encode negatives as 10-byte two's complement). */
export function toInt64(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

/** The signed 32-bit reading of a varint, as proto3/proto2 int32 decoders truncate it. */
export function toInt32(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/**
 * Decodes a `string` field. Like upstream's generated decoders, invalid UTF-8 is not an error; it becomes
 * U+FFFD, which is what encoding the string as JSON would give.
 */
const utf8 = new TextDecoder('utf-8');
export function toUtf8(bytes: Uint8Array): string {
  return utf8.decode(bytes);
}
