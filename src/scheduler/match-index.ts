/**
 * Per-node counts of the pods a label selector picks (in one namespace, not terminating), for
 * PodTopologySpread. The first question for a selector scans every pod once; after that the counts
 * follow each pod added or removed, so consecutive pods of one workload cost no rescans. The least
 * recently asked selectors are dropped beyond a few dozen.
 */
import type { Pod } from 'kubernetes-types/core/v1';
import type { Selector } from '../api/labels';
import { selects } from '../api/label-selector';

const maxSelectors = 32;

interface Entry {
  selector: Selector | undefined;
  namespace: string | undefined;
  perNode: Map<string, number>;
}

export function counts(pod: Pod, selector: Selector | undefined, namespace: string | undefined): boolean {
  const m = pod.metadata;
  return m?.namespace === namespace && !m?.deletionTimestamp && selects(selector, m?.labels);
}

export class MatchIndex {
  /** Insertion order is recency: asking again moves an entry to the end. */
  private readonly entries = new Map<string, Entry>();

  /** Node name → matching pods; `scan` lists every placed pod with its node, for a new selector. */
  get(selector: Selector | undefined, namespace: string | undefined, scan: () => Iterable<[Pod, string]>): Map<string, number> {
    const key = `${namespace}\u0000${JSON.stringify(selector)}`;
    let e = this.entries.get(key);
    if (e) {
      this.entries.delete(key);
    } else {
      e = { selector, namespace, perNode: new Map() };
      for (const [pod, node] of scan()) if (counts(pod, selector, namespace)) e.perNode.set(node, (e.perNode.get(node) ?? 0) + 1);
      if (this.entries.size >= maxSelectors) this.entries.delete(this.entries.keys().next().value!);
    }
    this.entries.set(key, e);
    return e.perNode;
  }

  /** A pod placed on (+1) or taken from (−1) `node`. */
  update(pod: Pod, node: string, sign: 1 | -1): void {
    for (const e of this.entries.values()) {
      if (!counts(pod, e.selector, e.namespace)) continue;
      const n = (e.perNode.get(node) ?? 0) + sign;
      if (n > 0) e.perNode.set(node, n);
      else e.perNode.delete(node);
    }
  }
}
