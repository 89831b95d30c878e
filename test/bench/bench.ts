/**
 * `npm run bench`: synth speed for generated clusters of 10, 100 and 1,000 course hubs.
 *
 * Each size runs in its own child process (so peak memory is that size's own) and prints: objects,
 * the seconds to build the construct tree, to synth (collect + strict validation + YAML) and both
 * together, the seconds to serialize the same objects as YAML alone (measured in the same process
 * right after), their ratio, and peak RSS. Best of three runs per size.
 * Targets (issue 2): linear (1,000 hubs ≤ 11× the time of 100), synth+validate ≤ 1.5× YAML at 1,000
 * hubs, peak memory ≤ 1 GiB.
 */
import { fork } from 'child_process';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { collect, synthApp, toYaml } from '../../lib/fleet/synth';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';
import { testSpec } from '../helpers';
import { SealedSecret } from '../../lib/secrets/sealed-secret';

const SIZES = [10, 100, 1000];
/** A value with a sealed value's layout (synth checks the layout, not the key). */
const SEALED = Buffer.concat([Buffer.from([0x02, 0x00]), Buffer.alloc(600, 7)]).toString('base64');
const RUNS = 3;

/** A cluster of n hubs with a realistic mix: LTI, nbgrader, GPU profiles, LDAP. */
function buildCluster(n: number): ClusterApp {
  // A GPU pool for the GPU profiles (synth proves every profile fits a pool).
  const gpu = { name: 'gpu', roles: ['worker' as const], count: 4, vcpus: 32, memoryGiB: 256, diskGiB: 200, gpus: 4, labels: { 'hubfleet.io/gpu': 'true' }, taints: [{ key: 'nvidia.com/gpu', effect: 'NoSchedule' as const }] };
  const app = new ClusterApp(testSpec({ name: 'bench', nodePools: [...testSpec().nodePools, gpu] }));
  for (let i = 0; i < n; i++) {
    const kind = i % 4;
    const hub = new CourseJupyterHub(app, `course-${i}`, {
      auth:
        kind === 3
          ? HubAuth.ldap({ serverAddress: 'ldap.example.org', lookup: { userSearchBase: 'ou=p,dc=x', searchUser: 'cn=s,dc=x', searchPassword: SecretKeyRef.fromName('ldap', 'pw') } })
          : HubAuth.moodle('https://moodle.example.org', [`client-${i}`]),
      image: 'quay.io/jupyter/scipy-notebook:2025-08-18',
      students: 20 + (i % 7) * 40,
      nbgrader: kind === 0 ? {} : undefined,
      profiles: kind === 1 ? [{ displayName: 'CPU', default: true }, { displayName: 'GPU', gpus: 1, memoryLimitGiB: 16, memoryGuaranteeGiB: 8, nodeSelector: { 'hubfleet.io/gpu': 'true' } }] : undefined,
    });
    // LDAP hubs read their search password from a SealedSecret (a well-formed stand-in here).
    if (kind === 3) new SealedSecret(hub, 'ldap', { encryptedData: { pw: SEALED } });
  }
  return app;
}

const now = () => process.hrtime.bigint();
const secs = (t0: bigint) => Number(now() - t0) / 1e9;

function measure(n: number) {
  let best: any;
  for (let run = 0; run < RUNS; run++) {
    const t0 = now();
    const app = buildCluster(n);
    const build = secs(t0);
    const t1 = now();
    const out = synthApp(app);
    const synth = secs(t1);
    // Baseline: the same objects as YAML alone (collect again is cheap: finalizers ran once).
    const jsons = collect(app).objects.map((o) => o.json);
    const t2 = now();
    let bytes = 0;
    for (const j of jsons) bytes += toYaml(j).length;
    const yaml = secs(t2);
    const r = { hubs: n, objects: out.objects, files: out.files.size, bytes, build, synth, total: build + synth, yaml, ...out.timings };
    if (!best || r.total < best.total) best = r;
  }
  return { ...best, peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) };
}

if (process.argv[2] === '--child') {
  process.send!(measure(Number(process.argv[3])));
} else {
  (async () => {
    const results: any[] = [];
    for (const n of SIZES) {
      results.push(
        await new Promise((resolve, reject) => {
          const child = fork(__filename, ['--child', String(n)], { stdio: 'inherit', execArgv: ['--max-semi-space-size=32'] });
          child.on('message', resolve);
          child.on('error', reject);
          child.on('exit', (code) => code !== 0 && reject(new Error(`bench child for ${n} hubs exited ${code}`)));
        }),
      );
    }
    const pad = (s: string | number, w: number) => String(s).padStart(w);
    console.log(`hubfleet synth benchmark (best of ${RUNS}; node ${process.version}; ${require('os').cpus().length} cores)`);
    console.log(`${pad('hubs', 5)} ${pad('objects', 8)} ${pad('build s', 8)} ${pad('synth s', 8)} ${pad('total s', 8)} ${pad('yaml s', 7)} ${pad('synth/yaml', 10)} ${pad('total/yaml', 10)} ${pad('peak MiB', 9)}`);
    for (const r of results) {
      console.log(
        `${pad(r.hubs, 5)} ${pad(r.objects, 8)} ${pad(r.build.toFixed(3), 8)} ${pad(r.synth.toFixed(3), 8)} ${pad(r.total.toFixed(3), 8)} ${pad(r.yaml.toFixed(3), 7)} ${pad((r.synth / r.yaml).toFixed(2), 10)} ${pad((r.total / r.yaml).toFixed(2), 10)} ${pad(r.peakRssMiB, 9)}`,
      );
    }
    const [, hundred, thousand] = results;
    console.log(`phases at ${thousand.hubs} hubs: collect ${thousand.collect.toFixed(3)} s, validate ${thousand.validate.toFixed(3)} s, serialize ${thousand.serialize.toFixed(3)} s`);
    console.log(`growth 100 → 1,000 hubs: ${(thousand.total / hundred.total).toFixed(2)}× (target ≤ 11×)`);
    console.log(`synth+validate at 1,000 hubs: ${(thousand.total / thousand.yaml).toFixed(2)}× YAML alone incl. building the tree, ${(thousand.synth / thousand.yaml).toFixed(2)}× without (target ≤ 1.5×)`);
    console.log(`peak memory at 1,000 hubs: ${thousand.peakRssMiB} MiB (target ≤ 1024)`);
  })().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
