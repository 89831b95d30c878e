#!/usr/bin/env node
// The hubfleet command. It runs the compiled CLI (build/lib/cli/main.js: in hubfleet's repository
// `npm run build` makes it, and npm ci runs that through the "prepare" script; the package ships it)
// and loads the project's TypeScript (apps/, clusters/) through a transpile-only hook.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'build', 'lib', 'cli', 'main.js');
if (!fs.existsSync(cli)) {
  process.stderr.write(
    'hubfleet: the project is not built yet (build/lib/cli/main.js is missing).\n' +
      'Fix: run `npm run build` (npm ci does it too) and fix every TypeScript error it prints. [build-missing]\n',
  );
  process.exit(1);
}
const { builtProjectRoot } = require(path.join(root, 'build', 'lib', 'cli', 'build-check.js'));
require(path.join(root, 'build', 'lib', 'cli', 'ts-loader.js')).register({ compiledRoot: builtProjectRoot() });
const { main } = require(cli);
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`hubfleet: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 1; },
);
