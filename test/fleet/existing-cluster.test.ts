/**
 * Bring your own cluster: a ClusterSpec with distribution 'existing' (bare metal, Calico, MetalLB,
 * an NFS server: the metalc case, as `hubfleet init --provider none --nfs …` writes it) synthesizes
 * the platform and its hubs, and no node stack.
 */
import { specFor } from '../../lib/cli/init';
import { cniOf, validateClusterSpec } from '../../lib/fleet/cluster-spec';
import { buildCluster, defineCluster } from '../../lib/fleet/define';
import { synthApp } from '../../lib/fleet/synth';
import { HubAuth } from '../../lib/hub/auth';
import { CourseJupyterHub } from '../../lib/hub/course-jupyterhub';
import { Platform } from '../../lib/platform/platform';

const { spec } = specFor({ cluster: 'metalc', provider: 'none', domain: 'hubs.example.edu', domainGiven: true, nfs: { server: '10.0.0.5', exportPath: '/export/hubs' } });

describe('an existing (bare-metal) cluster', () => {
  test('passes the ClusterSpec rules: a named CNI, no node stack, its own networks, worker pools only', () => {
    expect(spec.kubernetes).toEqual({ distribution: 'existing', version: 'v1.35.4', cni: 'calico' });
    expect(spec.infrastructure).toBeUndefined();
    expect(validateClusterSpec(spec)).toEqual([]);
    expect(cniOf(spec)).toBe('calico');
  });

  test('has no control-plane or etcd pool to describe (those rules are for clusters hubfleet creates)', () => {
    expect(spec.nodePools.map((p) => p.roles)).toEqual([['worker']]);
    const k3s = { ...spec, kubernetes: { ...spec.kubernetes, version: 'v1.35.4+k3s1' }, nodePools: [{ ...spec.nodePools[0], roles: ['control-plane', 'worker'] as const }] };
    expect(validateClusterSpec(k3s)).toEqual([]);
  });

  test('synthesizes the platform (NFS, MetalLB, Traefik, cert-manager, sealed-secrets, Argo CD) and a hub, and no Terraform', () => {
    const out = synthApp(
      buildCluster(
        defineCluster(spec, (app) => {
          const platform = new Platform(app);
          new CourseJupyterHub(app, 'intro', { auth: HubAuth.moodle('https://moodle.example.edu', ['c']), image: 'quay.io/jupyter/scipy-notebook:2025-08-18', students: 50, home: { storageClass: platform.nfs.homes } });
        }),
      ),
    );
    const files = [...out.files.keys()];
    expect(files).toEqual(
      expect.arrayContaining([
        'k8s/argocd/application-root.yaml',
        'k8s/argocd/application-courses-intro.yaml',
        'k8s/platform/metallb/ipaddresspool-default.yaml',
        'k8s/platform/nfs/storageclass-nfs-homes.yaml',
        'k8s/courses/intro/deployment-hub.yaml',
      ]),
    );
    expect(files.filter((f) => f.startsWith('terraform/'))).toEqual([]);
    expect(out.files.get('k8s/platform/metallb/ipaddresspool-default.yaml')).toContain('- 10.0.0.240-10.0.0.250');
  });

  test('a hub reaches the API server through the service range the spec states; without NFS its homes use the declared block class', () => {
    const { spec: noNfs } = specFor({ cluster: 'metalc', provider: 'none', domain: 'hubs.example.edu', domainGiven: true });
    const out = synthApp(buildCluster(defineCluster(noNfs, (app) => void new CourseJupyterHub(app, 'intro', { auth: HubAuth.moodle('https://moodle.example.edu', ['c']), image: 'quay.io/jupyter/scipy-notebook:2025-08-18', students: 5 }))));
    expect(out.files.get('k8s/courses/intro/networkpolicy-hub.yaml')).toContain('cidr: 10.96.0.0/12');
    expect(out.files.get('k8s/courses/intro/configmap-hub-config.yaml')).toContain('c.KubeSpawner.storage_class = "block-retain"');
  });
});
