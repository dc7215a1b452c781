/** What every resource handler needs, built once per API server. */
import type { Clock } from '../../util/clock';
import type { Logger } from '../../util/logger';
import type { Backend } from '../../storage/interface';
import type { Registry } from '../registry/registry';
import type { Admission } from '../admission/admission';
import type { UnknownFieldPruner } from '../schema/unknown-fields';
import type { SchemaIndex } from '../schema';
import type { WatchEncodings } from './watch-encoding';

export interface HandlerContext {
  registry: Registry;
  backend: Backend;
  admission: Admission;
  clock: Clock;
  logger: Logger;
  /** Drops fields the kind's schema does not know (fieldValidation). */
  pruner: UnknownFieldPruner;
  /** The upstream schemas of the built-in kinds. */
  schemas: SchemaIndex;
  /** Watch events encoded once for all watchers. */
  watchEncodings: WatchEncodings;
  /** How often a watch that allows bookmarks gets one. */
  bookmarkIntervalMs: number;
  /** Watches without timeoutSeconds end after between this and twice this. */
  minRequestTimeoutSeconds: number;
}
