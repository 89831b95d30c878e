/**
 * Facts of what already runs on a cluster (ClusterSpec existingAddons), the distributions' own
 * network defaults in messages, and the version verdict of clusters hubfleet does not manage.
 */
import { isError } from '../../lib/core/errors';
import { ClusterSpec, ingressOf, validateClusterSpec } from '../../lib/fleet/cluster-spec';
import { EXISTING_ADDON_RULES, metallbPools, monitoringOf, rangeContains } from '../../lib/fleet/existing-addons';
import { DISTRIBUTION_NETWORK_DEFAULTS, installerOf } from '../../lib/fleet/kubernetes-distributions';
import { kubernetesVersionVerdict } from '../../lib/nodes/kubernetes-releases';
import { bareMetal } from './bare-metal';

const rulesOf = (s: ClusterSpec) => validateClusterSpec(s).map((i) => i.rule);
const withAddons = (existingAddons: Record<string, unknown>, more: Record<string, unknown> = {}) => bareMetal({ existingAddons, ...more });

describe('existingAddons', () => {
  test('the example facts pass every rule', () => {
    expect(validateClusterSpec(bareMetal())).toEqual([]);
  });

  test('an existing ingress controller supplies class, namespace, pod labels and exposure', () => {
    const s = withAddons({ ingressController: { controller: 'ingress-nginx', namespace: 'ingress-nginx', className: 'nginx', podLabels: { 'app.kubernetes.io/name': 'ingress-nginx' }, exposure: { type: 'load-balancer', provider: 'cloud' } } }, { ingress: { kind: 'ingress' } });
    expect(validateClusterSpec(s)).toEqual([]);
    expect(ingressOf(s)).toMatchObject({ controller: 'ingress-nginx', className: 'nginx', controllerNamespace: 'ingress-nginx', controllerPodLabels: { 'app.kubernetes.io/name': 'ingress-nginx' }, exposure: { type: 'load-balancer', provider: 'cloud' }, existing: true });
  });

  test('helpers: pools of both origins, range membership, the Prometheus fact', () => {
    expect(metallbPools(bareMetal()).map((p) => [p.name, p.existing])).toEqual([['campus', true]]);
    expect(rangeContains('10.10.0.200-10.10.0.220', '10.10.0.210')).toBe(true);
    expect(rangeContains('10.10.0.200-10.10.0.220', '10.10.0.221')).toBe(false);
    expect(rangeContains('10.10.0.192/27', '10.10.0.223')).toBe(true);
    expect(rangeContains('10.10.0.192/27', '10.10.0.224')).toBe(false);
    expect(monitoringOf(withAddons({ monitoring: { namespace: 'monitoring', prometheusPodLabels: { 'app.kubernetes.io/name': 'prometheus' } } }))).toEqual({ namespace: 'monitoring', prometheusPodLabels: { 'app.kubernetes.io/name': 'prometheus' }, source: 'existing', operatorCrds: false });
    expect(monitoringOf(withAddons({ monitoring: { namespace: 'obs', prometheusPodLabels: { app: 'prom' }, operatorCrds: true } }))).toMatchObject({ source: 'existing', operatorCrds: true });
    // hubfleet's own add-on (ClusterSpec monitoring): its namespace, its Prometheus pods' labels, prometheus-operator.
    expect(monitoringOf(bareMetal({ monitoring: { namespace: 'metrics' } }))).toEqual({ namespace: 'metrics', prometheusPodLabels: { 'app.kubernetes.io/name': 'prometheus' }, source: 'hubfleet', operatorCrds: true });
    expect(monitoringOf(bareMetal({ monitoring: {} }))?.namespace).toBe('monitoring');
    expect(monitoringOf(bareMetal())).toBeUndefined();
  });

  describe('fails', () => {
    const cases: Array<[string, ClusterSpec]> = [
      ['existing-metallb-pools', withAddons({ metallb: { pools: [] } })],
      ['existing-metallb-pools', withAddons({ metallb: { pools: [{ name: 'a', addresses: ['10.10.0.300-10.10.0.310'] }] } })],
      ['existing-metallb-twice', bareMetal({ loadBalancerRange: '10.10.0.230-10.10.0.240' })],
      ['existing-cert-manager-issuers', withAddons({ certManager: { issuers: [{ name: 'letsencrypt-prod', solver: 'tls-alpn01' }] } })],
      ['existing-cert-manager-issuer', withAddons({ certManager: { issuers: [{ name: 'campus-acme', solver: 'dns01' }] } })],
      ['existing-ingress-controller', withAddons({ ingressController: { controller: 'haproxy', namespace: 'ingress', className: 'haproxy', podLabels: { app: 'haproxy' } } }, { ingress: { kind: 'ingress' } })],
      ['existing-ingress-controller', withAddons({ ingressController: { controller: 'ingress-nginx', namespace: 'ingress-nginx', className: 'nginx', podLabels: {} } }, { ingress: { kind: 'ingress' } })],
      ['existing-ingress-duplicate', withAddons({ ingressController: { controller: 'ingress-nginx', namespace: 'ingress-nginx', className: 'nginx', podLabels: { app: 'nginx' } } }, { ingress: { kind: 'ingress', className: 'traefik' } })],
      ['existing-monitoring', withAddons({ monitoring: { namespace: 'Monitoring', prometheusPodLabels: { app: 'prometheus' } } })],
      ['existing-cert-manager-metrics', withAddons({ certManager: { issuers: [{ name: 'le', solver: 'http01' }], metrics: { servicePort: 'Tcp Prometheus', port: 70000 } } })],
    ];
    test.each(cases)('… %s', (rule, spec) => {
      expect(rulesOf(spec)).toContain(rule);
    });
    test('every row of EXISTING_ADDON_RULES has a case', () => {
      expect(new Set(cases.map(([r]) => r))).toEqual(new Set(EXISTING_ADDON_RULES.map((r) => r.id)));
    });
  });
});

describe('distributions and versions of clusters hubfleet does not manage', () => {
  test('the installer comes from installedWith, else the version suffix', () => {
    expect(installerOf({ distribution: 'existing', version: 'v1.35.4+k3s1' })).toBe('k3s');
    expect(installerOf({ distribution: 'existing', version: 'v1.35.4+rke2r1' })).toBe('rke2');
    expect(installerOf({ distribution: 'existing', version: 'v1.35.4' })).toBeUndefined();
    expect(installerOf({ distribution: 'existing', version: 'v1.35.4', installedWith: 'microk8s' })).toBe('microk8s');
    expect(installerOf({ distribution: 'kubespray', version: 'v1.35.4' })).toBe('kubespray');
  });

  test.each([
    ['k3s', { nodeCidr: '10.42.0.0/24', podCidr: '10.42.0.0/16', serviceCidr: '10.43.0.0/16' }, 'node network 10.42.0.0/24 overlaps the pod network 10.42.0.0/16', "k3s's defaults: pods 10.42.0.0/16, services 10.43.0.0/16"],
    ['kubespray', { nodeCidr: '10.233.0.0/24', podCidr: '10.233.64.0/18', serviceCidr: '10.233.0.0/18' }, 'node network 10.233.0.0/24 overlaps the service network 10.233.0.0/18', "Kubespray's defaults: pods 10.233.64.0/18, services 10.233.0.0/18"],
    ['microk8s', { nodeCidr: '10.1.0.0/24', podCidr: '10.1.0.0/16', serviceCidr: '10.152.183.0/24' }, 'node network 10.1.0.0/24 overlaps the pod network 10.1.0.0/16', "MicroK8s's defaults: pods 10.1.0.0/16, services 10.152.183.0/24"],
  ])('an overlap on a %s cluster names the pair and its defaults', (installedWith, networks, pair, defaults) => {
    const s = bareMetal({ kubernetes: { distribution: 'existing', version: 'v1.35.4', cni: 'calico', installedWith }, networks });
    const o = validateClusterSpec(s).find((i) => i.rule === 'cluster-cidrs-disjoint')!;
    expect(o.message).toContain(pair);
    expect(o.message).toContain(defaults);
  });

  test('every pair is named when all three overlap; a cluster hubfleet creates keeps the error', () => {
    const s = bareMetal({ networks: { nodeCidr: '10.0.0.0/8', podCidr: '10.244.0.0/16', serviceCidr: '10.96.0.0/12' } });
    const o = validateClusterSpec(s).find((i) => i.rule === 'cluster-cidrs-disjoint')!;
    expect(o.message).toContain('the node network 10.0.0.0/8 overlaps the pod network 10.244.0.0/16; the node network 10.0.0.0/8 overlaps the service network 10.96.0.0/12');
    const rke2 = { ...s, kubernetes: { distribution: 'rke2', version: 'v1.35.7+rke2r1' }, nodePools: [...s.nodePools, { name: 'etcd', roles: ['etcd'], count: 3, vcpus: 2, memoryGiB: 8, diskGiB: 50 }] } as unknown as ClusterSpec;
    const e = validateClusterSpec(rke2).find((i) => i.rule === 'cluster-cidrs-disjoint')!;
    expect(isError(e)).toBe(true);
    expect(e.fix).toContain("RKE2's defaults: pods 10.42.0.0/16, services 10.43.0.0/16");
    expect(DISTRIBUTION_NETWORK_DEFAULTS.kubeadm.serviceCidr).toBe('10.96.0.0/12');
  });

  test('versions: end of life, older and newer than the table are warnings on existing clusters; a non-version stays an error', () => {
    expect(kubernetesVersionVerdict('v1.33.5')).toEqual({ kind: 'end-of-life', minor: '1.33', endOfLife: '2026-06-28' });
    expect(kubernetesVersionVerdict('v1.35.4')).toEqual({ kind: 'supported', minor: '1.35', endOfLife: '2027-02-28' });
    const v = (version: string) => validateClusterSpec(bareMetal({ kubernetes: { distribution: 'existing', version, cni: 'calico', installedWith: 'kubeadm' } })).filter((i) => i.rule === 'cluster-k8s-version');
    expect(v('v1.28.2').map(isError)).toEqual([false]);
    expect(v('v1.28.2')[0].message).toMatch(/long past its end of life/);
    expect(v('v1.40.0').map(isError)).toEqual([false]);
    expect(v('1.35').map(isError)).toEqual([true]);
  });
});
