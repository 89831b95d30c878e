#!/usr/bin/env node
// The hubfleet command. It runs the compiled CLI (npm run build compiles lib/ to build/).
'use strict';
const { main } = require('../build/lib/cli/main.js');
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`hubfleet: ${err && err.stack ? err.stack : err}\n`); process.exitCode = 1; },
);
