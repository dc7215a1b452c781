/**
 * What one resource contributes to the generic store (upstream's per-resource strategy.go): defaults,
 * validation, what create and update may change, and its Table columns. Everything else is generic.
 */
import type { ObjectMeta as ReadonlyObjectMeta } from 'kubernetes-types/meta/v1';
import type { FieldError } from '../../../api/validation/field-errors';
import type { NameValidator } from '../../../api/validation/object-meta';
import type { UserInfo } from '../../authn/authenticate';

/** ObjectMeta with the system fields writable: the store sets them. */
export type ObjectMeta = { -readonly [K in keyof ReadonlyObjectMeta]: ReadonlyObjectMeta[K] };

/** Any stored API object. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** A Table column definition, as meta.k8s.io/v1 TableColumnDefinition. */
export interface Column {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: string;
  description: string;
  /** 0: always shown; 1: only with `-o wide`. */
  priority?: number;
}

/** What a subresource's POST may look at besides its parent: other objects, by resource. */
export interface SubresourceContext {
  get(group: string, resource: string, namespace: string | undefined, name: string): Promise<KubeObject>;
  /** Read-modify-write of the parent through this subresource (its prepareForUpdate and validate apply). */
  updateParent(mutate: (current: KubeObject) => KubeObject): Promise<KubeObject>;
  now(): number;
  /** Every object of a resource in a namespace (pods/eviction reads the PodDisruptionBudgets). */
  list?(group: string, resource: string, namespace: string | undefined): Promise<KubeObject[]>;
  /** A resourceVersion-checked PUT of another object, optionally through its subresource (409 on conflict). */
  update?(group: string, resource: string, obj: KubeObject, subresource?: string): Promise<KubeObject>;
  /** Deletes the parent as a DELETE of it would (graceful deletion, preconditions). */
  deleteParent?(options: { gracePeriodSeconds?: number; preconditions?: { uid?: string; resourceVersion?: string }; propagationPolicy?: 'Orphan' | 'Background' | 'Foreground'; dryRun?: boolean }): Promise<void>;
  /** The request's ?dryRun=All. */
  dryRun?: boolean;
}

/**
 * A subresource of a kind. Update-style ones (status, finalize, scale) say how a PUT/PATCH merges into
 * the stored object; create-style ones (serviceaccounts/token) answer a POST with a computed object.
 */
export interface SubresourceStrategy {
  /** Returns the object to store: `old` with only what this subresource may change taken from `obj`. */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): KubeObject;
  /** Checks an update through this subresource instead of the kind's validateUpdate (e.g. pods/binding sets spec.nodeName). */
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
  /** Subresources with a kind of their own (scale): the parent seen through it, and the parent a changed view asks for. */
  view?: { toView(parent: KubeObject): KubeObject; fromView(parent: KubeObject, view: KubeObject): KubeObject };
  /** Answers a POST to the subresource of `parent`; stores nothing itself. */
  create?(parent: KubeObject, body: KubeObject, ctx: SubresourceContext): Promise<KubeObject>;
}

/** The status subresource as upstream: only .status changes (and metadata stays the stored one). */
export const statusSubresource: SubresourceStrategy = {
  prepareForUpdate(obj, old) {
    // A new object and metadata (the store writes there); the rest is shared with `old`, which the store only reads.
    const { status: _old, ...rest } = old;
    return { ...rest, metadata: { ...old.metadata }, ...(obj.status === undefined ? {} : { status: obj.status }) };
  },
};

/** Who is asking, for the review kinds. */
export interface ReviewContext {
  user?: UserInfo;
  namespace?: string;
}

export interface Strategy {
  /** Review kinds (TokenReview, SubjectAccessReview…): a create is answered with status, never stored. */
  review?(obj: KubeObject, ctx: ReviewContext): Promise<KubeObject>;
  /** Subresources served for this kind besides the object itself, by name. */
  subresources?: Record<string, SubresourceStrategy>;
  /** Checks a name of this kind; default: DNS-1123 subdomain. */
  validateName?: NameValidator;
  /** Upstream defaulting; called on create and update, before validation. */
  defaults?(obj: KubeObject): void;
  /** Called once on create before validation: clear or set fields the user may not choose. */
  prepareForCreate?(obj: KubeObject): void;
  /** Called on update before validation: keep what this update may not change (e.g. status on the main resource). */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  validate(obj: KubeObject): FieldError[];
  /** Checks an update (immutable fields). ObjectMeta immutability is checked generically. */
  validateUpdate?(obj: KubeObject, old: KubeObject): FieldError[];
  /** Table columns for `kubectl get` (NAME first, as upstream); cells come from `row`. */
  columns: Column[];
  row(obj: KubeObject, now: number): unknown[];
  /** Fields beyond metadata.name / metadata.namespace that `?fieldSelector=` may use, with their values. */
  selectableFields?(obj: KubeObject): Record<string, string>;
  /** Whether a PUT without metadata.resourceVersion is allowed (upstream AllowUnconditionalUpdate). */
  allowUnconditionalUpdate?: boolean;
  /**
   * Called on delete before the key is removed. Returning an object means "do not delete now: store this
   * instead" (e.g. a Namespace becomes Terminating). Called with deletionTimestamp not yet set.
   */
  beginDelete?(obj: KubeObject, now: string): KubeObject | undefined;
  /**
   * Graceful deletion (upstream CheckGracefulDelete): how many seconds the object stays, marked with
   * deletionTimestamp, before it goes — given the grace the request asked for, if any. 0: now.
   */
  gracePeriod?(obj: KubeObject, requested: number | undefined): number;
}
