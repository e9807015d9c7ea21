import fc from 'fast-check';
import { PROBE_KINDS } from '../clients/probePayload.js';
import type { TransportMode } from '../model/transport.js';
import { faultByName } from '../faults/registry.js';
import { AwayWhileOthersSendCommand, type AwayMode } from './commands/AwayWhileOthersSendCommand.js';
import { CRASH_AT_EMIT_POINTS, CrashAtEmitCommand, type CrashAtEmitPoint } from './commands/CrashAtEmitCommand.js';
import { CutAckDownstreamCommand } from './commands/CutAckDownstreamCommand.js';
import { CutUpstreamMidEmitCommand } from './commands/CutUpstreamMidEmitCommand.js';
import { EmitBurstCommand } from './commands/EmitBurstCommand.js';
import { EmitCommand } from './commands/EmitCommand.js';
import { EmitDuringFaultCommand } from './commands/EmitDuringFaultCommand.js';
import { HealCommand } from './commands/HealCommand.js';
import { MoveClientCommand } from './commands/MoveClientCommand.js';
import { ProbeCommand } from './commands/ProbeCommand.js';
import { InjectCommand } from './commands/InjectCommand.js';
import { OfflineTogetherCommand } from './commands/OfflineTogetherCommand.js';
import { ReloadCommand } from './commands/ReloadCommand.js';
import { ResetPeerCommand } from './commands/ResetPeerCommand.js';
import type { ScenarioCommand } from './commands/ScenarioCommand.js';
import { SecondTabCommand } from './commands/SecondTabCommand.js';
import { TypeDuringReconnectCommand } from './commands/TypeDuringReconnectCommand.js';
import { WaitCommand } from './commands/WaitCommand.js';
import { ScenarioCommandsArbitrary } from './commandList.js';
import { clientSubset, faultParamsArbitrary } from './faultArbitrary.js';
import { planTargetFaults } from './targetFaults.js';
import { defaultScenario, type CommandKind, type ScenarioDefinition } from './ScenarioDefinition.js';

/** What the generator needs to know. */
export interface GeneratorOptions {
  clients: number;
  /** The longest command sequence of one scenario. */
  maxCommands: number;
  /** Which commands to draw (default: the default scenario's). */
  scenario?: ScenarioDefinition;
  /** A fixed transport, or `any` to draw one per scenario (default websocket). */
  transport?: TransportMode | 'any';
  /** fast-check's record of which commands ran, to replay a shrunk counterexample. */
  replayPath?: string;
  /** Which message texts to draw (default: non-empty ones). */
  texts?: TextOptions;
  /** How many of the clients (the last ones) are pages in a browser: `reload` and `second-tab` are drawn on them. */
  pages?: number;
  /** How many nodes the target runs (default 1): node faults and `move` draw among them; `move` only with 2 or more. */
  nodes?: number;
}

/** One generated scenario: its transport and its commands. */
export interface GeneratedScenario {
  transport: TransportMode;
  commands: Iterable<ScenarioCommand>;
}

/**
 * Which message texts the generator draws.
 *
 * @example
 * generatedScenario({ clients: 2, maxCommands: 10, texts: { empty: true } });
 */
export interface TextOptions {
  /**
   * Draw the empty string too (default false): the tutorial's page never
   * sends one (`if (input.value)`) and many servers refuse it, so by default
   * every text is non-empty.
   */
  empty?: boolean;
}

/**
 * The long text drawn among the special ones: markup, quotes and non-ASCII over a few hundred characters.
 *
 * @example
 * LONG_TEXT.length; // 354
 */
export const LONG_TEXT = `long: ${'héllo "wörld" <b>&amp;</b> ✓ '.repeat(12)}`.trimEnd();

/**
 * Message texts: short, printable, sometimes markup, quotes, non-ASCII or
 * long, because a chat message is data and must survive as such. Never empty
 * unless `empty` is set (then the empty string takes the long text's place).
 *
 * @example
 * fc.sample(messageText(), 3); // ['m', '<b>x', 'é∂']
 * fc.sample(messageText({ empty: true }), 3); // may hold ''
 */
export function messageText(options: TextOptions = {}): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom('<img src=x onerror=alert(1)>', 'héllo wörld', '"quoted"', options.empty ? '' : LONG_TEXT),
    },
  );
}

/**
 * Where `crash-at-emit` crashes: after the insert twice as often as before it,
 * because a crash there leaves a stored message without its ack, which the
 * client then retries against the new process (deduplication, retries,
 * catch-up all run), while a crash before the insert only loses an attempt.
 */
function crashPoint(): fc.Arbitrary<CrashAtEmitPoint> {
  const [before, after] = CRASH_AT_EMIT_POINTS;
  return fc.oneof({ weight: 1, arbitrary: fc.constant(before) }, { weight: 2, arbitrary: fc.constant(after) });
}

/** The faults a scenario's `inject` and `emit-during` draw: those listed, less those weighed 0. */
function drawnFaults(scenario: ScenarioDefinition): string[] {
  return (scenario.faults ?? []).filter((name) => (scenario.faultWeights?.[name] ?? 1) > 0);
}

function injectArbitrary(scenario: ScenarioDefinition, clients: number, nodes: number): fc.Arbitrary<InjectCommand> {
  return fc.oneof(
    ...drawnFaults(scenario).map((name) => {
      const fault = faultByName(name);
      const where = fault.scope === 'clients' ? clientSubset(clients) : fc.constant<number[]>([]);
      return {
        weight: scenario.faultWeights?.[name] ?? 1,
        arbitrary: fc.tuple(faultParamsArbitrary(fault, nodes), where).map(([params, hit]) => new InjectCommand(name, params, hit)),
      };
    }),
  );
}

/** A client index among the pages (the last `pages` clients), or among all clients when there are none. */
function pageClient(options: GeneratorOptions): fc.Arbitrary<number> {
  const pages = Math.min(options.pages ?? 0, options.clients);
  return fc.integer({ min: pages > 0 ? options.clients - pages : 0, max: options.clients - 1 });
}

function commandArbitrary(kind: CommandKind, options: GeneratorOptions, scenario: ScenarioDefinition): fc.Arbitrary<ScenarioCommand> {
  const client = fc.nat({ max: options.clients - 1 });
  const drawnText = messageText(options.texts);
  switch (kind) {
    case 'emit':
      return fc.tuple(client, drawnText).map(([c, text]) => new EmitCommand(c, text));
    case 'burst':
      return fc.tuple(clientSubset(options.clients), fc.integer({ min: 1, max: 5 })).map(([cs, n]) => new EmitBurstCommand(cs, n));
    case 'cut-upstream-mid-emit':
      return fc
        .tuple(client, fc.integer({ min: 1, max: 40 }), drawnText)
        .map(([c, bytes, text]) => new CutUpstreamMidEmitCommand(c, bytes, text));
    case 'cut-ack-downstream':
      return fc.tuple(client, drawnText).map(([c, text]) => new CutAckDownstreamCommand(c, text));
    case 'reset-peer':
      return client.map((c) => new ResetPeerCommand(c));
    case 'inject':
      return injectArbitrary(scenario, options.clients, options.nodes ?? 1);
    case 'emit-during':
      return fc
        .tuple(injectArbitrary(scenario, options.clients, options.nodes ?? 1), client, drawnText)
        .map(([inject, c, text]) => new EmitDuringFaultCommand(inject, c, text));
    case 'crash-at-emit':
      return fc
        .tuple(client, crashPoint(), drawnText, fc.integer({ min: 0, max: 500 }))
        .map(([c, point, text, restartMs]) => new CrashAtEmitCommand(c, point, text, restartMs));
    case 'away':
      return fc
        .tuple(client, fc.constantFrom<AwayMode>('cut', 'leave'), fc.integer({ min: 1, max: 3 }))
        .map(([c, mode, count]) => new AwayWhileOthersSendCommand(c, mode, count));
    case 'robustness':
      return fc.tuple(client, fc.constantFrom(...PROBE_KINDS)).map(([c, kind]) => new ProbeCommand(c, kind));
    case 'heal':
      return fc.constant(new HealCommand());
    case 'wait':
      return fc.integer({ min: 10, max: 400 }).map((ms) => new WaitCommand(ms));
    case 'offline-together':
      return fc.tuple(clientSubset(options.clients), fc.integer({ min: 1, max: 3 })).map(([cs, n]) => new OfflineTogetherCommand(cs, n));
    case 'type-during-reconnect':
      return fc.tuple(client, fc.integer({ min: 1, max: 3 })).map(([c, n]) => new TypeDuringReconnectCommand(c, n));
    case 'reload':
      return pageClient(options).map((c) => new ReloadCommand(c));
    case 'second-tab':
      return pageClient(options).map((c) => new SecondTabCommand(c));
    case 'move':
      return fc.tuple(client, fc.nat({ max: (options.nodes ?? 1) - 1 })).map(([c, node]) => new MoveClientCommand(c, node));
  }
}

/**
 * The arbitraries a scenario's commands are drawn from: every command kind it
 * weighs, repeated as often as its weight (a kind of weight 3 appears three
 * times as often).
 *
 * @throws Error when the scenario names an unknown fault or has nothing to draw.
 * @example
 * commandArbitraries({ clients: 2, maxCommands: 10 }).length; // 9 for the default scenario
 */
export function commandArbitraries(options: GeneratorOptions): fc.Arbitrary<ScenarioCommand>[] {
  const named = options.scenario ?? defaultScenario;
  const nodes = options.nodes ?? 1;
  // A campaign chooses a scenario's families for its target first (planTargetFaults); drawn
  // without a target, a family is every fault of it.
  const scenario = named.families?.length ? planTargetFaults(named, () => undefined, { nodes }).scenario : named;
  const faults = drawnFaults(scenario);
  for (const name of faults) faultByName(name);
  // `move` needs a target with several nodes.
  const weighted = (Object.entries(scenario.weights) as [CommandKind, number][]).filter(([kind, w]) => w > 0 && (kind !== 'move' || nodes >= 2));
  const drawsFaults = weighted.find(([kind]) => kind === 'inject' || kind === 'emit-during');
  if (drawsFaults && faults.length === 0) {
    throw new Error(`scenario ${scenario.name} weighs "${drawsFaults[0]}" but lists no faults (or weighs them all 0)`);
  }
  if (weighted.length === 0) throw new Error(`scenario ${scenario.name} has no command with a weight above 0`);
  const commands: fc.Arbitrary<ScenarioCommand>[] = [];
  for (const [kind, weight] of weighted) {
    const arbitrary = commandArbitrary(kind, options, scenario);
    for (let i = 0; i < weight; i++) commands.push(arbitrary);
  }
  return commands;
}

/**
 * The command arbitrary of a scenario: lists of {@link commandArbitraries},
 * drawn as `fc.commands(..., { maxCommands, size: '+1' })` draws them (longer
 * than fast-check's default size: an empty scenario costs a target start and
 * finds nothing), shrunk Waits first (see {@link ScenarioCommandsArbitrary}).
 *
 * @throws Error when the scenario names an unknown fault or has nothing to draw.
 * @example
 * fc.sample(scenarioCommands({ clients: 2, maxCommands: 10 }), 1);
 */
export function scenarioCommands(options: GeneratorOptions): fc.Arbitrary<Iterable<ScenarioCommand>> {
  return new ScenarioCommandsArbitrary(commandArbitraries(options), options.maxCommands, options.replayPath);
}

/**
 * A whole generated scenario: the transport (fixed or drawn) and the commands.
 *
 * @example
 * fc.sample(generatedScenario({ clients: 3, maxCommands: 15, transport: 'any' }), 1);
 */
export function generatedScenario(options: GeneratorOptions): fc.Arbitrary<GeneratedScenario> {
  const transport =
    !options.transport || options.transport === 'any'
      ? options.transport === 'any'
        ? fc.constantFrom<TransportMode>('websocket', 'polling', 'upgrade')
        : fc.constant<TransportMode>('websocket')
      : fc.constant(options.transport);
  return fc.record({ transport, commands: scenarioCommands(options) });
}

/**
 * Reads the replay path fast-check writes into a command list's `toString()`,
 * as a comment `replayPath="..."` after the commands.
 *
 * @example
 * commandsReplayPath(String(details.counterexample?.[0].commands)); // 'AB:C'
 */
export function commandsReplayPath(commandsText: string): string | undefined {
  const match = /\/\*replayPath=("(?:[^"\\]|\\.)*")\*\//.exec(commandsText);
  return match ? (JSON.parse(match[1]!) as string) : undefined;
}
