/** CSIDrivers (upstream printers.go printCSIDriver), with the spec defaults upstream applies. */
import type { CSIDriver } from 'kubernetes-types/storage/v1';
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { KubeObject, Strategy } from '../../generic/strategy';

const d = (o: KubeObject) => o as unknown as CSIDriver;

export const csiDriverStrategy: Strategy = {
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Record<string, unknown>;
    spec.attachRequired ??= true;
    spec.podInfoOnMount ??= false;
    spec.storageCapacity ??= false;
    spec.requiresRepublish ??= false;
    spec.fsGroupPolicy ??= 'ReadWriteOnceWithFSType';
    spec.volumeLifecycleModes ??= ['Persistent'];
    spec.seLinuxMount ??= false;
  },
  validate: () => [],
  columns: [
    nameColumn,
    col('AttachRequired', 'boolean', 0, 'attachRequired indicates this CSI volume driver requires an attach operation.'),
    col('PodInfoOnMount', 'boolean', 0, 'podInfoOnMount indicates this CSI volume driver requires additional pod information during mount operations.'),
    col('StorageCapacity', 'boolean', 0, 'storageCapacity indicates that the CSI volume driver wants pod scheduling to consider the storage capacity.'),
    col('TokenRequests', 'string', 0, 'tokenRequests indicates the CSI driver needs pods\' service account tokens it is mounting volume for.'),
    col('RequiresRepublish', 'boolean', 0, 'requiresRepublish indicates the CSI driver wants NodePublishVolume being periodically called.'),
    col('Modes', 'string', 0, 'volumeLifecycleModes defines what kind of volumes this CSI volume driver supports.'),
    ageColumn,
  ],
  row(obj, now) {
    const s = d(obj).spec;
    const tokens = s?.tokenRequests ? s.tokenRequests.map((t) => t.audience).join(',') : '<unset>';
    return [obj.metadata.name, s?.attachRequired ?? true, s?.podInfoOnMount ?? false, s?.storageCapacity ?? false, tokens, s?.requiresRepublish ?? false, (s?.volumeLifecycleModes ?? []).join(',') || '<none>', age(obj.metadata.creationTimestamp, now)];
  },
};
