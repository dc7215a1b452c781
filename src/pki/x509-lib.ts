/**
 * The one door to @peculiar/x509: its dependency tsyringe needs the reflect-metadata polyfill loaded first, and every call
 * gets Node's WebCrypto passed explicitly instead of through the library's global provider. The library is loaded on
 * first use, not at startup: loading it costs ~45 ms, and a server whose certificates exist needs it only to issue new ones.
 */
import type * as X509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

/** Node's WebCrypto, typed as the DOM `Crypto` that @peculiar/x509 declares. */
export const nodeCrypto = webcrypto as unknown as Crypto;

let loaded: typeof X509 | undefined;

function load(): typeof X509 {
  if (!loaded) {
    require('reflect-metadata');
    loaded = require('@peculiar/x509') as typeof X509;
  }
  return loaded;
}

/** Whether the library has been loaded (no certificate object of its can exist before). */
export const x509Loaded = () => loaded !== undefined;

/** The library's exports, loaded on first property access. */
export const x509 = new Proxy({} as typeof X509, { get: (_target, name) => load()[name as keyof typeof X509] });

export type { X509 };
