/** Server-side Table output for `kubectl get` (meta.k8s.io Table), from a strategy's columns and rows. */
import type { KubeObject, Strategy } from '../registry/generic/strategy';

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableOptions {
  version: 'v1' | 'v1beta1';
  includeObject?: IncludeObject;
  now: number;
  /** Leave out columnDefinitions (watch events after the first). */
  noHeaders?: boolean;
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

function rowObject(obj: KubeObject, include: IncludeObject, version: string): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

export function toTable(strategy: Strategy, objects: KubeObject[], options: TableOptions): Record<string, unknown> {
  const include = options.includeObject ?? 'Metadata';
  const columnDefinitions = options.noHeaders ? [] : strategy.columns.map((c) => ({ priority: 0, format: '', ...c }));
  return {
    kind: 'Table',
    apiVersion: `meta.k8s.io/${options.version}`,
    metadata: options.listMeta ?? {},
    columnDefinitions,
    rows: objects.map((obj) => {
      const row: Record<string, unknown> = { cells: strategy.row(obj, options.now) };
      const o = rowObject(obj, include, options.version);
      if (o !== undefined) row.object = o;
      return row;
    }),
  };
}
