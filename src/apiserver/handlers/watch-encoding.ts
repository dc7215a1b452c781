/**
 * Watch events encoded once for every watcher (upstream's watch cache does the same): the object with
 * kind and apiVersion, and its JSON line, are cached on the shared decoded object, so a commit seen by a
 * thousand watchers is serialized once, not a thousand times.
 */
import type { KubeObject } from '../registry/generic/strategy';

export class WatchEncodings {
  private readonly full = new WeakMap<object, KubeObject>();
  private readonly lines = new WeakMap<object, Map<string, string>>();

  /** `obj` with kind and apiVersion set; one copy per decoded object. */
  withKind(obj: KubeObject, apiVersion: string, kind: string): KubeObject {
    let full = this.full.get(obj);
    if (!full) {
      full = { apiVersion, kind, ...obj };
      this.full.set(obj, full);
    }
    return full;
  }

  /** The newline-terminated JSON of `{type, object}`; cached for shared objects. */
  line(type: string, object: unknown): string {
    if (typeof object !== 'object' || object === null) return JSON.stringify({ type, object }) + '\n';
    let byType = this.lines.get(object);
    if (!byType) {
      byType = new Map();
      this.lines.set(object, byType);
    }
    let line = byType.get(type);
    if (line === undefined) {
      line = JSON.stringify({ type, object }) + '\n';
      byType.set(type, line);
    }
    return line;
  }
}
