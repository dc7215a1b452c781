/** core/v1 volumes: the Volume wrapper and the sources a pod template commonly uses. */
import { type SchemaTables, always, field, inline, map, pointer, repeated } from '../schema';

export const coreV1Volume: SchemaTables = {
  'core.v1.Volume': {
    1: always('name', 'string'),
    2: inline('core.v1.VolumeSource'),
  },
  // Cloud and legacy in-tree sources (gcePersistentDisk, nfs, iscsi, rbd, ...) are left out: they are
  // skipped like unknown fields.
  'core.v1.VolumeSource': {
    1: pointer('hostPath', 'core.v1.HostPathVolumeSource'),
    2: pointer('emptyDir', 'core.v1.EmptyDirVolumeSource'),
    6: pointer('secret', 'core.v1.SecretVolumeSource'),
    10: pointer('persistentVolumeClaim', 'core.v1.PersistentVolumeClaimVolumeSource'),
    16: pointer('downwardAPI', 'core.v1.DownwardAPIVolumeSource'),
    19: pointer('configMap', 'core.v1.ConfigMapVolumeSource'),
    26: pointer('projected', 'core.v1.ProjectedVolumeSource'),
    28: pointer('csi', 'core.v1.CSIVolumeSource'),
    30: pointer('image', 'core.v1.ImageVolumeSource'),
  },
  'core.v1.HostPathVolumeSource': {
    1: always('path', 'string'),
    2: pointer('type', 'string'),
  },
  'core.v1.EmptyDirVolumeSource': {
    1: field('medium', 'string'),
    2: pointer('sizeLimit', 'Quantity'),
  },
  'core.v1.SecretVolumeSource': {
    1: field('secretName', 'string'),
    2: repeated('items', 'core.v1.KeyToPath'),
    3: pointer('defaultMode', 'int32'),
    4: pointer('optional', 'bool'),
  },
  'core.v1.ConfigMapVolumeSource': {
    1: inline('core.v1.LocalObjectReference'),
    2: repeated('items', 'core.v1.KeyToPath'),
    3: pointer('defaultMode', 'int32'),
    4: pointer('optional', 'bool'),
  },
  'core.v1.KeyToPath': {
    1: always('key', 'string'),
    2: always('path', 'string'),
    3: pointer('mode', 'int32'),
  },
  'core.v1.PersistentVolumeClaimVolumeSource': {
    1: always('claimName', 'string'),
    2: field('readOnly', 'bool'),
  },
  'core.v1.DownwardAPIVolumeSource': {
    1: repeated('items', 'core.v1.DownwardAPIVolumeFile'),
    2: pointer('defaultMode', 'int32'),
  },
  'core.v1.DownwardAPIVolumeFile': {
    1: always('path', 'string'),
    2: pointer('fieldRef', 'core.v1.ObjectFieldSelector'),
    3: pointer('resourceFieldRef', 'core.v1.ResourceFieldSelector'),
    4: pointer('mode', 'int32'),
  },
  'core.v1.ProjectedVolumeSource': {
    1: repeated('sources', 'core.v1.VolumeProjection'),
    2: pointer('defaultMode', 'int32'),
  },
  'core.v1.VolumeProjection': {
    1: pointer('secret', 'core.v1.SecretProjection'),
    2: pointer('downwardAPI', 'core.v1.DownwardAPIProjection'),
    3: pointer('configMap', 'core.v1.ConfigMapProjection'),
    4: pointer('serviceAccountToken', 'core.v1.ServiceAccountTokenProjection'),
  },
  'core.v1.SecretProjection': {
    1: inline('core.v1.LocalObjectReference'),
    2: repeated('items', 'core.v1.KeyToPath'),
    4: pointer('optional', 'bool'),
  },
  'core.v1.ConfigMapProjection': {
    1: inline('core.v1.LocalObjectReference'),
    2: repeated('items', 'core.v1.KeyToPath'),
    4: pointer('optional', 'bool'),
  },
  'core.v1.DownwardAPIProjection': {
    1: repeated('items', 'core.v1.DownwardAPIVolumeFile'),
  },
  'core.v1.ServiceAccountTokenProjection': {
    1: field('audience', 'string'),
    2: pointer('expirationSeconds', 'int64'),
    3: always('path', 'string'),
  },
  'core.v1.CSIVolumeSource': {
    1: always('driver', 'string'),
    2: pointer('readOnly', 'bool'),
    3: pointer('fsType', 'string'),
    4: map('volumeAttributes', 'string'),
    5: pointer('nodePublishSecretRef', 'core.v1.LocalObjectReference'),
  },
  'core.v1.ImageVolumeSource': {
    1: field('reference', 'string'),
    2: field('pullPolicy', 'string'),
  },
};
