import type { TargetConfig } from '../config/types.js';
import { SetupError } from '../errors/SetupError.js';
import type { Target } from '../target/Target.js';
import { referenceServerTarget } from '../target/referenceServer.js';

/**
 * Builds the target a config names, for one scenario's data folder. The only
 * place that knows the concrete targets.
 *
 * @example
 * const target = makeTarget({ kind: 'reference', bugs: ['no-unique'] }, dataDir);
 */
export function makeTarget(config: TargetConfig, dataDir: string): Target {
  switch (config.kind) {
    case 'reference':
      return referenceServerTarget({ dataDir, bugs: config.bugs ?? [], failpoints: true });
    default:
      throw new SetupError(`target kind "${config.kind}" is not supported yet: use kind "reference"`);
  }
}
