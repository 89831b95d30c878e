import * as fs from 'fs';
import * as path from 'path';

/** The folder of hubfleet's own package.json (the repository, or node_modules/hubfleet in a project). */
export function hubfleetRoot(from: string = __dirname): string {
  for (let d = from; ; d = path.dirname(d)) {
    const pkg = path.join(d, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'hubfleet') return d;
    if (path.dirname(d) === d) throw new Error(`no package.json of hubfleet above ${from}`);
  }
}

/** hubfleet's version, from its package.json. */
export function hubfleetVersion(): string {
  return (JSON.parse(fs.readFileSync(path.join(hubfleetRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** The versions `hubfleet new` pins: hubfleet's own and the TypeScript it is built with. */
export function scaffoldVersions(): { hubfleet: string; typescript: string; typesNode: string } {
  const pkg = JSON.parse(fs.readFileSync(path.join(hubfleetRoot(), 'package.json'), 'utf8')) as { version: string; devDependencies?: Record<string, string>; hubfleet?: { scaffold?: Record<string, string> } };
  const pins = pkg.hubfleet?.scaffold ?? pkg.devDependencies ?? {};
  return { hubfleet: pkg.version, typescript: pins.typescript ?? '^5.9.0', typesNode: pins['@types/node'] ?? '^20.19.0' };
}
