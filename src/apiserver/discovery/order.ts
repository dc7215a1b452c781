/**
 * The order groups and versions are listed in. Clients take it as preference: kubectl resolves a short
 * name or an ambiguous resource to the first group that has it, and a group's first version is its
 * preferred one. Mirrors kube-apiserver's APIService priorities (DefaultGenericAPIServicePriorities plus
 * the kube-apiserver groups) and kube-aware version ordering.
 */

/** groupPriorityMinimum of the built-in groups; higher first. Unknown groups (CRDs) get 1000, as upstream. */
const groupPriorities: Record<string, number> = {
  // Above the maximum so it is always first, as upstream lists the aggregator's own group.
  'apiregistration.k8s.io': 20001,
  '': 18000,
  apps: 17800,
  'events.k8s.io': 17750,
  'authentication.k8s.io': 17700,
  'authorization.k8s.io': 17600,
  autoscaling: 17500,
  batch: 17400,
  'certificates.k8s.io': 17300,
  'networking.k8s.io': 17200,
  policy: 17100,
  'rbac.authorization.k8s.io': 17000,
  'storage.k8s.io': 16800,
  'admissionregistration.k8s.io': 16700,
  'apiextensions.k8s.io': 16700,
  'scheduling.k8s.io': 16600,
  'coordination.k8s.io': 16500,
  'node.k8s.io': 16300,
  'discovery.k8s.io': 16200,
  'flowcontrol.apiserver.k8s.io': 16100,
  'internal.apiserver.k8s.io': 16000,
  'resource.k8s.io': 15900,
  'storagemigration.k8s.io': 15800,
};

const defaultGroupPriority = 1000;

/** Sorts groups: priority, highest first, then name. */
export function compareGroups(a: string, b: string): number {
  const pa = groupPriorities[a] ?? defaultGroupPriority;
  const pb = groupPriorities[b] ?? defaultGroupPriority;
  return pb - pa || (a < b ? -1 : a > b ? 1 : 0);
}

const stages = { '': 3, beta: 2, alpha: 1 } as const;

function parseVersion(v: string): { stage: number; major: number; minor: number } | undefined {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return undefined;
  return { stage: stages[(m[2] ?? '') as keyof typeof stages], major: Number(m[1]), minor: Number(m[3] ?? 0) };
}

/**
 * Kube-aware version order (upstream version.CompareKubeAwareVersionStrings): GA before beta before alpha,
 * higher numbers first; versions that do not look like Kubernetes versions last, alphabetically.
 */
export function compareVersions(a: string, b: string): number {
  const va = parseVersion(a);
  const vb = parseVersion(b);
  if (va && vb) return vb.stage - va.stage || vb.major - va.major || vb.minor - va.minor;
  if (va) return -1;
  if (vb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
