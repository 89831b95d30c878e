#!/usr/bin/env node
// Runs after tsc (package.json's build script): copies the data files the library reads at run
// time (lib/**/data/*: the Kubernetes and CRD schemas of lib/validate, the CRDs of lib/platform;
// lib/**/*.py: the grade service, its nbgrader exporter and the hub's launch hook, which synth
// puts into ConfigMaps) beside the compiled modules in build/lib, so that the package is self-contained.
'use strict';
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const walk = (rel) => {
  for (const e of fs.readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
    const r = `${rel}/${e.name}`;
    if (!e.isDirectory()) {
      if (e.name.endsWith('.py')) {
        fs.mkdirSync(path.join(ROOT, 'build', rel), { recursive: true });
        fs.copyFileSync(path.join(ROOT, r), path.join(ROOT, 'build', r));
      }
      continue;
    }
    if (e.name === 'data') fs.cpSync(path.join(ROOT, r), path.join(ROOT, 'build', r), { recursive: true });
    else walk(r);
  }
};
walk('lib');
