/**
 * Installing a packed hubfleet into a new project without the registry: the project's lock file is
 * made from this repository's package-lock.json (hubfleet's dependencies and the project's dev
 * dependencies at the versions `npm ci` installed here, so their tarballs are in the npm cache) and
 * points hubfleet at the tarball; `npm ci --offline` then installs from the cache alone.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [k: string]: unknown;
}
interface Lock {
  packages: Record<string, LockEntry>;
}

const REGISTRY = 'https://registry.npmjs.org/';

/** The lock entry's location that `name` resolves to from `from` (Node's lookup: nested node_modules first). */
function resolveIn(packages: Record<string, LockEntry>, name: string, from: string): string | undefined {
  for (let base = from; ; ) {
    const loc = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[loc]) return loc;
    if (!base) return undefined;
    const i = base.lastIndexOf('/node_modules/');
    base = i < 0 ? '' : base.slice(0, i);
  }
}

/** A package-lock.json for `projectDir` whose hubfleet is `tarball` (an absolute path). */
export function offlineLock(repoRoot: string, projectDir: string, tarball: string): Lock {
  const repo = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as Lock;
  const hubfleet = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; bin: Record<string, string>; engines: Record<string, string>; license: string };
  const project = JSON.parse(fs.readFileSync(path.join(projectDir, 'package.json'), 'utf8')) as { name: string; version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
  const packages: Record<string, LockEntry> = {
    '': { name: project.name, version: project.version, dependencies: project.dependencies, devDependencies: project.devDependencies },
    'node_modules/hubfleet': {
      version: hubfleet.version,
      resolved: `file:${path.relative(projectDir, tarball).split(path.sep).join('/')}`,
      integrity: `sha512-${createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`,
      license: hubfleet.license,
      dependencies: hubfleet.dependencies,
      bin: hubfleet.bin,
      engines: hubfleet.engines,
    },
  };
  const queue: string[] = [];
  const want = (deps: Record<string, string> | undefined, from: string) => {
    for (const name of Object.keys(deps ?? {})) {
      const loc = resolveIn(repo.packages, name, from);
      if (loc && !packages[loc]) {
        const { dev, devOptional, peer, ...entry } = repo.packages[loc] as LockEntry & { dev?: boolean; devOptional?: boolean; peer?: boolean };
        void dev, devOptional, peer;
        const base = name.split('/').pop();
        packages[loc] = { ...entry, resolved: entry.resolved ?? `${REGISTRY}${name}/-/${base}-${entry.version}.tgz` };
        queue.push(loc);
      }
    }
  };
  want(hubfleet.dependencies, '');
  want(project.devDependencies, '');
  while (queue.length) {
    const loc = queue.shift()!;
    const e = packages[loc];
    const peers = Object.fromEntries(Object.entries(e.peerDependencies ?? {}).filter(([n]) => !e.peerDependenciesMeta?.[n]?.optional));
    want({ ...e.dependencies, ...e.optionalDependencies, ...peers }, loc);
  }
  return { name: project.name, version: project.version, lockfileVersion: 3, requires: true, packages } as Lock;
}
