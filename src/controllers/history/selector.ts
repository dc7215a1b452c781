/** An owner's spec.selector applied to labels (an invalid or missing selector selects nothing). */
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import type { Selector } from '../../api/labels';
import { selectorFromLabelSelector, selects } from '../../api/label-selector';
import type { KubeObject } from '../../client/interface';

export function ownerSelector(owner: KubeObject): Selector | undefined {
  try {
    return selectorFromLabelSelector((owner.spec as { selector?: LabelSelector } | undefined)?.selector);
  } catch {
    return undefined;
  }
}

export function selectFromLabelSelector(owner: KubeObject, labels: Record<string, string> | undefined): boolean {
  return selects(ownerSelector(owner), labels);
}
