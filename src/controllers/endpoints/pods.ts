/**
 * What the Endpoints and EndpointSlice controllers both need to know about a Service's pods (upstream
 * pkg/controller/util/endpoint and endpointslice/util): which pods a Service selects, whether a pod
 * belongs in its endpoints, which port a service port's targetPort names on a pod, and the
 * last-change-trigger-time annotation.
 */
import type { Pod, Service, ServicePort } from 'kubernetes-types/core/v1';

export const services = { group: '', version: 'v1', resource: 'services' };
export const pods = { group: '', version: 'v1', resource: 'pods' };
export const triggerTimeAnnotation = 'endpoints.kubernetes.io/last-change-trigger-time';
export const headlessLabel = 'service.kubernetes.io/headless';

/** A Service with no selector (nil) is not managed by these controllers; an empty one selects every pod. */
export function selectsPod(service: Service, pod: Pod): boolean {
  const selector = service.spec?.selector;
  if (!selector || pod.metadata?.namespace !== service.metadata?.namespace) return false;
  const labels = pod.metadata?.labels ?? {};
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/** Upstream endpointutil.ShouldPodBeInEndpoints: it has an IP, is not finished, and is not being deleted unless asked. */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP && !(pod.status?.podIPs ?? []).length) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function podIPv4(pod: Pod): string | undefined {
  const ips = [pod.status?.podIP, ...(pod.status?.podIPs ?? []).map((p) => p.ip)].filter((ip): ip is string => !!ip);
  return ips.find((ip) => !ip.includes(':'));
}

/**
 * Upstream podutil.FindPort: a numeric targetPort is itself (default: the service port); a name is looked
 * up among the pod's container ports with the same protocol. Undefined when the pod has no such port.
 */
export function findPort(pod: Pod, port: ServicePort): number | undefined {
  const target = port.targetPort ?? port.port;
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  const protocol = port.protocol ?? 'TCP';
  for (const c of pod.spec?.containers ?? []) {
    for (const cp of c.ports ?? []) if (cp.name === target && (cp.protocol ?? 'TCP') === protocol) return cp.containerPort;
  }
  return undefined;
}

export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** The ports of one pod's endpoint, one per service port it resolves, in service order. */
export function endpointPorts(service: Service, pod: Pod): EndpointPort[] {
  const out: EndpointPort[] = [];
  for (const sp of service.spec?.ports ?? []) {
    const port = findPort(pod, sp);
    if (port === undefined) continue;
    const ep: EndpointPort = { name: sp.name ?? '', port, protocol: sp.protocol ?? 'TCP' };
    if (sp.appProtocol) ep.appProtocol = sp.appProtocol;
    out.push(ep);
  }
  return out;
}

/** Upstream sets a pod's hostname on its endpoint only when the pod's subdomain is the service's name. */
export function endpointHostname(service: Service, pod: Pod): string | undefined {
  return pod.spec?.hostname && pod.spec.subdomain === service.metadata?.name ? pod.spec.hostname : undefined;
}

export function podTargetRef(pod: Pod) {
  return { kind: 'Pod', namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, uid: pod.metadata!.uid! };
}

/**
 * The time of the last change that the endpoints reflect (upstream TriggerTimeTracker, simplified to the
 * level it can see): the latest of the service's creation and each pod's creation, Ready transition
 * and deletion mark.
 */
export function lastChangeTriggerTime(service: Service, selected: Pod[]): string | undefined {
  let latest = service.metadata?.creationTimestamp;
  const later = (t: string | undefined) => {
    if (t && (!latest || Date.parse(t) > Date.parse(latest))) latest = t;
  };
  for (const pod of selected) {
    later(pod.metadata?.creationTimestamp);
    later(pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime);
    later(pod.metadata?.deletionTimestamp);
  }
  return latest;
}

/** Labels upstream copies onto Endpoints and EndpointSlices: the service's, plus headless for clusterIP None. */
export function serviceLabels(service: Service): Record<string, string> {
  const labels = { ...(service.metadata?.labels ?? {}) };
  if (service.spec?.clusterIP === 'None') labels[headlessLabel] = '';
  return labels;
}
