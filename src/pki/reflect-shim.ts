/**
 * The three `Reflect` metadata functions tsyringe (a dependency of @peculiar/x509) checks for at load
 * time and calls while @peculiar/x509 registers its algorithm classes. Installed only when absent, so a
 * real `reflect-metadata` loaded earlier wins. It is a process-wide shim by necessity: tsyringe reads the
 * global `Reflect`. Import it only through `./x509-lib`.
 */
type MetadataTarget = object;

interface ReflectMetadata {
  defineMetadata?: (key: unknown, value: unknown, target: MetadataTarget) => void;
  getMetadata?: (key: unknown, target: MetadataTarget) => unknown;
  getOwnMetadata?: (key: unknown, target: MetadataTarget) => unknown;
}

const reflect = Reflect as typeof Reflect & ReflectMetadata;

if (typeof reflect.getMetadata !== 'function') {
  const store = new WeakMap<MetadataTarget, Map<unknown, unknown>>();
  reflect.defineMetadata = (key, value, target) => {
    let entries = store.get(target);
    if (!entries) store.set(target, (entries = new Map()));
    entries.set(key, value);
  };
  reflect.getOwnMetadata = (key, target) => store.get(target)?.get(key);
  reflect.getMetadata = (key, target) => {
    for (let o: MetadataTarget | null = target; o; o = Object.getPrototypeOf(o) as MetadataTarget | null) {
      const entries = store.get(o);
      if (entries?.has(key)) return entries.get(key);
    }
    return undefined;
  };
}

export {};
