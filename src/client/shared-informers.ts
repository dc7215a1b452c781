/** One informer per resource, shared by every controller in the process (upstream SharedInformerFactory). */
import type { Clock } from '../util/clock';
import type { Logger } from '../util/logger';
import { Informer } from './informer';
import type { Client, KubeObject, ResourceRef } from './interface';

export class SharedInformers {
  private readonly informers = new Map<string, Informer>();

  constructor(private readonly options: { client: Client; clock?: Clock; logger?: Logger }) {}

  informerFor<T extends KubeObject = KubeObject>(resource: ResourceRef): Informer<T> {
    const key = `${resource.group}/${resource.version}/${resource.resource}`;
    let inf = this.informers.get(key);
    if (!inf) {
      inf = new Informer({ ...this.options, resource });
      this.informers.set(key, inf);
    }
    return inf as unknown as Informer<T>;
  }

  start(): void {
    for (const inf of this.informers.values()) inf.start();
  }

  async waitForSync(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
  }

  stop(): void {
    for (const inf of this.informers.values()) inf.stop();
  }
}
