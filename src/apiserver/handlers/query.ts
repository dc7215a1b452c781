/** Query parameters shared by the verbs, checked as upstream does. */
import { errors } from '../errors';
import type { ListParams } from '../registry/generic/list';

export type Query = Record<string, string | string[] | undefined>;

export function one(q: Query, name: string): string | undefined {
  const v = q[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

export function dryRun(q: Query): boolean {
  const v = q.dryRun;
  if (v === undefined) return false;
  for (const value of Array.isArray(v) ? v : [v]) {
    if (value !== 'All') throw errors.badRequest(`Invalid dryRun value: ${JSON.stringify(value)}; supported values: "All"`);
  }
  return true;
}

export function integer(q: Query, name: string): number | undefined {
  const v = one(q, name);
  if (v === undefined || v === '') return undefined;
  if (!/^-?\d+$/.test(v)) throw errors.badRequest(`invalid value for ${name}: ${JSON.stringify(v)}: must be an integer`);
  return Number(v);
}

export function bool(q: Query, name: string): boolean {
  const v = one(q, name);
  return v === 'true' || v === '1';
}

export function listParams(q: Query): ListParams {
  const limit = integer(q, 'limit');
  if (limit !== undefined && limit < 0) throw errors.badRequest(`limit: Invalid value: ${limit}: must be greater than or equal to 0`);
  return {
    labelSelector: one(q, 'labelSelector'),
    fieldSelector: one(q, 'fieldSelector'),
    limit,
    continue: one(q, 'continue') || undefined,
    resourceVersion: one(q, 'resourceVersion'),
    resourceVersionMatch: one(q, 'resourceVersionMatch') || undefined,
  };
}
