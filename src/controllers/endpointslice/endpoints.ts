/**
 * The endpoints a Service's slices should hold (upstream endpointslice reconciler's desired set): one per
 * pod with an IPv4 address, including terminating pods, grouped by the ports the pod resolves. Conditions
 * as upstream podToEndpoint: serving = the pod is Ready; terminating = it is being deleted; ready =
 * serving and not terminating (or always, when the service publishes not-ready addresses).
 */
import type { Node, Pod, Service } from 'kubernetes-types/core/v1';
import type { Endpoint } from 'kubernetes-types/discovery/v1';
import { endpointHostname, endpointPorts, type EndpointPort, isPodReady, podIPv4, podTargetRef, shouldPodBeInEndpoints } from '../endpoints/pods';

export const zoneLabel = 'topology.kubernetes.io/zone';

export interface PortGroup {
  ports: EndpointPort[];
  /** Endpoints keyed by their address. */
  endpoints: Map<string, Endpoint>;
}

export function portsKey(ports: EndpointPort[]): string {
  return JSON.stringify(ports.map((p) => [p.name ?? '', p.port, p.protocol, p.appProtocol ?? '']));
}

export function podToEndpoint(service: Service, pod: Pod, ip: string, node: Node | undefined): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata?.deletionTimestamp;
  const ep: Endpoint = {
    addresses: [ip],
    conditions: { ready: service.spec?.publishNotReadyAddresses === true || (serving && !terminating), serving, terminating },
  };
  const hostname = endpointHostname(service, pod);
  if (hostname) ep.hostname = hostname;
  if (pod.spec?.nodeName) ep.nodeName = pod.spec.nodeName;
  const zone = node?.metadata?.labels?.[zoneLabel];
  if (zone) ep.zone = zone;
  ep.targetRef = podTargetRef(pod);
  return ep;
}

export function desiredEndpoints(service: Service, selected: Pod[], nodeOf: (name: string) => Node | undefined): Map<string, PortGroup> {
  const groups = new Map<string, PortGroup>();
  for (const pod of selected) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ip = podIPv4(pod);
    if (!ip) continue;
    const ports = endpointPorts(service, pod);
    const key = portsKey(ports);
    const group = groups.get(key) ?? { ports, endpoints: new Map() };
    groups.set(key, group);
    group.endpoints.set(ip, podToEndpoint(service, pod, ip, pod.spec?.nodeName ? nodeOf(pod.spec.nodeName) : undefined));
  }
  return groups;
}
