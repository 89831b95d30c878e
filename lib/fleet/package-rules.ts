/**
 * Rules about packages as a whole, checked at synth over every package of a cluster: a package id
 * names its output folder and its Argo CD Application, so it must be a DNS label; a course, exam,
 * grading hub or SEB Server never lives in a namespace of Kubernetes itself or of the platform.
 * (A hub in `kube-system` otherwise fails only later and indirectly: its flows to the cluster DNS
 * are blocked by the default-deny policy it would bring into kube-system.) Each row has a test in
 * test/fleet/package-rules.test.ts.
 */
import { Issue } from '../core/errors';
import { isDnsLabel } from '../core/names';
import { reservedNamespaceProblem } from '../core/value-rules';
import { ClusterSpec, ingressOf } from './cluster-spec';
import { Package } from './package';

/** Argo CD's namespace (lib/argocd/argocd.ts ARGOCD_NAMESPACE, a layer above; a test keeps the two equal). */
export const ARGOCD_NAMESPACE = 'argocd';

/** Groups whose packages are workloads of their own (courses, exams, SEB Server), not the platform. */
const TENANT_GROUPS = new Set(['courses', 'exams', 'seb']);

/** Namespaces of the platform: Argo CD's, the ingress controller's and every platform package's. */
export function platformNamespaces(packages: readonly Package[], spec: ClusterSpec): string[] {
  const own = packages.filter((p) => !TENANT_GROUPS.has(p.group)).map((p) => p.targetNamespace).filter((n): n is string => n !== undefined);
  return [...new Set([ARGOCD_NAMESPACE, ingressOf(spec).controllerNamespace, ...own])].sort();
}

/**
 * The package rules' findings: `package-id` (the id is not a DNS label; only when the package's own
 * rules said nothing about its id) and `namespace-reserved`.
 */
export function packageIssues(packages: readonly Package[], spec: ClusterSpec, reported: readonly Issue[] = []): Issue[] {
  const out: Issue[] = [];
  const platform = platformNamespaces(packages, spec);
  for (const p of packages) {
    const path = p.node.path;
    if (!isDnsLabel(p.packageName) && !reported.some((i) => i.path === path && i.field === 'id')) {
      out.push({
        path,
        field: 'id',
        value: p.packageName,
        message: 'a package id names its folder (k8s/<group>/<id>/) and its Argo CD Application, so it must be a DNS-1123 label.',
        fix: 'use lowercase letters, digits and "-" (at most 63), e.g. "intro-programming".',
        rule: 'package-id',
      });
    }
    if (!TENANT_GROUPS.has(p.group)) continue;
    const problem = reservedNamespaceProblem(p.targetNamespace, platform);
    if (problem) {
      out.push({
        path,
        field: 'namespace',
        value: p.targetNamespace,
        message: `${problem}: a course, exam or SEB Server there would share it with ${p.targetNamespace === 'default' || p.targetNamespace?.startsWith('kube-') ? "Kubernetes' own pods and their credentials" : 'the platform, whose pods and secrets it could reach'}, and its default-deny policies would cut the platform off.`,
        fix: `leave namespace out (the default is <kind>-<id>, e.g. course-${p.packageName}) or choose a namespace of its own; reserved: default, kube-*, ${platform.join(', ')}.`,
        rule: 'namespace-reserved',
      });
    }
  }
  return out;
}
