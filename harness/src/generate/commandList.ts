import fc from 'fast-check';
import type { World } from './World.js';
import type { ScenarioModel } from './Model.js';
import type { ScenarioCommand } from './commands/ScenarioCommand.js';
import { WaitCommand } from './commands/WaitCommand.js';

/**
 * The longest list generated, whatever `maxCommands` allows: fast-check's
 * length for size `+1` over its default `small` (`medium`: 100), as
 * `fc.commands(..., { size: '+1' })` draws, so that a seed draws the same
 * scenarios as it did with fast-check's own command arbitrary.
 */
const MAX_GENERATED = 100;

/**
 * A command of a generated list, with whether it ran (its check passed) in a
 * scenario. The command itself is `cmd`, as in fast-check's own wrapper.
 */
class TrackedCommand implements ScenarioCommand {
  hasRan = false;
  constructor(readonly cmd: ScenarioCommand) {}

  check(model: Readonly<ScenarioModel>): boolean {
    return this.cmd.check(model);
  }

  run(model: ScenarioModel, world: World): Promise<void> {
    this.hasRan = true;
    return this.cmd.run(model, world);
  }

  toString(): string {
    return this.cmd.toString();
  }
}

/**
 * A generated scenario's commands. `toString()` lists those that ran, then
 * the replay record as fast-check's own command lists write it
 * (`/*replayPath="..."*\/`), which {@link commandsReplayPath} reads back.
 */
export class CommandList implements Iterable<ScenarioCommand> {
  constructor(
    readonly commands: readonly TrackedCommand[],
    private readonly replayRecord: () => string,
  ) {}

  [Symbol.iterator](): Iterator<ScenarioCommand> {
    return this.commands[Symbol.iterator]();
  }

  toString(): string {
    const ran = this.commands.filter((c) => c.hasRan).map(String).join(',');
    return `${ran} /*replayPath=${JSON.stringify(this.replayRecord())}*/`;
  }
}

/**
 * Marks the commands of `to` that ran as those of `from` ran: two lists drawn
 * at the same path of the same seed (one run by a worker, one fast-check
 * holds to shrink), so that fast-check shrinks what ran of the run it did not
 * see.
 *
 * @throws Error when they are not two lists of the same commands.
 * @example
 * copyRanFlags(searched.commands, shrinkable.commands);
 */
export function copyRanFlags(from: Iterable<ScenarioCommand>, to: Iterable<ScenarioCommand>): void {
  if (!(from instanceof CommandList) || !(to instanceof CommandList) || from.commands.length !== to.commands.length) {
    throw new Error('copyRanFlags: both must be command lists drawn at the same path of the same seed');
  }
  from.commands.forEach((command, i) => {
    const target = to.commands[i]!;
    if (target.cmd.constructor !== command.cmd.constructor) throw new Error(`copyRanFlags: command ${i} differs: ${String(command)} vs ${String(target)}`);
    target.hasRan = command.hasRan;
  });
}

interface Item {
  /** The generated command with its context, to shrink its own parameters. */
  value: fc.Value<ScenarioCommand>;
  tracked: TrackedCommand;
}

/**
 * Where shrinking a list stands: `waits` says which Wait passes are still to
 * try (all at once, then one at a time, then none), `chunk` the largest run
 * of commands to remove next (the size whose removal made this list).
 */
interface ListContext {
  items: Item[];
  waits: 'all' | 'each' | 'done';
  chunk: number;
}

/** Encodes which commands ran as run lengths, starting with a run of `true`: [t, t, f, t] is "2.1.1". */
function encodeRecord(record: readonly boolean[]): string {
  const runs: number[] = [0];
  let current = true;
  for (const ran of record) {
    if (ran !== current) {
      runs.push(0);
      current = ran;
    }
    runs[runs.length - 1]!++;
  }
  return runs.join('.');
}

function decodeRecord(text: string): boolean[] {
  if (!/^\d+(\.\d+)*$/.test(text)) {
    throw new Error(`replay record "${text}" was not written by this version of siochaos: run the campaign again with its seed`);
  }
  return text.split('.').flatMap((n, i) => Array<boolean>(Number(n)).fill(i % 2 === 0));
}

function isWait(item: Item): boolean {
  return item.value.value_ instanceof WaitCommand;
}

/**
 * The command-list arbitrary of scenarios. It draws exactly what
 * `fc.commands(commands, { maxCommands, size: '+1' })` draws, but shrinks in
 * the order that makes a counterexample a person can read: first without its
 * Waits (all at once, then one at a time), then without runs of commands
 * (halves, quarters, ..., single commands), then with each command's own
 * parameters shrunk. Like fast-check's, it keeps only the commands that ran,
 * and records which did so that a replay walks the same shrink path.
 *
 * @example
 * const commands = new ScenarioCommandsArbitrary([emitArbitrary, waitArbitrary], 15);
 * fc.assert(fc.asyncProperty(commands, (cmds) => fc.asyncModelRun(setup, cmds)));
 */
export class ScenarioCommandsArbitrary extends fc.Arbitrary<CommandList> {
  private readonly length: fc.Arbitrary<number>;
  private readonly oneCommand: fc.Arbitrary<ScenarioCommand>;
  private record: boolean[] = [];
  private position = 0;

  constructor(
    commands: readonly fc.Arbitrary<ScenarioCommand>[],
    maxCommands: number,
    /** The record of a shrink to replay ({@link CommandList.toString}'s `replayPath`). */
    private readonly sourceRecord?: string,
  ) {
    super();
    this.length = fc.integer({ min: 0, max: Math.min(maxCommands, MAX_GENERATED) });
    this.oneCommand = fc.oneof(...commands);
  }

  generate(mrng: fc.Random): fc.Value<CommandList> {
    const size = this.length.generate(mrng, undefined).value;
    const items: Item[] = [];
    for (let i = 0; i < size; i++) {
      const value = this.oneCommand.generate(mrng, undefined);
      items.push({ value, tracked: new TrackedCommand(value.value_) });
    }
    this.position = 0;
    return this.build(items, { waits: 'all', chunk: Infinity });
  }

  canShrinkWithoutContext(_value: unknown): _value is CommandList {
    return false;
  }

  shrink(_value: CommandList, context?: unknown): fc.Stream<fc.Value<CommandList>> {
    if (context === undefined) return fc.Stream.nil();
    const ctx = context as ListContext;
    const items = this.keepRan(ctx.items);
    if (items.length === 0) return fc.Stream.nil();
    return new fc.Stream(this.candidates(items, ctx));
  }

  /** A list value of these items, each with a fresh ran flag. */
  private build(items: readonly Item[], state: Omit<ListContext, 'items'>): fc.Value<CommandList> {
    const fresh = items.map((item) => ({ value: item.value, tracked: new TrackedCommand(item.value.value_) }));
    const context: ListContext = { items: fresh, ...state };
    return new fc.Value(new CommandList(fresh.map((i) => i.tracked), () => encodeRecord(this.record)), context);
  }

  /** The items that ran, from their flags, or from the replayed record while it lasts (as fast-check's own list does). */
  private keepRan(items: readonly Item[]): Item[] {
    if (this.position === 0) this.record = this.sourceRecord ? decodeRecord(this.sourceRecord) : [];
    let kept: Item[];
    if (this.position < this.record.length) {
      kept = items.filter((item, i) => {
        const ran = this.record[this.position + i];
        if (ran === undefined) throw new Error('the replay record is shorter than the shrink it replays: run the campaign again with its seed');
        return ran;
      });
    } else {
      kept = items.filter((item) => {
        this.record.push(item.tracked.hasRan);
        return item.tracked.hasRan;
      });
    }
    this.position += items.length;
    return kept;
  }

  private *candidates(items: Item[], ctx: ListContext): Generator<fc.Value<CommandList>> {
    const n = items.length;
    const tried = new Set<string>();
    const without = (drop: readonly number[]): Item[] | undefined => {
      const key = drop.join(',');
      if (drop.length === 0 || drop.length >= n || tried.has(key)) return undefined;
      tried.add(key);
      return items.filter((_, i) => !drop.includes(i));
    };
    const waits = items.flatMap((item, i) => (isWait(item) ? [i] : []));
    if (ctx.waits === 'all') {
      const list = without(waits);
      if (list) yield this.build(list, { waits: 'done', chunk: ctx.chunk });
    }
    if (ctx.waits !== 'done') {
      for (const w of waits) {
        const list = without([w]);
        if (list) yield this.build(list, { waits: 'each', chunk: ctx.chunk });
      }
    }
    for (let size = Math.min(ctx.chunk, Math.ceil(n / 2)); size >= 1; size = size === 1 ? 0 : Math.ceil(size / 2)) {
      for (let start = 0; start < n; start += size) {
        const list = without(Array.from({ length: Math.min(size, n - start) }, (_, k) => start + k));
        if (list) yield this.build(list, { waits: 'done', chunk: size });
      }
    }
    for (let i = 0; i < n; i++) {
      const { value } = items[i]!;
      for (const shrunk of this.oneCommand.shrink(value.value_, value.context)) {
        const list = items.map((item, k) => (k === i ? { value: shrunk, tracked: item.tracked } : item));
        yield this.build(list, { waits: 'done', chunk: ctx.chunk });
      }
    }
  }
}
