/** PriorityClasses (upstream printers.go): VALUE, GLOBAL-DEFAULT, PREEMPTIONPOLICY; preemptionPolicy defaults. */
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { KubeObject, Strategy } from '../../generic/strategy';

const pc = (o: KubeObject) => o as unknown as PriorityClass;

export const priorityClassStrategy: Strategy = {
  defaults(obj) {
    obj.preemptionPolicy ??= 'PreemptLowerPriority';
  },
  validate: () => [],
  columns: [
    nameColumn,
    col('Value', 'integer', 0, 'value represents the integer value of this priority class.'),
    col('Global-Default', 'boolean', 0, 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.'),
    ageColumn,
    col('PreemptionPolicy', 'string', 0, 'preemptionPolicy is the Policy for preempting pods with lower priority.'),
  ],
  row: (obj, now) => [obj.metadata.name, pc(obj).value ?? 0, pc(obj).globalDefault ?? false, age(obj.metadata.creationTimestamp, now), pc(obj).preemptionPolicy ?? ''],
};
