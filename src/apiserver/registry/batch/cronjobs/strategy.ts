/** CronJobs (upstream pkg/registry/batch/cronjob): defaults, schedule and job template validation, table. */
import type { CronJob } from 'kubernetes-types/batch/v1';
import { builtinResources } from '../../../../api/resources';
import { type FieldError, invalid, notSupported, required } from '../../../../api/validation/field-errors';
import { age } from '../../../table/age';
import { boolPtr, col, containerCells, containersColumn, formatLabelSelector, imagesColumn, selectorColumn } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { defaultStrategy } from '../../generic/default-strategy';
import type { KubeObject } from '../../generic/strategy';
import { defaultTemplate } from '../../core/pods/template';
import { validatePodSpec } from '../../core/pods/validation';

const info = builtinResources.find((r) => r.group === 'batch' && r.resource === 'cronjobs')!;
const cj = (o: KubeObject) => o as unknown as CronJob;
const concurrencyPolicies = ['Allow', 'Forbid', 'Replace'];
const macros = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** A five-field cron expression or a macro, as robfig/cron's standard parser accepts. */
export function cronScheduleError(schedule: string): string | undefined {
  const s = schedule.trim();
  if (macros.has(s) || /^@every\s+\S+$/.test(s)) return undefined;
  const fields = s.split(/\s+/);
  if (/^(CRON_)?TZ=/.test(fields[0] ?? '')) return 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: ${s}`;
  for (const f of fields) if (!/^[\d*?/,\-A-Za-z]+$/.test(f)) return `failed to parse int from ${f}`;
  return undefined;
}

export const cronJobStrategy = defaultStrategy(info, {
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Record<string, any>;
    spec.concurrencyPolicy ??= 'Allow';
    spec.suspend ??= false;
    spec.successfulJobsHistoryLimit ??= 3;
    spec.failedJobsHistoryLimit ??= 1;
    const jobSpec = ((spec.jobTemplate ??= {}).spec ??= {});
    // The job template gets the pod template defaults; Job-level defaults are applied when a Job is made.
    defaultTemplate(jobSpec.template);
  },
  validate(obj): FieldError[] {
    const spec = cj(obj).spec;
    const errs: FieldError[] = [];
    if (!spec?.schedule) errs.push(required('spec.schedule'));
    else {
      const why = cronScheduleError(spec.schedule);
      if (why) errs.push(invalid('spec.schedule', spec.schedule, why));
    }
    if (spec?.concurrencyPolicy !== undefined && !concurrencyPolicies.includes(spec.concurrencyPolicy)) errs.push(notSupported('spec.concurrencyPolicy', spec.concurrencyPolicy, concurrencyPolicies));
    for (const f of ['successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'startingDeadlineSeconds'] as const) {
      const v = spec?.[f];
      if (v !== undefined && v !== null && v < 0) errs.push(invalid(`spec.${f}`, v, 'must be greater than or equal to 0'));
    }
    const template = spec?.jobTemplate?.spec?.template;
    const path = 'spec.jobTemplate.spec.template.spec';
    errs.push(...validatePodSpec(template?.spec, path));
    const policy = template?.spec?.restartPolicy;
    if (policy !== undefined && policy !== 'OnFailure' && policy !== 'Never') errs.push(notSupported(`${path}.restartPolicy`, policy, ['OnFailure', 'Never']));
    return errs;
  },
  columns: [
    nameColumn,
    col('Schedule', 'string', 0, 'The schedule in Cron format.'),
    col('Timezone', 'string', 0, 'The time zone name for the given schedule.'),
    col('Suspend', 'boolean', 0, 'Whether subsequent executions are suspended.'),
    col('Active', 'integer', 0, 'A list of pointers to currently running jobs.'),
    col('Last Schedule', 'string', 0, 'Information when was the last time the job was successfully scheduled.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    selectorColumn,
  ],
  row(obj, now) {
    const c = cj(obj);
    const jobSpec = c.spec?.jobTemplate?.spec;
    const [names, images] = containerCells(jobSpec?.template?.spec?.containers);
    const last = c.status?.lastScheduleTime ? age(c.status.lastScheduleTime, now) : '<none>';
    return [obj.metadata.name, c.spec?.schedule ?? '', c.spec?.timeZone ?? '<none>', boolPtr(c.spec?.suspend), (c.status?.active ?? []).length, last, age(obj.metadata.creationTimestamp, now), names, images, formatLabelSelector(jobSpec?.selector)];
  },
});
