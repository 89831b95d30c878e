import { Platform } from '../../lib/platform/platform';
import { ethTeachingPlatform } from '../../apps/eth-teaching.platform';
import { ldapSearchSecret } from '../../apps/eth-teaching.secrets';
import { ethTeaching } from '../../clusters/eth-teaching';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { IsolatedNamespace } from '../../lib/fleet/isolated-namespace';
import { Package } from '../../lib/fleet/package';
import { byFolder, issuesOf, objectsOf, testApp } from './test-cluster';

describe('Platform', () => {
  test('one line adds every add-on, NFS and the ArgoCD tree, each in its own folder', () => {
    const app = testApp();
    const platform = new Platform(app);
    expect(issuesOf(app)).toEqual([]);
    expect(Object.keys(byFolder(app)).sort()).toEqual(['argocd', 'platform/cert-manager', 'platform/ingress', 'platform/metallb', 'platform/nfs', 'platform/priority-classes', 'platform/sealed-secrets']);
    expect(platform.nfs.homes).toEqual({ storageClassName: 'nfs-homes', readWriteMany: true });
    expect(objectsOf(app).filter((o) => o.kind === 'Secret')).toEqual([]);
  });

  test('leaves out NFS and MetalLB when the ClusterSpec has none, and says so when asked for NFS', () => {
    const app = testApp({ nfs: undefined, loadBalancerRange: undefined });
    const platform = new Platform(app);
    expect(platform.hasNfs).toBe(false);
    expect(platform.metallb).toBeUndefined();
    expect(() => platform.nfs).toThrow(/no NFS provisioner/);
    // Without MetalLB the Traefik LoadBalancer would stay pending: say where traffic comes from.
    expect(issuesOf(app).map((i) => i.rule)).toEqual(['ingress-exposure-load-balancer']);
    const cloud = testApp({ nfs: undefined, loadBalancerRange: undefined, ingress: { controllerNamespace: 'traefik', exposure: { type: 'load-balancer', provider: 'cloud' } } });
    new Platform(cloud);
    expect(issuesOf(cloud)).toEqual([]);
  });

  test('add-ons can be switched off', () => {
    const app = testApp();
    new Platform(app, 'platform', { ingress: false, certManager: false, gitOps: false });
    expect(Object.keys(byFolder(app)).sort()).toEqual(['platform/metallb', 'platform/nfs', 'platform/priority-classes', 'platform/sealed-secrets']);
  });

  test('eth-teaching example: platform and the sealed LDAP search password', () => {
    const app = new ClusterApp(ethTeaching);
    const platform = ethTeachingPlatform(app);
    const hub = new Package(app, 'research-methods', { group: 'courses', namespace: 'course-research-methods' });
    new IsolatedNamespace(hub, 'namespace', { name: 'course-research-methods' });
    const secret = ldapSearchSecret(hub);
    expect(secret.key('password')).toEqual({ secretName: 'ldap-search', key: 'password' });
    expect(platform.nfs.homes.storageClassName).toBe('nfs-homes');
    expect(issuesOf(app)).toEqual([]);
    const folders = byFolder(app);
    expect(folders['platform/metallb'].find((o) => o.kind === 'IPAddressPool').spec.addresses).toEqual(['10.20.3.200-10.20.3.220']);
    expect(folders['courses/research-methods'].find((o) => o.kind === 'SealedSecret').metadata).toEqual({ name: 'ldap-search', namespace: 'course-research-methods' });
  });
});
