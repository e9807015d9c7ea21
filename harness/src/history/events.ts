/**
 * The history's event types, defined once in zod in `model/history.ts` (see
 * there for what each means); re-exported here so imports stay short.
 */
export type {
  BadBroadcastEvent,
  BadSendEvent,
  BrowserClientsEvent,
  ClientDepartedEvent,
  CommandEvent,
  CommandFailedEvent,
  CommandSkippedEvent,
  ConnectErrorEvent,
  ConnectEvent,
  DisconnectEvent,
  FailEvent,
  FaultEndEvent,
  FaultSkippedEvent,
  FaultStartEvent,
  FinalPhaseEvent,
  FinalReadEvent,
  HealedEvent,
  HealFailedEvent,
  History,
  HistoryEvent,
  HistoryEventType,
  InfoEvent,
  InterruptedEvent,
  InvokeEvent,
  Millis,
  NoStoreEvent,
  NotDrainedEvent,
  NoteEvent,
  NotReconnectedEvent,
  OkEvent,
  PageErrorEvent,
  PageReloadEvent,
  PageViewEvent,
  ProbeEvent,
  ProbeKind,
  ProbeSkippedEvent,
  ReceiveBufferDroppedEvent,
  ReceiveEvent,
  RejectEvent,
  StoreScopedEvent,
  StrategyErrorEvent,
  StrategyEvent,
  StuckEvent,
  TargetExitEvent,
  TargetListeningEvent,
  TargetRestartedEvent,
} from '../model/history.js';

/**
 * The phase of the note the final phase records once every fault is healed and
 * the target is up: what clients send after it meets no fault.
 */
export const HEALED_PHASE = 'healed';
