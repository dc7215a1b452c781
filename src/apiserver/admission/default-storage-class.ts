/**
 * DefaultStorageClass admission (upstream plugin/pkg/admission/storage/storageclass/setdefault): a new
 * PersistentVolumeClaim with no spec.storageClassName gets the default StorageClass (annotated
 * `storageclass.kubernetes.io/is-default-class: "true"`); with several defaults, the newest. An empty
 * storageClassName ("") means "no class" and is kept.
 */
import type { KubeObject } from '../registry/generic/strategy';
import type { GenericStore } from '../registry/generic/store';
import type { AdmissionPlugin } from './admission';

export const defaultClassAnnotation = 'storageclass.kubernetes.io/is-default-class';
const betaDefaultClassAnnotation = 'storageclass.beta.kubernetes.io/is-default-class';

export function isDefaultClass(sc: KubeObject): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[defaultClassAnnotation] === 'true' || a[betaDefaultClassAnnotation] === 'true';
}

export function defaultStorageClass(classes: () => GenericStore): AdmissionPlugin {
  return {
    name: 'DefaultStorageClass',
    async admit(req) {
      if (req.operation !== 'CREATE' || req.subresource || req.info.group !== '' || req.info.resource !== 'persistentvolumeclaims' || !req.object) return;
      const spec = ((req.object.spec ??= {}) as { storageClassName?: string | null });
      if (spec.storageClassName !== undefined && spec.storageClassName !== null) return;
      const defaults = (await classes().list(undefined, {})).items.filter(isDefaultClass);
      if (!defaults.length) return;
      // Newest first; on equal times the name decides, as upstream's GetDefaultClass.
      defaults.sort((a, b) => Date.parse(b.metadata.creationTimestamp ?? '') - Date.parse(a.metadata.creationTimestamp ?? '') || a.metadata.name!.localeCompare(b.metadata.name!));
      spec.storageClassName = defaults[0]!.metadata.name!;
    },
  };
}
