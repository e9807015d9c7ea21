/**
 * Helpers to arm and disarm the reference server's failpoints over its admin
 * endpoint (`--admin-port`). Global fetch, no dependencies.
 */

import type { FailpointAction, FailpointName } from './failpoints/points.js';

/** A failpoint name, as the admin endpoint accepts it (see `failpoints/points.ts`). */
export type FailpointPoint = FailpointName;

/** What the failpoint does: `crash` (SIGKILL on the spot) or `error` (the insert fails). */
export type FailpointActionName = FailpointAction;

/** What `GET /failpoints` answers. */
export interface FailpointListing {
  armed: { point: FailpointPoint; action: FailpointActionName; remaining: number }[];
  points: { point: FailpointPoint; reachable: boolean; reason?: string }[];
  actions: FailpointActionName[];
}

/**
 * Arms `point` on the server whose admin endpoint listens on 127.0.0.1:`adminPort`,
 * to fire on the next `times` messages that reach it. Rejects with the server's
 * reason when it refuses.
 *
 * @example
 * await armFailpoint(server.adminPort!, 'after-insert-before-ack', 1);
 */
export async function armFailpoint(
  adminPort: number,
  point: FailpointPoint,
  times = 1,
  action: FailpointActionName = 'crash',
): Promise<void> {
  await request(adminPort, 'POST', JSON.stringify({ point, action, times }));
}

/**
 * Disarms every failpoint.
 *
 * @example
 * await disarmFailpoints(server.adminPort!);
 */
export async function disarmFailpoints(adminPort: number): Promise<void> {
  await request(adminPort, 'DELETE');
}

/**
 * What is armed, and which points this server can reach.
 *
 * @example
 * const { armed } = await listFailpoints(server.adminPort!);
 */
export async function listFailpoints(adminPort: number): Promise<FailpointListing> {
  return (await request(adminPort, 'GET')) as FailpointListing;
}

async function request(adminPort: number, method: string, body?: string): Promise<unknown> {
  const url = `http://127.0.0.1:${adminPort}/failpoints`;
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      body,
      headers: body ? { 'content-type': 'application/json' } : undefined,
      signal: AbortSignal.timeout(5000),
    });
  } catch (err) {
    throw new Error(`${method} ${url} failed: ${(err as Error).message}; is the server running with --admin-port?`);
  }
  const text = await response.text();
  if (!response.ok) {
    let reason = text.trim();
    try {
      reason = (JSON.parse(text) as { error?: string }).error ?? reason;
    } catch {
      // keep the raw text
    }
    throw new Error(`${method} ${url} answered ${response.status}: ${reason}`);
  }
  return JSON.parse(text) as unknown;
}
