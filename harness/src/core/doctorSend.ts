import type { ScenarioClient } from '../clients/ScenarioClient.js';
import type { HistoryEvent } from '../history/events.js';
import { waitFor } from '../net/waitFor.js';
import type { StoredRow } from '../target/Target.js';

/** How long the doctor waits for its message's outcome (an ack, or the emit for a strategy promised none). */
export const DOCTOR_DRAIN_MS = 8000;
/** Then, when no ack is promised, how long it waits for its message's broadcast or stored row. */
export const DOCTOR_ECHO_MS = 3000;

/** What the doctor's send through the proxy needs. */
export interface DoctorSendOptions {
  client: ScenarioClient;
  /** The events the client records (its history). */
  events: () => readonly HistoryEvent[];
  /** The doctor's message text, unique to this run. */
  text: string;
  /** The configured strategy's name, for the messages. */
  strategy: string;
  /** Where the client connects (the proxy), for the messages. */
  listen: string;
  /** Reads the target's store; rejects when there is none. */
  readStore: () => Promise<StoredRow[]>;
}

/** Whether a stored row is the doctor's message: by its client offset, or by its text for a store without client offsets. */
export function isDoctorRow(row: StoredRow, msg: string, text: string): boolean {
  return row.msg === msg || (row.match === 'content' && row.content === text);
}

/**
 * Sends the doctor's message with the configured strategy and judges it by
 * what that strategy expects: an ack from the server when the strategy waits
 * for one; otherwise (a plain emit, `at-most-once`) the message coming back
 * as a broadcast or found stored, since such a client is promised no ack.
 *
 * @returns whether the check passed, and what was found or what to fix.
 * @example
 * const { ok, detail } = await doctorSend({ client, events: () => recorder.events, text, strategy: 'at-most-once', listen, readStore });
 */
export async function doctorSend(options: DoctorSendOptions): Promise<{ ok: boolean; detail: string }> {
  const { client, events, text, strategy, listen } = options;
  const msg = await client.send(text);
  await client.drain(DOCTOR_DRAIN_MS);
  const oks = events().filter((e) => e.type === 'ok' && e.msg === msg);
  if (oks.some((e) => e.type === 'ok' && e.ack === 'server')) return { ok: true, detail: `connected through ${listen} and got an ack` };
  if (oks.length === 0) {
    return {
      ok: false,
      detail: `connected, but the message was not acknowledged: strategy ${strategy} waits for the server's ack; check the protocol settings (event names, ack), or set strategy: 'at-most-once' if your server never acks`,
    };
  }
  const seen = await waitFor(async () => {
    if (events().some((e) => e.type === 'receive' && e.content === text)) return 'came back as a broadcast';
    const rows = await options.readStore().catch(() => [] as StoredRow[]);
    return rows.some((row) => isDoctorRow(row, msg, text)) ? 'was stored' : undefined;
  }, DOCTOR_ECHO_MS, 100);
  if (seen) return { ok: true, detail: `connected through ${listen}; strategy ${strategy} is promised no ack, and the message ${seen}` };
  return {
    ok: false,
    detail: `connected and sent a plain emit (strategy ${strategy} is promised no ack), but within ${DOCTOR_ECHO_MS / 1000} s it came back neither as a broadcast nor as a stored row: check the protocol settings (event names) and the store`,
  };
}
