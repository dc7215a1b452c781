/**
 * The Kubernetes protobuf envelope: the magic `k8s\0`, then a runtime.Unknown message
 * {typeMeta=1 {apiVersion=1, kind=2}, raw=2, contentEncoding=3, contentType=4} whose `raw` is the typed
 * message of the kind typeMeta names.
 */
import { WireError, WireReader, WireType, toUtf8 } from './wire';

export const MAGIC = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

export interface Envelope {
  apiVersion: string;
  kind: string;
  raw: Uint8Array;
  contentEncoding: string;
  contentType: string;
}

export function hasMagic(body: Uint8Array): boolean {
  return body.length >= MAGIC.length && MAGIC.every((b, i) => body[i] === b);
}

function bytesField(r: WireReader, wireType: number, at: number, name: string): Uint8Array {
  if (wireType !== WireType.bytes) throw new WireError(`runtime.Unknown ${name}: wire type ${wireType}, expected length-delimited`, at);
  return r.bytes();
}

function readTypeMeta(buf: Uint8Array, into: Envelope): void {
  const r = new WireReader(buf);
  while (!r.done) {
    const at = r.offset;
    const { field, wireType } = r.tag();
    if (field === 1) into.apiVersion = toUtf8(bytesField(r, wireType, at, 'typeMeta.apiVersion'));
    else if (field === 2) into.kind = toUtf8(bytesField(r, wireType, at, 'typeMeta.kind'));
    else r.skip(wireType);
  }
}

/** Splits a body into its envelope; throws `WireError` when the magic or the message is malformed. */
export function readEnvelope(body: Uint8Array): Envelope {
  if (!hasMagic(body)) throw new WireError('body does not start with the protobuf magic "k8s\\0"', 0);
  const env: Envelope = { apiVersion: '', kind: '', raw: new Uint8Array(), contentEncoding: '', contentType: '' };
  const r = new WireReader(body.subarray(MAGIC.length));
  while (!r.done) {
    const at = r.offset;
    const { field, wireType } = r.tag();
    if (field === 1) readTypeMeta(bytesField(r, wireType, at, 'typeMeta'), env);
    else if (field === 2) env.raw = bytesField(r, wireType, at, 'raw');
    else if (field === 3) env.contentEncoding = toUtf8(bytesField(r, wireType, at, 'contentEncoding'));
    else if (field === 4) env.contentType = toUtf8(bytesField(r, wireType, at, 'contentType'));
    else r.skip(wireType);
  }
  return env;
}
