import path from 'node:path';
import { strategyByName } from '../clients/strategies/registry.js';
import { SetupError } from '../errors/SetupError.js';
import { rowIdentity } from '../stores/rowIdentity.js';
import { finalPhaseBounds } from './finalPhaseBounds.js';
import { checkTargetNodes } from './targetNodes.js';
import { checkShard } from './shard.js';
import { campaignWorkers } from './workers.js';
import { DEFAULTS } from './defaults.js';
import type { CampaignConfig, CampaignOptions } from './types.js';

function positiveInteger(name: string, value: number, example: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new SetupError(`${name} must be a whole number of at least 1, got ${value} (for example ${example})`);
  }
  return value;
}

function shrinkJudgement(options: CampaignOptions['shrink']): CampaignConfig['shrink'] {
  const tries = positiveInteger('shrink tries', options?.tries ?? DEFAULTS.shrink.tries, '--shrink-tries 3');
  const failures = positiveInteger('shrink failures', options?.failures ?? Math.min(DEFAULTS.shrink.failures, tries), '--shrink-failures 1');
  if (failures > tries) {
    throw new SetupError(`shrink failures (${failures}) cannot be more than shrink tries (${tries}): a candidate fails when it fails in failures of tries runs (for example --shrink-tries 3 --shrink-failures 1)`);
  }
  return { tries, failures };
}

/**
 * Turns what a user set into a full campaign config: defaults filled in,
 * values checked, a seed chosen when none was given.
 *
 * @throws SetupError naming the field, what was wrong, and a right value.
 * @example
 * const config = resolveConfig({ clients: 2 });
 * config.strategy; // 'queued-retry'
 */
export function resolveConfig(options: CampaignOptions = {}): CampaignConfig {
  const seed = options.seed ?? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
  if (!Number.isInteger(seed)) throw new SetupError(`seed must be an integer, got ${options.seed} (for example --seed 42)`);
  const scenario = options.scenario ?? DEFAULTS.scenario;
  const strategy = options.strategy ?? scenario.strategy ?? DEFAULTS.strategy;
  try {
    strategyByName(strategy);
  } catch (err) {
    throw new SetupError((err as Error).message);
  }
  const retries = options.retries === -1 ? Infinity : (options.retries ?? scenario.retries ?? DEFAULTS.retries);
  if (!(retries >= 0)) throw new SetupError(`retries must be 0 or more (or -1 for unlimited), got ${options.retries}`);
  const transport = options.transport ?? scenario.transport ?? DEFAULTS.transport;
  if (!['websocket', 'polling', 'upgrade', 'any'].includes(transport)) {
    throw new SetupError(`transport must be websocket, polling, upgrade or any, got ${transport} (for example --transport any)`);
  }
  const target = options.target ?? DEFAULTS.target;
  checkTargetNodes(target, transport);
  // A store's fields must say how its rows are matched to messages: refused here, before anything starts.
  rowIdentity(options.store);
  const ackTimeoutMs = positiveInteger('ackTimeoutMs', options.ackTimeoutMs ?? DEFAULTS.ackTimeoutMs, '1000');
  const name = options.name ?? scenario.name;
  if (!/^[\w.-]+$/.test(name)) throw new SetupError(`name must be letters, digits, '.', '-' or '_', got "${name}" (for example nightly)`);
  return {
    name,
    seed,
    runs: positiveInteger('runs', options.runs ?? DEFAULTS.runs, '--runs 50'),
    timeLimitMs: positiveInteger('time limit', options.timeLimitMs ?? DEFAULTS.timeLimitMs, '--time 30s'),
    shrinkTimeLimitMs: positiveInteger('shrink time limit', options.shrinkTimeLimitMs ?? DEFAULTS.shrinkTimeLimitMs, '90000'),
    clients: positiveInteger('clients', options.clients ?? scenario.clients ?? DEFAULTS.clients, '--clients 3'),
    strategy,
    ackTimeoutMs,
    retries,
    maxCommands: positiveInteger('maxCommands', options.maxCommands ?? scenario.maxCommands ?? DEFAULTS.maxCommands, '15'),
    transport,
    scenario,
    target,
    protocol: options.protocol,
    store: options.store,
    database: options.database,
    browser: options.browser,
    texts: { ...DEFAULTS.texts, ...options.texts },
    reporters: options.reporters,
    reportsDir: path.resolve(options.reportsDir ?? 'reports'),
    keepAllHistories: options.keepAllHistories ?? DEFAULTS.keepAllHistories,
    replay: options.replay,
    // Bounds from the clients' ack timeout and retries; any the user set win.
    finalPhase: { ...finalPhaseBounds({ ackTimeoutMs, retries }), ...options.finalPhase },
    shrink: shrinkJudgement(options.shrink),
    workers: campaignWorkers(options.workers, target, options.store),
    shard: options.shard && checkShard(options.shard),
  };
}
