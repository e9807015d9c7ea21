import fc from 'fast-check';
import type { TransportMode } from '../clients/ChaosClient.js';
import { faultByName } from '../faults/registry.js';
import { CutAckDownstreamCommand } from './commands/CutAckDownstreamCommand.js';
import { CutUpstreamMidEmitCommand } from './commands/CutUpstreamMidEmitCommand.js';
import { EmitBurstCommand } from './commands/EmitBurstCommand.js';
import { EmitCommand } from './commands/EmitCommand.js';
import { HealCommand } from './commands/HealCommand.js';
import { InjectCommand } from './commands/InjectCommand.js';
import { ResetPeerCommand } from './commands/ResetPeerCommand.js';
import type { ScenarioCommand } from './commands/ScenarioCommand.js';
import { WaitCommand } from './commands/WaitCommand.js';
import { clientSubset, faultParamsArbitrary } from './faultArbitrary.js';
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
}

/** One generated scenario: its transport and its commands. */
export interface GeneratedScenario {
  transport: TransportMode;
  commands: Iterable<ScenarioCommand>;
}

/**
 * Message texts: short, printable, sometimes markup or non-ASCII, because a
 * chat message is data and must survive as such.
 *
 * @example
 * fc.sample(messageText(), 3); // ['m', '<b>x', 'é∂']
 */
export function messageText(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.string({ minLength: 1, maxLength: 12 }) },
    { weight: 1, arbitrary: fc.constantFrom('<img src=x onerror=alert(1)>', 'héllo wörld', '"quoted"', '') },
  );
}

function injectArbitrary(faults: readonly string[], clients: number): fc.Arbitrary<ScenarioCommand> {
  return fc.oneof(
    ...faults.map((name) => {
      const fault = faultByName(name);
      const where = fault.scope === 'clients' ? clientSubset(clients) : fc.constant<number[]>([]);
      return fc.tuple(faultParamsArbitrary(fault), where).map(([params, hit]) => new InjectCommand(name, params, hit));
    }),
  );
}

function commandArbitrary(kind: CommandKind, options: GeneratorOptions, faults: readonly string[]): fc.Arbitrary<ScenarioCommand> {
  const client = fc.nat({ max: options.clients - 1 });
  switch (kind) {
    case 'emit':
      return fc.tuple(client, messageText()).map(([c, text]) => new EmitCommand(c, text));
    case 'burst':
      return fc.tuple(clientSubset(options.clients), fc.integer({ min: 1, max: 5 })).map(([cs, n]) => new EmitBurstCommand(cs, n));
    case 'cut-upstream-mid-emit':
      return fc
        .tuple(client, fc.integer({ min: 1, max: 40 }), messageText())
        .map(([c, bytes, text]) => new CutUpstreamMidEmitCommand(c, bytes, text));
    case 'cut-ack-downstream':
      return fc.tuple(client, messageText()).map(([c, text]) => new CutAckDownstreamCommand(c, text));
    case 'reset-peer':
      return client.map((c) => new ResetPeerCommand(c));
    case 'inject':
      return injectArbitrary(faults, options.clients);
    case 'heal':
      return fc.constant(new HealCommand());
    case 'wait':
      return fc.integer({ min: 10, max: 400 }).map((ms) => new WaitCommand(ms));
  }
}

/**
 * The command arbitrary of a scenario: every command kind it weighs, drawn in
 * proportion to its weight (a kind of weight 3 appears three times as often).
 *
 * @throws Error when the scenario names an unknown fault or has nothing to draw.
 * @example
 * fc.sample(scenarioCommands({ clients: 2, maxCommands: 10 }), 1);
 */
export function scenarioCommands(options: GeneratorOptions): fc.Arbitrary<Iterable<ScenarioCommand>> {
  const scenario = options.scenario ?? defaultScenario;
  const faults = scenario.faults ?? [];
  for (const name of faults) faultByName(name);
  const weighted = (Object.entries(scenario.weights) as [CommandKind, number][]).filter(([, w]) => w > 0);
  if (weighted.some(([kind]) => kind === 'inject') && faults.length === 0) {
    throw new Error(`scenario ${scenario.name} weighs "inject" but lists no faults`);
  }
  if (weighted.length === 0) throw new Error(`scenario ${scenario.name} has no command with a weight above 0`);
  const commands: fc.Arbitrary<ScenarioCommand>[] = [];
  for (const [kind, weight] of weighted) {
    const arbitrary = commandArbitrary(kind, options, faults);
    for (let i = 0; i < weight; i++) commands.push(arbitrary);
  }
  return fc.commands(commands, {
    maxCommands: options.maxCommands,
    // Longer sequences than fast-check's default size: an empty scenario costs a target start and finds nothing.
    size: '+1',
    ...(options.replayPath ? { replayPath: options.replayPath } : {}),
  });
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
