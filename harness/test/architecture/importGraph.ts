import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** One import of one file of harness/src by another, paths relative to harness/src. */
export interface Import {
  from: string;
  to: string;
}

/** One import of a package (or a Node built-in) by a file of harness/src. */
export interface PackageImport {
  from: string;
  specifier: string;
}

/** Every `.ts` file under `dir`, relative to it, with `/` separators. */
function tsFiles(dir: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...tsFiles(dir, rel));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) files.push(rel);
  }
  return files;
}

/**
 * Every relative import between files of `srcDir` (static, `import type`,
 * `export ... from` and `import()` with a literal path), as TypeScript's
 * pre-processor reads them: no type checking, comments and strings ignored.
 *
 * @example
 * const imports = sourceImports('harness/src'); // [{ from: 'core/runCampaign.ts', to: 'core/shrink.ts' }, ...]
 */
export function sourceImports(srcDir: string): Import[] {
  return scan(srcDir).imports;
}

/**
 * Every import of a package or a Node built-in by a file of `srcDir`.
 *
 * @example
 * packageImports('harness/src').filter((i) => i.from.startsWith('model/')); // [{ from: 'model/history.ts', specifier: 'zod' }, ...]
 */
export function packageImports(srcDir: string): PackageImport[] {
  return scan(srcDir).packages;
}

function scan(srcDir: string): { imports: Import[]; packages: PackageImport[] } {
  const imports: Import[] = [];
  const packages: PackageImport[] = [];
  for (const file of tsFiles(srcDir)) {
    const info = ts.preProcessFile(readFileSync(path.join(srcDir, file), 'utf8'), true, true);
    for (const { fileName } of info.importedFiles) {
      if (!fileName.startsWith('.')) {
        packages.push({ from: file, specifier: fileName });
        continue;
      }
      const to = path.posix.normalize(path.posix.join(path.posix.dirname(file), fileName.replace(/\.js$/, '.ts')));
      if (to.startsWith('..')) continue;
      imports.push({ from: file, to });
    }
  }
  return { imports, packages };
}

/** A file's folder under harness/src (its first segment), or the file itself for a file at the top. */
export function folderOf(file: string): string {
  const slash = file.indexOf('/');
  return slash < 0 ? file : file.slice(0, slash);
}

/**
 * The cycles of a directed graph, one per strongly connected component of more
 * than one node (or a node importing itself): its members (sorted), and the
 * shortest cycle through its first member, as the list of nodes with the first
 * repeated last. Cutting that cycle may leave others among the members.
 *
 * @example
 * findCycles([['a', 'b'], ['b', 'a'], ['b', 'c']]); // [{ members: ['a', 'b'], cycle: ['a', 'b', 'a'] }]
 */
export function findCycles(edges: Iterable<readonly [string, string]>): { members: string[]; cycle: string[] }[] {
  const next = new Map<string, Set<string>>();
  for (const [a, b] of edges) {
    if (!next.has(a)) next.set(a, new Set());
    if (!next.has(b)) next.set(b, new Set());
    next.get(a)!.add(b);
  }
  // Tarjan's strongly connected components, iterative enough for a few hundred files.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of next.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      components.push(component);
    }
  };
  for (const v of [...next.keys()].sort()) if (!index.has(v)) visit(v);

  const cycles: { members: string[]; cycle: string[] }[] = [];
  for (const component of components) {
    const members = new Set(component);
    const sorted = [...component].sort();
    const start = sorted[0]!;
    if (component.length === 1 && !next.get(start)!.has(start)) continue;
    // Breadth-first from start back to start, inside the component.
    const parent = new Map<string, string>();
    const queue = [start];
    let end: string | undefined;
    while (queue.length && !end) {
      const v = queue.shift()!;
      for (const w of [...next.get(v)!].sort()) {
        if (!members.has(w)) continue;
        if (w === start) {
          end = v;
          break;
        }
        if (!parent.has(w)) {
          parent.set(w, v);
          queue.push(w);
        }
      }
    }
    const cycle = [start];
    for (let v = end!; v !== start; v = parent.get(v)!) cycle.splice(1, 0, v);
    cycle.push(start);
    cycles.push({ members: sorted, cycle });
  }
  return cycles;
}
