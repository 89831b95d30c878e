import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../lib/cli/main';

/**
 * `hubfleet synth` of a stack with each wiring defect of the issue exits 1, names the construct path,
 * the object, the missing or unreachable thing and the fix, and writes nothing; the fixed twin
 * synthesizes.
 */
const APP = path.join(__dirname, '..', 'fixtures', 'apps', 'wiring.ts');

async function synth(out: string, cluster: string) {
  let stderr = '';
  const code = await main(['synth', '--out', out, '--app', APP, '--cluster', cluster], { stdout: () => undefined, stderr: (s) => (stderr += s) });
  return { code, stderr };
}

const DEFECTS: Array<[string, string, RegExp]> = [
  ['hub-db-class', 'a hub database claim without a StorageClass', /✗ intro\/hub-db: PersistentVolumeClaim\/hub-db-dir spec.storageClassName = undefined: PersistentVolumeClaim course-intro\/hub-db-dir names no StorageClass.* Fix: pass the StorageClass explicitly .*existingStorageClasses.*\[wiring-storage-class-named\]/],
  ['seb-db-class', 'the SEB MariaDB claim without a StorageClass', /✗ seb\/mariadb-pvc: PersistentVolumeClaim\/seb-mariadb-data spec.storageClassName = undefined: PersistentVolumeClaim seb\/seb-mariadb-data names no StorageClass.*\[wiring-storage-class-named\]/],
  ['seb-credentials', 'SEB pods reading seb-credentials that nothing creates', /✗ seb\/server: Deployment\/seb-server .*Deployment seb\/seb-server reads Secret "seb-credentials" \(key "sebserver-password"\) in namespace seb, but nothing in the output creates it.* Fix: seal the value with `hubfleet seal --namespace seb --name seb-credentials`.*\[wiring-secret\]/],
  ['ldap-search', 'a hub reading an LDAP password that nothing creates', /✗ grading\/hub-deployment: Deployment\/hub .*reads Secret "ldap-search" \(key "password"\) in namespace course-grading.*\[wiring-secret\]/],
  ['acme-solver', "cert-manager's solver pods unreachable", /✗ docs\/docs\/ingress: namespace course-docs: ingress controller → acme.cert-manager.io\/http01-solver pods :8089 .*cert-manager answers the HTTP-01 challenge for Ingress course-docs\/docs .*the certificate is never issued. Fix: .*\[flow-acme-solver\]/],
  ['exam-annotation', 'an nginx annotation on an exam Ingress under Traefik', /✗ final\/route\/route: Ingress\/jupyterhub metadata.annotations\["nginx.ingress.kubernetes.io\/whitelist-source-range"\] = "10.30.10.0\/24": the traefik controller ignores this annotation.* Fix: use the Traefik equivalent.*\[wiring-route-annotations\]/],
  ['gpu-pool', 'a GPU profile selecting a label no pool has', /✗ ml: user server \(profile "GPU"\) in course-ml .*fits no node pool, so it stays Pending: .*hubfleet.io\/gpu=true.* Fix: add a node pool with those labels, taints, GPUs.*\[wiring-scheduling\]/],
];

let out: string;
beforeEach(() => (out = fs.mkdtempSync(path.join(os.tmpdir(), 'hubfleet-wiring-'))));
afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

describe('hubfleet synth proves the wiring', () => {
  for (const [cluster, what, message] of DEFECTS) {
    test(`fails on ${what} and writes nothing; the fixed stack synthesizes`, async () => {
      const bad = await synth(out, cluster);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toMatch(new RegExp(`^${cluster}: \\d+ errors?; nothing was written.`, 'm'));
      expect(bad.stderr).toMatch(message);
      expect(fs.readdirSync(out)).toEqual([]);
      const good = await synth(out, `${cluster}-fixed`);
      expect(good.stderr).not.toMatch(/✗/);
      expect(good.code).toBe(0);
      expect(fs.existsSync(path.join(out, `${cluster}-fixed`, 'inventory.json'))).toBe(true);
    });
  }
});
