/**
 * ControllerRevisions of a workload (upstream pkg/controller/history and the StatefulSet/DaemonSet
 * revision code): each distinct pod template is one revision `<owner>-<hash>` whose data is the patch that
 * puts the template back (what `kubectl rollout undo` applies). A template seen before gets its old
 * revision back, renumbered as the newest; revisions no pod or status uses are cut to revisionHistoryLimit.
 */
import { isDeepStrictEqual } from 'node:util';
import type { PodTemplateSpec } from 'kubernetes-types/core/v1';
import type { Informer } from '../../client/informer';
import { type Client, isAlreadyExists, isNotFound, type KubeObject } from '../../client/interface';
import { hashRevision, revisionName } from './hash';

export const revisionsRef = { group: 'apps', version: 'v1', resource: 'controllerrevisions' };
/** The label a revision's hash goes under on StatefulSet revisions (upstream history.ControllerRevisionHashLabel). */
export const revisionHashLabel = 'controller.kubernetes.io/hash';
/** On pods (both kinds) and on DaemonSet revisions (upstream apps.ControllerRevisionHashLabelKey). */
export const podRevisionLabel = 'controller-revision-hash';

export interface Revision extends KubeObject {
  data?: unknown;
  revision: number;
}

/** The owner as its controller reference names it. */
export interface RevisionOwner {
  obj: KubeObject;
  apiVersion: string;
  kind: string;
}

export interface EnsureOptions {
  /** The revision's data: the owner's template patch. */
  data: unknown;
  templateLabels: Record<string, string> | undefined;
  /** Which label carries the hash on the revision (differs between StatefulSets and DaemonSets). */
  hashLabel: string;
  collisionCount: number;
}

export interface EnsureResult {
  /** The revision for the owner's template now. */
  revision: Revision;
  /** Raised when a revision name was taken by other data. */
  collisionCount: number;
}

/**
 * Upstream getPatch: `{"spec":{"template":{..., "$patch":"replace"}}}`. Go encodes the template's empty
 * creationTimestamp as null, so the data (and its hash) carry it too.
 */
export function templatePatch(template: PodTemplateSpec | undefined): unknown {
  const metadata = { creationTimestamp: null, ...(template?.metadata ?? {}) };
  return { spec: { template: { ...(template ?? {}), metadata, $patch: 'replace' } } };
}

export function controllerRef(owner: RevisionOwner) {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.obj.metadata.name!, uid: owner.obj.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

export class RevisionHistory {
  constructor(private readonly options: { client: Client; informer: Informer<Revision> }) {}

  /** The owner's revisions from the cache, oldest first (ties by creation time, then name). */
  list(owner: KubeObject): Revision[] {
    const uid = owner.metadata.uid;
    const ns = owner.metadata.namespace;
    const owned = this.options.informer.byNamespace(ns ?? '').filter((r) => r.metadata.ownerReferences?.some((ref) => ref.controller && ref.uid === uid));
    return owned.sort(
      (a, b) =>
        a.revision - b.revision ||
        (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
        a.metadata.name!.localeCompare(b.metadata.name!),
    );
  }

  /** Finds or makes the revision for `data` and makes it the newest (upstream getStatefulSetRevisions / constructHistory). */
  async ensure(owner: RevisionOwner, revisions: Revision[], options: EnsureOptions): Promise<EnsureResult> {
    const next = (revisions.at(-1)?.revision ?? 0) + 1;
    const equal = revisions.filter((r) => isDeepStrictEqual(r.data, options.data));
    const found = equal.at(-1);
    if (found && found === revisions.at(-1)) return { revision: found, collisionCount: options.collisionCount };
    if (found) {
      const updated = await this.options.client.update<Revision>(revisionsRef, found.metadata.namespace, { ...found, revision: next });
      return { revision: updated, collisionCount: options.collisionCount };
    }
    return this.create(owner, next, options);
  }

  private async create(owner: RevisionOwner, revision: number, options: EnsureOptions): Promise<EnsureResult> {
    const ns = owner.obj.metadata.namespace;
    for (let collisionCount = options.collisionCount; ; collisionCount++) {
      const hash = hashRevision(options.data, collisionCount);
      const body: Revision = {
        apiVersion: 'apps/v1',
        kind: 'ControllerRevision',
        metadata: {
          name: revisionName(owner.obj.metadata.name!, hash),
          namespace: ns,
          labels: { ...(options.templateLabels ?? {}), [options.hashLabel]: hash },
          ...(owner.obj.metadata.annotations ? { annotations: { ...owner.obj.metadata.annotations } } : {}),
          ownerReferences: [controllerRef(owner)],
        },
        data: options.data,
        revision,
      };
      try {
        return { revision: await this.options.client.create<Revision>(revisionsRef, ns, body), collisionCount };
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        const existing = await this.options.client.get<Revision>(revisionsRef, ns, body.metadata.name!);
        if (isDeepStrictEqual(existing.data, options.data)) return { revision: existing, collisionCount };
      }
    }
  }

  /** Deletes the oldest revisions that are not `live` beyond `limit` (upstream truncateHistory / cleanupHistory). */
  async truncate(revisions: Revision[], live: Set<string>, limit: number): Promise<void> {
    const historic = revisions.filter((r) => !live.has(r.metadata.name!));
    for (const r of historic.slice(0, Math.max(0, historic.length - limit))) {
      await this.options.client.delete(revisionsRef, r.metadata.namespace, r.metadata.name!, { preconditions: { uid: r.metadata.uid } }).catch((err: unknown) => {
        if (!isNotFound(err)) throw err;
      });
    }
  }
}
