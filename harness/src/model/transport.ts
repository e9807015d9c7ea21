import { z } from 'zod';

export const transportModeSchema = z.enum(['websocket', 'polling', 'upgrade']);
/** The Socket.IO transports a client may use: websocket only, polling only, or polling upgraded to websocket. */
export type TransportMode = z.infer<typeof transportModeSchema>;
