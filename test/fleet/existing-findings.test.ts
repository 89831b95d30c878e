/**
 * The findings of issue 20, each as the engineer of a bare-metal cluster met it (kubeadm, Calico,
 * MetalLB and cert-manager installed long ago, a gateway whose nginx passes TLS through to a MetalLB
 * address, a ZFS server with NFS homes, Canvas). Each test failed before the fix. Specs are built
 * as plain objects so that the tests state the facts as a user writes them.
 */
import { isError } from '../../lib/core/errors';
import { ClusterSpec, validateClusterSpec } from '../../lib/fleet/cluster-spec';
import { buildCluster, defineCluster } from '../../lib/fleet/define';
import { synthApp } from '../../lib/fleet/synth';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { Platform } from '../../lib/platform/platform';
import { ValidationError } from '../../lib/core/errors';
import { bareMetal } from './bare-metal';
import { UserImage } from '../../lib/hub/user-image';
import { StorageClassRef } from '../../lib/core/storage-class-ref';

const IMAGE = 'quay.io/jupyter/scipy-notebook:2025-08-18';

/** The platform and one hub on a spec; returns synth's warnings, or throws its ValidationError. */
function synth(spec: ClusterSpec, stack?: (app: ClusterApp) => void) {
  return synthApp(
    buildCluster(
      defineCluster(spec, (app) => {
        const platform = new Platform(app);
        new CourseJupyterHub(app, 'intro', { auth: HubAuth.moodle('https://moodle.example.edu', ['c'], { staffAdmins: false }), image: IMAGE, students: 40, home: { storageClass: platform.nfs.homes } });
        stack?.(app);
      }),
    ),
  );
}

function errorsOf(f: () => unknown): ReturnType<typeof validateClusterSpec> {
  try {
    f();
    return [];
  } catch (e) {
    if (e instanceof ValidationError) return [...e.issues];
    throw e;
  }
}

describe('issue 20 findings: facts of a cluster hubfleet does not manage', () => {
  test('Kubernetes 1.33 on an existing cluster is a warning with its end of life and what stops, not an error', () => {
    const issues = validateClusterSpec(bareMetal({ kubernetes: { distribution: 'existing', version: 'v1.33.5', cni: 'calico', installedWith: 'kubeadm' } }));
    const v = issues.filter((i) => i.rule === 'cluster-k8s-version');
    expect(v).toHaveLength(1);
    expect(isError(v[0])).toBe(false);
    expect(v[0].message).toContain('2026-06-28');
    expect(v[0].message).toMatch(/security fixes/);
    // On a cluster hubfleet installs, it stays an error.
    const rke2 = validateClusterSpec(bareMetal({ kubernetes: { distribution: 'rke2', version: 'v1.33.5+rke2r1' }, infrastructure: undefined }));
    expect(rke2.filter((i) => i.rule === 'cluster-k8s-version').every(isError)).toBe(true);
  });

  test("an overlap names the pair and kubeadm's own defaults, never RKE2's, on a kubeadm cluster", () => {
    const issues = validateClusterSpec(bareMetal({ networks: { nodeCidr: '10.0.0.0/8', podCidr: '192.168.0.0/16', serviceCidr: '10.96.0.0/12' } }));
    const o = issues.filter((i) => i.rule === 'cluster-cidrs-disjoint');
    expect(o).toHaveLength(1);
    expect(o[0].message).toContain('node network 10.0.0.0/8 overlaps the service network 10.96.0.0/12');
    expect(`${o[0].message} ${o[0].fix}`).toContain("kubeadm's defaults");
    expect(`${o[0].message} ${o[0].fix}`).not.toMatch(/RKE2 defaults|RKE2's defaults/);
    expect(isError(o[0])).toBe(false);
  });
});

describe('issue 20 findings: what already runs', () => {
  test('an existing MetalLB serves the ingress LoadBalancer: no cloud load balancer to claim, no second MetalLB rendered', () => {
    const out = synth(bareMetal());
    const files = [...out.files.keys()];
    expect(files.some((f) => f.startsWith('k8s/platform/metallb/'))).toBe(false);
    expect(out.warnings.filter((w) => w.rule.startsWith('ingress-exposure'))).toEqual([]);
  });

  test("a route must name one of the existing cert-manager's issuers; cert-manager is listed as a prerequisite", () => {
    const wrong = errorsOf(() => synth(bareMetal({ existingAddons: { metallb: { pools: [{ name: 'campus', addresses: ['10.10.0.200-10.10.0.220'] }] }, certManager: { issuers: [{ name: 'campus-ca', solver: 'dns01' }] } } })));
    expect(wrong.map((i) => i.rule)).toContain('existing-cert-manager-issuer');
    const out = synth(bareMetal());
    expect(out.files.has('k8s/platform/cert-manager/clusterissuer-letsencrypt-prod.yaml')).toBe(false);
    const inv = JSON.parse(out.files.get('inventory.json')!);
    expect(inv.prerequisites.addons.map((a: { name: string }) => a.name)).toEqual(expect.arrayContaining(['cert-manager', 'MetalLB']));
    expect(JSON.stringify(inv.existingAddons)).toContain('letsencrypt-prod');
  });
});

describe('issue 20 findings: behind an upstream TCP proxy', () => {
  const traefik = (out: ReturnType<typeof synth>) => out.files.get('k8s/platform/ingress/application-traefik.yaml')!;

  test("the ingress controller's LoadBalancer address can be pinned to the one the gateway forwards to", () => {
    expect(traefik(synth(bareMetal()))).toContain("loadBalancerIP: 10.10.0.200");
  });

  test('load-balancer exposure trusts the PROXY protocol from the declared gateway only', () => {
    const v = traefik(synth(bareMetal()));
    expect(v).toMatch(/proxyProtocol:\n\s+trustedIPs:\n\s+- 10\.10\.0\.2\/32/);
    expect(v).not.toContain('forwardedHeaders');
  });

  test('HTTP-01 needs port 80 forwarded: a gateway that forwards only 443 is an error that says so', () => {
    const spec = bareMetal();
    const only443 = { ...spec, ingress: { ...spec.ingress, exposure: { ...(spec.ingress!.exposure as object), upstreamProxy: { addresses: ['10.10.0.2/32'], mode: 'tcp', clientAddress: 'proxy-protocol', forwardsPorts: [443] } } } } as unknown as ClusterSpec;
    const e = validateClusterSpec(only443).filter((i) => i.rule === 'upstream-proxy-acme-http01');
    expect(e).toHaveLength(1);
    expect(e[0].message).toMatch(/port 80/);
  });

  test('an exam allow list behind a gateway that drops the client address is an error (it would see the gateway)', () => {
    const spec = bareMetal();
    const blind = { ...spec, ingress: { ...spec.ingress, exposure: { ...(spec.ingress!.exposure as object), upstreamProxy: { addresses: ['10.10.0.2/32'], mode: 'tcp', clientAddress: 'none', forwardsPorts: [80, 443] } } } } as unknown as ClusterSpec;
    const issues = errorsOf(() => synth(blind, (app) => void new CourseJupyterHub(app, 'lab-exam', { auth: HubAuth.moodle('https://moodle.example.edu', ['c'], { staffAdmins: false }), image: IMAGE, students: 20, home: false, allowedSourceCidrs: ['10.20.30.0/24'] })));
    expect(issues.map((i) => i.rule)).toContain('wiring-client-address');
  });
});

describe('issue 20 findings: storage on bare metal', () => {
  test("without a block class, the hub databases and ngshare's sqlite land on NFS: synth warns and says how to fix it", () => {
    const nfs = StorageClassRef.fromName('nfs-homes', true);
    const out = synthApp(
      buildCluster(
        defineCluster(bareMetal({ existingStorageClasses: [] }), (app) => {
          new Platform(app);
          new CourseJupyterHub(app, 'grading', { auth: HubAuth.moodle('https://moodle.example.edu', ['c'], { staffAdmins: false }), image: UserImage.of(IMAGE, { provides: ['nbgrader', 'ngshare-exchange'] }), students: 30, home: { storageClass: nfs }, hubDatabaseStorageClass: nfs, nbgrader: { instructors: ['t.lee@example.edu'], storageClass: nfs } });
        }),
      ),
    );
    const w = out.warnings.filter((i) => i.rule === 'wiring-database-on-nfs');
    expect(w.map((i) => i.field).sort()).toEqual(['PersistentVolumeClaim/hub-db-dir spec.storageClassName', 'PersistentVolumeClaim/ngshare-data spec.storageClassName']);
    expect(w[0].fix).toMatch(/localPath/);
  });
});
