/**
 * A Service's Endpoints subsets from its pods (upstream endpoints controller syncService plus
 * endpoints.RepackSubsets): each pod's address goes to `addresses` when ready (or when the service
 * publishes not-ready addresses) and to `notReadyAddresses` otherwise; addresses with the same resolved
 * ports share a subset; addresses are sorted by IP and ports by name.
 */
import type { EndpointAddress, EndpointSubset, Pod, Service } from 'kubernetes-types/core/v1';
import { endpointHostname, endpointPorts, type EndpointPort, isPodReady, podIPv4, podTargetRef, shouldPodBeInEndpoints } from './pods';

function address(service: Service, pod: Pod, ip: string): EndpointAddress {
  const a: EndpointAddress = { ip };
  const hostname = endpointHostname(service, pod);
  if (hostname) a.hostname = hostname;
  if (pod.spec?.nodeName) a.nodeName = pod.spec.nodeName;
  a.targetRef = podTargetRef(pod);
  return a;
}

const portsKey = (ports: EndpointPort[]) => JSON.stringify([...ports].sort(comparePorts));
const comparePorts = (a: EndpointPort, b: EndpointPort) => (a.name ?? '').localeCompare(b.name ?? '') || a.port - b.port || a.protocol.localeCompare(b.protocol);

function compareIPs(a: EndpointAddress, b: EndpointAddress): number {
  const n = (ip: string) => ip.split('.').map((p) => p.padStart(3, '0')).join('.');
  return n(a.ip).localeCompare(n(b.ip)) || (a.targetRef?.uid ?? '').localeCompare(b.targetRef?.uid ?? '');
}

export function desiredSubsets(service: Service, selected: Pod[]): EndpointSubset[] {
  const publishNotReady = service.spec?.publishNotReadyAddresses === true;
  const headlessWithoutPorts = service.spec?.clusterIP === 'None' && !(service.spec?.ports ?? []).length;
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const pod of selected) {
    if (!shouldPodBeInEndpoints(pod, publishNotReady)) continue;
    const ip = podIPv4(pod);
    if (!ip) continue;
    const ports = endpointPorts(service, pod);
    // A pod resolving none of the ports is left out, except for a headless service with no ports at all.
    if (!ports.length && !headlessWithoutPorts) continue;
    const key = portsKey(ports);
    const group = groups.get(key) ?? { ports: [...ports].sort(comparePorts), ready: [], notReady: [] };
    groups.set(key, group);
    (publishNotReady || isPodReady(pod) ? group.ready : group.notReady).push(address(service, pod, ip));
  }
  const subsets: EndpointSubset[] = [];
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key)!;
    const subset: EndpointSubset = {};
    if (g.ready.length) subset.addresses = g.ready.sort(compareIPs);
    if (g.notReady.length) subset.notReadyAddresses = g.notReady.sort(compareIPs);
    if (g.ports.length) subset.ports = g.ports as EndpointSubset['ports'];
    subsets.push(subset);
  }
  return subsets;
}
