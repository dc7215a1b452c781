/**
 * LimitRange item defaulting (upstream SetDefaults_LimitRangeItem), for Container items: the default
 * limit falls back to max, the default request to the default limit, then to min.
 */
type ResourceList = Record<string, string>;

export interface LimitRangeItem {
  type: string;
  default?: ResourceList;
  defaultRequest?: ResourceList;
  min?: ResourceList;
  max?: ResourceList;
  maxLimitRequestRatio?: ResourceList;
}

export function defaultLimitRangeItem(item: LimitRangeItem): LimitRangeItem {
  if (item.type !== 'Container') return item;
  const def = { ...(item.max ?? {}), ...(item.default ?? {}) };
  const defaultRequest = { ...(item.min ?? {}), ...def, ...(item.defaultRequest ?? {}) };
  const out: LimitRangeItem = { ...item };
  if (Object.keys(def).length) out.default = def;
  if (Object.keys(defaultRequest).length) out.defaultRequest = defaultRequest;
  return out;
}
