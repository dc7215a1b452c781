/**
 * The one door to @peculiar/x509: its dependency tsyringe needs the reflect-metadata polyfill loaded first, and every call
 * gets Node's WebCrypto passed explicitly instead of through the library's global provider.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

/** Node's WebCrypto, typed as the DOM `Crypto` that @peculiar/x509 declares. */
export const nodeCrypto = webcrypto as unknown as Crypto;

export { x509 };
