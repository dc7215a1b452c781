/** ValidatingWebhookConfigurations (upstream printers.go): WEBHOOKS, the number of webhooks. */
import { age } from '../../../table/age';
import { col } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import type { Strategy } from '../../generic/strategy';

export const validatingWebhookConfigurationStrategy: Strategy = {
  validate: () => [],
  columns: [nameColumn, col('Webhooks', 'integer', 0, 'Webhooks indicates the number of webhooks registered in this configuration'), ageColumn],
  row: (obj, now) => [obj.metadata.name, ((obj.webhooks as unknown[] | undefined) ?? []).length, age(obj.metadata.creationTimestamp, now)],
};
