/** CSIStorageCapacities (upstream printers.go printCSIStorageCapacity). */
import type { CSIStorageCapacity } from 'kubernetes-types/storage/v1';
import { col } from '../../../table/cells';
import { nameColumn } from '../../../table/columns';
import type { Strategy } from '../../generic/strategy';

export const csiStorageCapacityStrategy: Strategy = {
  validate: () => [],
  columns: [nameColumn, col('StorageClassName', 'string', 0, 'The name of the StorageClass that the reported capacity applies to.'), col('Capacity', 'string', 0, 'capacity is the value reported by the CSI driver.')],
  row(obj) {
    const c = obj as unknown as CSIStorageCapacity;
    return [obj.metadata.name, c.storageClassName ?? '', c.capacity !== undefined ? String(c.capacity) : '<unset>'];
  },
};
