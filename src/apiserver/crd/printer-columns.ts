/**
 * Table output of custom resources (upstream pkg/registry/customresource/tableconvertor): NAME, then the
 * version's additionalPrinterColumns with their JSONPath evaluated per object; dates print as ages. A
 * version without printer columns shows NAME and AGE.
 */
import type { Column, KubeObject } from '../registry/generic/strategy';
import { age } from '../table/age';
import { nameColumn } from '../table/columns';
import { evaluate, parseJSONPath } from './jsonpath';

export interface PrinterColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

const defaultColumns: PrinterColumn[] = [
  { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp', description: 'Time since the object was created (metadata.creationTimestamp).' },
];

export interface Printer {
  columns: Column[];
  row(obj: KubeObject, now: number): unknown[];
}

export function printerFor(printerColumns: PrinterColumn[] | undefined): Printer {
  const specs = printerColumns && printerColumns.length > 0 ? printerColumns : defaultColumns;
  const compiled = specs.map((c) => ({ column: c, steps: parseJSONPath(c.jsonPath) }));
  const columns: Column[] = [
    nameColumn,
    ...specs.map((c) => ({ name: c.name, type: c.type as Column['type'], format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 })),
  ];
  return {
    columns,
    row: (obj, now) => [obj.metadata.name, ...compiled.map(({ column, steps }) => cell(column, evaluate(steps, obj), now))],
  };
}

function cell(column: PrinterColumn, values: unknown[], now: number): unknown {
  if (values.length === 0) return null;
  if (values.length > 1) return values.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(',');
  const v = values[0];
  if (v === null || v === undefined) return null;
  if (column.type === 'date') return typeof v === 'string' ? age(v, now) : null;
  if (typeof v === 'object') return JSON.stringify(v);
  return v;
}
