/** ResourceQuotas (upstream printers.go printResourceQuota): REQUEST and LIMIT as "resource: used/hard" sorted by name. */
import type { ResourceQuota } from 'kubernetes-types/core/v1';
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { printedStrategy } from '../../../table/printed';
import type { KubeObject } from '../../generic/strategy';

export const resourceQuotaStrategy = printedStrategy('', 'resourcequotas', {
  columns: [
    nameColumn,
    ageColumn,
    col('Request', 'string', 0, 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    col('Limit', 'string', 0, 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.'),
  ],
  row(obj: KubeObject, now) {
    const status = (obj as unknown as ResourceQuota).status ?? {};
    const hard = (status.hard ?? {}) as Record<string, string>;
    const used = (status.used ?? {}) as Record<string, string>;
    const requests: string[] = [];
    const limits: string[] = [];
    for (const r of Object.keys(hard).sort()) (r.split('.')[0] === 'limits' && r.includes('.') ? limits : requests).push(`${r}: ${used[r] ?? '0'}/${hard[r]}`);
    return [obj.metadata.name, age(obj.metadata.creationTimestamp, now), requests.join(', '), limits.join(', ')];
  },
});
