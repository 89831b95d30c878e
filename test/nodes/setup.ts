/**
 * Jest setup for the node-layer tests: cdktf's matchers (toHaveResourceWithProperties, …). Import it
 * first. It also removes the temporary out dirs cdktf's Testing helpers make, after each test file.
 */
import { Testing } from 'cdktf';
// the module object itself (not an import namespace), so that cdktf sees the wrapper below
import fs = require('fs');
import 'cdktf/lib/testing/adapters/jest';

Testing.setupJest();

const made: string[] = [];
const mkdtempSync = fs.mkdtempSync;
(fs as { mkdtempSync: typeof fs.mkdtempSync }).mkdtempSync = ((prefix: string, options?: unknown) => {
  const dir = (mkdtempSync as (p: string, o?: unknown) => string)(prefix, options);
  if (/cdktf\.outdir\.$/.test(prefix)) made.push(dir);
  return dir;
}) as typeof fs.mkdtempSync;

afterAll(() => {
  (fs as { mkdtempSync: typeof fs.mkdtempSync }).mkdtempSync = mkdtempSync;
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});
