import { cidr, ipBlockAdmits } from './address-set';
import { cidrsOf, intervalOf, parseAnyCidr, subtract } from '../core/ip-ranges';
import { ClusterModel, key, ModelWorkload, workloadsWith } from './cluster-model';
import { Endpoint, FlowDecl } from './declarations';
import { FlowEnd, FlowPort, Verdict } from './netpol';
import { ModelFinding, ModelRule } from './rule-types';
import { selects, selectsMap } from './selectors';
import { monitoringOf } from '../fleet/existing-addons';

/**
 * Flow rules: the flows each construct declares are proved with hubfleet's NetworkPolicy evaluator
 * (lib/model/netpol.ts) on the policies of both ends — needed flows allowed, forbidden flows denied —
 * and two flows no construct has to declare: the ingress controller reaches the pods behind every
 * route, and cert-manager's HTTP-01 solver pods wherever an Ingress asks for a certificate.
 * Each row has a "fails …" test in test/model/flow-rules.test.ts.
 */

interface Source {
  readonly end: FlowEnd;
  readonly title: string;
  readonly workload?: ModelWorkload;
}

interface Target {
  readonly end: FlowEnd;
  readonly port: FlowPort;
  readonly protocol: string;
  readonly title: string;
}

/** Why the `monitoring` endpoint resolves to no pods. */
function noMonitoring(m: ClusterModel): string {
  const prom = monitoringOf(m.spec);
  return prom?.source === 'hubfleet'
    ? `the ClusterSpec's monitoring names hubfleet's monitoring add-on (namespace ${prom.namespace}), but no app stack of the cluster renders its Prometheus (the Platform's monitoring prop)`
    : 'the cluster has no Prometheus (ClusterSpec monitoring for hubfleet\'s add-on, or existingAddons.monitoring for one that runs already)';
}

function endpointTitle(e: Endpoint): string {
  switch (e.kind) {
    case 'pods':
      return `${e.name} (${e.namespace})`;
    case 'service':
      return `Service ${e.namespace}/${e.service}`;
    case 'ingress-controller':
      return 'the ingress controller';
    case 'dns':
      return 'the cluster DNS';
    case 'monitoring':
      return "the cluster's Prometheus";
    case 'address':
      return `${e.name} (${e.cidr}${e.except?.length ? ` except ${e.except.join(', ')}` : ''})`;
    case 'api-server':
      return 'the Kubernetes API';
    case 'other-namespaces':
      return e.except?.length ? `pods of other namespaces (but ${e.except.map((x) => `${JSON.stringify(x.labels)} in ${x.namespace}`).join(', ')})` : 'pods of other namespaces';
    case 'namespace-pods':
      return `other pods of ${e.namespace}`;
  }
}

function fromWorkload(w: ModelWorkload): Source {
  return { end: w.end, title: w.title, workload: w };
}

/** A CIDR less others, as the fewest CIDRs that cover the rest (the CIDR itself when nothing is cut out). */
export function addressPieces(range: string, except: readonly string[]): string[] {
  if (except.length === 0) return [range];
  const whole = parseAnyCidr(range.includes('/') ? range : `${range}/32`);
  if (!whole) return [range];
  const cuts = except.map(parseAnyCidr).filter((c) => c?.family === whole.family).map((c) => intervalOf(c!));
  return subtract([intervalOf(whole)], cuts).flatMap((i) => cidrsOf(i, whole.family));
}

/** The pods a source endpoint stands for. */
function resolveSources(m: ClusterModel, e: Endpoint): { sources: Source[]; problem?: string } {
  switch (e.kind) {
    case 'pods': {
      const ws = workloadsWith(m, e.namespace, e.labels);
      return ws.length ? { sources: ws.map(fromWorkload) } : { sources: [], problem: `no pod of the output has the labels ${JSON.stringify(e.labels)} in ${e.namespace}` };
    }
    case 'service': {
      const svc = m.services.get(key(e.namespace, e.service));
      if (!svc) return { sources: [], problem: `Service ${e.namespace}/${e.service} is not in the output` };
      return { sources: workloadsWith(m, e.namespace, svc.json.spec?.selector ?? {}).map(fromWorkload) };
    }
    case 'ingress-controller':
      return { sources: [fromWorkload(m.ingressController)] };
    case 'dns':
      return { sources: [fromWorkload(m.dns)] };
    case 'monitoring':
      return m.monitoring ? { sources: [fromWorkload(m.monitoring)] } : { sources: [], problem: noMonitoring(m) };
    case 'address':
      return { sources: [{ end: { kind: 'address', name: e.name, address: cidr(e.cidr) }, title: endpointTitle(e) }] };
    default:
      return { sources: [], problem: `${endpointTitle(e)} cannot start a flow` };
  }
}

/** Resolve a port name of the destination pod to its number. */
function podPort(w: ModelWorkload, port: number | string, protocol: string): number | undefined {
  if (typeof port === 'number') return port;
  if (w.end.kind !== 'pod') return undefined;
  return w.end.ports.find((p) => p.name === port && (p.protocol ?? 'TCP') === protocol)?.containerPort;
}

/** The connections a destination endpoint stands for. */
function resolveTargets(m: ClusterModel, e: Endpoint, port: number | string, protocol: string, from?: Source): { targets: Target[]; problem?: string } {
  const any = port === 'any';
  const onPods = (ws: ModelWorkload[], p: number | string, proto: string): { targets: Target[]; problem?: string } => {
    const targets: Target[] = [];
    for (const w of ws) {
      const n = any ? 'any' : podPort(w, p, proto);
      if (n === undefined) return { targets, problem: `${w.title} has no container port "${p}"` };
      targets.push({ end: w.end, port: n, protocol: proto, title: w.title });
    }
    return { targets };
  };
  switch (e.kind) {
    case 'pods': {
      const ws = workloadsWith(m, e.namespace, e.labels);
      if (!ws.length) return { targets: [], problem: `no pod of the output has the labels ${JSON.stringify(e.labels)} in ${e.namespace}` };
      return onPods(ws, port, protocol);
    }
    case 'service': {
      const svc = m.services.get(key(e.namespace, e.service));
      if (!svc) return { targets: [], problem: `Service ${e.namespace}/${e.service} is not in the output` };
      const ws = workloadsWith(m, e.namespace, svc.json.spec?.selector ?? {});
      if (!ws.length) return { targets: [], problem: `Service ${e.namespace}/${e.service} selects no pod` };
      if (any) return onPods(ws, port, protocol);
      const sp = (svc.json.spec?.ports ?? []).find((p: any) => p.name === port || p.port === port);
      if (!sp) return { targets: [], problem: `Service ${e.namespace}/${e.service} has no port ${JSON.stringify(port)}` };
      return onPods(ws, sp.targetPort ?? sp.port, sp.protocol ?? 'TCP');
    }
    case 'ingress-controller':
      return onPods([m.ingressController], port, protocol);
    case 'dns':
      return onPods([m.dns], port, protocol);
    case 'monitoring':
      return m.monitoring ? onPods([m.monitoring], port, protocol) : { targets: [], problem: noMonitoring(m) };
    case 'address':
      // A range less some CIDRs: every CIDR of the remainder is a target of its own.
      return { targets: addressPieces(e.cidr, e.except ?? []).map((piece) => ({ end: { kind: 'address', name: e.name, address: cidr(piece) }, port: any ? 'any' : Number(port), protocol, title: piece === e.cidr ? endpointTitle(e) : `${e.name} (${piece}, part of ${e.cidr} without ${(e.except ?? []).join(', ')})` })) };
    case 'api-server':
      // After the kubernetes Service's DNAT pods talk to the API servers on 6443; CNIs that check
      // before DNAT see the Service address on 443. Both must agree.
      return {
        targets: [
          { end: { kind: 'address', name: 'the API servers (node network)', address: m.nodeNetwork }, port: any ? 'any' : 6443, protocol: 'TCP', title: 'the Kubernetes API servers (node network, 6443)' },
          { end: { kind: 'address', name: 'the kubernetes Service (service network)', address: m.serviceNetwork }, port: any ? 'any' : 443, protocol: 'TCP', title: 'the kubernetes Service (service network, 443)' },
        ],
      };
    case 'namespace-pods': {
      const ws = m.workloadsIn(e.namespace).filter((w) => w.source !== 'addon' && !e.except.some((l) => selectsMap(l, w.labels)));
      return onPods(ws, port, protocol);
    }
    case 'other-namespaces':
      return { targets: [], problem: from ? undefined : 'other-namespaces needs a source' };
  }
}

function describeVerdict(v: Verdict, expect: 'allowed' | 'denied'): string {
  const parts: string[] = [];
  const side = (name: string, tri: string, policies: readonly string[]) => {
    if (expect === 'allowed' && tri !== 'yes') parts.push(tri === 'maybe' ? `the ${name} policies (${policies.join(', ')}) admit it only for some pod addresses (an ipBlock covers part of the pod network)` : `no ${name} rule of ${policies.join(', ')} admits it`);
    if (expect === 'denied' && tri !== 'no') parts.push(policies.length ? `${policies.join(', ')} ${tri === 'maybe' ? 'may admit it (depending on pod addresses)' : 'admit it'} for ${name}` : `no policy isolates that end for ${name}`);
  };
  side('egress', v.egress, v.egressPolicies);
  side('ingress', v.ingress, v.ingressPolicies);
  return parts.join('; ');
}

/**
 * Why the source's egress could reach a pod of another namespace (other than the cluster DNS),
 * including pods hubfleet does not know; empty when it cannot.
 */
export function egressLeaks(m: ClusterModel, src: ModelWorkload, port: FlowPort, protocol = 'TCP', except: ReadonlyArray<{ readonly namespace: string; readonly labels: Readonly<Record<string, string>>; readonly ports?: readonly number[] }> = []): string[] {
  if (!m.policiesEnforced) return [`the CNI ${m.cni ?? '(unknown)'} does not enforce NetworkPolicies`];
  const isolating = m.policies.isolating(src.end, 'Egress');
  if (!isolating.length) return ['no NetworkPolicy isolates it for egress'];
  const reasons: string[] = [];
  const candidates = (nsSel: any): string[] => {
    const byName = nsSel?.matchLabels?.['kubernetes.io/metadata.name'];
    if (byName !== undefined) return [byName];
    return [...m.namespaces.keys(), '(a namespace hubfleet does not know)'];
  };
  for (const p of isolating) {
    (p.spec.egress ?? []).forEach((r, i) => {
      const where = `egress rule ${i} of ${p.metadata.namespace}/${p.metadata.name}`;
      const portOk = !r.ports?.length || r.ports.some((rp) => (rp.protocol ?? 'TCP') === protocol && (port === 'any' || rp.port === undefined || typeof rp.port === 'string' || (rp.endPort !== undefined ? port >= rp.port && port <= rp.endPort : port === rp.port)));
      if (!portOk) return;
      if (!r.to || r.to.length === 0) {
        reasons.push(`${where} admits every destination`);
        return;
      }
      for (const peer of r.to as any[]) {
        if (peer.ipBlock) {
          if (ipBlockAdmits(peer.ipBlock, m.podNetwork) !== 'no' || ipBlockAdmits(peer.ipBlock, m.nodeNetwork) !== 'no') reasons.push(`${where} has ipBlock ${peer.ipBlock.cidr} that reaches the pod or node network`);
          continue;
        }
        if (!peer.namespaceSelector) continue; // podSelector alone: own namespace
        for (const ns of candidates(peer.namespaceSelector)) {
          if (ns === src.namespace) continue;
          const known = m.namespaces.get(ns);
          const labels = known?.labels ?? { 'kubernetes.io/metadata.name': ns };
          if (!selects(peer.namespaceSelector, labels)) continue;
          // The cluster DNS: a peer that names all of the DNS pods' labels in their namespace.
          const only = peer.podSelector?.matchLabels;
          if (ns === m.dns.namespace && only && Object.entries(m.dns.labels).every(([k, v]) => only[k] === v)) continue;
          // Pods the flow names as reachable on purpose: the peer names all of their labels in their
          // namespace, and the rule opens no port but theirs.
          const onTheirPorts = (ports?: readonly number[]) => ports === undefined || (!!r.ports?.length && r.ports.every((rp) => typeof rp.port === 'number' && rp.endPort === undefined && ports.includes(rp.port)));
          if (only && except.some((e) => e.namespace === ns && Object.entries(e.labels).every(([k, v]) => only[k] === v) && onTheirPorts(e.ports))) continue;
          if (known?.source === 'output' && peer.podSelector) {
            const hit = m.workloadsIn(ns).filter((w) => selects(peer.podSelector, w.labels));
            if (hit.length) reasons.push(`${where} admits ${hit.map((w) => w.title).join(', ')}`);
            continue;
          }
          reasons.push(`${where} admits ${peer.podSelector ? 'some' : 'every'} pod of namespace ${ns}`);
        }
      }
    });
  }
  return reasons;
}

/** Prove one declared flow; findings explain what is open or closed. */
export function proveFlow(m: ClusterModel, f: FlowDecl, path: string): ModelFinding[] {
  const protocol = f.protocol ?? 'TCP';
  // Built only when there is something to report (synth proves ~20 flows per hub).
  let fieldText: string | undefined;
  const fieldOf = () => (fieldText ??= `flow ${endpointTitle(f.from)} → ${endpointTitle(f.to)} port ${f.port} (${f.expect})`);
  const { sources, problem } = resolveSources(m, f.from);
  if (problem) return [{ path, field: fieldOf(), value: f.port, message: `the flow cannot be checked: ${problem}.`, fix: 'fix the labels or names the construct declares, or the objects it renders.' }];
  const out: ModelFinding[] = [];
  for (const s of sources) {
    if (f.to.kind === 'other-namespaces') {
      if (f.expect !== 'denied') {
        out.push({ path, field: fieldOf(), value: f.port, message: 'flows to other namespaces can only be declared denied.', fix: 'name the destination.' });
        continue;
      }
      if (!s.workload) continue;
      const leaks = egressLeaks(m, s.workload, f.port === 'any' ? 'any' : Number(f.port), protocol, f.to.except ?? []);
      if (leaks.length) out.push({ path, field: fieldOf(), value: f.port, message: `${s.title} must not reach ${endpointTitle(f.to)} (${f.why}), but ${leaks.join('; ')}.`, fix: 'restrict the egress rules named to the pods of the own namespace, the cluster DNS and addresses outside the pod and node networks.' });
      continue;
    }
    const { targets, problem: p2 } = resolveTargets(m, f.to, f.port, protocol, s);
    if (p2) {
      out.push({ path, field: fieldOf(), value: f.port, message: `the flow cannot be checked: ${p2}.`, fix: 'fix the names, labels or ports the construct declares, or the objects it renders.' });
      continue;
    }
    for (const t of targets) {
      const v = m.policies.evaluate(s.end, t.end, t.port, t.protocol);
      const ok = f.expect === 'allowed' ? v.allowed === 'yes' : v.allowed === 'no';
      if (ok) continue;
      const cni = !m.policiesEnforced ? ` (the CNI ${m.cni ?? '(unknown)'} does not enforce NetworkPolicies)` : '';
      out.push({
        path,
        field: fieldOf(),
        value: t.port,
        message:
          f.expect === 'allowed'
            ? `${s.title} → ${t.title} port ${t.port}/${t.protocol} is needed (${f.why}) but blocked: ${describeVerdict(v, 'allowed')}.`
            : `${s.title} → ${t.title} port ${t.port}/${t.protocol} must be closed (${f.why}) but is open: ${describeVerdict(v, 'denied')}${cni}.`,
        fix: f.expect === 'allowed' ? 'allow it in the egress policy of the source and the ingress policy of the destination (both are needed).' : 'narrow the policies named so that they no longer admit it.',
      });
    }
  }
  return out;
}

/** The flow rule table. */
export const FLOW_RULES: readonly ModelRule[] = [
  {
    id: 'flow-declared',
    guards: 'every flow a construct declares is proved on the NetworkPolicies of both ends: needed flows allowed, forbidden flows denied',
    check: (m) => m.declarations.flatMap(({ pkg, decl }) => decl.flows.flatMap((f) => proveFlow(m, f, pkg.node.path))),
  },
  {
    id: 'flow-route-backends',
    guards: 'the ingress controller reaches the pods behind every Ingress and HTTPRoute backend on their target port',
    check: (m) => {
      const out: ModelFinding[] = [];
      for (const r of m.routes) {
        for (const b of r.backends) {
          if (!m.services.has(key(r.namespace, b.service))) continue; // wiring-route-backend reports it
          const port = b.port ?? (m.services.get(key(r.namespace, b.service))!.json.spec?.ports?.[0]?.port as number);
          const f: FlowDecl = { from: { kind: 'ingress-controller' }, to: { kind: 'service', namespace: r.namespace, service: b.service }, port, expect: 'allowed', why: `${r.kind} ${r.namespace}/${r.name} routes to it` };
          out.push(...proveFlow(m, f, r.obj.path).filter((x) => !/cannot be checked/.test(x.message)));
        }
      }
      return out;
    },
  },
  {
    id: 'flow-acme-solver',
    guards: "in every namespace with an Ingress that gets its certificate over ACME HTTP-01, the ingress controller reaches cert-manager's solver pods on 8089",
    check: (m) => {
      const out: ModelFinding[] = [];
      const firstRoute = new Map<string, (typeof m.routes)[number]>();
      for (const r of m.routes) if (!firstRoute.has(r.namespace)) firstRoute.set(r.namespace, r);
      for (const solver of m.workloads.filter((w) => w.source === 'addon' && w.namespace !== m.ingressController.namespace && w.name.includes('HTTP-01'))) {
        const route = firstRoute.get(solver.namespace)!;
        const v = m.policies.evaluate(m.ingressController.end, solver.end, 8089);
        if (v.allowed !== 'yes') {
          out.push({ path: route.obj.path, field: `namespace ${solver.namespace}: ingress controller → acme.cert-manager.io/http01-solver pods :8089`, value: v.allowed, message: `cert-manager answers the HTTP-01 challenge for ${route.kind} ${route.namespace}/${route.name} from a solver pod in ${solver.namespace}, but ${describeVerdict(v, 'allowed')}: the certificate is never issued.`, fix: 'the namespace needs a NetworkPolicy that admits the ingress controller to pods labelled acme.cert-manager.io/http01-solver=true on 8089 (IsolatedNamespace adds it for namespaces with routes).' });
        }
      }
      return out;
    },
  },
];
