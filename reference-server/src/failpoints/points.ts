/**
 * The points in the message handler where a failpoint can fire, in the order a
 * message passes them:
 *
 * - `before-insert`: validated, about to insert; nothing stored.
 * - `after-insert-before-ack`: the row is committed; no broadcast, no ack yet.
 * - `after-broadcast-before-ack`: broadcast queued, ack not sent (the correct server's order).
 * - `after-ack-before-broadcast`: ack sent, broadcast not (reached only by bugs that ack first).
 */
export const FAILPOINT_NAMES = [
  'before-insert',
  'after-insert-before-ack',
  'after-broadcast-before-ack',
  'after-ack-before-broadcast',
] as const;

/** A point in the message handler where a failpoint can fire. */
export type FailpointName = (typeof FAILPOINT_NAMES)[number];

/**
 * What an armed failpoint does when a message reaches it:
 * - `crash`: `process.kill(process.pid, 'SIGKILL')` on the spot.
 * - `error`: the insert reports a database error (only at `before-insert`,
 *   nothing stored, and `after-insert-before-ack`, row stored but the server
 *   sees a failure, like a commit whose reply was lost).
 */
export const FAILPOINT_ACTIONS = ['crash', 'error'] as const;

/** What an armed failpoint does. */
export type FailpointAction = (typeof FAILPOINT_ACTIONS)[number];

/** The points where the `error` action makes sense. */
export const ERROR_POINTS: readonly FailpointName[] = ['before-insert', 'after-insert-before-ack'];

/**
 * Whether `name` is a failpoint.
 *
 * @example
 * isFailpointName('before-insert'); // true
 */
export function isFailpointName(name: unknown): name is FailpointName {
  return typeof name === 'string' && (FAILPOINT_NAMES as readonly string[]).includes(name);
}

/**
 * Whether `action` is a failpoint action.
 *
 * @example
 * isFailpointAction('crash'); // true
 */
export function isFailpointAction(action: unknown): action is FailpointAction {
  return typeof action === 'string' && (FAILPOINT_ACTIONS as readonly string[]).includes(action);
}
