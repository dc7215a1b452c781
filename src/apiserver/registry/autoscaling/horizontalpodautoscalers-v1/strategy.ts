/** autoscaling/v1 HorizontalPodAutoscalers: validated and printed as the autoscaling/v2 objects they are stored as. */
import { statusSubresource, type Strategy } from '../../generic/strategy';
import { horizontalPodAutoscalerStrategy as v2 } from '../horizontalpodautoscalers/strategy';
import { hpaToV2 } from './conversion';

export const horizontalPodAutoscalerV1Strategy: Strategy = {
  subresources: { status: statusSubresource },
  defaults(obj) {
    const spec = (obj.spec ??= {}) as { minReplicas?: number };
    spec.minReplicas ??= 1;
  },
  prepareForCreate(obj) {
    delete obj.status;
  },
  prepareForUpdate(obj, old) {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
  },
  validate: (obj) => v2.validate(hpaToV2(obj)),
  columns: v2.columns,
  row: (obj, now) => v2.row(hpaToV2(obj), now),
};
