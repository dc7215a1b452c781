/** The QoS class of a Pod (upstream pkg/apis/core/helper/qos): Guaranteed, Burstable or BestEffort. */
import type { Container, PodSpec } from 'kubernetes-types/core/v1';

const suffixes: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The value of a resource.Quantity string (`100m`, `1Gi`, `1e3`); NaN when malformed. */
export function parseQuantity(q: string | number): number {
  if (typeof q === 'number') return q;
  const m = /^([+-]?[0-9.]+)(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)?)$/.exec(q.trim());
  if (!m) return NaN;
  return Number(m[1]) * (m[2] ? Number(`1${m[2]}`) : suffixes[m[3] ?? '']!);
}

const qosResources = ['cpu', 'memory'];

export function qosClass(spec: PodSpec | undefined): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const containers: Container[] = [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const requests = (c.resources?.requests ?? {}) as Record<string, string | number>;
    const limits = (c.resources?.limits ?? {}) as Record<string, string | number>;
    for (const r of qosResources) {
      const req = requests[r] !== undefined ? parseQuantity(requests[r]!) : undefined;
      const lim = limits[r] !== undefined ? parseQuantity(limits[r]!) : undefined;
      if ((req ?? 0) !== 0 || (lim ?? 0) !== 0) any = true;
      // Requests default to limits, so only a differing explicit request breaks Guaranteed.
      if (lim === undefined || lim === 0 || (req !== undefined && req !== lim)) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed && containers.length > 0 ? 'Guaranteed' : 'Burstable';
}
