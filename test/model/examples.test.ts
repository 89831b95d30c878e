import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { exampleClusters } from '../examples';
import { buildCluster } from '../../lib/fleet/define';
import { synthApp } from '../../lib/fleet/synth';
import { unseal } from '../../lib/secrets/seal';

/** Both example clusters synthesize with zero wiring errors, and every example SealedSecret opens for exactly its namespace and name. */

const outputs = exampleClusters().map((def) => synthApp(buildCluster(def)));

describe.each(outputs.map((o) => [o.cluster, o] as const))('example cluster %s', (name, out) => {
  test('synthesizes with no wiring errors and writes inventory.json', () => {
    expect(out.files.has('inventory.json')).toBe(true);
    const inv = JSON.parse(out.files.get('inventory.json')!);
    expect(inv.cluster).toBe(name);
    expect(inv.hubs.length).toBeGreaterThan(0);
    expect(inv.hubs.every((h: any) => h.url.startsWith('https://') && h.namespace && h.students > 0)).toBe(true);
  });

  test('its only warnings are ones we chose to keep (none hide an error)', () => {
    expect(out.warnings.every((w) => w.severity === 'warning')).toBe(true);
  });

  test('every SealedSecret decrypts with the example key for exactly its namespace and name, and for no other', () => {
    const key = crypto.createPrivateKey(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'sealed-secrets', `${name}-example-key.pem`), 'utf8'));
    const sealed = [...out.files.entries()].filter(([f]) => f.includes('/sealedsecret-')).map(([, text]) => text);
    // campus-metal logs in through Canvas (LTI 1.3 needs no shared secret) and seals nothing.
    expect(sealed.length > 0 || name === 'campus-metal').toBe(true);
    for (const text of sealed) {
      const ns = /\n {2}namespace: (\S+)/.exec(text)![1];
      const nm = /\n {2}name: (\S+)/.exec(text)![1];
      const values = [...text.matchAll(/^ {4}[a-z0-9-]+: (Ag[A-Za-z0-9+/=]+)$/gm)].map((m) => m[1]);
      expect(values.length).toBeGreaterThan(0);
      for (const v of values) {
        expect(unseal(key, v, 'strict', ns, nm).length).toBeGreaterThan(0);
        expect(() => unseal(key, v, 'strict', `${ns}-other`, nm)).toThrow(/Cannot unseal/);
      }
    }
  });
});

test('campus-metal synthesizes with only the warnings a cluster as it is should have: its Kubernetes past end of life, its node network overlapping kubeadm\'s service range', () => {
  const out = outputs.find((o) => o.cluster === 'campus-metal')!;
  expect(out.warnings.map((w) => w.rule).sort()).toEqual(['cluster-cidrs-disjoint', 'cluster-k8s-version']);
  const inv = JSON.parse(out.files.get('inventory.json')!);
  expect(inv.existingAddons.metallb.pools[0].name).toBe('campus-public');
  expect(inv.ingress).toMatchObject({ address: '10.0.5.10', acmeChallenge: 'http01', upstreamProxy: { mustForward: { to: '10.0.5.10', tcpPorts: [80, 443] } } });
  expect(inv.prerequisites.addons.map((a: any) => a.name)).toEqual(expect.arrayContaining(['cert-manager', 'MetalLB']));
  expect(inv.pinnedPods.map((p: any) => p.pod)).toEqual(expect.arrayContaining(['Deployment course-jupyter/hub']));
  expect(inv.hubs.map((h: any) => h.url)).toEqual(['https://jupyter.campus.example.edu/', 'https://stats101.campus.example.edu/']);
});

test('eth-teaching lists its 20 course hubs, the GPU pool with its GPUs, and the prerequisites it expects', () => {
  const inv = JSON.parse(outputs.find((o) => o.cluster === 'eth-teaching')!.files.get('inventory.json')!);
  expect(inv.hubs.filter((h: any) => h.kind === 'course')).toHaveLength(20);
  expect(inv.nodePools.find((p: any) => p.name === 'gpu')).toMatchObject({ count: 2, gpus: 2, gpuResource: 'nvidia.com/gpu', labels: { 'hubfleet.io/gpu': 'true' } });
  expect(inv.prerequisites.addons.map((a: any) => a.name)).toEqual(expect.arrayContaining(['NVIDIA device plugin', 'CSI driver csi.vsphere.vmware.com']));
  const intro = inv.hubs.find((h: any) => h.name === 'intro-programming');
  expect(intro).toMatchObject({ login: 'lti13', students: 400, concurrency: 70, nbgrader: true, lti: { version: '1.3', initiateLoginUrl: 'https://intro-programming.teaching.example-university.ch/hub/lti13/oauth_login' } });
});

test('the inventory is byte-identical from run to run', () => {
  const again = exampleClusters().map((def) => synthApp(buildCluster(def)).files.get('inventory.json'));
  expect(again).toEqual(outputs.map((o) => o.files.get('inventory.json')));
});
