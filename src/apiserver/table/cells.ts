/**
 * Cell formatting shared by the Table printers, as upstream's printers.go and apimachinery format them:
 * label maps and selectors, container/image lists, "a,b,c + N more..." lists, booleans.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { Container } from 'kubernetes-types/core/v1';
import type { Column } from '../registry/generic/strategy';

/** labels.FormatLabels: `a=1,b=2` sorted by key, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** labels.Selector.String() of metav1.LabelSelectorAsSelector: '' for nil or empty selectors. */
export function selectorString(sel: LabelSelector | undefined | null): string {
  if (!sel) return '';
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    const text =
      e.operator === 'In' ? `${e.key} in (${values})` : e.operator === 'NotIn' ? `${e.key} notin (${values})` : e.operator === 'Exists' ? e.key : e.operator === 'DoesNotExist' ? `!${e.key}` : `${e.key} ${e.operator}`;
    reqs.push({ key: e.key, text });
  }
  // The selector sorts its requirements by key (stable for equal keys).
  return reqs
    .map((r, i) => ({ ...r, i }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i))
    .map((r) => r.text)
    .join(',');
}

/** metav1.FormatLabelSelector: the selector string, `<none>` when it selects by nothing. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  return selectorString(sel) || '<none>';
}

/** layoutContainerCells: container names and images, comma-separated. */
export function containerCells(containers: Container[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/** The first `max` items joined by commas, then ` + N more...`; `empty` when there are none. */
export function listWithMore(items: string[], max: number, empty: string, total = items.length): string {
  if (items.length === 0) return empty;
  const shown = items.slice(0, max).join(',');
  return total > max ? `${shown} + ${total - max} more...` : shown;
}

/** printBoolPtr: True/False, or <unset> when nil. */
export function boolPtr(v: boolean | undefined): string {
  return v === undefined ? '<unset>' : v ? 'True' : 'False';
}

/** intstr.IntOrString.String(). */
export function intOrString(v: number | string | undefined): string {
  return v === undefined ? '' : String(v);
}

/** PersistentVolume access modes as upstream abbreviates them, in its fixed order. */
export function accessModes(modes: string[] | undefined): string {
  const set = new Set(modes ?? []);
  const abbrev: [string, string][] = [
    ['ReadWriteOnce', 'RWO'],
    ['ReadOnlyMany', 'ROX'],
    ['ReadWriteMany', 'RWX'],
    ['ReadWriteOncePod', 'RWOP'],
  ];
  return abbrev.filter(([m]) => set.has(m)).map(([, a]) => a).join(',');
}

/** A column definition: the printers' description is informative only. */
export function col(name: string, type: Column['type'] = 'string', priority = 0, description = ''): Column {
  return priority ? { name, type, priority, description } : { name, type, description };
}

/** Columns shared by the workload printers' wide output. */
export const containersColumn = col('Containers', 'string', 1, 'Names of each container in the template.');
export const imagesColumn = col('Images', 'string', 1, 'Images referenced by each container in the template.');
export const selectorColumn = col('Selector', 'string', 1, 'Label query over pods.');

/** RFC 3339 in UTC without fractions, as Go's time.RFC3339 prints a metav1.Time (CREATED AT columns). */
export function createdAt(timestamp: string | undefined): string {
  if (!timestamp) return '';
  return new Date(Date.parse(timestamp)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
