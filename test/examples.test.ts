/** The suite tests the example clusters by name: a cluster added to apps/index.ts changes no test. */
import * as fs from 'fs';
import * as path from 'path';
import { clusters } from '../apps/index';
import { EXAMPLE_CLUSTERS, exampleClusters } from './examples';

test('exampleClusters() picks the examples by name, whatever else apps/index.ts lists', () => {
  const added = { ...clusters[0], spec: { ...clusters[0].spec, name: 'demo' } };
  expect(exampleClusters([added, ...clusters]).map((d) => d.spec.name)).toEqual([...EXAMPLE_CLUSTERS]);
  expect(() => exampleClusters([added])).toThrow('apps/index.ts no longer lists the example cluster eth-teaching');
});

test('no test reads the cluster list of apps/index.ts but through test/examples.ts', () => {
  const offenders: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'fixtures') walk(p);
      } else if (e.name.endsWith('.ts') && !['examples.ts', 'examples.test.ts'].includes(e.name)) {
        const text = fs.readFileSync(p, 'utf8');
        if (/(from|require\()\s*'(\.\.\/)+apps(\/index)?'/.test(text)) offenders.push(path.relative(__dirname, p));
      }
    }
  };
  walk(__dirname);
  expect(offenders).toEqual([]);
});
