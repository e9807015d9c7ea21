import type { TargetProcess } from '../../target/Target.js';

const chains = new WeakMap<TargetProcess, Promise<unknown>>();

/**
 * Runs `action` on a target's process after every action queued before it
 * has finished, so that a crash, a scheduled restart and a heal never
 * interleave (two restarts at once would race for the port).
 *
 * @example
 * await exclusive(control, () => control.crash());
 */
export function exclusive<T>(control: TargetProcess, action: () => Promise<T>): Promise<T> {
  const previous = chains.get(control) ?? Promise.resolve();
  const next = previous.then(action, action);
  chains.set(control, next.catch(() => undefined));
  return next;
}

/**
 * Starts the target's process again if it is down (on the same port and
 * store); does nothing while it runs.
 *
 * @example
 * await ensureRunning(target.process);
 */
export function ensureRunning(control: TargetProcess): Promise<void> {
  return exclusive(control, async () => {
    if (!control.isRunning()) await control.restart();
  });
}
