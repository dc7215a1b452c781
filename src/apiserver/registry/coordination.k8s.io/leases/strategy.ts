/** Leases (upstream printers.go printLease): HOLDER. */
import type { Lease } from 'kubernetes-types/coordination/v1';
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { Strategy } from '../../generic/strategy';

export const leaseStrategy: Strategy = {
  validate: () => [],
  columns: [nameColumn, col('Holder', 'string', 0, 'holderIdentity contains the identity of the holder of a current lease.'), ageColumn],
  row: (obj, now) => [obj.metadata.name, (obj as unknown as Lease).spec?.holderIdentity ?? '', age(obj.metadata.creationTimestamp, now)],
};
