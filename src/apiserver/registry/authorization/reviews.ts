/**
 * The access reviews (authorization.k8s.io/v1), answered, never stored. Until RBAC is served every
 * authenticated user may do everything, so every review allows — and says why.
 */
import type { SubjectAccessReviewSpec } from 'kubernetes-types/authorization/v1';
import { type FieldError, invalid, required } from '../../../api/validation/field-errors';
import { errors } from '../../errors';
import { ageColumn, nameColumn } from '../../table/columns';
import type { KubeObject, Strategy } from '../generic/strategy';

const reason = 'skiff allows every authenticated user every action (RBAC is not served yet)';
const reviewBase = { validate: () => [], columns: [nameColumn, ageColumn], row: (obj: KubeObject) => [obj.metadata.name, ''] };
const answered = (obj: KubeObject, status: Record<string, unknown>) => ({ ...obj, metadata: { ...obj.metadata, creationTimestamp: null }, status }) as unknown as KubeObject;

function validateAttributes(kind: string, spec: SubjectAccessReviewSpec | undefined, needsSubject: boolean): void {
  const errs: FieldError[] = [];
  const s = spec ?? {};
  if (!!s.resourceAttributes === !!s.nonResourceAttributes)
    errs.push(invalid('spec.resourceAttributes', s.resourceAttributes ?? null, 'exactly one of nonResourceAttributes or resourceAttributes must be specified'));
  if (needsSubject && !s.user && !(s.groups ?? []).length && !s.uid) errs.push(required('spec.user', 'at least one of user or group must be specified'));
  if (errs.length) throw errors.invalid(kind, 'authorization.k8s.io', '', errs);
}

export const subjectAccessReviewStrategy: Strategy = {
  ...reviewBase,
  async review(obj) {
    validateAttributes('SubjectAccessReview', obj.spec as SubjectAccessReviewSpec, true);
    return answered(obj, { allowed: true, reason });
  },
};

export const localSubjectAccessReviewStrategy: Strategy = {
  ...reviewBase,
  async review(obj, ctx) {
    const spec = obj.spec as SubjectAccessReviewSpec;
    validateAttributes('LocalSubjectAccessReview', spec, true);
    const ns = spec?.resourceAttributes?.namespace;
    if (ns !== undefined && ns !== ctx.namespace)
      throw errors.invalid('LocalSubjectAccessReview', 'authorization.k8s.io', '', [invalid('spec.resourceAttributes.namespace', ns, 'must match metadata.namespace')]);
    return answered(obj, { allowed: true, reason });
  },
};

export const selfSubjectAccessReviewStrategy: Strategy = {
  ...reviewBase,
  async review(obj) {
    validateAttributes('SelfSubjectAccessReview', obj.spec as SubjectAccessReviewSpec, false);
    return answered(obj, { allowed: true, reason });
  },
};

export const selfSubjectRulesReviewStrategy: Strategy = {
  ...reviewBase,
  async review(obj) {
    return answered(obj, {
      resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
      nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
      incomplete: false,
    });
  },
};
