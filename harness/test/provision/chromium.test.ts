import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { chromiumCheck } from '../../src/core/doctor.js';
import { SetupError } from '../../src/errors/SetupError.js';
import { locateChromium } from '../../src/provision/locateChromium.js';
import { ensureChromium } from '../../src/provision/provideChromium.js';
import { fakeAptGet, fakeExecutable, scratchDir } from './fakeTools.js';

// Every test looks only at fake executables and a fake home: the real
// /usr/bin/chromium is never on the PATH given, and never touched.
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An environment with nothing but the given PATH folders and an empty home. */
function envWith(...pathDirs: string[]): NodeJS.ProcessEnv {
  return { PATH: pathDirs.join(path.delimiter), HOME: path.join(dir, 'home') };
}

describe('locateChromium', () => {
  it('takes SIOCHAOS_CHROMIUM before anything on PATH', () => {
    dir = scratchDir();
    const own = fakeExecutable(path.join(dir, 'own'), 'my-chrome');
    fakeExecutable(path.join(dir, 'bin'), 'chromium');
    expect(locateChromium({ ...envWith(path.join(dir, 'bin')), SIOCHAOS_CHROMIUM: own })).toEqual({ path: own, from: 'SIOCHAOS_CHROMIUM' });
  });

  it('refuses a SIOCHAOS_CHROMIUM that cannot be run, rather than quietly using another', () => {
    dir = scratchDir();
    fakeExecutable(path.join(dir, 'bin'), 'chromium');
    expect(() => locateChromium({ ...envWith(path.join(dir, 'bin')), SIOCHAOS_CHROMIUM: path.join(dir, 'nothing-here') })).toThrow(
      /SIOCHAOS_CHROMIUM=.*nothing-here is not an executable file/,
    );
  });

  it('looks on PATH for chromium, then chromium-browser, then google-chrome, in every folder before the next name', () => {
    dir = scratchDir();
    const first = path.join(dir, 'first');
    const second = path.join(dir, 'second');
    const chrome = fakeExecutable(first, 'google-chrome');
    expect(locateChromium(envWith(first, second))).toEqual({ path: chrome, from: 'PATH' });
    const browser = fakeExecutable(first, 'chromium-browser');
    expect(locateChromium(envWith(first, second))?.path).toBe(browser);
    const chromium = fakeExecutable(second, 'chromium');
    expect(locateChromium(envWith(first, second))?.path).toBe(chromium);
  });

  it("then takes the newest Chromium in Playwright's cache", () => {
    dir = scratchDir();
    const cache = path.join(dir, 'home', '.cache', 'ms-playwright');
    fakeExecutable(path.join(cache, 'chromium-1200', 'chrome-linux64'), 'chrome');
    const newest = fakeExecutable(path.join(cache, 'chromium-1255', 'chrome-linux64'), 'chrome');
    fakeExecutable(path.join(cache, 'chromium_headless_shell-1300', 'chrome-linux'), 'headless_shell');
    expect(locateChromium(envWith(path.join(dir, 'empty')))).toEqual({ path: newest, from: 'Playwright cache' });
    const other = path.join(dir, 'browsers');
    const moved = fakeExecutable(path.join(other, 'chromium-1100', 'chrome-linux'), 'chrome');
    expect(locateChromium({ ...envWith(), PLAYWRIGHT_BROWSERS_PATH: other })?.path).toBe(moved);
    // PATH still comes first.
    const onPath = fakeExecutable(path.join(dir, 'bin'), 'chromium-browser');
    expect(locateChromium(envWith(path.join(dir, 'bin')))?.path).toBe(onPath);
  });

  it('finds nothing when there is nothing', () => {
    dir = scratchDir();
    expect(locateChromium(envWith())).toBeUndefined();
  });
});

describe('ensureChromium', () => {
  it("as root with apt-get, runs apt-get update then installs Debian's chromium, says so, and returns it", async () => {
    dir = scratchDir();
    const log = path.join(dir, 'apt.log');
    const usrBin = path.join(dir, 'usr-bin');
    fakeAptGet(usrBin, log, usrBin);
    const said: string[] = [];
    const found = await ensureChromium({ env: envWith(usrBin), root: true, progress: (line) => said.push(line) });
    expect(found).toEqual({ path: path.join(usrBin, 'chromium'), from: 'PATH' });
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['noninteractive update', 'noninteractive install -y chromium']);
    expect(said[0]).toMatch(/installing Debian's chromium with apt-get \(apt-get update first; about a minute\)/);
  });

  it('does not call apt-get when not root, and says in one line how to get Chromium', async () => {
    dir = scratchDir();
    const log = path.join(dir, 'apt.log');
    const usrBin = path.join(dir, 'usr-bin');
    fakeAptGet(usrBin, log, usrBin);
    const error = await ensureChromium({ env: envWith(usrBin), root: false }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SetupError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/^Chromium not found .*apt-get install chromium.*SIOCHAOS_CHROMIUM/);
    expect(() => readFileSync(log)).toThrow(/ENOENT/);
  });

  it('says what apt-get answered when the install fails', async () => {
    dir = scratchDir();
    const usrBin = path.join(dir, 'usr-bin');
    fakeAptGet(usrBin, path.join(dir, 'apt.log'), usrBin, 'install');
    await expect(ensureChromium({ env: envWith(usrBin), root: true })).rejects.toThrow(/apt-get install -y chromium failed \(exit 100: E: could not do install\)/);
  });
});

describe("doctor's chromium check", () => {
  it('fails only when the config has browser clients', () => {
    dir = scratchDir();
    const browser = { clients: 1, input: '#input', messages: '#messages li' };
    expect(chromiumCheck({ browser }, envWith())).toMatchObject({ name: 'chromium', ok: false, detail: expect.stringMatching(/browser clients: Chromium not found/) });
    expect(chromiumCheck({ browser: undefined }, envWith())).toMatchObject({ ok: true, detail: expect.stringMatching(/^not found, and only browser clients need it/) });
    const chromium = fakeExecutable(path.join(dir, 'bin'), 'chromium');
    expect(chromiumCheck({ browser }, envWith(path.join(dir, 'bin')))).toEqual({ name: 'chromium', ok: true, detail: `${chromium} (from PATH)` });
  });
});
