import type {
  BadBroadcastEvent,
  BadSendEvent,
  BrowserClientsEvent,
  ClientDepartedEvent,
  ClientMovedEvent,
  CommandEvent,
  CommandFailedEvent,
  CommandSkippedEvent,
  ConnectErrorEvent,
  FaultSkippedEvent,
  FinalPhaseEvent,
  HealedEvent,
  HealFailedEvent,
  InterruptedEvent,
  NoStoreEvent,
  NotDrainedEvent,
  NoteEvent,
  PageErrorEvent,
  PageStepFailedEvent,
  ProbeSkippedEvent,
  ReceiveBufferDroppedEvent,
  StoreScopedEvent,
  StrategyErrorEvent,
  StuckEvent,
  TargetListeningEvent,
  TargetRestartedEvent,
} from './events.js';

/**
 * The events the harness records about the scenario's course (setup, commands,
 * the final phase) and the warnings it records about clients: everything but
 * client operations, receipts, faults and the final read.
 */
export type HarnessEvent =
  | TargetListeningEvent
  | BrowserClientsEvent
  | CommandEvent
  | CommandSkippedEvent
  | CommandFailedEvent
  | HealFailedEvent
  | FaultSkippedEvent
  | ClientDepartedEvent
  | ClientMovedEvent
  | ProbeSkippedEvent
  | ReceiveBufferDroppedEvent
  | BadBroadcastEvent
  | BadSendEvent
  | ConnectErrorEvent
  | PageErrorEvent
  | PageStepFailedEvent
  | StrategyErrorEvent
  | FinalPhaseEvent
  | TargetRestartedEvent
  | HealedEvent
  | StuckEvent
  | NotDrainedEvent
  | NoStoreEvent
  | StoreScopedEvent
  | InterruptedEvent
  | NoteEvent;

const PAGE_STEP_WORDS: Record<PageStepFailedEvent['step'], string> = {
  type: 'typing',
  'read-list': "reading the page's list at the end",
  'read-traffic': 'reading page traffic',
};

/** Why an interrupted scenario has no verdict of its own. */
export const INTERRUPTED = 'the campaign was interrupted during this scenario: not judged';

/**
 * One line, in words, for an event the harness records about a scenario's
 * course: what logs, message stories and tests read (no code parses it back).
 *
 * @example
 * harnessEventText({ type: 'fault-skipped', t: 0, fault: 'crash', reason: 'no process' }); // 'crash: no process'
 * harnessEventText({ type: 'not-drained', t: 9, clients: [{ client: 'c1', pending: 2 }], waitedMs: 5000 }); // 'not drained after 5000 ms: c1 (2 pending)'
 */
export function harnessEventText(e: HarnessEvent): string {
  switch (e.type) {
    case 'target-listening':
      return `${e.target} listening on ${e.host}:${e.port}`;
    case 'browser-clients':
      return `browser clients: ${e.clients.join(', ')}`;
    case 'command':
      return e.text;
    case 'command-skipped':
      return `${e.command}: ${e.reason}`;
    case 'command-failed':
      return `a command failed: ${e.error}`;
    case 'heal-failed':
      return e.error;
    case 'fault-skipped':
      return `${e.fault}: ${e.reason}`;
    case 'client-departed':
      return `${e.client} left for good (${e.fault} #${e.id})`;
    case 'client-moved':
      return `${e.client} moved from ${e.from} to ${e.to} (${e.cause === 'command' ? 'a move command' : e.cause === 'failover' ? `${e.from} is down` : 'no sticky session'})`;
    case 'probe-skipped':
      return e.reason === 'not-connected' ? `${e.client} is not connected: no ${e.probe} probe sent` : `${e.client} cannot send raw arguments: no ${e.probe} probe`;
    case 'receive-buffer-dropped':
      return `${e.client}: ${e.packets} packets received before a CONNECT ack that never came, dropped (the next connection brings them again)`;
    case 'bad-broadcast':
      return `${e.client}: ${e.args}`;
    case 'bad-send':
      return `${e.client} sent ${e.event} without a client offset: ${e.args}`;
    case 'connect-error':
      return `${e.client}: ${e.data}`;
    case 'page-error':
      return `${e.client}: ${e.message}`;
    case 'page-step-failed':
      return `${e.client}: ${PAGE_STEP_WORDS[e.step]} failed: ${e.error}`;
    case 'strategy-error':
      return `${e.msg}: ${e.error}`;
    case 'final-phase':
      return 'heal all, drain, catch up, read the store';
    case 'target-restarted':
      return 'target was down: restarting it';
    case 'healed':
      return 'every fault healed, the target up';
    case 'stuck': {
      const which = e.clients.map((c) => `${c.client} on ${c.msg}`).join(', ');
      return `stuck: ${which}, stored but re-sent at least ${e.resends} times over ${e.sinceHealMs / 1000} s since the heal without an ack; not waiting for ${e.clients.length === 1 ? 'it' : 'them'} to drain`;
    }
    case 'not-drained':
      return `not drained after ${e.waitedMs} ms: ${e.clients.map((c) => `${c.client} (${c.pending} pending)`).join(', ')}`;
    case 'no-store':
      return 'store kind none: what was stored is taken from what clients received, so the send-side check is weaker (a message nobody received cannot be told from one never stored)';
    case 'store-scoped':
      return `shared store: checking only this scenario's messages (client offsets starting ${e.prefix})`;
    case 'interrupted':
      return INTERRUPTED;
    case 'note':
      return `${e.phase}${e.detail ? `: ${e.detail}` : ''}`;
  }
}
