/**
 * A Redis siochaos uses: the one at `REDIS_URL`, or a `redis-server` it
 * started (and stops).
 *
 * @example
 * const redis: RedisServer = await provideRedis();
 * redis.address; // '127.0.0.1:41327', a Toxiproxy proxy's upstream
 */
export interface RedisServer {
  /** Its URL, e.g. `redis://127.0.0.1:41327`. */
  readonly url: string;
  /** `host:port`, for Toxiproxy upstreams. */
  readonly address: string;
  /** Whether siochaos started it (and so stops it). */
  readonly owned: boolean;
  /** The PID of the redis-server siochaos started; undefined when it was given. */
  readonly pid?: number;
  /** Stops the redis-server siochaos started (that process only, by PID); does nothing for one it was given. Idempotent. */
  stop(): Promise<void>;
}
