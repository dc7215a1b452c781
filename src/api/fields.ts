/**
 * Field selectors (`?fieldSelector=metadata.name=x,status.phase!=Running`): only `=`, `==` and `!=`,
 * over the fields a resource declares selectable, as upstream.
 */
export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

export class FieldSelectorError extends Error {}

export function parseFieldSelector(s: string | undefined): FieldRequirement[] {
  if (!s || s.trim() === '') return [];
  return s.split(',').map((part) => {
    const m = /^\s*([^=!\s]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
    if (!m) throw new FieldSelectorError(`invalid selector: '${s}'; can't understand '${part}'`);
    return { field: m[1]!, operator: m[2] === '!=' ? '!=' : '=', value: m[3]! };
  });
}

/** Checks every field is one the resource supports; returns the first unsupported field label, if any. */
export function unsupportedField(reqs: FieldRequirement[], supported: Iterable<string>): string | undefined {
  const set = new Set(supported);
  return reqs.find((r) => !set.has(r.field))?.field;
}

export function matchesFields(reqs: FieldRequirement[], fields: Record<string, string>): boolean {
  return reqs.every((r) => (r.operator === '=' ? fields[r.field] === r.value : fields[r.field] !== r.value));
}
