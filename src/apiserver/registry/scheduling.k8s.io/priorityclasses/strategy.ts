/** PriorityClasses (upstream printers.go): VALUE, GLOBAL-DEFAULT, PREEMPTIONPOLICY; preemptionPolicy defaults. */
import type { PriorityClass } from 'kubernetes-types/scheduling/v1';
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { KubeObject, Strategy } from '../../generic/strategy';
import { forbidden } from '../../../../api/validation/field-errors';
import { systemPriorityClasses } from '../../../admission/priority';

const pc = (o: KubeObject) => o as unknown as PriorityClass;

export const priorityClassStrategy: Strategy = {
  defaults(obj) {
    obj.preemptionPolicy ??= 'PreemptLowerPriority';
  },
  // Upstream ValidatePriorityClass: the system- prefix is reserved, user values stop at one billion.
  validate(obj) {
    const name = obj.metadata.name ?? '';
    const value = pc(obj).value ?? 0;
    if (name.startsWith('system-')) {
      const known = systemPriorityClasses.find((c) => c.name === name);
      const why = !known
        ? `${name} is not a known system priority class`
        : known.value !== value
          ? `value of ${name} PriorityClass must be ${known.value}`
          : pc(obj).globalDefault
            ? `globalDefault of ${name} PriorityClass must be false`
            : undefined;
      return why ? [forbidden('metadata.name', `priority class names with 'system-' prefix are reserved for system use only. error: ${why}`)] : [];
    }
    return value > 1_000_000_000 ? [forbidden('value', 'maximum allowed value of a user defined priority is 1000000000')] : [];
  },
  columns: [
    nameColumn,
    col('Value', 'integer', 0, 'value represents the integer value of this priority class.'),
    col('Global-Default', 'boolean', 0, 'globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class.'),
    ageColumn,
    col('PreemptionPolicy', 'string', 0, 'preemptionPolicy is the Policy for preempting pods with lower priority.'),
  ],
  row: (obj, now) => [obj.metadata.name, pc(obj).value ?? 0, pc(obj).globalDefault ?? false, age(obj.metadata.creationTimestamp, now), pc(obj).preemptionPolicy ?? ''],
};
