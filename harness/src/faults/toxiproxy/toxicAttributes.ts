/**
 * Attribute parameters shared by the toxics on client proxies and on a
 * target's database proxy (same Toxiproxy toxic, same meaning).
 */

/**
 * A duration parameter in ms from 0 to `max`, generated within `generate`.
 *
 * @example
 * msAttribute('delay', 300, 60_000, [20, 1500]);
 */
export const msAttribute = (description: string, def: number, max: number, generate: [number, number]) =>
  ({ kind: 'number', default: def, min: 0, max, unit: 'ms', description, generate }) as const;

/**
 * `latency` ± `jitter`, for the latency toxic.
 *
 * @example
 * latencyAttributes(300); // { latency: {...}, jitter: {...} }
 */
export const latencyAttributes = (defaultLatency: number) => ({
  latency: msAttribute('delay', defaultLatency, 60_000, [20, 1500]),
  jitter: msAttribute('random extra ± delay', 0, 60_000, [0, 200]),
});

/** `timeout` of the timeout toxic: close after that long, 0 = keep dropping until healed. */
export const timeoutAttributes = { timeout: msAttribute('close after (0 = keep dropping until healed)', 0, 600_000, [0, 3000]) };

/** `timeout` of the reset_peer toxic: reset after that long. */
export const resetAttributes = { timeout: msAttribute('reset after', 0, 60_000, [0, 1000]) };
