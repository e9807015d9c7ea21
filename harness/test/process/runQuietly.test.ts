import { describe, expect, it } from 'vitest';
import { runQuietly } from '../../src/util/runQuietly.js';

describe('runQuietly', () => {
  it('gives the exit code and the last lines of both outputs, joined', async () => {
    const script = 'console.log("one"); console.log("two"); console.log("three\\n"); process.exit(3)';
    expect(await runQuietly(process.execPath, ['-e', script], process.env, 2)).toEqual({ code: 3, tail: 'two | three' });
    expect(await runQuietly(process.execPath, ['-e', 'console.error("no such package")'])).toEqual({ code: 0, tail: 'no such package' });
  });

  it('says when the command does not exist', async () => {
    const run = await runQuietly('/nonexistent/siochaos-no-such-command', []);
    expect(run.code).toBe('missing');
    expect(run.tail).toMatch(/ENOENT/);
  });
});
