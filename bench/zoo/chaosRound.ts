/**
 * The baseline's chaos, as a team without siochaos runs it: clients send all
 * the time while faults are switched on and off at random moments. No model,
 * no commands: just time passing and dice.
 */
import type { Fault, FaultParams, ParamSpec, World } from '../../harness/src/index.js';
import { faultByName } from '../../harness/src/index.js';
import type { Random } from './random.js';

/** How a chaos round behaves. */
export interface ChaosOptions {
  /** How long the round sends and injects, in ms. */
  durationMs: number;
  /** The faults it switches on and off, by registry name. */
  faults: readonly string[];
  /** Pause between two faults switched on, drawn from this range, in ms. */
  gapMs: readonly [number, number];
  /** How long a fault stays on, drawn from this range, in ms. */
  faultMs: readonly [number, number];
  /** Pause between two messages of one client, drawn from this range, in ms. */
  sendGapMs: readonly [number, number];
}

/** Faults and sends a round made. */
export interface ChaosFigures {
  sent: number;
  injected: number;
  /** Injections the target or the fault refused (e.g. pausing a target that is down). */
  refused: number;
}

/** A parameter's value; a node index among the target's `nodes`, as siochaos draws it. */
function drawParam(spec: ParamSpec, random: Random, nodes: number): number | string {
  if (spec.kind === 'choice') return random.pick(spec.generate ?? spec.values);
  const [min, max] = spec.node && nodes >= 2 ? [0, nodes - 1] : (spec.generate ?? [spec.min, spec.max]);
  return random.int(Math.ceil(min), Math.floor(max));
}

function drawParams(fault: Fault, random: Random, nodes: number): FaultParams {
  return Object.fromEntries(Object.entries(fault.params).map(([name, spec]) => [name, drawParam(spec, random, nodes)]));
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs one round of random chaos on a scenario's world: every client sends
 * a message every few tens of ms, and one fault at a time (drawn from
 * `faults`, parameters from their generated ranges, on one random client for
 * client faults) is switched on at a random moment and off again after a
 * random while. It returns when the time is up and the last fault is off;
 * the caller's final phase and checker judge the round once.
 *
 * @example
 * await runScenario(setup, (world) => chaosRound(world, seededRandom(1), { durationMs: 10_000, ... }));
 */
export async function chaosRound(world: World, random: Random, options: ChaosOptions): Promise<ChaosFigures> {
  const figures: ChaosFigures = { sent: 0, injected: 0, refused: 0 };
  const end = Date.now() + options.durationMs;
  const between = (range: readonly [number, number]): number => random.int(range[0], range[1]);

  const send = async (index: number): Promise<void> => {
    const client = world.clients[index]!;
    while (Date.now() < end && !world.signal.aborted) {
      figures.sent++;
      await client.send(`chaos ${client.name} ${figures.sent}`);
      await sleep(between(options.sendGapMs));
    }
  };

  const chaos = async (): Promise<void> => {
    while (!world.signal.aborted) {
      await sleep(between(options.gapMs));
      if (Date.now() >= end) return;
      const fault = faultByName(random.pick(options.faults));
      const clients = fault.scope === 'clients' ? [random.int(0, world.clients.length - 1)] : [];
      const params = drawParams(fault, random, world.target.nodes?.length ?? 1);
      const holdMs = Math.min(between(options.faultMs), Math.max(0, end - Date.now()));
      if (fault.unavailableReason?.(world.injector.context)) {
        figures.refused++;
        continue;
      }
      try {
        const id = await world.injector.inject(fault, params, clients);
        figures.injected++;
        await sleep(holdMs);
        await world.injector.heal(id);
      } catch (err) {
        figures.refused++;
        world.recorder.record({ type: 'fault-skipped', fault: fault.name, reason: `refused: ${(err as Error).message}` });
        await world.injector.healAll().catch(() => undefined);
      }
    }
  };

  await Promise.all([chaos(), ...world.clients.map((_, index) => send(index))]);
  return figures;
}
