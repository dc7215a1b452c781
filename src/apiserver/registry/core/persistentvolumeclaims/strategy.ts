/** PersistentVolumeClaims (upstream printers.go printPersistentVolumeClaim). */
import type { PersistentVolumeClaim } from 'kubernetes-types/core/v1';
import { age } from '../../../table/age';
import { accessModes, col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { printedStrategy } from '../../../table/printed';
import type { KubeObject } from '../../generic/strategy';

const pvc = (o: KubeObject) => o as unknown as PersistentVolumeClaim;

export const persistentVolumeClaimStrategy = printedStrategy('', 'persistentvolumeclaims', {
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Record<string, unknown>;
    spec.volumeMode ??= 'Filesystem';
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending' };
  },
  columns: [
    nameColumn,
    col('Status', 'string', 0, 'phase represents the current phase of PersistentVolumeClaim.'),
    col('Volume', 'string', 0, 'volumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'string', 0, 'capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 'string', 0, 'accessModes contains the actual access modes the volume backing the PVC has.'),
    col('StorageClass', 'string', 0, 'StorageClass of the pvc'),
    col('VolumeAttributesClass', 'string', 0, 'VolumeAttributesClass of the pvc'),
    ageColumn,
    col('VolumeMode', 'string', 1, 'volumeMode defines what type of volume is required by the claim.'),
  ],
  row(obj, now) {
    const c = pvc(obj);
    const bound = !!c.spec?.volumeName;
    const klass = obj.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? c.spec?.storageClassName ?? '';
    return [
      obj.metadata.name,
      obj.metadata.deletionTimestamp ? 'Terminating' : (c.status?.phase ?? ''),
      c.spec?.volumeName ?? '',
      bound ? String((c.status?.capacity as Record<string, string> | undefined)?.storage ?? '0') : '',
      bound ? accessModes(c.status?.accessModes) : '',
      klass,
      c.spec?.volumeAttributesClassName ?? '<unset>',
      age(obj.metadata.creationTimestamp, now),
      c.spec?.volumeMode ?? '<unset>',
    ];
  },
});
