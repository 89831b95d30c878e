/**
 * The Kubernetes release table: well-formed, judged on its fixed date (deterministic), and able to
 * tell when a minor's end of life passes.
 */
import {
  installProblem,
  KUBERNETES_MINORS,
  KUBERNETES_SUPPORT_AS_OF,
  KUBESPRAY_RELEASE,
  kubernetesVersionProblem,
  kubesprayKubeVersion,
  parseKubernetesVersion,
  supportedMinors,
} from '../../lib/nodes/kubernetes-releases';
import { e2xKubernetes } from '../../clusters/e2x.nodes';
import { ethTeachingKubernetes } from '../../clusters/eth-teaching.nodes';

const ISO = /^\d{4}-\d{2}-\d{2}$/;

describe('KUBERNETES_MINORS', () => {
  test('rows are newest first, with dates that parse and end of life after release', () => {
    const minors = KUBERNETES_MINORS.map((r) => Number(r.minor.split('.')[1]));
    expect(minors).toEqual([...minors].sort((a, b) => b - a));
    for (const r of KUBERNETES_MINORS) {
      expect(r.released).toMatch(ISO);
      expect(r.endOfLife).toMatch(ISO);
      expect(r.endOfLife > r.released).toBe(true);
    }
    expect(KUBERNETES_SUPPORT_AS_OF).toMatch(ISO);
  });

  test('install data names real-looking releases of its own minor, oldest first, only for supported minors', () => {
    for (const r of KUBERNETES_MINORS) {
      for (const v of r.rke2) {
        const p = parseKubernetesVersion(v)!;
        expect(p.minor).toBe(r.minor);
        expect(p.build).toMatch(/^rke2r\d+$/);
      }
      const order = r.rke2.map((v) => {
        const p = parseKubernetesVersion(v)!;
        return p.patch * 100 + Number(p.build!.slice(5));
      });
      expect(order).toEqual([...order].sort((a, b) => a - b));
      for (const k of r.kubespray) {
        expect(k.release).toMatch(/^v2\.\d+\.\d+$/);
        expect(k.patches[0]).toBeLessThanOrEqual(k.patches[1]);
      }
      if (r.endOfLife <= KUBERNETES_SUPPORT_AS_OF) expect([r.rke2, r.kubespray]).toEqual([[], []]);
    }
  });

  test('on the table date 1.35 and 1.36 are supported; every supported minor has an RKE2 release', () => {
    expect(supportedMinors()).toEqual(['1.36', '1.35']);
    for (const m of supportedMinors()) expect(KUBERNETES_MINORS.find((r) => r.minor === m)!.rke2.length).toBeGreaterThan(0);
  });

  test('the tested Kubespray release installs at least one supported minor', () => {
    const rows = KUBERNETES_MINORS.filter((r) => supportedMinors().includes(r.minor) && r.kubespray.some((k) => k.release === KUBESPRAY_RELEASE));
    expect(rows.map((r) => r.minor)).toEqual(['1.35']);
  });
});

describe('kubernetesVersionProblem', () => {
  test('judges on the table date by default, whatever the clock says', () => {
    const realNow = Date.now;
    try {
      Date.now = () => Date.parse('2031-01-01T00:00:00Z');
      expect(kubernetesVersionProblem('v1.35.4')).toBeUndefined();
    } finally {
      Date.now = realNow;
    }
  });

  test('on a later date it catches the end of life the table records', () => {
    expect(kubernetesVersionProblem('v1.35.4', '2027-02-27')).toBeUndefined();
    expect(kubernetesVersionProblem('v1.35.4', '2027-02-28')).toMatch(/1\.35 reached its end of life on 2027-02-28/);
    expect(kubernetesVersionProblem('v1.35.4', new Date('2027-07-01T12:00:00Z'))).toMatch(/supported on 2027-07-01: none in hubfleet's release table \(as of 2026-12-01\), which needs an update\.$/);
  });
});

describe('the example clusters', () => {
  test('run supported versions their distributions install', () => {
    expect(kubernetesVersionProblem(ethTeachingKubernetes.version)).toBeUndefined();
    expect(installProblem('rke2', ethTeachingKubernetes.version)).toBeUndefined();
    expect(kubernetesVersionProblem(e2xKubernetes.version)).toBeUndefined();
    expect(installProblem('kubespray', e2xKubernetes.version)).toBeUndefined();
  });

  test("Kubespray's kube_version has no leading v (Kubespray >= 2.28 looks it up in its checksums)", () => {
    expect(kubesprayKubeVersion('v1.35.4')).toBe('1.35.4');
  });
});
