/**
 * Which slices to create, update and delete so a Service's slices hold the desired endpoints (upstream
 * endpointslice reconciler, reconcileByPortMapping): endpoints stay in the slice they are in; slices of
 * ports no longer wanted, or left empty, go; new endpoints fill slices already being updated, then
 * slices with room, then new slices of at most `maxEndpoints`. A Service with no endpoints keeps one empty
 * placeholder slice.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Endpoint, EndpointSlice } from 'kubernetes-types/discovery/v1';
import { type PortGroup, portsKey } from './endpoints';
import type { EndpointPort } from '../endpoints/pods';

export const maxEndpointsPerSlice = 100;

export interface SlicePlan {
  create: EndpointSlice[];
  update: EndpointSlice[];
  delete: EndpointSlice[];
}

const sliceKey = (s: EndpointSlice) => portsKey((s.ports ?? []) as EndpointPort[]);

/** Keeps what is still desired in each existing slice of one port group; says which changed. */
function keepExisting(existing: EndpointSlice[], group: PortGroup, placed: Set<string>) {
  const kept: { slice: EndpointSlice; changed: boolean }[] = [];
  const dropped: EndpointSlice[] = [];
  for (const slice of existing) {
    const endpoints: Endpoint[] = [];
    for (const ep of slice.endpoints ?? []) {
      const ip = ep.addresses[0]!;
      const want = group.endpoints.get(ip);
      if (want && !placed.has(ip)) {
        endpoints.push(want);
        placed.add(ip);
      }
    }
    if (!endpoints.length) dropped.push(slice);
    else kept.push({ slice: { ...slice, endpoints }, changed: !isDeepStrictEqual(endpoints, slice.endpoints) });
  }
  return { kept, dropped };
}

function planGroup(group: PortGroup, existing: EndpointSlice[], template: (ports: EndpointPort[]) => EndpointSlice, max: number, plan: SlicePlan): void {
  const placed = new Set<string>();
  const { kept, dropped } = keepExisting(existing, group, placed);
  plan.delete.push(...dropped);
  const pending = [...group.endpoints.entries()].filter(([ip]) => !placed.has(ip)).map(([, ep]) => ep);
  // Slices already being written take new endpoints first, then those with room.
  const order = [...kept.filter((k) => k.changed), ...kept.filter((k) => !k.changed)];
  for (const k of order) {
    while (pending.length && k.slice.endpoints.length < max) {
      k.slice.endpoints.push(pending.shift()!);
      k.changed = true;
    }
    if (k.changed) plan.update.push(k.slice);
  }
  while (pending.length) plan.create.push({ ...template(group.ports), endpoints: pending.splice(0, max) });
}

export function planSlices(
  desired: Map<string, PortGroup>,
  existing: EndpointSlice[],
  template: (ports: EndpointPort[]) => EndpointSlice,
  max = maxEndpointsPerSlice,
): SlicePlan {
  const plan: SlicePlan = { create: [], update: [], delete: [] };
  const byPorts = new Map<string, EndpointSlice[]>();
  for (const s of existing) byPorts.set(sliceKey(s), [...(byPorts.get(sliceKey(s)) ?? []), s]);
  for (const [key, slices] of byPorts) if (!desired.has(key)) plan.delete.push(...slices);
  for (const [key, group] of desired) planGroup(group, byPorts.get(key) ?? [], template, max, plan);
  if (desired.size === 0 || [...desired.values()].every((g) => g.endpoints.size === 0)) {
    // The placeholder: reuse an empty portless slice if there is one, else make one.
    const keep = existing.find((s) => !(s.endpoints ?? []).length && !(s.ports ?? []).length);
    if (keep) plan.delete = plan.delete.filter((s) => s !== keep);
    else plan.create.push({ ...template([]), endpoints: [] });
  }
  return plan;
}
