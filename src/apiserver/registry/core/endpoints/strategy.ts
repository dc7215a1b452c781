/** Endpoints (upstream printers.go formatEndpoints): up to three ip:port pairs, then "+ N more...". */
import type { Endpoints } from 'kubernetes-types/core/v1';
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { KubeObject, Strategy } from '../../generic/strategy';

export function formatEndpoints(e: Endpoints): string {
  const subsets = e.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    const pairs = ports.length === 0 ? addresses.map((a) => a.ip) : ports.flatMap((p) => addresses.map((a) => (a.ip.includes(':') ? `[${a.ip}]:${p.port}` : `${a.ip}:${p.port}`)));
    count += pairs.length;
    for (const p of pairs) if (list.length < max) list.push(p);
  }
  const shown = list.join(',');
  return count > max ? `${shown} + ${count - max} more...` : shown;
}

export const endpointsStrategy: Strategy = {
  validate: () => [],
  columns: [nameColumn, col('Endpoints', 'string', 0, 'The set of all endpoints is the union of all subsets.'), ageColumn],
  row: (obj: KubeObject, now) => [obj.metadata.name, formatEndpoints(obj as unknown as Endpoints), age(obj.metadata.creationTimestamp, now)],
};
