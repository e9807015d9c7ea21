import type { SiochaosConfig } from '../model/config.js';

/**
 * Declares a `siochaos.config.ts` with types and editor help (an identity function).
 *
 * @example
 * // siochaos.config.ts
 * import { defineConfig } from 'siochaos';
 * export default defineConfig({
 *   target: { kind: 'command', command: ['node', 'server.js', '--port', '{port}'] },
 *   store: { kind: 'sqlite', file: '{dataDir}/chat.db', query: 'SELECT id AS offset, client_offset AS msg, content FROM messages ORDER BY id' },
 * });
 */
export function defineConfig(config: SiochaosConfig): SiochaosConfig {
  return config;
}
