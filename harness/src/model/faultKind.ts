import { z } from 'zod';

/**
 * What a fault acts on: the network (Toxiproxy), the target's process, its
 * database, a client, one node of a multi-node target, or the adapter between
 * its nodes.
 *
 * @example
 * faultKindSchema.parse('adapter'); // 'adapter'
 */
export const faultKindSchema = z.enum(['network', 'process', 'database', 'client', 'node', 'adapter']);
/** A fault family: what a fault acts on. */
export type FaultKind = z.infer<typeof faultKindSchema>;
