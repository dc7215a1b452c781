/**
 * Every built-in resource skiff serves, with upstream's group/version, scope, short names and categories
 * (as `kubectl api-resources` shows them for Kubernetes 1.31). Subresources are listed only where served.
 */
import type { ResourceInfo } from './resources';

const all = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const createOnly = ['create'];

interface Row {
  kind: string;
  resource: string;
  namespaced?: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs?: string[];
  subresources?: string[];
}

function group(group: string, version: string, rows: Row[]): ResourceInfo[] {
  return rows.map((r) => ({
    group,
    version,
    resource: r.resource,
    singular: r.kind.toLowerCase(),
    kind: r.kind,
    namespaced: r.namespaced ?? true,
    verbs: r.verbs ?? all,
    ...(r.shortNames ? { shortNames: r.shortNames } : {}),
    ...(r.categories ? { categories: r.categories } : {}),
    ...(r.subresources ? { subresources: r.subresources } : {}),
  }));
}

const cluster = false;
const status = ['status'];
const scaled = ['scale', 'status'];

export const builtinResourceTable: ResourceInfo[] = [
  ...group('', 'v1', [
    { kind: 'ConfigMap', resource: 'configmaps', shortNames: ['cm'] },
    { kind: 'Endpoints', resource: 'endpoints', shortNames: ['ep'] },
    { kind: 'Event', resource: 'events', shortNames: ['ev'] },
    { kind: 'LimitRange', resource: 'limitranges', shortNames: ['limits'] },
    { kind: 'Namespace', resource: 'namespaces', namespaced: cluster, shortNames: ['ns'], verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], subresources: ['finalize', 'status'] },
    { kind: 'Node', resource: 'nodes', namespaced: cluster, shortNames: ['no'], subresources: status },
    { kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims', shortNames: ['pvc'], subresources: status },
    { kind: 'PersistentVolume', resource: 'persistentvolumes', namespaced: cluster, shortNames: ['pv'], subresources: status },
    { kind: 'Pod', resource: 'pods', shortNames: ['po'], categories: ['all'], subresources: ['binding', 'eviction', 'status'] },
    { kind: 'PodTemplate', resource: 'podtemplates' },
    { kind: 'ReplicationController', resource: 'replicationcontrollers', shortNames: ['rc'], categories: ['all'], subresources: scaled },
    { kind: 'ResourceQuota', resource: 'resourcequotas', shortNames: ['quota'], subresources: status },
    { kind: 'Secret', resource: 'secrets' },
    { kind: 'ServiceAccount', resource: 'serviceaccounts', shortNames: ['sa'], subresources: ['token'] },
    { kind: 'Service', resource: 'services', shortNames: ['svc'], categories: ['all'], subresources: status },
  ]),
  ...group('apps', 'v1', [
    { kind: 'ControllerRevision', resource: 'controllerrevisions' },
    { kind: 'DaemonSet', resource: 'daemonsets', shortNames: ['ds'], categories: ['all'], subresources: status },
    { kind: 'Deployment', resource: 'deployments', shortNames: ['deploy'], categories: ['all'], subresources: scaled },
    { kind: 'ReplicaSet', resource: 'replicasets', shortNames: ['rs'], categories: ['all'], subresources: scaled },
    { kind: 'StatefulSet', resource: 'statefulsets', shortNames: ['sts'], categories: ['all'], subresources: scaled },
  ]),
  ...group('batch', 'v1', [
    { kind: 'CronJob', resource: 'cronjobs', shortNames: ['cj'], categories: ['all'], subresources: status },
    { kind: 'Job', resource: 'jobs', categories: ['all'], subresources: status },
  ]),
  ...group('autoscaling', 'v2', [{ kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers', shortNames: ['hpa'], categories: ['all'], subresources: status }]),
  // Stored as autoscaling/v2, as upstream.
  ...group('autoscaling', 'v1', [{ kind: 'HorizontalPodAutoscaler', resource: 'horizontalpodautoscalers', shortNames: ['hpa'], categories: ['all'], subresources: status }]),
  ...group('networking.k8s.io', 'v1', [
    { kind: 'IngressClass', resource: 'ingressclasses', namespaced: cluster },
    { kind: 'Ingress', resource: 'ingresses', shortNames: ['ing'], subresources: status },
    { kind: 'NetworkPolicy', resource: 'networkpolicies', shortNames: ['netpol'] },
  ]),
  ...group('policy', 'v1', [{ kind: 'PodDisruptionBudget', resource: 'poddisruptionbudgets', shortNames: ['pdb'], subresources: status }]),
  ...group('rbac.authorization.k8s.io', 'v1', [
    { kind: 'ClusterRoleBinding', resource: 'clusterrolebindings', namespaced: cluster },
    { kind: 'ClusterRole', resource: 'clusterroles', namespaced: cluster },
    { kind: 'RoleBinding', resource: 'rolebindings' },
    { kind: 'Role', resource: 'roles' },
  ]),
  ...group('storage.k8s.io', 'v1', [
    { kind: 'CSIDriver', resource: 'csidrivers', namespaced: cluster },
    { kind: 'CSINode', resource: 'csinodes', namespaced: cluster },
    { kind: 'CSIStorageCapacity', resource: 'csistoragecapacities' },
    { kind: 'StorageClass', resource: 'storageclasses', namespaced: cluster, shortNames: ['sc'] },
    { kind: 'VolumeAttachment', resource: 'volumeattachments', namespaced: cluster, subresources: status },
  ]),
  ...group('coordination.k8s.io', 'v1', [{ kind: 'Lease', resource: 'leases' }]),
  ...group('discovery.k8s.io', 'v1', [{ kind: 'EndpointSlice', resource: 'endpointslices' }]),
  // Stored as the core/v1 Events they are, as upstream.
  ...group('events.k8s.io', 'v1', [{ kind: 'Event', resource: 'events', shortNames: ['ev'] }]),
  ...group('scheduling.k8s.io', 'v1', [{ kind: 'PriorityClass', resource: 'priorityclasses', namespaced: cluster, shortNames: ['pc'] }]),
  ...group('node.k8s.io', 'v1', [{ kind: 'RuntimeClass', resource: 'runtimeclasses', namespaced: cluster }]),
  ...group('apiextensions.k8s.io', 'v1', [
    { kind: 'CustomResourceDefinition', resource: 'customresourcedefinitions', namespaced: cluster, shortNames: ['crd', 'crds'], categories: ['api-extensions'], subresources: status },
  ]),
  ...group('admissionregistration.k8s.io', 'v1', [
    { kind: 'MutatingWebhookConfiguration', resource: 'mutatingwebhookconfigurations', namespaced: cluster, categories: ['api-extensions'] },
    { kind: 'ValidatingAdmissionPolicy', resource: 'validatingadmissionpolicies', namespaced: cluster, categories: ['api-extensions'], subresources: status },
    { kind: 'ValidatingAdmissionPolicyBinding', resource: 'validatingadmissionpolicybindings', namespaced: cluster, categories: ['api-extensions'] },
    { kind: 'ValidatingWebhookConfiguration', resource: 'validatingwebhookconfigurations', namespaced: cluster, categories: ['api-extensions'] },
  ]),
  ...group('certificates.k8s.io', 'v1', [{ kind: 'CertificateSigningRequest', resource: 'certificatesigningrequests', namespaced: cluster, shortNames: ['csr'], subresources: status }]),
  // The review kinds are answered, never stored.
  ...group('authentication.k8s.io', 'v1', [
    { kind: 'SelfSubjectReview', resource: 'selfsubjectreviews', namespaced: cluster, verbs: createOnly },
    { kind: 'TokenReview', resource: 'tokenreviews', namespaced: cluster, verbs: createOnly },
  ]),
  ...group('authorization.k8s.io', 'v1', [
    { kind: 'LocalSubjectAccessReview', resource: 'localsubjectaccessreviews', verbs: createOnly },
    { kind: 'SelfSubjectAccessReview', resource: 'selfsubjectaccessreviews', namespaced: cluster, verbs: createOnly },
    { kind: 'SelfSubjectRulesReview', resource: 'selfsubjectrulesreviews', namespaced: cluster, verbs: createOnly },
    { kind: 'SubjectAccessReview', resource: 'subjectaccessreviews', namespaced: cluster, verbs: createOnly },
  ]),
];
