/**
 * How objects sit in storage: JSON without metadata.resourceVersion, which is always the revision of the
 * key's last write and is filled in on the way out.
 */
import { rfc3339 } from '../../../api/time';
import type { KeyValue } from '../../../storage/interface';
import type { KubeObject } from './strategy';

export function encode(obj: KubeObject): string {
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  return JSON.stringify({ ...obj, metadata });
}

export function decode(kv: KeyValue, revision = kv.modRevision): KubeObject {
  const obj = JSON.parse(kv.value) as KubeObject;
  obj.metadata.resourceVersion = String(revision);
  return obj;
}

/** RFC 3339 with second precision, as metav1.Time marshals. */
export const timestamp = rfc3339;

/** Parse a resourceVersion parameter; undefined for "" and absent; throws on garbage. */
export function parseResourceVersion(rv: string | undefined): number | undefined {
  if (rv === undefined || rv === '') return undefined;
  if (!/^\d+$/.test(rv)) throw new RangeError(`invalid resource version: ${JSON.stringify(rv)}`);
  return Number(rv);
}
