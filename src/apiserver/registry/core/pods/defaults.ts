/**
 * Upstream defaulting of a PodSpec (pkg/apis/core/v1/defaults.go), shared by Pods and every pod template
 * (Deployments, Jobs, …), and the admission-time defaults only Pods get (service account, priority,
 * default tolerations).
 */
import type { Container, PodSpec, Probe } from 'kubernetes-types/core/v1';

/** The image's tag as upstream's parsers.ParseImageName sees it: 'latest' when neither tag nor digest. */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > lastSlash) return name.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

function defaultProbe(p: Probe | undefined): void {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) p.httpGet.scheme ??= 'HTTP';
}

function defaultContainer(c: Container): void {
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.imagePullPolicy ??= imageTag(c.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
  c.resources ??= {};
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  for (const e of c.env ?? []) if (e.valueFrom?.fieldRef) e.valueFrom.fieldRef.apiVersion ??= 'v1';
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
}

/** Defaults every PodSpec gets, in Pods and templates alike. */
export function defaultPodSpec(spec: PodSpec | undefined): void {
  if (!spec) return;
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.securityContext ??= {};
  spec.schedulerName ??= 'default-scheduler';
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const v of spec.volumes ?? []) {
    if (v.configMap) v.configMap.defaultMode ??= 0o644;
    if (v.secret) v.secret.defaultMode ??= 0o644;
    if (v.downwardAPI) v.downwardAPI.defaultMode ??= 0o644;
    if (v.projected) v.projected.defaultMode ??= 0o644;
    if (v.hostPath) v.hostPath.type ??= '';
  }
}

/** SetDefaults_Pod (Pods only, not templates): requests default to limits; service links on. */
export function defaultPodOnly(spec: PodSpec | undefined): void {
  if (!spec) return;
  spec.enableServiceLinks ??= true;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const limits = c.resources?.limits as Record<string, unknown> | undefined;
    if (!limits || Object.keys(limits).length === 0) continue;
    const resources = c.resources as { requests?: Record<string, unknown> };
    const requests = (resources.requests ??= {});
    for (const [k, v] of Object.entries(limits)) requests[k] ??= v;
  }
}

/** What a Pod (not a template) gets on create: SetDefaults_Pod plus the ServiceAccount, Priority and DefaultTolerationSeconds admission plugins. */
export function defaultPodAdmission(spec: PodSpec): void {
  spec.enableServiceLinks ??= true;
  spec.serviceAccountName ||= spec.serviceAccount || 'default';
  spec.serviceAccount = spec.serviceAccountName;
  spec.priority ??= 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  const tolerations = (spec.tolerations ??= []);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'])
    // An empty key (with Exists) tolerates these taints too, as upstream's plugin counts it.
    if (!tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect)))
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
}
