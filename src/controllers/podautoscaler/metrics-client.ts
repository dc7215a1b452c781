/**
 * Reads the resource metrics API (metrics.k8s.io/v1beta1 PodMetrics) through the Client, as upstream's
 * resource metrics client does: one list by the target's selector, each pod's usage of a resource summed
 * over its containers in milli-units (a pod missing the resource in any container has no value), or the
 * usage of one named container (ContainerResource metrics).
 */
import { milli } from '../../api/quantity';
import type { Client, KubeObject } from '../../client/interface';
import type { PodMetrics } from './replica-calculator';

export const podMetricsRef = { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods' };

interface PodMetricsItem extends KubeObject {
  timestamp?: string;
  window?: string;
  containers?: { name: string; usage?: Record<string, string> }[];
}

/** Go duration text as metrics-server writes it ("15s", "20.05s", "1m0s") in milliseconds. */
export function durationMs(text: string | undefined): number {
  if (!text) return 0;
  let ms = 0;
  for (const [, n, unit] of text.matchAll(/([\d.]+)(h|ms|m|s)/g)) ms += Number(n) * ({ h: 3_600_000, m: 60_000, s: 1000, ms: 1 }[unit as 'h' | 'm' | 's' | 'ms']);
  return ms;
}

export async function resourceMetric(client: Client, resource: string, namespace: string, selector: string, container?: string): Promise<PodMetrics> {
  const list = await client.list<PodMetricsItem>(podMetricsRef, namespace, { labelSelector: selector });
  if (list.items.length === 0) throw new Error('no metrics returned from resource metrics API');
  const out: PodMetrics = new Map();
  for (const item of list.items) {
    const containers = (item.containers ?? []).filter((c) => container === undefined || c.name === container);
    if (containers.length === 0 || containers.some((c) => c.usage?.[resource] === undefined)) continue;
    const value = containers.reduce((sum, c) => sum + milli(c.usage![resource]!), 0);
    out.set(item.metadata.name!, { value, timestamp: Date.parse(item.timestamp ?? '') || 0, windowMs: durationMs(item.window) });
  }
  return out;
}
