/** RBAC roles (upstream printers.go printRole/printClusterRole): NAME and CREATED AT (RFC 3339). */
import { col, createdAt } from '../../../table/cells';
import { nameColumn } from '../../../table/columns';
import type { Strategy } from '../../generic/strategy';

export const roleStrategy: Strategy = {
  validate: () => [],
  columns: [nameColumn, col('Created At', 'date', 0, 'CreationTimestamp is a timestamp representing the server time when this object was created.')],
  row: (obj) => [obj.metadata.name, createdAt(obj.metadata.creationTimestamp)],
};
