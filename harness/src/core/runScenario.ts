import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import createDebug from 'debug';
import { ChaosClient, type TransportMode } from '../clients/ChaosClient.js';
import type { StrategyFactory, StrategyOptions } from '../clients/Strategy.js';
import { checkHistory, type CheckerChoice, type HistoryCheck } from '../checkers/checkHistory.js';
import type { Verdict } from '../checkers/Checker.js';
import { SetupError } from '../errors/SetupError.js';
import { FaultInjector } from '../faults/FaultInjector.js';
import type { HistoryEvent } from '../history/events.js';
import { HistoryRecorder } from '../history/recorder.js';
import type { Protocol } from '../protocol/Protocol.js';
import type { Target } from '../target/Target.js';
import { ProxyPool } from '../toxiproxy/ProxyPool.js';
import { scenarioFigures, type ScenarioFigures } from './figures.js';
import { finalPhase, type FinalPhaseTimeouts } from './finalPhase.js';
import type { World } from './World.js';

const debug = createDebug('siochaos:core');

/** What one scenario runs against and with. */
export interface ScenarioSetup {
  toxiproxyUrl: string;
  /** Makes the target of one scenario, given a folder of its own. */
  makeTarget(dataDir: string): Target;
  clients: number;
  strategy: StrategyFactory;
  strategyOptions: StrategyOptions;
  protocol: Protocol;
  transport: TransportMode;
  /** Scenario folders are made under it and removed afterwards. */
  workDir: string;
  finalPhase: FinalPhaseTimeouts;
  signal: AbortSignal;
  /** The checkers to run (default: all built-in ones). */
  checkers?: CheckerChoice[];
  /** Whether the store is shared with other scenarios, so the check is scoped to this scenario's messages. */
  scoped?: boolean;
  /** Put before every client offset, to keep scenarios apart in a shared store. */
  msgPrefix?: string;
}

/** The outcome of one scenario. */
export interface ScenarioResult {
  verdict: Verdict;
  check: HistoryCheck;
  history: HistoryEvent[];
  figures: ScenarioFigures;
  durationMs: number;
  /** Faults injected, by name. */
  faults: Record<string, number>;
  /** A harness error that cut the scenario short (its verdict is then `unknown`). */
  error?: string;
}

/**
 * Runs one scenario: starts the target behind one Toxiproxy proxy per client,
 * connects the clients, lets `drive` act on the world (the fast-check commands),
 * runs the final phase, and checks the history. Everything it started is
 * stopped before it returns, also on failure.
 *
 * @throws SetupError when the target or the clients cannot be brought up.
 * @example
 * const result = await runScenario(setup, async (world) => { world.clients[0]!.send('hi'); });
 * result.verdict; // 'valid'
 */
export async function runScenario(setup: ScenarioSetup, drive: (world: World) => Promise<void>): Promise<ScenarioResult> {
  const started = Date.now();
  const dataDir = await mkdtemp(path.join(setup.workDir, 'scenario-'));
  const recorder = new HistoryRecorder();
  const target = setup.makeTarget(dataDir);
  let pool: ProxyPool | undefined;
  const clients: ChaosClient[] = [];
  let injector: FaultInjector | undefined;
  try {
    const address = await target.start();
    recorder.record({ type: 'note', phase: 'setup', detail: `${target.name} listening on ${address.host}:${address.port}` });
    pool = await ProxyPool.create(setup.toxiproxyUrl, `${address.host}:${address.port}`, setup.clients);
    for (const [index, entry] of pool.entries.entries()) {
      clients.push(
        new ChaosClient({
          name: `c${index}`,
          url: `http://${entry.listen}`,
          strategy: setup.strategy(setup.strategyOptions),
          protocol: setup.protocol,
          recorder,
          transport: setup.transport,
          msgPrefix: setup.msgPrefix ?? '',
        }),
      );
    }
    for (const client of clients) client.connect();
    const connected = await Promise.all(clients.map((c) => c.waitConnected(setup.finalPhase.connectMs)));
    if (connected.includes(false)) {
      throw new SetupError(
        `clients could not connect to ${target.name} through Toxiproxy within ${setup.finalPhase.connectMs} ms: check that the target speaks Socket.IO on ${address.host}:${address.port}`,
      );
    }
    injector = new FaultInjector({ proxies: pool, target, clients }, recorder, clients.map((c) => c.name));
    const world: World = { clients, injector, recorder, target, signal: setup.signal };
    let error: string | undefined;
    try {
      await drive(world);
    } catch (err) {
      error = `a command failed: ${(err as Error).message}`;
      recorder.record({ type: 'note', phase: 'error', detail: error });
    }
    if (setup.signal.aborted) {
      recorder.record({ type: 'note', phase: 'interrupted', detail: 'the campaign was interrupted: no final phase' });
      error ??= 'interrupted';
    } else {
      await finalPhase(world, setup.finalPhase, setup.scoped ? setup.msgPrefix : undefined);
    }
    const history = [...recorder.events];
    const check = checkHistory(history, setup.checkers);
    const verdict: Verdict = error && check.verdict === 'valid' ? 'unknown' : check.verdict;
    debug('scenario %s in %d ms (%d events)', verdict, Date.now() - started, history.length);
    return {
      verdict,
      check,
      history,
      figures: scenarioFigures(history),
      durationMs: Date.now() - started,
      faults: Object.fromEntries(injector.injectedByName),
      ...(error ? { error } : {}),
    };
  } finally {
    recorder.seal();
    for (const client of clients) client.close();
    await injector?.healAll().catch(() => {});
    await pool?.destroy();
    await target.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
