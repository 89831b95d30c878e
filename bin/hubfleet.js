#!/usr/bin/env node
// The hubfleet command. It runs the compiled CLI (npm run build compiles lib/ to build/; npm ci
// runs it through the "prepare" script).
'use strict';
const fs = require('fs');
const path = require('path');

const cli = path.join(__dirname, '..', 'build', 'lib', 'cli', 'main.js');
if (!fs.existsSync(cli)) {
  process.stderr.write(
    'hubfleet: the project is not built yet (build/lib/cli/main.js is missing).\n' +
      'Fix: run `npm run build` (npm ci does it too) and fix every TypeScript error it prints. [build-missing]\n',
  );
  process.exit(1);
}
const { main } = require(cli);
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`hubfleet: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 1; },
);
