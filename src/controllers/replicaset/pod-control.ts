/**
 * Creating and deleting a ReplicaSet's pods (upstream RealPodControl and slowStartBatch): pods come from
 * the template with generateName `<owner>-` and a controller ownerReference; creations go in batches of
 * 1, 2, 4, … stopping at the first failure so a quota or admission error costs one call, not hundreds.
 * Every outcome is an event on the owner with upstream's reason and message.
 */
import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1';
import { ApiError, type Client, isNotFound, type KubeObject } from '../../client/interface';
import type { EventRecorder } from '../../client/event-recorder';
import { controllerRef } from './pods';

const podsRef = { group: '', version: 'v1', resource: 'pods' };

/** Upstream controller.SlowStartInitialBatchSize. */
const initialBatch = 1;

export interface PodControlOptions {
  client: Client;
  recorder: EventRecorder;
  ownerApiVersion: string;
  ownerKind: string;
}

/** Upstream controller.GetPodFromTemplate. */
export function podFromTemplate(template: PodTemplateSpec, owner: KubeObject, ref: ReturnType<typeof controllerRef>): KubeObject {
  const meta = template.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      labels: { ...(meta.labels ?? {}) },
      annotations: { ...(meta.annotations ?? {}) },
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [ref],
    },
    spec: structuredClone(template.spec),
  };
  return pod as unknown as KubeObject;
}

/** The Forbidden answer of a create in a namespace being deleted (cause NamespaceTerminating). */
export function isNamespaceTerminating(err: unknown): boolean {
  const causes = (err instanceof ApiError ? (err.status?.details as { causes?: { reason?: string }[] } | undefined)?.causes : undefined) ?? [];
  return causes.some((c) => c.reason === 'NamespaceTerminating');
}

export const errorMessage = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class PodControl {
  constructor(private readonly options: PodControlOptions) {}

  /** Creates `count` pods in slow-start batches; returns how many were made and the first error. */
  async createPods(owner: KubeObject, template: PodTemplateSpec, count: number): Promise<{ created: number; error?: unknown }> {
    const ref = controllerRef(owner, this.options.ownerApiVersion, this.options.ownerKind);
    let remaining = count;
    let created = 0;
    for (let batch = Math.min(remaining, initialBatch); batch > 0; batch = Math.min(2 * batch, remaining)) {
      const results = await Promise.allSettled(Array.from({ length: batch }, () => this.createPod(owner, template, ref)));
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      created += results.filter((r) => r.status === 'fulfilled').length;
      remaining -= batch;
      if (failed) return { created, error: failed.reason };
    }
    return { created };
  }

  private async createPod(owner: KubeObject, template: PodTemplateSpec, ref: ReturnType<typeof controllerRef>): Promise<void> {
    try {
      const pod = await this.options.client.create(podsRef, owner.metadata.namespace, podFromTemplate(template, owner, ref));
      void this.options.recorder.event(owner, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata.name}`);
    } catch (err) {
      // Upstream: in a namespace being torn down every create fails; that is no failure to report.
      if (isNamespaceTerminating(err)) return;
      void this.options.recorder.event(owner, 'Warning', 'FailedCreate', `Error creating: ${errorMessage(err)}`);
      throw err;
    }
  }

  /** Deletes one pod (a pod already gone counts as deleted, without an event). */
  async deletePod(owner: KubeObject, pod: KubeObject): Promise<void> {
    try {
      await this.options.client.delete(podsRef, pod.metadata.namespace, pod.metadata.name!, { preconditions: { uid: pod.metadata.uid } });
      void this.options.recorder.event(owner, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
    } catch (err) {
      if (isNotFound(err)) return;
      void this.options.recorder.event(owner, 'Warning', 'FailedDelete', `Error deleting: ${errorMessage(err)}`);
      throw err;
    }
  }
}
