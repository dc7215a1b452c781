/** The CEL environment type the libraries register into (@marcbachmann/cel-js). */
import type { Environment } from '@marcbachmann/cel-js';

export type CelEnvironment = Environment;
