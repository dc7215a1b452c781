/** PodDisruptionBudgets (upstream printers.go): MIN AVAILABLE, MAX UNAVAILABLE (N/A when unset), ALLOWED DISRUPTIONS. */
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1';
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { printedStrategy } from '../../../table/printed';
import type { KubeObject } from '../../generic/strategy';

const pdb = (o: KubeObject) => o as unknown as PodDisruptionBudget;

export const podDisruptionBudgetStrategy = printedStrategy('policy', 'poddisruptionbudgets', {
  columns: [
    nameColumn,
    col('Min Available', 'string', 0, 'The minimum number of pods that must be available.'),
    col('Max Unavailable', 'string', 0, 'The maximum number of pods that may be unavailable.'),
    col('Allowed Disruptions', 'integer', 0, 'Calculated number of pods that may be disrupted at this time.'),
    ageColumn,
  ],
  row(obj, now) {
    const p = pdb(obj);
    const s = (v: number | string | undefined) => (v === undefined ? 'N/A' : String(v));
    return [obj.metadata.name, s(p.spec?.minAvailable), s(p.spec?.maxUnavailable), p.status?.disruptionsAllowed ?? 0, age(obj.metadata.creationTimestamp, now)];
  },
});
