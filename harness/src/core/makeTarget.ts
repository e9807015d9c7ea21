import path from 'node:path';
import type { CampaignConfig } from '../config/types.js';
import { SetupError } from '../errors/SetupError.js';
import { storeReader, type Placeholders } from '../stores/readers.js';
import type { StoreReader } from '../stores/StoreReader.js';
import { deleteRedisKeys, provideRedis, scenarioRedisPrefix, type RedisServer } from '../provision/redis.js';
import { commandNodesTarget } from '../target/commandNodes.js';
import { commandTarget } from '../target/commandTarget.js';
import { withDatabaseProxy } from '../target/databaseProxy.js';
import { referenceServerTarget } from '../target/referenceServer.js';
import type { Target } from '../target/Target.js';
import { urlTarget } from '../target/urlTarget.js';

/** Where a scenario's target keeps its files. */
export interface TargetPlace {
  /** This scenario's own folder (removed afterwards). */
  dataDir: string;
  /** Where target processes' output is kept (in the report folder). */
  logDir: string;
  /** The Toxiproxy API, for targets that put their database behind a proxy. */
  toxiproxyUrl: string;
  /** The campaign's Redis, for targets whose nodes use one (default: each target provides its own, and lets it go at stop). */
  redis?: () => Promise<RedisServer>;
}

/**
 * Builds the target a config names, for one scenario. The only place that
 * knows the concrete targets.
 *
 * @throws SetupError when the config lacks what the target needs (a store for your own server).
 * @example
 * const target = makeTarget(config, { dataDir, logDir, toxiproxyUrl });
 */
export function makeTarget(config: CampaignConfig, place: TargetPlace): Target {
  const target = config.target;
  const store = (values: Placeholders): StoreReader | undefined => {
    if (!config.store) {
      throw new SetupError(
        `a ${target.kind} target needs a store to check against: set store (sqlite, postgres, http, or { kind: 'none' }) in siochaos.config`,
      );
    }
    return storeReader(config.store, values);
  };
  switch (target.kind) {
    case 'reference':
      return referenceServerTarget({
        dataDir: place.dataDir,
        logDir: path.join(place.logDir, 'target-output'),
        bugs: target.bugs ?? [],
        failpoints: true,
        // With nodes the store defaults to postgres; the database and adapter proxies are made on Toxiproxy.
        ...(target.store ? { store: target.store } : {}),
        toxiproxyUrl: place.toxiproxyUrl,
        ...((target.nodes ?? 1) > 1 ? { nodes: target.nodes, ...(target.adapter ? { adapter: target.adapter } : {}), redis: campaignRedis(place) } : {}),
      });
    case 'command':
      if (target.nodes !== undefined) {
        return commandNodesTarget({
          config: { ...target, nodes: target.nodes },
          database: config.database,
          dataDir: place.dataDir,
          logDir: path.join(place.logDir, 'target-output'),
          toxiproxyUrl: place.toxiproxyUrl,
          store,
          // The campaign's Redis outlives the target: only the scenario's keys are removed from it.
          redis: campaignRedis(place),
          redisPrefix: scenarioRedisPrefix,
          deleteKeys: deleteRedisKeys,
        });
      }
      return withDatabaseProxy(
        { database: config.database, config: target, toxiproxyUrl: place.toxiproxyUrl, dataDir: place.dataDir },
        (commandConfig, placeholders) =>
          commandTarget({ config: commandConfig, dataDir: place.dataDir, logDir: path.join(place.logDir, 'target-output'), store, placeholders }),
      );
    case 'url':
      return urlTarget(target, store);
  }
}

/** The campaign's Redis, which outlives the target (only the scenario's keys are removed from it); else one of the target's own. */
function campaignRedis(place: TargetPlace): () => Promise<RedisServer> {
  const { redis } = place;
  return redis ? async () => ({ ...(await redis()), owned: false, stop: async () => {} }) : () => provideRedis();
}

/**
 * Whether scenarios of this config share a store that is not reset between
 * them, so each check must be scoped to the scenario's own clients.
 *
 * @example
 * sharedStore(config); // true for a url target
 */
export function sharedStore(config: CampaignConfig): boolean {
  if (config.target.kind === 'url') return true;
  const store = config.store;
  return store !== undefined && (store.kind === 'postgres' || store.kind === 'http') && !('reset' in store && store.reset);
}
