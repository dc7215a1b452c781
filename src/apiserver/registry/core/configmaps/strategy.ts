/** ConfigMaps: key names, the 1 MiB size limit and `immutable` (upstream pkg/apis/core/validation ValidateConfigMap). */
import type { ConfigMap } from 'kubernetes-types/core/v1';
import { isDeepStrictEqual } from 'node:util';
import { isConfigMapKey } from '../../../../api/validation/names';
import { type FieldError, forbidden, invalid, tooLong } from '../../../../api/validation/field-errors';
import { age } from '../../../table/age';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { KubeObject, Strategy } from '../../generic/strategy';

export const maxDataSize = 1024 * 1024;

const cm = (o: KubeObject) => o as unknown as ConfigMap;

/** Keys of `data` and `binaryData`: valid config keys, no key in both, total size within the limit. */
export function validateDataKeys(data: Record<string, unknown> | undefined, binaryData: Record<string, unknown> | undefined, binaryField = 'binaryData'): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(data ?? {})) {
    for (const d of isConfigMapKey(k)) errs.push(invalid(`data[${k}]`, k, d));
    if (typeof v !== 'string') errs.push(invalid(`data[${k}]`, v, 'must be a string'));
    else size += v.length;
  }
  for (const [k, v] of Object.entries(binaryData ?? {})) {
    for (const d of isConfigMapKey(k)) errs.push(invalid(`${binaryField}[${k}]`, k, d));
    if (data && Object.prototype.hasOwnProperty.call(data, k)) errs.push(invalid(`data[${k}]`, k, `duplicate of key present in ${binaryField}`));
    size += typeof v === 'string' ? Math.floor((v.length * 3) / 4) : 0;
  }
  if (size > maxDataSize) errs.push(tooLong('', maxDataSize));
  return errs;
}

export const configMapStrategy: Strategy = {
  validate: (obj) => validateDataKeys(cm(obj).data as Record<string, unknown>, cm(obj).binaryData as Record<string, unknown>),
  validateUpdate(obj, old) {
    const errs = this.validate(obj);
    if (cm(old).immutable === true) {
      if (cm(obj).immutable !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
      if (!isDeepStrictEqual(cm(obj).data ?? {}, cm(old).data ?? {})) errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
      if (!isDeepStrictEqual(cm(obj).binaryData ?? {}, cm(old).binaryData ?? {})) errs.push(forbidden('binaryData', 'field is immutable when `immutable` is set'));
    }
    return errs;
  },
  columns: [nameColumn, { name: 'Data', type: 'string', description: 'Number of keys in data and binaryData.' }, ageColumn],
  row: (obj, now) => [
    obj.metadata.name,
    Object.keys(cm(obj).data ?? {}).length + Object.keys(cm(obj).binaryData ?? {}).length,
    age(obj.metadata.creationTimestamp, now),
  ],
};
