/**
 * Jobs (upstream pkg/registry/batch/job): defaults, a generated selector and template labels unless
 * manualSelector, restartPolicy OnFailure/Never, an immutable selector; STATUS/COMPLETIONS/DURATION table.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Job } from 'kubernetes-types/batch/v1';
import { builtinResources } from '../../../../api/resources';
import { type FieldError, invalid } from '../../../../api/validation/field-errors';
import { age, humanDuration } from '../../../table/age';
import { col, containerCells, containersColumn, formatLabelSelector, imagesColumn, selectorColumn } from '../../../table/cells';
import { ageColumn, nameColumn } from '../../../table/columns';
import { defaultStrategy } from '../../generic/default-strategy';
import type { KubeObject, Strategy } from '../../generic/strategy';
import { defaultTemplate, immutableSelector, validateSelectorAndTemplate } from '../../core/pods/template';

const info = builtinResources.find((r) => r.group === 'batch' && r.resource === 'jobs')!;
const job = (o: KubeObject) => o as unknown as Job;

/** Sets the generated selector and labels (upstream generateSelector) on a job spec about to be created. */
export function generateJobSelector(spec: Record<string, any>, uid: string, name: string): void {
  if (spec.manualSelector === true) return;
  spec.template ??= {};
  spec.template.metadata ??= {};
  spec.template.metadata.labels = {
    ...(spec.template.metadata.labels ?? {}),
    'batch.kubernetes.io/controller-uid': uid,
    'batch.kubernetes.io/job-name': name,
    'controller-uid': uid,
    'job-name': name,
  };
  spec.selector ??= { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
}

export function defaultJobSpec(spec: Record<string, any>): void {
  if (spec.completions === undefined && spec.parallelism === undefined) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.manualSelector ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  defaultTemplate(spec.template);
}

export function validateJobSpec(spec: Job['spec'], path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec) return errs;
  for (const f of ['parallelism', 'completions', 'backoffLimit', 'activeDeadlineSeconds', 'ttlSecondsAfterFinished'] as const) {
    const v = spec[f];
    if (v !== undefined && v !== null && v < 0) errs.push(invalid(`${path}.${f}`, v, 'must be greater than or equal to 0'));
  }
  errs.push(...validateSelectorAndTemplate(spec.selector, spec.template, path, { kind: 'job', restartPolicies: ['OnFailure', 'Never'] }));
  return errs;
}

function jobStatus(j: Job): string {
  const has = (type: string) => (j.status?.conditions ?? []).find((c) => c.type === type)?.status === 'True';
  if (has('Complete')) return 'Complete';
  if (has('Failed')) return 'Failed';
  if (j.metadata?.deletionTimestamp) return 'Terminating';
  if (has('Suspended')) return 'Suspended';
  if (has('FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function completions(j: Job): string {
  const succeeded = j.status?.succeeded ?? 0;
  if (j.spec?.completions !== undefined && j.spec.completions !== null) return `${succeeded}/${j.spec.completions}`;
  const parallelism = j.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function duration(j: Job, now: number): string {
  const start = j.status?.startTime;
  if (!start) return '';
  const end = j.status?.completionTime ? Date.parse(j.status.completionTime) : now;
  return humanDuration(end - Date.parse(start));
}

const base = defaultStrategy(info);

export const jobStrategy: Strategy = defaultStrategy(info, {
  prepareForCreate(obj) {
    base.prepareForCreate!(obj);
    generateJobSelector((obj.spec ??= {}) as Record<string, any>, obj.metadata.uid!, obj.metadata.name!);
  },
  defaults(obj) {
    const spec = (obj.spec ??= {}) as Record<string, any>;
    defaultJobSpec(spec);
    const labels = spec.template?.metadata?.labels;
    if (labels && Object.keys(obj.metadata.labels ?? {}).length === 0) obj.metadata.labels = { ...labels };
  },
  validate: (obj) => validateJobSpec(job(obj).spec, 'spec'),
  validateUpdate(obj, old) {
    const errs = validateJobSpec(job(obj).spec, 'spec');
    errs.push(...immutableSelector(job(obj).spec?.selector, job(old).spec?.selector, 'spec.selector'));
    // The template may change only while the job is suspended (upstream: scheduling directives of suspended jobs).
    const template = job(obj).spec?.template;
    if (!isDeepStrictEqual(template, job(old).spec?.template) && !(job(old).spec?.suspend && job(obj).spec?.suspend))
      errs.push(invalid('spec.template', template ?? null, 'field is immutable'));
    const c = job(obj).spec?.completions;
    if (c !== job(old).spec?.completions && job(old).spec?.completionMode !== 'Indexed') errs.push(invalid('spec.completions', c ?? null, 'field is immutable'));
    return errs;
  },
  columns: [
    nameColumn,
    col('Status', 'string', 0, 'Status of the job.'),
    col('Completions', 'string', 0, 'The number of pods which reached phase Succeeded.'),
    col('Duration', 'string', 0, 'Time required to complete the job.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    selectorColumn,
  ],
  row(obj, now) {
    const j = job(obj);
    const [names, images] = containerCells(j.spec?.template?.spec?.containers);
    return [obj.metadata.name, jobStatus(j), completions(j), duration(j, now), age(obj.metadata.creationTimestamp, now), names, images, formatLabelSelector(j.spec?.selector)];
  },
  selectableFields: (obj) => ({ 'status.successful': String(job(obj).status?.succeeded ?? 0) }),
});
