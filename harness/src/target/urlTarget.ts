import type { UrlTargetConfig } from '../model/config.js';
import { SetupError } from '../errors/SetupError.js';
import { portOpen } from '../net/portOpen.js';
import type { Placeholders } from '../stores/readers.js';
import type { StoreReader } from '../stores/StoreReader.js';
import { NoStoreError } from './NoStoreError.js';
import type { StoredRow, Target, TargetAddress } from './Target.js';

/**
 * A server that is already running on this machine, reached by URL. siochaos
 * does not own its process, so process faults are unavailable (scenarios skip
 * them and the report says so), and its store is never reset by siochaos: the
 * check is scoped to each scenario's own clients.
 *
 * @example
 * const target = urlTarget({ kind: 'url', url: 'http://127.0.0.1:3000' }, (v) => storeReader(storeConfig, v));
 */
export function urlTarget(config: UrlTargetConfig, store: (values: Placeholders) => StoreReader | undefined): Target {
  const url = new URL(config.url);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port);
  const reader = store({ port: String(port), host });
  return {
    name: `url ${config.url}`,
    // Its process is not siochaos's: a crash of it is not seen.
    promises: { store: reader !== undefined, process: false },
    async start(): Promise<TargetAddress> {
      if (!(await portOpen(host, port, 2000))) {
        throw new SetupError(`nothing answers at ${config.url}: start your server first, or use a target of kind "command"`);
      }
      return { host, port };
    },
    async readStore(): Promise<StoredRow[]> {
      if (!reader) throw new NoStoreError();
      return reader.read();
    },
    async stop() {},
  };
}
