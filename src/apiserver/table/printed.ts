/**
 * A built-in kind's strategy that differs from the default one only in its Table columns (and perhaps
 * a few hooks): the default spec/status split and generation tracking, plus upstream's printer.
 */
import { builtinResources } from '../../api/resources';
import { defaultStrategy } from '../registry/generic/default-strategy';
import type { Strategy } from '../registry/generic/strategy';

export function printedStrategy(group: string, resource: string, overrides: Partial<Strategy> & Pick<Strategy, 'columns' | 'row'>): Strategy {
  const info = builtinResources.find((r) => r.group === group && r.resource === resource);
  if (!info) throw new Error(`no built-in resource ${resource}.${group}`);
  return defaultStrategy(info, overrides);
}
