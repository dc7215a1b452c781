/**
 * Deployment helpers (upstream pkg/controller/deployment/util/deployment_util.go): the pod-template hash,
 * maxSurge/maxUnavailable resolution, revisions, and the annotations a Deployment puts on its ReplicaSets.
 */
import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';

export const templateHashLabel = 'pod-template-hash';
export const revisionAnnotation = 'deployment.kubernetes.io/revision';
export const revisionHistoryAnnotation = 'deployment.kubernetes.io/revision-history';
export const desiredReplicasAnnotation = 'deployment.kubernetes.io/desired-replicas';
export const maxReplicasAnnotation = 'deployment.kubernetes.io/max-replicas';
/** Upstream's default --deployment-controller revision history cap, in characters. */
const maxRevisionHistoryChars = 2000;

/** Annotations the Deployment never copies onto its ReplicaSets (upstream skipCopyAnnotation). */
const notCopied = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  revisionAnnotation,
  revisionHistoryAnnotation,
  desiredReplicasAnnotation,
  maxReplicasAnnotation,
  'deprecated.deployment.rollback.to',
]);

/**
 * JSON with object keys sorted and null fields left out, so templates equal as Go structs hash and
 * compare equal (`kubectl rollout undo` sends `creationTimestamp: null` in the template it copies).
 */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined && x !== null).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function fnv32a(bytes: Uint8Array, hash = 0x811c9dc5): number {
  let h = hash;
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193) >>> 0;
  return h;
}

/** Upstream rand.SafeEncodeString: digits mapped onto consonants and digits that spell no words. */
function safeEncode(s: string): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  return [...s].map((c) => alphabet[c.charCodeAt(0) % alphabet.length]).join('');
}

/**
 * Upstream controller.ComputeHash: fnv-32a of the template, then of the collision count (little-endian
 * uint32) when there is one. Upstream hashes Go's spew dump of the struct; we hash canonical JSON, so the
 * value differs from upstream's for the same template but is just as stable.
 */
export function computeHash(template: PodTemplateSpec | undefined, collisionCount?: number): string {
  let h = fnv32a(new TextEncoder().encode(canonical(template ?? {})));
  if (collisionCount !== undefined && collisionCount !== null) {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, collisionCount >>> 0, true);
    h = fnv32a(b, h);
  }
  return safeEncode(String(h));
}

/** Upstream EqualIgnoreHash: templates equal once the pod-template-hash label is left out. */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined) => {
    const c = structuredClone(t ?? {});
    if (c.metadata?.labels) {
      delete c.metadata.labels[templateHashLabel];
      if (Object.keys(c.metadata.labels).length === 0) delete c.metadata.labels;
    }
    return canonical(c);
  };
  return strip(a) === strip(b);
}

/** Upstream intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined) return 0;
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) {
    if (/^\d+$/.test(v)) return Number(v);
    throw new Error(`invalid value for IntOrString: invalid value "${v}"`);
  }
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

const isRolling = (d: Deployment) => (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';
export const replicasOf = (d: Deployment | ReplicaSet) => d.spec?.replicas ?? 1;

/** Upstream ResolveFenceposts: surge rounds up, unavailability down, and both zero means one unavailable. */
export function resolveFenceposts(d: Deployment): { maxSurge: number; maxUnavailable: number } {
  const ru = d.spec?.strategy?.rollingUpdate;
  const desired = replicasOf(d);
  const maxSurge = scaledValue(ru?.maxSurge ?? '25%', desired, true);
  const maxUnavailable = scaledValue(ru?.maxUnavailable ?? '25%', desired, false);
  return maxSurge === 0 && maxUnavailable === 0 ? { maxSurge, maxUnavailable: 1 } : { maxSurge, maxUnavailable };
}

export function maxSurge(d: Deployment): number {
  return isRolling(d) ? resolveFenceposts(d).maxSurge : 0;
}

export function maxUnavailable(d: Deployment): number {
  if (!isRolling(d) || replicasOf(d) === 0) return 0;
  return Math.min(resolveFenceposts(d).maxUnavailable, replicasOf(d));
}

export function revisionOf(rs: ReplicaSet): number {
  const v = Number(rs.metadata?.annotations?.[revisionAnnotation] ?? 0);
  return Number.isFinite(v) ? v : 0;
}

export const maxRevision = (rss: ReplicaSet[]) => rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);

function intAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata?.annotations?.[key];
  return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : undefined;
}

export const desiredReplicasOf = (rs: ReplicaSet) => intAnnotation(rs, desiredReplicasAnnotation);
export const maxReplicasOf = (rs: ReplicaSet) => intAnnotation(rs, maxReplicasAnnotation);

/** Upstream SetReplicasAnnotations; returns whether anything changed. */
export function setReplicasAnnotations(rs: ReplicaSet, desired: number, max: number): boolean {
  const a = ((rs.metadata ??= {}).annotations ??= {});
  const changed = a[desiredReplicasAnnotation] !== String(desired) || a[maxReplicasAnnotation] !== String(max);
  a[desiredReplicasAnnotation] = String(desired);
  a[maxReplicasAnnotation] = String(max);
  return changed;
}

/** Upstream ReplicasAnnotationsNeedUpdate. */
export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, desired: number, max: number): boolean {
  return desiredReplicasOf(rs) !== desired || maxReplicasOf(rs) !== max;
}

/**
 * Upstream SetNewReplicaSetAnnotations: copies the Deployment's annotations, moves the revision forward
 * (keeping the one it replaces in revision-history, as a rollback to an old ReplicaSet does), and on a
 * new ReplicaSet sets the replicas annotations. Returns whether anything changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, newRevision: string, exists: boolean): boolean {
  const a = ((rs.metadata ??= {}).annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata?.annotations ?? {})) {
    if (notCopied.has(k) || a[k] === v) continue;
    a[k] = v;
    changed = true;
  }
  const oldRevision = a[revisionAnnotation];
  const oldNum = oldRevision === undefined ? 0 : Number(oldRevision);
  if (Number.isNaN(oldNum)) return changed;
  if (oldNum < Number(newRevision)) {
    a[revisionAnnotation] = newRevision;
    changed = true;
    if (oldRevision !== undefined) keepRevisionHistory(a, oldRevision);
  }
  if (!exists && setReplicasAnnotations(rs, replicasOf(d), replicasOf(d) + maxSurge(d))) changed = true;
  return changed;
}

function keepRevisionHistory(a: Record<string, string>, oldRevision: string): void {
  const history = a[revisionHistoryAnnotation] ?? '';
  if (history === '') {
    a[revisionHistoryAnnotation] = oldRevision;
    return;
  }
  const old = history.split(',');
  let total = history.length + oldRevision.length + 1;
  let start = 0;
  while (total > maxRevisionHistoryChars && start < old.length) total -= old[start++]!.length + 1;
  if (total <= maxRevisionHistoryChars) a[revisionHistoryAnnotation] = [...old.slice(start), oldRevision].join(',');
}

const created = (rs: ReplicaSet) => Date.parse(rs.metadata?.creationTimestamp ?? '') || 0;

/** Oldest first, ties by name (upstream ReplicaSetsByCreationTimestamp). */
export function byCreation(a: ReplicaSet, b: ReplicaSet): number {
  return created(a) - created(b) || (a.metadata!.name! < b.metadata!.name! ? -1 : 1);
}

/** Upstream FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
export function findNewReplicaSet(d: Deployment, rss: ReplicaSet[]): ReplicaSet | undefined {
  return [...rss].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

export const specReplicas = (rss: (ReplicaSet | undefined)[]) => rss.reduce((n, rs) => n + (rs ? (rs.spec?.replicas ?? 0) : 0), 0);
export const statusReplicas = (rss: (ReplicaSet | undefined)[]) => rss.reduce((n, rs) => n + (rs?.status?.replicas ?? 0), 0);
export const readyReplicas = (rss: (ReplicaSet | undefined)[]) => rss.reduce((n, rs) => n + (rs?.status?.readyReplicas ?? 0), 0);
export const availableReplicas = (rss: (ReplicaSet | undefined)[]) => rss.reduce((n, rs) => n + (rs?.status?.availableReplicas ?? 0), 0);
export const activeReplicaSets = (rss: (ReplicaSet | undefined)[]) => rss.filter((rs): rs is ReplicaSet => !!rs && (rs.spec?.replicas ?? 0) > 0);

/** Upstream NewRSNewReplicas for a rolling update: grow the new ReplicaSet as far as maxSurge allows. */
export function newRSNewReplicas(d: Deployment, all: ReplicaSet[], newRS: ReplicaSet): number {
  if (!isRolling(d)) return replicasOf(d);
  const current = specReplicas(all);
  const maxTotal = replicasOf(d) + maxSurge(d);
  const newReplicas = newRS.spec?.replicas ?? 0;
  if (current >= maxTotal) return newReplicas;
  return newReplicas + Math.max(0, Math.min(maxTotal - current, replicasOf(d) - newReplicas));
}
