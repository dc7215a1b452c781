/** StorageClasses (upstream printers.go printStorageClass): "(default)" after the default class's name. */
import type { StorageClass } from 'kubernetes-types/storage/v1';
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { KubeObject, Strategy } from '../../generic/strategy';
import { required } from '../../../../api/validation/field-errors';

const sc = (o: KubeObject) => o as unknown as StorageClass;

function isDefault(obj: KubeObject): boolean {
  const a = obj.metadata.annotations ?? {};
  return a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
}

export const storageClassStrategy: Strategy = {
  defaults(obj) {
    obj.reclaimPolicy ??= 'Delete';
    obj.volumeBindingMode ??= 'Immediate';
  },
  validate: (obj) => (sc(obj).provisioner ? [] : [required('provisioner')]),
  columns: [
    nameColumn,
    col('Provisioner', 'string', 0, 'provisioner indicates the type of the provisioner.'),
    col('ReclaimPolicy', 'string', 0, 'reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class.'),
    col('VolumeBindingMode', 'string', 0, 'volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.'),
    col('AllowVolumeExpansion', 'string', 0, 'allowVolumeExpansion shows whether the storage class allow volume expand.'),
    ageColumn,
  ],
  row(obj, now) {
    const s = sc(obj);
    return [isDefault(obj) ? `${obj.metadata.name} (default)` : obj.metadata.name, s.provisioner ?? '', s.reclaimPolicy ?? 'Delete', s.volumeBindingMode ?? 'Immediate', s.allowVolumeExpansion ?? false, age(obj.metadata.creationTimestamp, now)];
  },
};
