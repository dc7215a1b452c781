/**
 * Finds the resource behind an HPA's scaleTargetRef (apiVersion + kind), as upstream's REST mapper does
 * from discovery: the table read at start, then discovery again for kinds added since (CRDs).
 */
import type { Client, ResourceRef, ServedResource } from '../../client/interface';

export class ScaleTargets {
  private resources: ServedResource[];

  private readonly client: Client;

  /** `resources`: the served resources known at start (the controller context's). */
  constructor(options: { client: Client; resources: ServedResource[] }) {
    this.client = options.client;
    this.resources = options.resources;
  }

  private find(group: string, version: string, kind: string): ResourceRef | undefined {
    const candidates = this.resources.filter((r) => r.group === group && r.kind === kind && !r.resource.includes('/'));
    const r = candidates.find((c) => c.version === version) ?? candidates[0];
    return r && { group: r.group, version: r.version, resource: r.resource };
  }

  /** The resource serving `kind` in the group of `apiVersion`; throws upstream's "no matches for kind" otherwise. */
  async resolve(apiVersion: string | undefined, kind: string): Promise<ResourceRef> {
    const [group, version] = apiVersion?.includes('/') ? (apiVersion.split('/') as [string, string]) : ['', apiVersion ?? 'v1'];
    let ref = this.find(group, version, kind);
    if (!ref) {
      this.resources = await this.client.serverResources();
      ref = this.find(group, version, kind);
    }
    if (!ref) throw new Error(`no matches for kind "${kind}" in group "${group}"`);
    return ref;
  }
}
