import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A scratch folder for fake executables and fake homes; removed by the caller. */
export function scratchDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'siochaos-provision-'));
}

/**
 * Writes an executable shell script `dir/name` (the folder is created). Its
 * body may use only shell built-ins and absolute paths: tests run it with a
 * PATH that holds nothing real.
 */
export function fakeExecutable(dir: string, name: string, body = 'exit 0'): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/**
 * A fake `apt-get` that appends each call's arguments (and DEBIAN_FRONTEND)
 * to `log`, and on `install` puts a fake `chromium` into `installDir`, the
 * way Debian's package puts /usr/bin/chromium; `failOn` makes that sub-command exit 100.
 */
export function fakeAptGet(dir: string, log: string, installDir: string, failOn?: 'update' | 'install'): string {
  return fakeExecutable(
    dir,
    'apt-get',
    [
      `echo "$DEBIAN_FRONTEND $*" >> ${log}`,
      failOn ? `if [ "$1" = ${failOn} ]; then echo "E: could not do ${failOn}" >&2; exit 100; fi` : '',
      `if [ "$1" = install ]; then /bin/mkdir -p ${installDir}; printf '#!/bin/sh\\n' > ${installDir}/chromium; /bin/chmod +x ${installDir}/chromium; fi`,
    ].join('\n'),
  );
}
