/**
 * Label selectors in the string form of `?labelSelector=` (upstream k8s.io/apimachinery/pkg/labels):
 * `a=b`, `a==b`, `a!=b`, `a in (x,y)`, `a notin (x)`, `a`, `!a`, `a>1`, `a<1`, joined by commas.
 */
export type Operator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

export interface Requirement {
  key: string;
  operator: Operator;
  values: string[];
}

export type Selector = Requirement[];

export class SelectorParseError extends Error {}

const keyRe = /^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$/;

function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of s) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

function checkKey(key: string, whole: string): string {
  if (!keyRe.test(key)) throw new SelectorParseError(`unable to parse requirement: invalid label key "${key}" in "${whole}"`);
  return key;
}

function parseRequirement(raw: string): Requirement {
  const s = raw.trim();
  let m = /^(\S+?)\s+(in|notin)\s*\(([^)]*)\)$/.exec(s);
  if (m) {
    const values = m[3]!.split(',').map((v) => v.trim()).filter((v) => v !== '');
    return { key: checkKey(m[1]!, s), operator: m[2] as Operator, values };
  }
  if (s.startsWith('!')) return { key: checkKey(s.slice(1).trim(), s), operator: '!', values: [] };
  m = /^([^=!<>\s]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(s);
  if (m) {
    const op = m[2] === '==' ? '=' : m[2] === '>' ? 'gt' : m[2] === '<' ? 'lt' : (m[2] as Operator);
    const value = m[3]!.trim();
    if ((op === 'gt' || op === 'lt') && !/^-?\d+$/.test(value))
      throw new SelectorParseError(`unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer`);
    if (/[\s()]/.test(value)) throw new SelectorParseError(`unable to parse requirement: invalid label value "${value}"`);
    return { key: checkKey(m[1]!, s), operator: op, values: [value] };
  }
  if (s === '') throw new SelectorParseError('unable to parse requirement: found \'\', expected: identifier');
  return { key: checkKey(s, s), operator: 'exists', values: [] };
}

export function parseLabelSelector(s: string | undefined): Selector {
  if (!s || s.trim() === '') return [];
  return splitTopLevel(s).map(parseRequirement);
}

export function matchesLabels(selector: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  return selector.every((r) => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.operator) {
      case '=':
      case 'in':
        return has && r.values.includes(v!);
      case '!=':
      case 'notin':
        return !has || !r.values.includes(v!);
      case 'exists':
        return has;
      case '!':
        return !has;
      case 'gt':
        return has && /^-?\d+$/.test(v!) && Number(v) > Number(r.values[0]);
      case 'lt':
        return has && /^-?\d+$/.test(v!) && Number(v) < Number(r.values[0]);
    }
  });
}
