/** RuntimeClasses (upstream printers.go printRuntimeClass): HANDLER. */
import type { RuntimeClass } from 'kubernetes-types/node/v1';
import { required } from '../../../../api/validation/field-errors';
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { Strategy } from '../../generic/strategy';

export const runtimeClassStrategy: Strategy = {
  validate: (obj) => ((obj as unknown as RuntimeClass).handler ? [] : [required('handler')]),
  columns: [nameColumn, col('Handler', 'string', 0, 'handler specifies the underlying runtime and configuration that the CRI implementation will use.'), ageColumn],
  row: (obj, now) => [obj.metadata.name, (obj as unknown as RuntimeClass).handler ?? '', age(obj.metadata.creationTimestamp, now)],
};
