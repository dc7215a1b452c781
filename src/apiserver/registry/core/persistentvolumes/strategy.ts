/** PersistentVolumes (upstream printers.go printPersistentVolume). */
import type { PersistentVolume } from 'kubernetes-types/core/v1';
import { age } from '../../../table/age';
import { accessModes, col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { printedStrategy } from '../../../table/printed';
import type { KubeObject } from '../../generic/strategy';

const pv = (o: KubeObject) => o as unknown as PersistentVolume;

export const persistentVolumeStrategy = printedStrategy('', 'persistentvolumes', {
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Record<string, unknown>;
    spec.persistentVolumeReclaimPolicy ??= 'Retain';
    spec.volumeMode ??= 'Filesystem';
  },
  prepareForCreate(obj) {
    obj.status = { phase: 'Pending' };
  },
  columns: [
    nameColumn,
    col('Capacity', 'string', 0, 'capacity is the description of the persistent volume\'s resources and capacity.'),
    col('Access Modes', 'string', 0, 'accessModes contains all ways the volume can be mounted.'),
    col('Reclaim Policy', 'string', 0, 'persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim.'),
    col('Status', 'string', 0, 'phase indicates if a volume is available, bound to a claim, or released by a claim.'),
    col('Claim', 'string', 0, 'claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim.'),
    col('StorageClass', 'string', 0, 'StorageClass of the pv'),
    col('VolumeAttributesClass', 'string', 0, 'VolumeAttributesClass of the pv'),
    col('Reason', 'string', 0, 'reason is a brief CamelCase string that describes any failure.'),
    ageColumn,
    col('VolumeMode', 'string', 1, 'volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state.'),
  ],
  row(obj, now) {
    const v = pv(obj);
    const ref = v.spec?.claimRef;
    const phase = obj.metadata.deletionTimestamp ? 'Terminating' : (v.status?.phase ?? '');
    const klass = obj.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? v.spec?.storageClassName ?? '';
    return [
      obj.metadata.name,
      String((v.spec?.capacity as Record<string, string> | undefined)?.storage ?? '0'),
      accessModes(v.spec?.accessModes),
      v.spec?.persistentVolumeReclaimPolicy ?? '',
      phase,
      ref ? `${ref.namespace ?? ''}/${ref.name ?? ''}` : '',
      klass,
      v.spec?.volumeAttributesClassName ?? '<unset>',
      v.status?.reason ?? '',
      age(obj.metadata.creationTimestamp, now),
      v.spec?.volumeMode ?? '<unset>',
    ];
  },
});
