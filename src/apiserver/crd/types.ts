/** The apiextensions.k8s.io/v1 CustomResourceDefinition fields skiff reads (the object is stored as sent). */
import type { KubeObject } from '../registry/generic/strategy';
import type { PrinterColumn } from './printer-columns';
import type { JSONSchemaProps } from './schema/types';

export interface CRDNames {
  plural: string;
  singular?: string;
  kind: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface CRDVersion {
  name: string;
  served: boolean;
  storage: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema?: { openAPIV3Schema?: JSONSchemaProps };
  subresources?: { status?: object; scale?: ScaleSubresource };
  additionalPrinterColumns?: PrinterColumn[];
  /** Fields `?fieldSelector=` may use besides metadata.name and metadata.namespace (1.31 beta, on by default). */
  selectableFields?: Array<{ jsonPath: string }>;
}

export interface CRDCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface CRD extends KubeObject {
  spec: {
    group: string;
    names: CRDNames;
    scope: 'Namespaced' | 'Cluster';
    versions: CRDVersion[];
    conversion?: { strategy: string };
    preserveUnknownFields?: boolean;
  };
  status?: {
    acceptedNames?: CRDNames;
    conditions?: CRDCondition[];
    storedVersions?: string[];
  };
}

/** The finalizer that makes deleting a CRD delete its custom resources first (upstream's name). */
export const cleanupFinalizer = 'customresourcecleanup.apiextensions.k8s.io';

export const storageVersion = (crd: CRD): CRDVersion | undefined => crd.spec.versions.find((v) => v.storage);
