/**
 * What the soak runs: every named scenario with every strategy that promises
 * what the campaign checks, against every correct target.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { builtinScenarioNames, loadConfig, type CampaignOptions } from '../../harness/src/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A correct server to soak, as campaign options. */
export interface SoakTarget {
  name: string;
  options(): Promise<CampaignOptions>;
}

/** A table of the soak's own for postgres-chat, so that other runs' tests on its default table never meet the soak's rows. */
const POSTGRES_CHAT_TABLE = `soak_${process.pid}_messages`;

async function example(name: string): Promise<CampaignOptions> {
  return loadConfig(path.join(ROOT, 'examples', name, 'siochaos.config.json'), ROOT);
}

/** python-chat's config, once Debian's python3-socketio and python3-aiohttp are there (setup does not install them). */
async function pythonChat(): Promise<CampaignOptions> {
  const check = spawnSync('/usr/bin/python3', ['-c', 'import socketio, aiohttp'], { encoding: 'utf8' });
  if (check.status !== 0) {
    throw new Error(
      `python-chat needs Debian's python3-socketio and python3-aiohttp (${(check.stderr || check.error?.message || '').trim().split('\n').at(-1)}): ` +
        'apt-get install -y python3-socketio python3-aiohttp, or leave it out with --targets',
    );
  }
  return example('python-chat');
}

/**
 * The targets: the reference server with its SQLite store and with its
 * PostgreSQL store (a table of its own per scenario, behind a Toxiproxy proxy),
 * and the correct example servers (examples/*, their own siochaos.config.json;
 * tutorial-chat with its SQLite file named as its database, postgres-chat on a
 * table of the soak's own, object-chat with object payloads and an http store,
 * python-chat on python-socketio).
 */
export const SOAK_TARGETS: readonly SoakTarget[] = [
  { name: 'reference-sqlite', options: async () => ({ target: { kind: 'reference' } }) },
  { name: 'reference-postgres', options: async () => ({ target: { kind: 'reference', store: 'postgres' } }) },
  {
    name: 'tutorial-chat',
    // Its config names no database; the soak tells siochaos where its SQLite file is, so that db-stall has faults to draw.
    options: async () => ({ ...(await example('tutorial-chat')), database: { kind: 'sqlite', file: '{db}' } }),
  },
  {
    name: 'postgres-chat',
    async options() {
      const options = await example('postgres-chat');
      if (options.target?.kind !== 'command' || options.store?.kind !== 'postgres') {
        throw new Error('examples/postgres-chat/siochaos.config.json is no longer a command target with a postgres store: update bench/soak/matrix.ts');
      }
      const retable = (sql: string | undefined) => sql?.replaceAll('postgres_chat_messages', POSTGRES_CHAT_TABLE);
      return {
        ...options,
        target: { ...options.target, env: { ...options.target.env, CHAT_TABLE: POSTGRES_CHAT_TABLE } },
        store: { ...options.store, query: retable(options.store.query)!, ...(options.store.reset ? { reset: retable(options.store.reset)! } : {}) },
      };
    },
  },
  { name: 'object-chat', options: () => example('object-chat') },
  { name: 'python-chat', options: pythonChat },
];

/** A client strategy, and the anomaly kinds it does not promise to avoid (finding them is no false alarm). */
export interface SoakStrategy {
  name: string;
  /** Kinds the strategy does not promise against (the campaign checks them anyway). */
  notPromised: readonly string[];
}

/**
 * The strategies: queued-retry (ordered, unlimited retries) promises every
 * guarantee the checkers check; ack-retry (unordered, unlimited retries)
 * every one but the send order (`reordered`). at-most-once promises no
 * delivery under faults, so it is not soaked.
 */
export const SOAK_STRATEGIES: readonly SoakStrategy[] = [
  { name: 'queued-retry', notPromised: [] },
  { name: 'ack-retry', notPromised: ['reordered'] },
];

/** One cell of the soak: a target, a named scenario, a strategy, and how many scenarios it gets. */
export interface SoakCell {
  target: SoakTarget;
  scenario: string;
  strategy: SoakStrategy;
  quota: number;
}

/**
 * Every target × named scenario × strategy, with `total` scenarios spread
 * evenly over them (the first cells get one more when it does not divide;
 * targets vary fastest, so that a short soak still meets every target).
 *
 * @example
 * soakCells(1000, null).length; // 6 targets × 9 scenarios × 2 strategies = 108
 */
export function soakCells(total: number, targets: readonly string[] | null): SoakCell[] {
  const chosen = SOAK_TARGETS.filter((t) => targets === null || targets.includes(t.name));
  if (chosen.length === 0) throw new Error(`no such target: use some of ${SOAK_TARGETS.map((t) => t.name).join(', ')}`);
  const cells: Omit<SoakCell, 'quota'>[] = [];
  // Targets innermost: a short soak still meets every target.
  for (const scenario of builtinScenarioNames()) {
    for (const strategy of SOAK_STRATEGIES) for (const target of chosen) cells.push({ target, scenario, strategy });
  }
  const base = Math.floor(total / cells.length);
  const extra = total % cells.length;
  return cells.map((cell, i) => ({ ...cell, quota: base + (i < extra ? 1 : 0) })).filter((cell) => cell.quota > 0);
}
