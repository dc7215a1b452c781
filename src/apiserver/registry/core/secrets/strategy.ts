/**
 * Secrets: `stringData` folded into base64 `data`, type defaulting and per-type required keys
 * (upstream pkg/apis/core/validation ValidateSecret).
 */
import type { Secret } from 'kubernetes-types/core/v1';
import { isDeepStrictEqual } from 'node:util';
import { type FieldError, forbidden, invalid, required } from '../../../../api/validation/field-errors';
import { age } from '../../../table/age';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { KubeObject, Strategy } from '../../generic/strategy';
import { validateDataKeys } from '../configmaps/strategy';

const secret = (o: KubeObject) => o as unknown as Secret;
const base64Re = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Keys each well-known type requires in data. */
const requiredKeys: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
};

function validateSecret(obj: KubeObject): FieldError[] {
  const s = secret(obj);
  const data = (s.data ?? {}) as Record<string, unknown>;
  const errs = validateDataKeys(data, undefined).filter((e) => e.detail !== 'must be a string');
  for (const [k, v] of Object.entries(data)) {
    if (typeof v !== 'string' || !base64Re.test(v)) errs.push(invalid(`data[${k}]`, '<secret contents redacted>', 'must be valid base64'));
  }
  const type = s.type ?? 'Opaque';
  for (const k of requiredKeys[type] ?? []) if (!(k in data)) errs.push(required(`data[${k}]`));
  if (type === 'kubernetes.io/service-account-token' && !obj.metadata.annotations?.['kubernetes.io/service-account.name'])
    errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
  if (type === 'kubernetes.io/basic-auth' && !('username' in data) && !('password' in data))
    errs.push(required('data[username]', 'either username or password is required'));
  return errs;
}

export const secretStrategy: Strategy = {
  defaults(obj) {
    const s = secret(obj);
    s.type ||= 'Opaque';
    if (s.stringData) {
      s.data = { ...(s.data ?? {}) };
      for (const [k, v] of Object.entries(s.stringData)) s.data[k] = Buffer.from(String(v), 'utf8').toString('base64');
      delete s.stringData;
    }
  },
  validate: validateSecret,
  validateUpdate(obj, old) {
    const errs = validateSecret(obj);
    if (secret(obj).type !== secret(old).type) errs.push(invalid('type', secret(obj).type, 'field is immutable'));
    if (secret(old).immutable === true) {
      if (secret(obj).immutable !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
      if (!isDeepStrictEqual(secret(obj).data ?? {}, secret(old).data ?? {})) errs.push(forbidden('data', 'field is immutable when `immutable` is set'));
    }
    return errs;
  },
  columns: [
    nameColumn,
    { name: 'Type', type: 'string', description: 'The type of the secret.' },
    { name: 'Data', type: 'string', description: 'Number of keys in data.' },
    ageColumn,
  ],
  row: (obj, now) => [obj.metadata.name, secret(obj).type ?? 'Opaque', Object.keys(secret(obj).data ?? {}).length, age(obj.metadata.creationTimestamp, now)],
  selectableFields: (obj) => ({ type: secret(obj).type ?? '' }),
};
