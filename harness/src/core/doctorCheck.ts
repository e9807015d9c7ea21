/**
 * One check of `siochaos doctor`.
 *
 * @example
 * const check: DoctorCheck = { name: 'redis', ok: true, detail: 'REDIS_URL=redis://127.0.0.1:6379 answered PING' };
 */
export interface DoctorCheck {
  name: string;
  ok: boolean;
  /** What was found, or what to fix. */
  detail: string;
}
