import type { Fault } from '../Fault.js';
import { latencyAttributes, msAttribute as ms, resetAttributes, timeoutAttributes } from './toxicAttributes.js';
import { toxicFault } from './toxicFault.js';



/** Adds delay (± jitter) to every chunk of data. */
export const latency: Fault = toxicFault({
  name: 'latency',
  toxic: 'latency',
  summary: 'delay data by latency ± jitter ms',
  defaultStream: 'downstream',
  attributes: latencyAttributes(300),
  describe: (p, c) => `delay ${p.stream} data of ${c} by ${p.latency} ± ${p.jitter} ms`,
});

/** Limits throughput to `rate` KB/s. */
export const bandwidth: Fault = toxicFault({
  name: 'bandwidth',
  toxic: 'bandwidth',
  summary: 'limit throughput to rate KB/s',
  defaultStream: 'downstream',
  attributes: { rate: { kind: 'number', default: 1, min: 0, max: 1_000_000, unit: 'KB/s', description: 'rate', generate: [1, 64] } },
  describe: (p, c) => `limit ${p.stream} bandwidth of ${c} to ${p.rate} KB/s`,
});

/** Delays the closing of a connection. */
export const slowClose: Fault = toxicFault({
  name: 'slow-close',
  toxic: 'slow_close',
  summary: 'delay the TCP close by delay ms',
  defaultStream: 'downstream',
  attributes: { delay: ms('delay before the close', 1000, 60_000, [100, 3000]) },
  describe: (p, c) => `delay the ${p.stream} close of ${c}'s connections by ${p.delay} ms`,
});

/** Blackhole: data is dropped until healed (or the connection closes after `timeout` ms, if not 0). */
export const timeout: Fault = toxicFault({
  name: 'timeout',
  toxic: 'timeout',
  summary: 'drop all data; close after timeout ms (0 = never)',
  defaultStream: 'downstream',
  attributes: timeoutAttributes,
  describe: (p, c) =>
    Number(p.timeout) === 0
      ? `blackhole ${p.stream} data of ${c} until healed`
      : `blackhole ${p.stream} data of ${c}, closing after ${p.timeout} ms`,
});

/** Resets connections (TCP RST), at once or after `timeout` ms. */
export const resetPeer: Fault = toxicFault({
  name: 'reset-peer',
  toxic: 'reset_peer',
  summary: 'reset connections (TCP RST) after timeout ms',
  defaultStream: 'downstream',
  attributes: resetAttributes,
  describe: (p, c) => `reset ${c}'s connections (${p.stream}) after ${p.timeout} ms`,
});

/** Splits data into small TCP segments, with an optional delay between them. */
export const slicer: Fault = toxicFault({
  name: 'slicer',
  toxic: 'slicer',
  summary: 'slice data into average_size-byte segments, delay µs apart',
  defaultStream: 'upstream',
  attributes: {
    average_size: { kind: 'number', default: 4, min: 1, max: 65_536, unit: 'bytes', description: 'average segment size', generate: [1, 64] },
    size_variation: { kind: 'number', default: 0, min: 0, max: 65_536, unit: 'bytes', description: 'variation of the size (less than the average)', generate: [0, 0] },
    delay: { kind: 'number', default: 1000, min: 0, max: 10_000_000, unit: 'µs', description: 'delay between segments', generate: [0, 5000] },
  },
  describe: (p, c) => `slice ${p.stream} data of ${c} into ~${p.average_size}-byte segments`,
});

/** Closes the connection once `bytes` bytes have passed (mid-frame upstream, after the ack downstream). */
export const limitData: Fault = toxicFault({
  name: 'limit-data',
  toxic: 'limit_data',
  summary: 'close the connection after bytes bytes',
  defaultStream: 'upstream',
  attributes: {
    bytes: { kind: 'number', default: 16, min: 0, max: 1_000_000_000, unit: 'bytes', description: 'bytes let through', generate: [0, 400] },
  },
  describe: (p, c) => `cut ${c}'s connection after ${p.bytes} bytes ${p.stream}`,
});

/** The proxy's enabled flag off: the listener closes and live connections are cut. */
export const proxyDown: Fault = {
  name: 'down',
  kind: 'network',
  summary: "take the clients' proxies down (listener closed, connections cut)",
  params: {},
  scope: 'clients',
  describe: (_p, clients) => `take the proxies of ${clients.join(', ')} down`,
  async inject(context, _params, clients) {
    await Promise.all(clients.map((index) => context.proxies.setEnabled(index, false)));
    return { heal: () => Promise.all(clients.map((index) => context.proxies.setEnabled(index, true))).then(() => undefined) };
  },
};
