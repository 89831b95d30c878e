#!/usr/bin/env node
// Runs after a successful `tsc` (package.json's build script): records which sources build/ was
// compiled from, so that `hubfleet synth` can refuse to run a stale or failed build
// (lib/cli/build-check.ts).
'use strict';
const path = require('path');
const { writeBuildStamp } = require('../build/lib/cli/build-check.js');

writeBuildStamp(path.resolve(__dirname, '..'));
