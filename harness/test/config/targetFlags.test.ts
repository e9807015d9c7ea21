/**
 * The command line's target flags (--bug, --nodes, --adapter, --balancer)
 * change the config file's target; they never replace your server with the
 * reference server (which would be tested instead, and called valid).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeRunOptions } from '../../src/cli/mergeRunOptions.js';
import { parseRunArgs } from '../../src/cli/runArgs.js';
import { loadConfig } from '../../src/config/loadConfigFile.js';
import { resolveConfig } from '../../src/config/resolveConfig.js';
import type { CampaignOptions } from '../../src/config/types.js';
import { packageRoot } from '../../src/paths.js';
import { runCli } from '../examples/runCli.js';

const COMMAND: CampaignOptions = { target: { kind: 'command', command: ['node', 'server.js'], env: { PORT: '{port}' } } };
const flags = (...args: string[]): CampaignOptions => parseRunArgs(args).options;

describe('target flags over a config file', () => {
  it('change a command target (nodes, adapter, balancer) and keep its command', () => {
    const merged = mergeRunOptions(COMMAND, flags('--nodes', '3', '--adapter', 'redis', '--balancer', 'roaming'));
    expect(merged.target).toEqual({ kind: 'command', command: ['node', 'server.js'], env: { PORT: '{port}' }, nodes: 3, adapter: 'redis', balancer: 'roaming' });
  });

  it('change a reference target and keep what the file gave (its bugs)', () => {
    const file: CampaignOptions = { target: { kind: 'reference', bugs: ['no-unique'] } };
    expect(mergeRunOptions(file, flags('--nodes', '3', '--adapter', 'redis')).target).toEqual({ kind: 'reference', bugs: ['no-unique'], nodes: 3, adapter: 'redis' });
    expect(mergeRunOptions(file, flags('--bug', 'broadcast-excludes-sender')).target).toEqual({ kind: 'reference', bugs: ['broadcast-excludes-sender'] });
  });

  it('refuse --bug on your own server, and every flag on a server reached by URL, saying why in one line', () => {
    expect(() => mergeRunOptions(COMMAND, flags('--bug', 'no-unique', '--nodes', '2'))).toThrow(/^--bug plants a bug in the reference server, but the config's target is your own server \(`node server.js`\)/);
    const url: CampaignOptions = { target: { kind: 'url', url: 'http://127.0.0.1:3000' } };
    expect(() => mergeRunOptions(url, flags('--nodes', '3', '--balancer', 'roaming'))).toThrow(
      /^--nodes, --balancer change a target siochaos starts, but the config's target is the server at http:\/\/127.0.0.1:3000/,
    );
  });

  it('check what they give a command target as the config file is checked, naming the flags', () => {
    expect(() => mergeRunOptions(COMMAND, flags('--nodes', '40'))).toThrow(/^the config's target `node server.js` with --nodes: nodes: Too big/);
    expect(() => mergeRunOptions(COMMAND, flags('--adapter', 'bogus'))).toThrow(/with --adapter: adapter: Invalid option/);
    expect(() => mergeRunOptions(COMMAND, flags('--adapter', 'redis'))).toThrow(/with --adapter: adapter: adapter redis is between nodes/);
    expect(() => mergeRunOptions(COMMAND, flags('--nodes', '3', '--adapter', 'cluster'))).toThrow(/with --nodes, --adapter: adapter: the cluster adapter .* \{ports\}/);
  });

  it('without a target in the file, name the reference server as before; without flags, leave the file target as it is', () => {
    expect(mergeRunOptions({ seed: 1 }, flags('--nodes', '2', '--adapter', 'postgres')).target).toEqual({ kind: 'reference', nodes: 2, adapter: 'postgres' });
    expect(mergeRunOptions(COMMAND, flags('--seed', '4')).target).toEqual(COMMAND.target);
  });

  it('--shrink-tries and --shrink-failures each leave the other from the file', () => {
    const file: CampaignOptions = { shrink: { tries: 5, failures: 2 } };
    expect(resolveConfig(mergeRunOptions(file, flags('--shrink-failures', '3'))).shrink).toEqual({ tries: 5, failures: 3 });
  });

  it("examples/tutorial-chat's config with --nodes 3 runs the example on three nodes, not the reference server", async () => {
    const options = mergeRunOptions(await loadConfig(path.join(packageRoot, 'examples/tutorial-chat/siochaos.config.json'), packageRoot), flags('--nodes', '3'));
    const config = resolveConfig(options);
    expect(config.target.kind).toBe('command');
    expect(config.target).toMatchObject({ nodes: 3 });
  });

  it('the CLI refuses --bug with a command target config: exit 2, one line, nothing started', async () => {
    const run = await runCli(['run', '--config', 'examples/tutorial-chat/siochaos.config.json', '--bug', 'no-unique', '--time', '2s'], 60_000);
    expect(run.code).toBe(2);
    expect((run.stdout + run.stderr).trim().split('\n')).toEqual([expect.stringMatching(/^siochaos: --bug plants a bug in the reference server, but the config's target is your own server/)]);
  }, 60_000);
});
