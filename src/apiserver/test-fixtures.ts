/** A small, fixed resource table for tests whose expectations must not move when the real table grows. */
import { builtinResources } from '../api/resources';

const core = new Set(['configmaps', 'events', 'namespaces', 'secrets']);

export const coreFixture = builtinResources.filter((r) => r.group === '' && core.has(r.resource));
