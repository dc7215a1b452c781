/** Registers the built-in resources of the resource table with their strategies. */
import { builtinResources } from '../../api/resources';
import type { Strategy } from './generic/strategy';
import type { Registry } from './registry';
import { namespaceStrategy } from './core/namespaces/strategy';
import { configMapStrategy } from './core/configmaps/strategy';
import { secretStrategy } from './core/secrets/strategy';
import { eventStrategy } from './core/events/strategy';

const strategies: Record<string, Strategy> = {
  '/namespaces': namespaceStrategy,
  '/configmaps': configMapStrategy,
  '/secrets': secretStrategy,
  '/events': eventStrategy,
};

export function registerBuiltins(registry: Registry): void {
  for (const info of builtinResources) {
    const strategy = strategies[`${info.group}/${info.resource}`];
    if (!strategy) throw new Error(`no strategy for ${info.resource}.${info.group}`);
    registry.register(info, strategy);
  }
}
