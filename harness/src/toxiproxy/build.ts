import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import createDebug from 'debug';
import { SetupError } from '../errors/SetupError.js';
import { toolsBinDir } from '../paths.js';
import { runQuietly } from '../util/runQuietly.js';
import { TOXIPROXY_BINARY, TOXIPROXY_GO_PACKAGE } from './version.js';

const debug = createDebug('siochaos:toxiproxy');

const FIX = 'install Go (https://go.dev), put toxiproxy-server on PATH, or set TOXIPROXY_URL to a running Toxiproxy';

/**
 * Builds the pinned Toxiproxy server with `go install` into the tools folder
 * and renames the binary to `toxiproxy-server`. Each build installs into a
 * folder of its own and then renames its binary into place, so two setups
 * running at once (two checkouts' `npm test`) do not take each other's file.
 *
 * @returns the path of the built binary.
 * @throws SetupError when Go is missing or the build fails, saying how to fix it.
 * @example
 * const binary = await buildToxiproxy((line) => console.error(line));
 */
export async function buildToxiproxy(progress: (line: string) => void = () => {}): Promise<string> {
  const bin = toolsBinDir();
  mkdirSync(bin, { recursive: true });
  progress(`building toxiproxy-server with go install ${TOXIPROXY_GO_PACKAGE} (once, about 30 s)`);
  debug('go install %s into %s', TOXIPROXY_GO_PACKAGE, bin);
  const own = mkdtempSync(path.join(bin, '.build-'));
  try {
    return await installInto(own, bin, progress);
  } finally {
    rmSync(own, { recursive: true, force: true });
  }
}

async function installInto(own: string, bin: string, progress: (line: string) => void): Promise<string> {
  const { code, tail } = await runQuietly('go', ['install', TOXIPROXY_GO_PACKAGE], { ...process.env, GOBIN: own });
  if (code === 'missing') {
    throw new SetupError(`toxiproxy-server not found and Go is not installed to build it: ${FIX}`);
  }
  if (code !== 0) {
    throw new SetupError(`building toxiproxy-server failed (go install exited ${code}: ${tail}): ${FIX}`);
  }
  const target = path.join(bin, TOXIPROXY_BINARY);
  renameSync(path.join(own, 'server'), target);
  progress(`built ${target}`);
  return target;
}
