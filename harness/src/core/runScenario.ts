import createDebug from 'debug';
import type { Browser } from 'playwright-core';
import { BrowserClient } from '../clients/browser/BrowserClient.js';
import { launchBrowser } from '../clients/browser/launchBrowser.js';
import { ChaosClient } from '../clients/ChaosClient.js';
import type { TransportMode } from '../model/transport.js';
import { UniqueTexts } from '../clients/uniqueTexts.js';
import type { ScenarioClient } from '../clients/ScenarioClient.js';
import type { StrategyFactory, StrategyOptions } from '../clients/Strategy.js';
import { checkView, type CheckerChoice, type HistoryCheck } from '../checkers/checkHistory.js';
import type { Verdict } from '../checkers/Checker.js';
import type { Unjudged } from '../model/promises.js';
import type { BrowserConfig } from '../config/types.js';
import { SetupError } from '../errors/SetupError.js';
import { FaultInjector } from '../faults/FaultInjector.js';
import { HealError } from '../faults/HealError.js';
import type { HistoryEvent } from '../history/events.js';
import { INTERRUPTED } from '../history/harnessEventText.js';
import { HistoryRecorder } from '../history/recorder.js';
import type { Protocol } from '../protocol/Protocol.js';
import type { Target } from '../target/Target.js';
import { ProxyPool } from '../toxiproxy/ProxyPool.js';
import { LoadBalancer, type BalancerMode } from '../target/LoadBalancer.js';
import { ROAMING_NEEDS_WEBSOCKET } from '../config/targetNodes.js';
import { scenarioFigures, type ScenarioFigures } from './figures.js';
import { buildView } from '../view/buildView.js';
import { untilAborted } from '../net/waitFor.js';
import { finalPhase, type FinalPhaseTimeouts } from './finalPhase.js';
import { PhaseClock } from './phaseClock.js';
import { legacyScenarioSetup } from '../util/legacySetup.js';
import type { ScenarioResources } from './scenarioResources.js';
import { releaseTarget, startScenarioTarget, type StartedTarget } from './scenarioTarget.js';
import type { World } from '../generate/World.js';

const debug = createDebug('siochaos:core');

/** What one scenario runs against and with. */
export interface ScenarioSetup {
  toxiproxyUrl: string;
  /** How long each call to Toxiproxy's API may take (default `TOXIPROXY_CALL_TIMEOUT_MS`, 10 s). */
  toxiproxyCallTimeoutMs?: number;
  /** Makes the target of one scenario, given a folder of its own. */
  makeTarget(dataDir: string): Target;
  /**
   * Gives this scenario's target started (e.g. one started ahead, see
   * `TargetsAhead`); without it, the scenario makes one with `makeTarget` in
   * a folder under `workDir` and starts it. The scenario stops it and removes
   * its folder either way.
   */
  takeTarget?: () => Promise<StartedTarget>;
  /**
   * Starts the next scenario's target ahead (see `TargetsAhead.startNext`):
   * called once this scenario's clients are connected, or when it ends
   * before that.
   */
  startNextTarget?: () => void;
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
  /** The anomaly kinds the campaign's promises rule out (see `unjudgedIn`): not judged, with a note saying why. */
  unjudged?: readonly Unjudged[];
  /** Whether the store is shared with other scenarios, so the check is scoped to this scenario's messages. */
  scoped?: boolean;
  /** Put before every client offset, to keep scenarios apart in a shared store. */
  msgPrefix?: string;
  /**
   * Whether the store's rows are matched to messages by content (it keeps no
   * client identity): clients then send texts unique within the scenario,
   * prefixed with `msgPrefix` when the store is shared.
   */
  uniqueTexts?: boolean;
  /** Browser clients: the last `browser.clients` of the clients are the target's own page in Chromium. */
  browser?: BrowserConfig;
  /** How the load balancer in front of a multi-node target picks a client's node (default `sticky`). */
  balancer?: BalancerMode;
  /**
   * Shared with the campaign's other scenarios: client proxies are taken from
   * its stock and given back, and the teardown (stopping the target, parking
   * the proxies) goes on after the scenario returns, while the next one runs.
   * Without it (or with `SIOCHAOS_LEGACY_SCENARIO_SETUP=1`) the scenario makes
   * and deletes its proxies and has torn everything down when it returns.
   */
  resources?: ScenarioResources;
}

/** How many of the clients are browsers; checks that the setup allows them. */
function browserCount(setup: ScenarioSetup): number {
  const count = setup.browser?.clients ?? 0;
  if (count > setup.clients) {
    throw new SetupError(`browser.clients is ${count} but a scenario has only ${setup.clients} clients: raise clients to at least ${count}`);
  }
  if (count > 0 && setup.scoped) {
    throw new SetupError(
      'browser clients pick their own client offsets, so they need a store siochaos empties before each scenario: give the store a reset query, or use a command target whose store lives in {dataDir}',
    );
  }
  return count;
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
  const clock = new PhaseClock();
  const resources = legacyScenarioSetup() ? undefined : setup.resources;
  const browsers = browserCount(setup);
  if (setup.balancer === 'roaming' && setup.transport !== 'websocket') throw new SetupError(ROAMING_NEEDS_WEBSOCKET);
  const startedTarget = await (setup.takeTarget?.() ?? startScenarioTarget(setup.workDir, setup.makeTarget, setup.signal));
  clock.lap('target');
  // Set once the scenario is judged; teardown's time is added to it at the very end.
  let result: ScenarioResult | undefined;
  const { target, address } = startedTarget;
  const recorder = new HistoryRecorder();
  // Proxies taken while the target was started ahead are already pointed at it (and handed back with the rest on failure).
  let pool: ProxyPool | undefined = startedTarget.proxies;
  let balancer: LoadBalancer | undefined;
  const clients: ScenarioClient[] = [];
  let injector: FaultInjector | undefined;
  let browser: Browser | undefined;
  // A server that dies on its own is a finding: every exit siochaos did not cause goes into the history.
  const stopHearingExits = target.process?.onUnexpectedExit?.((exit) => recorder.record({ type: 'target-exit', ...exit }));
  try {
    recorder.record({ type: 'target-listening', target: target.name, host: address.host, port: address.port });
    if (browsers < setup.clients) {
      // The checkers scale their timing rules with how the Node clients deliver.
      const { ackTimeoutMs, retries } = setup.strategyOptions;
      const name = setup.strategy(setup.strategyOptions).name;
      recorder.record({ type: 'strategy', name, ackTimeoutMs, ...(Number.isFinite(retries) ? { retries } : {}) });
    }
    const callTimeout = setup.toxiproxyCallTimeoutMs ? { callTimeoutMs: setup.toxiproxyCallTimeoutMs } : {};
    if (target.nodes?.length) {
      // A multi-node target: each client's proxy points at one node, behind a load balancer.
      const mode = setup.balancer ?? 'sticky';
      balancer = await LoadBalancer.start({ toxiproxyUrl: setup.toxiproxyUrl, nodes: target.nodes, clients: setup.clients, recorder, mode, ...callTimeout });
      balancer.nameClients(Array.from({ length: setup.clients }, (_, i) => `c${i}`));
      pool = balancer.proxies;
    } else {
      const upstream = `${address.host}:${address.port}`;
      pool ??= resources ? await resources.proxies.take(upstream, setup.clients) : await ProxyPool.create(setup.toxiproxyUrl, upstream, setup.clients, callTimeout);
    }
    clock.lap('proxies');
    if (browsers > 0) browser = await launchBrowser();
    const texts = setup.uniqueTexts ? new UniqueTexts(setup.scoped ? (setup.msgPrefix ?? '') : '') : undefined;
    for (const [index, entry] of pool.entries.entries()) {
      if (browser && setup.browser && index >= setup.clients - browsers) {
        const { path: pagePath = '/', input, send, messages } = setup.browser;
        clients.push(
          new BrowserClient({
            name: `c${index}`,
            url: `http://${entry.listen}${pagePath.startsWith('/') ? '' : '/'}${pagePath}`,
            browser,
            selectors: { input, messages, ...(send ? { send } : {}) },
            protocol: setup.protocol,
            recorder,
            ...(texts ? { texts } : {}),
            ...(balancer ? { routing: balancer } : {}),
          }),
        );
        continue;
      }
      clients.push(
        new ChaosClient({
          name: `c${index}`,
          url: `http://${entry.listen}`,
          strategy: setup.strategy(setup.strategyOptions),
          protocol: setup.protocol,
          recorder,
          transport: setup.transport,
          msgPrefix: setup.msgPrefix ?? '',
          signal: setup.signal,
          ...(texts ? { texts } : {}),
          ...(balancer ? { routing: balancer } : {}),
        }),
      );
    }
    if (browsers > 0) recorder.record({ type: 'browser-clients', clients: clients.slice(-browsers).map((c) => c.name) });
    await Promise.all(clients.map((c) => c.connect()));
    const connected = await Promise.all(clients.map((c) => untilAborted(c.waitConnected(setup.finalPhase.connectMs), setup.signal, false)));
    if (connected.includes(false) && !setup.signal.aborted) {
      throw new SetupError(
        `clients could not connect to ${target.name} through Toxiproxy within ${setup.finalPhase.connectMs} ms: check that the target speaks Socket.IO on ${address.host}:${address.port}`,
      );
    }
    clock.lap('connect');
    setup.startNextTarget?.();
    injector = new FaultInjector({ proxies: pool, target, clients, ...(balancer ? { balancer } : {}) }, recorder, clients.map((c) => c.name));
    const world: World = {
      clients,
      injector,
      recorder,
      target,
      signal: setup.signal,
      addClient: (client) => void clients.push(client),
      ...(balancer ? { balancer } : {}),
    };
    let error: string | undefined;
    // A fault that could not be healed leaves a scenario the checkers cannot judge: it is `unknown`, whatever they would say.
    let healFailure: string | undefined;
    const healFailed = (err: unknown): boolean => {
      if (!(err instanceof HealError)) return false;
      healFailure = err.message;
      recorder.record({ type: 'heal-failed', error: err.message });
      return true;
    };
    try {
      if (!setup.signal.aborted) await drive(world);
    } catch (err) {
      if (!healFailed(err)) {
        recorder.record({ type: 'command-failed', error: (err as Error).message });
        error = `a command failed: ${(err as Error).message}`;
      }
    }
    clock.lap('commands');
    if (!setup.signal.aborted && !healFailure) {
      await finalPhase(world, setup.finalPhase, setup.scoped ? setup.msgPrefix : undefined, clock).catch((err: unknown) => {
        if (!healFailed(err)) throw err;
      });
    }
    if (setup.signal.aborted) {
      // Cut short: what it recorded is not the whole story, so it is never judged (nor shrunk).
      recorder.record({ type: 'interrupted' });
      recorder.seal();
      const history = [...recorder.events];
      debug('scenario interrupted after %d ms: not judged', clock.elapsedMs());
      const figures = scenarioFigures(buildView(history));
      clock.lap('check');
      result = {
        verdict: 'unknown',
        check: { verdict: 'unknown', anomalies: [], counts: {}, notes: [INTERRUPTED], results: [] },
        history,
        figures,
        durationMs: 0,
        faults: Object.fromEntries(injector.injectedByName),
        error: 'interrupted',
      };
      return result;
    }
    const history = [...recorder.events];
    const view = buildView(history);
    const check: HistoryCheck = healFailure
      ? { verdict: 'unknown', anomalies: [], counts: {}, notes: [healFailure], results: [] }
      : checkView(view, setup.checkers, setup.unjudged);
    if (healFailure) error = healFailure;
    const verdict: Verdict = healFailure ? 'unknown' : error && check.verdict === 'valid' ? 'unknown' : check.verdict;
    const figures = scenarioFigures(view);
    clock.lap('check');
    debug('scenario %s in %d ms (%d events)', verdict, clock.elapsedMs(), history.length);
    result = {
      verdict,
      check,
      history,
      figures,
      durationMs: 0,
      faults: Object.fromEntries(injector.injectedByName),
      ...(error ? { error } : {}),
    };
    return result;
  } finally {
    setup.startNextTarget?.();
    stopHearingExits?.();
    recorder.seal();
    const teardown = async (): Promise<void> => {
      await balancer?.close();
      await Promise.all(clients.map((client) => client.close()));
      await browser?.close().catch(() => {});
      await injector?.healAll().catch(() => {});
      if (pool && resources && !balancer) await resources.proxies.giveBack(pool);
      else await pool?.destroy();
      await releaseTarget(startedTarget);
    };
    // A judged scenario's teardown can go on while the next scenario runs; a failed one is torn down before it throws on.
    if (resources && result) resources.inBackground(teardown());
    else await teardown();
    if (result) {
      // The result was made before teardown (it is what `return` hands on): its time and phases are completed here.
      clock.lap('teardown');
      result.durationMs = Math.round(clock.elapsedMs());
      result.figures.phasesMs = clock.rounded();
    }
  }
}
