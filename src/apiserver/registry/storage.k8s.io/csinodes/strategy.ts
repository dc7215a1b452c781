/** CSINodes (upstream printers.go printCSINode): the number of drivers. */
import type { CSINode } from 'kubernetes-types/storage/v1';
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { Strategy } from '../../generic/strategy';

export const csiNodeStrategy: Strategy = {
  validate: () => [],
  columns: [nameColumn, col('Drivers', 'integer', 0, 'Drivers indicates the number of CSI drivers registered on the node'), ageColumn],
  row: (obj, now) => [obj.metadata.name, ((obj as unknown as CSINode).spec?.drivers ?? []).length, age(obj.metadata.creationTimestamp, now)],
};
