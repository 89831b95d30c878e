/**
 * Where a construct's props came from, when not from TypeScript: a course of the catalogue is a YAML
 * file, so an issue about its hub (a rule of the hub's table, an unknown key) should name that file,
 * line and field rather than the construct path. A construct made from a file declares a resolver
 * with {@link declareSource}; synth passes every issue through {@link withSources}.
 */
import { IConstruct } from 'constructs';
import { Issue } from './errors';

/** Turns an issue of the construct (or of a construct below it) into one that names the source file. */
export type SourceResolver = (issue: Issue) => Issue;

const SOURCES = Symbol.for('hubfleet.sources');
type Registry = Map<string, SourceResolver>;

function registryOf(root: IConstruct): Registry {
  const r = root as unknown as { [SOURCES]?: Registry };
  if (!r[SOURCES]) Object.defineProperty(r, SOURCES, { value: new Map(), enumerable: false });
  return r[SOURCES]!;
}

/** Declare where a construct's props were written. */
export function declareSource(construct: IConstruct, resolve: SourceResolver): void {
  registryOf(construct.node.root).set(construct.node.path, resolve);
}

/** Issues with the construct path replaced by the source file's place where one was declared. */
export function withSources(root: IConstruct, issues: readonly Issue[]): Issue[] {
  const reg = (root as unknown as { [SOURCES]?: Registry })[SOURCES];
  if (!reg || reg.size === 0) return [...issues];
  return issues.map((i) => {
    for (let p = i.path; p; p = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '') {
      const r = reg.get(p);
      if (r) return r(i);
    }
    return i;
  });
}
