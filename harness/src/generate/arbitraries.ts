import fc from 'fast-check';
import { CutAckDownstreamCommand } from './commands/CutAckDownstreamCommand.js';
import { CutUpstreamMidEmitCommand } from './commands/CutUpstreamMidEmitCommand.js';
import { EmitCommand } from './commands/EmitCommand.js';
import { HealCommand } from './commands/HealCommand.js';
import { ResetPeerCommand } from './commands/ResetPeerCommand.js';
import type { ScenarioCommand } from './commands/ScenarioCommand.js';
import { WaitCommand } from './commands/WaitCommand.js';

/** What the generator needs to know. */
export interface GeneratorOptions {
  clients: number;
  /** The longest command sequence of one scenario. */
  maxCommands: number;
  /** fast-check's record of which commands ran, to replay a shrunk counterexample. */
  replayPath?: string;
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

/**
 * The command arbitraries of the walking-skeleton scenario: emits, mid-emit
 * cuts, lost acks, peer resets, heals and waits.
 *
 * @example
 * fc.sample(scenarioCommands({ clients: 2, maxCommands: 10 }), 1);
 */
export function scenarioCommands(options: GeneratorOptions): fc.Arbitrary<Iterable<ScenarioCommand>> {
  const client = fc.nat({ max: options.clients - 1 });
  const commands: fc.Arbitrary<ScenarioCommand>[] = [
    fc.tuple(client, messageText()).map(([c, text]) => new EmitCommand(c, text)),
    fc.tuple(client, messageText()).map(([c, text]) => new EmitCommand(c, text)),
    fc.tuple(client, fc.integer({ min: 1, max: 40 }), messageText()).map(
      ([c, bytes, text]) => new CutUpstreamMidEmitCommand(c, bytes, text),
    ),
    fc.tuple(client, messageText()).map(([c, text]) => new CutAckDownstreamCommand(c, text)),
    client.map((c) => new ResetPeerCommand(c)),
    fc.constant(new HealCommand()),
    fc.integer({ min: 10, max: 400 }).map((ms) => new WaitCommand(ms)),
  ];
  return fc.commands(commands, {
    maxCommands: options.maxCommands,
    ...(options.replayPath ? { replayPath: options.replayPath } : {}),
  });
}

/**
 * Reads the replay path fast-check writes into a command list's `toString()`,
 * as a comment `replayPath="..."` after the commands.
 *
 * @example
 * commandsReplayPath(String(details.counterexample?.[0])); // 'AB:C'
 */
export function commandsReplayPath(commandsText: string): string | undefined {
  const match = /\/\*replayPath=("(?:[^"\\]|\\.)*")\*\//.exec(commandsText);
  return match ? (JSON.parse(match[1]!) as string) : undefined;
}
