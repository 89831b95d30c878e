/**
 * The first-boot install script, run for real with /bin/sh under a scratch root, with stand-ins for
 * curl (downloads and the /ping probe), RKE2's install.sh, sleep and systemctl.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { ClusterSpec } from '../../lib/fleet/cluster-spec';
import { renderUserData } from '../../lib/nodes/cloud-init';
import { planNodes } from '../../lib/nodes/node-plan';
import { RKE2_INSTALL_FAILED_MARKER, RKE2_INSTALL_SCRIPT_PATH, shellQuote } from '../../lib/nodes/rke2-install-script';
import { ethTeachingSpec, fillTemplate, JOIN, TestSpec, vsphereOf } from './fixtures';

const SERVER_URL = 'https://k8s-api.teaching.example-university.ch:9345';

/** The stand-in for RKE2's install.sh: logs its environment and installs an rke2 binary that prints $FAKE_VERSION. */
const FAKE_INSTALLER = `#!/bin/sh
echo "install.sh TYPE=$INSTALL_RKE2_TYPE VERSION=\${INSTALL_RKE2_VERSION:-} ARTIFACT_URL=\${INSTALL_RKE2_ARTIFACT_URL:-} ARTIFACT_PATH=\${INSTALL_RKE2_ARTIFACT_PATH:-}" >> "$STUB_LOG"
mkdir -p "$HUBFLEET_ROOT/usr/local/bin"
printf '#!/bin/sh\\necho "rke2 version %s (0123abcd)"\\necho "go version go1.25"\\n' "$FAKE_VERSION" > "$HUBFLEET_ROOT/usr/local/bin/rke2"
chmod +x "$HUBFLEET_ROOT/usr/local/bin/rke2"
`;

const STUBS: Record<string, string> = {
  // Downloads (-o FILE URL) fail the first $CURL_FAILS times; the /ping probe prints $PING_ANSWER or fails.
  curl: `#!/bin/sh
out=""; url=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out="$2"; shift 2 ;;
    -*) shift ;;
    *) url="$1"; shift ;;
  esac
done
echo "curl $url" >> "$STUB_LOG"
if [ -z "$out" ]; then
  if [ -n "\${PING_ANSWER:-}" ]; then printf '%s' "$PING_ANSWER"; exit 0; fi
  exit 7
fi
n=$(cat "$STUB_DIR/curl.count" 2>/dev/null || echo 0); n=$((n + 1)); echo "$n" > "$STUB_DIR/curl.count"
if [ "$n" -le "\${CURL_FAILS:-0}" ]; then exit 22; fi
cp "$STUB_DIR/fake-install.sh" "$out"
`,
  sleep: '#!/bin/sh\necho "sleep $1" >> "$STUB_LOG"\n',
  systemctl: '#!/bin/sh\necho "systemctl $*" >> "$STUB_LOG"\n',
};

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-rke2-install-'));
  fs.mkdirSync(path.join(dir, 'bin'));
  fs.mkdirSync(path.join(dir, 'root'));
  for (const [name, text] of Object.entries(STUBS)) fs.writeFileSync(path.join(dir, 'bin', name), text, { mode: 0o755 });
  fs.writeFileSync(path.join(dir, 'fake-install.sh'), FAKE_INSTALLER, { mode: 0o755 });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Write a node's cloud-config files under the scratch root, as cloud-init would. */
function provision(spec: TestSpec, nodeName: string): void {
  const node = planNodes(spec as ClusterSpec).find((n) => n.name === nodeName)!;
  const cc = parse(fillTemplate(renderUserData(spec as ClusterSpec, node, JOIN), SERVER_URL));
  expect(cc.runcmd).toEqual([RKE2_INSTALL_SCRIPT_PATH]);
  for (const f of cc.write_files as { path: string; content: string; permissions: string }[]) {
    const p = path.join(dir, 'root', f.path);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, f.content, { mode: parseInt(f.permissions, 8) });
  }
}

/** Run the node's install script as runcmd would. */
function run(env: Record<string, string> = {}) {
  const r = spawnSync('/bin/sh', [path.join(dir, 'root', RKE2_INSTALL_SCRIPT_PATH)], {
    env: {
      PATH: `${path.join(dir, 'bin')}:/usr/bin:/bin`,
      HUBFLEET_ROOT: path.join(dir, 'root'),
      STUB_DIR: dir,
      STUB_LOG: path.join(dir, 'log'),
      FAKE_VERSION: 'v1.35.7+rke2r1',
      ...env,
    },
    encoding: 'utf8',
  });
  const log = fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8').trim().split('\n') : [];
  const markerPath = path.join(dir, 'root', RKE2_INSTALL_FAILED_MARKER);
  const marker = fs.existsSync(markerPath) ? fs.readFileSync(markerPath, 'utf8') : undefined;
  return { code: r.status, stderr: r.stderr, log, marker };
}

describe('RKE2 first-boot install script', () => {
  test('installs the spec\'s release as server and starts it', () => {
    provision(ethTeachingSpec(), 'eth-teaching-cp-1');
    const r = run();
    expect(r.code).toBe(0);
    expect(r.log).toEqual([
      'curl https://get.rke2.io',
      'install.sh TYPE=server VERSION=v1.35.7+rke2r1 ARTIFACT_URL= ARTIFACT_PATH=',
      'systemctl enable --now rke2-server.service',
    ]);
    expect(r.marker).toBeUndefined();
  });

  test('workers install and start the agent', () => {
    provision(ethTeachingSpec(), 'eth-teaching-worker-3');
    const r = run();
    expect(r.code).toBe(0);
    expect(r.log).toContain('install.sh TYPE=agent VERSION=v1.35.7+rke2r1 ARTIFACT_URL= ARTIFACT_PATH=');
    expect(r.log[r.log.length - 1]).toBe('systemctl enable --now rke2-agent.service');
  });

  test('retries a failed download with doubling waits, then succeeds', () => {
    provision(ethTeachingSpec(), 'eth-teaching-cp-1');
    const r = run({ CURL_FAILS: '2' });
    expect(r.code).toBe(0);
    expect(r.log.filter((l) => l.startsWith('sleep'))).toEqual(['sleep 15', 'sleep 30']);
    expect(r.log.filter((l) => l.startsWith('install.sh'))).toHaveLength(1);
    expect(r.stderr).toMatch(/install attempt 1 of 5 failed; next attempt in 15 seconds/);
  });

  test('gives up after the attempts with a clear failure: exit 1, a marker file, RKE2 never started', () => {
    provision(ethTeachingSpec(), 'eth-teaching-cp-1');
    const r = run({ CURL_FAILS: '99' });
    expect(r.code).toBe(1);
    expect(r.log.filter((l) => l.startsWith('sleep'))).toEqual(['sleep 15', 'sleep 30', 'sleep 60', 'sleep 120']);
    expect(r.log.filter((l) => l.startsWith('curl'))).toHaveLength(5);
    expect(r.log.some((l) => l.startsWith('install.sh') || l.startsWith('systemctl'))).toBe(false);
    expect(r.marker).toMatch(/^RKE2 v1\.35\.7\+rke2r1 did not install after 5 attempts .*Fix the cause/);
    expect(r.stderr).toMatch(/hubfleet-rke2-install: FAILED: RKE2 v1\.35\.7\+rke2r1 did not install after 5 attempts/);
  });

  test('a failed download never counts as an install (the "curl | sh" trap)', () => {
    provision(ethTeachingSpec(), 'eth-teaching-cp-1');
    const spec = ethTeachingSpec();
    vsphereOf(spec).rke2 = { installAttempts: 1 };
    provision(spec, 'eth-teaching-cp-1');
    const r = run({ CURL_FAILS: '1' });
    expect(r.code).toBe(1);
    expect(r.log).toEqual(['curl https://get.rke2.io']);
  });

  test('fails when the installed release is not the one the spec names', () => {
    provision(ethTeachingSpec(), 'eth-teaching-cp-1');
    const r = run({ FAKE_VERSION: 'v1.35.6+rke2r1' });
    expect(r.code).toBe(1);
    expect(r.marker).toMatch(/installed RKE2 is 'v1\.35\.6\+rke2r1' but the ClusterSpec says v1\.35\.7\+rke2r1/);
    expect(r.log.some((l) => l.startsWith('systemctl'))).toBe(false);
  });

  test('attempts and delay come from infrastructure.rke2; a mirror replaces get.rke2.io and GitHub', () => {
    const spec = ethTeachingSpec();
    vsphereOf(spec).rke2 = {
      installAttempts: 3,
      retryDelaySeconds: 5,
      scriptUrl: 'https://mirror.example-university.ch/rke2/install.sh',
      artifactUrl: 'https://mirror.example-university.ch/rke2/releases',
    };
    provision(spec, 'eth-teaching-cp-1');
    const r = run({ CURL_FAILS: '99' });
    expect(r.log.filter((l) => l.startsWith('sleep'))).toEqual(['sleep 5', 'sleep 10']);
    expect(r.log[0]).toBe('curl https://mirror.example-university.ch/rke2/install.sh');
    expect(r.marker).toMatch(/after 3 attempts/);
    const ok = run();
    expect(ok.code).toBe(0);
    expect(ok.log).toContain('install.sh TYPE=server VERSION=v1.35.7+rke2r1 ARTIFACT_URL=https://mirror.example-university.ch/rke2/releases ARTIFACT_PATH=');
  });

  test('air-gapped: runs install.sh from the image folder with INSTALL_RKE2_ARTIFACT_PATH and downloads nothing', () => {
    const spec = ethTeachingSpec();
    vsphereOf(spec).rke2 = { artifactPath: '/opt/rke2-artifacts' };
    provision(spec, 'eth-teaching-worker-1');
    const artifacts = path.join(dir, 'root', 'opt', 'rke2-artifacts');
    const missing = run({ CURL_FAILS: '0' });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no install.sh in .*opt\/rke2-artifacts/);
    fs.mkdirSync(artifacts, { recursive: true });
    fs.copyFileSync(path.join(dir, 'fake-install.sh'), path.join(artifacts, 'install.sh'));
    fs.rmSync(path.join(dir, 'log'), { force: true });
    const r = run();
    expect(r.code).toBe(0);
    expect(r.log).toEqual([`install.sh TYPE=agent VERSION= ARTIFACT_URL= ARTIFACT_PATH=${artifacts}`, 'systemctl enable --now rke2-agent.service']);
  });

  describe('the init server (first etcd node while kubernetes.bootstrapped is false)', () => {
    const config = () => parse(fs.readFileSync(path.join(dir, 'root', 'etc/rancher/rke2/config.yaml'), 'utf8'));

    test('starts the cluster when nothing answers at the registration address', () => {
      provision(ethTeachingSpec(), 'eth-teaching-etcd-1');
      const r = run();
      expect(r.code).toBe(0);
      expect(r.log[0]).toBe(`curl ${SERVER_URL}/ping`);
      expect(config()).not.toHaveProperty('server');
    });

    test('joins instead when a cluster answers there (rebuilt before the spec said bootstrapped)', () => {
      provision(ethTeachingSpec(), 'eth-teaching-etcd-1');
      const r = run({ PING_ANSWER: 'pong' });
      expect(r.code).toBe(0);
      expect(config().server).toBe(SERVER_URL);
      expect(r.stderr).toMatch(/a cluster already answers at .*joining it instead of starting a new one/);
      run({ PING_ANSWER: 'pong' }); // run again by hand: still one server line
      expect(fs.readFileSync(path.join(dir, 'root', 'etc/rancher/rke2/config.yaml'), 'utf8').match(/^server:/gm)).toHaveLength(1);
    });

    test('ignores an answer that is not RKE2\'s (e.g. a load balancer\'s error page)', () => {
      provision(ethTeachingSpec(), 'eth-teaching-etcd-1');
      run({ PING_ANSWER: '<html>503</html>' });
      expect(config()).not.toHaveProperty('server');
    });

    test('other nodes never probe', () => {
      provision(ethTeachingSpec(), 'eth-teaching-etcd-2');
      expect(run({ PING_ANSWER: 'pong' }).log.some((l) => l.includes('/ping'))).toBe(false);
    });
  });

  test('shellQuote keeps any text one word', () => {
    const r = spawnSync('/bin/sh', ['-c', `printf '%s' ${shellQuote("it's $HOME `x` \\")}`], { encoding: 'utf8' });
    expect(r.stdout).toBe("it's $HOME `x` \\");
  });
});
