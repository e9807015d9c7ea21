import { chmod, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { buildToxiproxy } from '../../src/toxiproxy/build.js';

let dir: string;
const saved = { tools: process.env.SIOCHAOS_TOOLS_DIR, path: process.env.PATH };

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'siochaos-build-'));
  // A stand-in for `go install`: it writes its binary into GOBIN at once and
  // exits half a second later, so two builds both write before either renames.
  await writeFile(path.join(dir, 'go'), '#!/bin/sh\necho built > "$GOBIN/server"\nsleep 0.5\n');
  await chmod(path.join(dir, 'go'), 0o755);
  process.env.SIOCHAOS_TOOLS_DIR = path.join(dir, 'tools');
  process.env.PATH = `${dir}${path.delimiter}${saved.path}`;
});

afterEach(async () => {
  if (saved.tools === undefined) delete process.env.SIOCHAOS_TOOLS_DIR;
  else process.env.SIOCHAOS_TOOLS_DIR = saved.tools;
  process.env.PATH = saved.path;
  await rm(dir, { recursive: true, force: true });
});

// Two checkouts' `npm test` (or a test and `npm start`) may run setup at once:
// both builds went into the one folder as `server`, and the slower rename
// found the file gone (ENOENT) and ended its setup.
it('two builds at once both succeed and leave only toxiproxy-server', async () => {
  const tools = path.join(dir, 'tools');
  const built = await Promise.all([buildToxiproxy(), buildToxiproxy()]);
  expect(built).toEqual([path.join(tools, 'toxiproxy-server'), path.join(tools, 'toxiproxy-server')]);
  expect(await readdir(tools)).toEqual(['toxiproxy-server']);
});
