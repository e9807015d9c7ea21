import type { ProbeKind } from '../history/events.js';
import type { Protocol } from '../protocol/Protocol.js';

/**
 * Every robustness probe, in the order a scenario draws them from.
 *
 * @example
 * PROBE_KINDS.includes('no-ack'); // true
 */
export const PROBE_KINDS: readonly ProbeKind[] = ['no-ack', 'missing-offset', 'offset-wrong-type', 'content-wrong-type', 'oversized', 'unknown-event'];

/** The content length of the `oversized` probe: far above a chat message, under Socket.IO's default 1 MB packet limit, so it reaches the handler. */
export const OVERSIZED_CHARS = 200_000;

/** The event the `unknown-event` probe emits, which no chat server listens to. */
export const UNKNOWN_EVENT = 'siochaos unknown event';

/** A number no message text is, for content and client offsets of the wrong type. */
const WRONG_TYPE_NUMBER = 7_357_735;

/** What a probe puts on the wire, and how rows it leads to are told. */
export interface Probe {
  kind: ProbeKind;
  event: string;
  /** The emit arguments, without the ack function. */
  args: unknown[];
  /** Whether an ack function goes with them. */
  ack: boolean;
  /** The client offset it carries, when it carries one. */
  msg?: string;
  /** How the content it carries starts, as a stored row would show it. */
  content?: string;
  /** Whether its arguments are malformed, so a row stored for it is a bad row. */
  malformed: boolean;
}

type Leaf = string | number | boolean | null | undefined;

/**
 * Rewrites every leaf of the encoded arguments: `change` returns the new value,
 * or {@link DROP} to leave the leaf out (an array item or an object key).
 */
function mapLeaves(value: unknown, change: (leaf: Leaf) => unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => mapLeaves(item, change)).filter((item) => item !== DROP);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const mapped = mapLeaves(item, change);
      if (mapped !== DROP) out[key] = mapped;
    }
    return out;
  }
  return change(value as Leaf);
}

const DROP = Symbol('drop');

/**
 * The arguments of a robustness probe in the target's own protocol: the
 * well-formed emit of a message (`protocol.encodeSend`), then made wrong the
 * way real clients get it wrong. The content slot is the leaf equal to the
 * message's content; every other leaf carries the client's identity (the
 * client offset, or a client id and a sequence number).
 *
 * - `no-ack`: the well-formed emit with no ack function.
 * - `missing-offset`: the identity left out.
 * - `offset-wrong-type`: a number where the identity goes.
 * - `content-wrong-type`: a number where the content goes.
 * - `oversized`: a content of {@link OVERSIZED_CHARS} characters.
 * - `unknown-event`: the well-formed arguments on an event no server knows.
 *
 * @example
 * probePayload(tutorialProtocol, 'missing-offset', { msg: 'c0probe-1', content: 'siochaos probe c0#1' });
 * // { kind: 'missing-offset', event: 'chat message', args: ['siochaos probe c0#1'], ack: true, content: 'siochaos probe c0#1', malformed: true }
 */
export function probePayload(protocol: Protocol, kind: ProbeKind, ids: { msg: string; content: string }): Probe {
  const wellFormed = protocol.encodeSend(ids.content, ids.msg);
  const isContent = (leaf: Leaf) => leaf === ids.content;
  const base = { kind, event: protocol.sendEvent, ack: true };
  switch (kind) {
    case 'no-ack':
      return { ...base, args: wellFormed, ack: false, msg: ids.msg, content: ids.content, malformed: false };
    case 'missing-offset':
      return { ...base, args: mapLeaves(wellFormed, (leaf) => (isContent(leaf) ? leaf : DROP)) as unknown[], content: ids.content, malformed: true };
    case 'offset-wrong-type':
      return {
        ...base,
        args: mapLeaves(wellFormed, (leaf) => (isContent(leaf) ? leaf : WRONG_TYPE_NUMBER)) as unknown[],
        content: ids.content,
        malformed: true,
      };
    case 'content-wrong-type':
      return {
        ...base,
        args: mapLeaves(wellFormed, (leaf) => (isContent(leaf) ? WRONG_TYPE_NUMBER : leaf)) as unknown[],
        msg: ids.msg,
        content: String(WRONG_TYPE_NUMBER),
        malformed: true,
      };
    case 'oversized': {
      const huge = `${ids.content} ${'x'.repeat(OVERSIZED_CHARS)}`;
      return { ...base, args: mapLeaves(wellFormed, (leaf) => (isContent(leaf) ? huge : leaf)) as unknown[], msg: ids.msg, content: ids.content, malformed: false };
    }
    case 'unknown-event':
      return { ...base, event: UNKNOWN_EVENT, args: wellFormed, msg: ids.msg, content: ids.content, malformed: true };
  }
}

/**
 * A probe's arguments as JSON for the history and reports, long strings cut.
 *
 * @example
 * describeArgs(['x'.repeat(100)]); // '["xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…(100 characters)"]'
 */
export function describeArgs(args: readonly unknown[]): string {
  return JSON.stringify(args, (_key, value: unknown) =>
    typeof value === 'string' && value.length > 60 ? `${value.slice(0, 40)}…(${value.length} characters)` : value,
  );
}
