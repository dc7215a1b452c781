/**
 * Admission: checks that run after decoding and before the store, in order (upstream admission chain).
 * A plugin throws a StatusError to reject.
 */
import type { ResourceInfo } from '../../api/resources';
import type { KubeObject } from '../registry/generic/strategy';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionRequest {
  operation: Operation;
  info: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
  object?: KubeObject;
  /** A dry run (`?dryRun=All`): nothing is persisted, so plugins may check but must write nothing (quota does not charge). */
  dryRun?: boolean;
}

export interface AdmissionPlugin {
  name: string;
  admit(request: AdmissionRequest): Promise<void>;
}

export class Admission {
  constructor(private readonly plugins: AdmissionPlugin[]) {}

  async admit(request: AdmissionRequest): Promise<void> {
    for (const plugin of this.plugins) await plugin.admit(request);
  }
}

/**
 * The name a refusal names the object by (upstream admission.extractResourceName): its name, else its
 * generateName (names are generated after admission), else "Unknown".
 */
export function objectNameForError(req: AdmissionRequest): string {
  return req.name || req.object?.metadata?.name || req.object?.metadata?.generateName || 'Unknown';
}
