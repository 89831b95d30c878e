import { e2xCluster } from '../../apps/e2x';
import { ethTeachingCluster } from '../../apps/eth-teaching';
import { IngressExposure } from '../../lib/fleet/cluster-spec';
import { buildCluster } from '../../lib/fleet/define';
import { chartValuesData, checkChartValues } from '../../lib/argocd/chart-values';
import { IngressController } from '../../lib/platform/ingress-controller';
import { CHARTS } from '../../lib/platform/versions';
import { MetalLb } from '../../lib/platform/metallb';
import { find, issuesOf, objectsOf, testApp } from './test-cluster';

const traefikValues = (objs: any[]) => find(objs, 'Application', 'traefik').spec.source.helm.valuesObject;
const withExposure = (exposure: IngressExposure, more: Record<string, unknown> = {}) => testApp({ ingress: { kind: 'ingress', className: 'traefik', controllerNamespace: 'traefik', exposure }, ...more });

/** What the values check says about Traefik's values (keys and types of traefik-helm-chart v37.3.0). */
const traefikProblems = (values: Record<string, unknown>) => checkChartValues(values, chartValuesData(CHARTS.traefik.chart, CHARTS.traefik.version)!);

describe('IngressController exposure', () => {
  test('MetalLB: a LoadBalancer Service with externalTrafficPolicy Local, so client addresses reach Traefik', () => {
    const app = testApp();
    new MetalLb(app);
    new IngressController(app);
    const v = traefikValues(objectsOf(app));
    expect(issuesOf(app)).toEqual([]);
    expect(v.service).toEqual({ type: 'LoadBalancer', spec: { externalTrafficPolicy: 'Local' } });
    expect(v.ports).toBeUndefined();
  });

  test('a declared cloud load balancer needs no MetalLB', () => {
    const app = withExposure({ type: 'load-balancer', provider: 'cloud' }, { loadBalancerRange: undefined });
    new IngressController(app);
    expect(issuesOf(app)).toEqual([]);
    expect(traefikValues(objectsOf(app)).service.type).toBe('LoadBalancer');
  });

  test('NodePorts behind an external load balancer: fixed ports, PROXY protocol and X-Forwarded-For trusted only from it', () => {
    const app = withExposure({ type: 'node-port', httpNodePort: 30080, httpsNodePort: 30443, trustedProxyCidrs: ['10.20.0.4/32'] }, { loadBalancerRange: undefined });
    new IngressController(app);
    const v = traefikValues(objectsOf(app));
    expect(issuesOf(app)).toEqual([]);
    expect(v.service).toEqual({ type: 'NodePort', spec: { externalTrafficPolicy: 'Local' } });
    const trust = { proxyProtocol: { trustedIPs: ['10.20.0.4/32'] }, forwardedHeaders: { trustedIPs: ['10.20.0.4/32'] } };
    expect(v.ports).toEqual({ web: { nodePort: 30080, ...trust }, websecure: { nodePort: 30443, ...trust } });
  });

  test('NodePorts default to 30080/30443 and trust the node network when no proxy is named', () => {
    const app = withExposure({ type: 'node-port' });
    new IngressController(app);
    const v = traefikValues(objectsOf(app));
    expect(v.ports.web.nodePort).toBe(30080);
    expect(v.ports.websecure.nodePort).toBe(30443);
    expect(v.ports.web.proxyProtocol.trustedIPs).toEqual(['10.20.0.0/22']);
  });

  test('every value hubfleet sets is a key of traefik-helm-chart v37.3.0 and fits its values.schema.json', () => {
    for (const exposure of [{ type: 'load-balancer', provider: 'cloud' }, { type: 'node-port' }] as IngressExposure[]) {
      const app = withExposure(exposure);
      new IngressController(app, 'ingress', { defaultClass: true });
      expect(traefikProblems(traefikValues(objectsOf(app)))).toEqual([]);
    }
    const gw = testApp({ ingress: { kind: 'gateway', className: 'traefik', controllerNamespace: 'traefik', gateway: { namespace: 'gateways', name: 'public' } } });
    new MetalLb(gw);
    new IngressController(gw);
    expect(traefikProblems(traefikValues(objectsOf(gw)))).toEqual([]);
    // The check is not blind: a key Traefik's chart lacks fails.
    expect(traefikProblems({ ...traefikValues(objectsOf(gw)), servcie: {} }).map((p) => p.path)).toEqual(['servcie']);
  });

  test('e2x (no load balancer in its cloud) uses NodePorts behind its load-balancer instance; eth-teaching a MetalLB LoadBalancer', () => {
    const e2x = objectsOf(buildCluster(e2xCluster));
    expect(traefikValues(e2x).service.type).toBe('NodePort');
    expect(traefikValues(e2x).ports.websecure).toMatchObject({ nodePort: 30443, proxyProtocol: { trustedIPs: ['10.30.0.4/32'] } });
    expect(e2x.some((o) => o.kind === 'IPAddressPool')).toBe(false);
    const eth = objectsOf(buildCluster(ethTeachingCluster));
    expect(traefikValues(eth).service).toEqual({ type: 'LoadBalancer', spec: { externalTrafficPolicy: 'Local' } });
  });

  describe('fails', () => {
    const rules = (app: ReturnType<typeof testApp>) => issuesOf(app).map((i) => i.rule);
    test('… on a LoadBalancer Service on a cluster with no load balancer (no MetalLB range, no cloud LB)', () => {
      const app = withExposure({ type: 'load-balancer' }, { loadBalancerRange: undefined });
      new IngressController(app);
      expect(rules(app)).toEqual(['ingress-exposure-load-balancer']);
    });
    test('… on MetalLB left out of the app although the LoadBalancer relies on it', () => {
      const app = testApp();
      new IngressController(app);
      expect(rules(app)).toEqual(['ingress-exposure-load-balancer']);
      expect(issuesOf(app)[0].message).toMatch(/no MetalLB add-on/);
    });
    test('… on NodePorts outside 30000-32767 or equal', () => {
      for (const [h, s] of [[80, 443], [30080, 30080], [29999, 30443], [30080, 32768]]) {
        const app = withExposure({ type: 'node-port', httpNodePort: h, httpsNodePort: s });
        new IngressController(app);
        expect(rules(app)).toEqual(['ingress-exposure-node-ports']);
      }
    });
    test('… on trusting every address, or on a proxy address that is not a CIDR', () => {
      for (const cidrs of [['0.0.0.0/0'], ['10.30.0.4'], ['lb.example.org']]) {
        const app = withExposure({ type: 'node-port', trustedProxyCidrs: cidrs });
        new IngressController(app);
        expect(rules(app)).toEqual(['ingress-exposure-trusted-proxies']);
      }
    });
  });
});
