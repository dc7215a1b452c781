/** LimitRanges (upstream printers.go printLimitRange): NAME and CREATED AT. */
import { col, createdAt } from '../../../table/cells';
import { nameColumn } from '../../../table/columns';
import type { Strategy } from '../../generic/strategy';
import { defaultLimitRangeItem, type LimitRangeItem } from '../../../../api/limit-range';

export const limitRangeStrategy: Strategy = {
  validate: () => [],
  defaults(obj) {
    const spec = obj.spec as { limits?: LimitRangeItem[] } | undefined;
    if (spec?.limits) spec.limits = spec.limits.map(defaultLimitRangeItem);
  },
  columns: [nameColumn, col('Created At', 'date', 0, 'CreationTimestamp is a timestamp representing the server time when this object was created.')],
  row: (obj) => [obj.metadata.name, createdAt(obj.metadata.creationTimestamp)],
};
