/**
 * `hubfleet init <cluster>`: a new cluster in the project, ready to synthesize.
 *
 * Writes `clusters/<cluster>.ts` (the ClusterSpec) and `apps/<cluster>.ts` (the platform add-ons and
 * one course hub), and registers both in `clusters/index.ts` and `apps/index.ts`. Every file is
 * computed first and checked (the name is free, the index files have the shape init edits, the spec
 * passes the ClusterSpec rules); only then is anything written, and an existing file is never
 * overwritten. Values init cannot know (node sizes, networks, the LMS) are marked `CHANGE` in the
 * files it writes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Issue } from '../core/errors';
import { isDnsLabel, isDomain, parseIpv4 } from '../core/names';
import type { ClusterSpec } from '../fleet/cluster-spec';
import { validateClusterSpec } from '../fleet/cluster-spec';
import { validateInfrastructure } from '../nodes/infrastructure';
import { KUBERNETES_MINORS, KUBESPRAY_RELEASE, supportedMinors } from '../nodes/kubernetes-releases';

/** Where the nodes come from. */
export type InitProvider = 'vsphere' | 'openstack' | 'none';

/** What `hubfleet init` was asked for. */
export interface InitOptions {
  /** Cluster name, a DNS label. */
  readonly cluster: string;
  /** Base domain of the hubs. @default `<cluster>.example.org` (marked CHANGE) */
  readonly domain?: string;
  /** NFS server and export for homes, `SERVER:/PATH`. @default undefined (homes on the default StorageClass) */
  readonly nfs?: string;
  /** @default 'none' (a cluster hubfleet does not create) */
  readonly provider?: InitProvider;
}

/** The files init writes or edits: project-relative path → new content. */
export interface InitPlan {
  readonly create: ReadonlyMap<string, string>;
  readonly edit: ReadonlyMap<string, string>;
}

const RESERVED = new Set(
  'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected public await'.split(' '),
);

/** `my-cluster` → `myCluster` (a TypeScript identifier; `Spec` appended to reserved words and leading digits). */
export function identifierOf(cluster: string): string {
  const camel = cluster.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return RESERVED.has(camel) || /^\d/.test(camel) ? `${/^\d/.test(camel) ? 'c' : ''}${camel}Spec` : camel;
}

const q = (s: string) => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function issue(field: string, value: unknown, message: string, fix: string, rule: string): Issue {
  return { path: 'hubfleet init', field, value, message, fix, rule };
}

/** Parse `SERVER:/PATH`. */
export function parseNfs(s: string): { server: string; exportPath: string } | undefined {
  const i = s.indexOf(':/');
  if (i <= 0) return undefined;
  const server = s.slice(0, i);
  const exportPath = s.slice(i + 1);
  if (!(parseIpv4(server) !== undefined || isDomain(server) || isDnsLabel(server)) || !/^\/\S*$/.test(exportPath)) return undefined;
  return { server, exportPath };
}

/** Notes attached to the generated spec: a comment after a value, or a comment line before a key. */
interface Notes {
  readonly after: Record<string, string>;
  readonly before: Record<string, string>;
}

/**
 * The versions init writes, from hubfleet's release table: the newest RKE2 release it knows, the
 * newest patch the tested Kubespray release installs, and that same release for an existing cluster.
 */
export function initVersions(): { rke2: string; kubespray: string; existing: string } {
  const supported = new Set(supportedMinors());
  const rows = KUBERNETES_MINORS.filter((r) => supported.has(r.minor));
  const rke2 = rows.find((r) => r.rke2.length > 0);
  const ks = rows.map((r) => ({ r, k: r.kubespray.find((x) => x.release === KUBESPRAY_RELEASE) })).find((x) => x.k);
  const kubespray = ks ? `v${ks.r.minor}.${ks.k!.patches[1]}` : `v${rows[0]?.minor ?? '1.35'}.0`;
  return { rke2: rke2 ? rke2.rke2[rke2.rke2.length - 1] : `${kubespray}+rke2r1`, kubespray, existing: kubespray };
}

/** What to change in the node stack's settings, per provider (written after each value). */
const INFRA_NOTES: Record<'vsphere' | 'openstack', Record<string, string>> = {
  vsphere: { vcenter: 'vCenter host name', datacenter: 'datacenter', computeCluster: 'DRS cluster (at least 3 ESXi hosts for the 3 servers)', datastore: 'datastore', network: 'port group of the node subnet', template: 'VM template with cloud-init (VMware datasource)', addressing: 'fixed node addresses, gateway and DNS of the node subnet' },
  openstack: { authUrl: 'Keystone URL', image: 'Glance image', network: 'Neutron network', subnet: 'its subnet', flavors: 'a flavor per pool', keyPair: 'Nova keypair (Kubespray logs in over SSH)', addressing: "fixed node addresses (Kubespray's inventory needs them)" },
};

/** The ClusterSpec init writes, and the notes to print with it. */
export function specFor(o: { cluster: string; provider: InitProvider; domain: string; domainGiven: boolean; nfs?: { server: string; exportPath: string } }): { spec: ClusterSpec; notes: Notes } {
  const d = o.domain;
  const versions = initVersions();
  const after: Record<string, string> = {
    'nodePools[worker]': 'count and size of the worker nodes',
    tls: "the platform team's address (Let's Encrypt account)",
    gitops: 'the repo Argo CD syncs dist/ from',
  };
  const before: Record<string, string> = {};
  if (!o.domainGiven) after.domain = 'the zone hubs are served under (<course>.<domain>)';
  const worker = { name: 'worker', roles: ['worker' as const], count: 3, vcpus: 16, memoryGiB: 64, diskGiB: 200, labels: { 'hub.jupyter.org/node-purpose': 'user' } };
  // Servers (etcd + control plane) for the clusters hubfleet creates; RKE2 taints them with value "true".
  const taint = { key: 'node-role.kubernetes.io/control-plane', ...(o.provider === 'vsphere' ? { value: 'true' } : {}), effect: 'NoSchedule' as const };
  const servers = { name: 'server', roles: ['etcd' as const, 'control-plane' as const], count: 3, vcpus: 4, memoryGiB: 16, diskGiB: 80, taints: [taint] };
  const fixed = { server: '10.0.0.11', worker: '10.0.0.21' };
  const rest = {
    ...(o.nfs ? { nfs: o.nfs } : {}),
    ...(o.provider === 'openstack' ? {} : { loadBalancerRange: '10.0.0.240-10.0.0.250' }),
    ingress: { kind: 'ingress' as const, className: 'traefik', controllerNamespace: 'traefik' },
    tls: { acmeEmail: `platform-team@${d}` },
    gitops: { repoUrl: `https://git.${d}/platform/gitops.git`, revision: 'main', pathPrefix: 'dist' },
  };
  if (o.provider !== 'openstack') after.loadBalancerRange = 'free addresses of the node subnet that MetalLB hands out (the ingress controller takes one)';
  else before.ingress = 'No loadBalancerRange: the cloud provides LoadBalancer Services (or set ingress.exposure to node-port).';
  let spec: ClusterSpec;
  if (o.provider === 'none') {
    spec = {
      name: o.cluster,
      domain: d,
      kubernetes: { distribution: 'existing', version: versions.existing, cni: 'calico' },
      nodePools: [worker],
      networks: { nodeCidr: '10.0.0.0/24', podCidr: '192.168.0.0/16', serviceCidr: '10.96.0.0/12' },
      // Claims must name a class the cluster has: hub databases (and homes without NFS) use this one.
      existingStorageClasses: [{ name: 'block-retain', provisioner: 'rbd.csi.ceph.com', reclaimPolicy: 'Retain', usedFor: o.nfs ? ['database'] : ['database', 'homes'] }],
      ...rest,
    };
    Object.assign(after, {
      'kubernetes.version': '`kubectl version` → Server Version (e.g. v1.35.4, v1.35.7+rke2r1, v1.35.4+k3s1)',
      'kubernetes.cni': 'the CNI the cluster runs; it must enforce NetworkPolicies (not flannel alone)',
      'networks.nodeCidr': 'the subnet of the nodes (notebooks can never reach it)',
      'networks.podCidr': "the pod range (Calico's default pool shown)",
      'networks.serviceCidr': "the service range (kubeadm's default shown)",
      existingStorageClasses: `the cluster's block StorageClass (Ceph RBD, Longhorn, a CSI driver's: \`kubectl get storageclass\`) for hub databases${o.nfs ? '' : ' and homes'}; data wants reclaimPolicy Retain`,
    });
    before.existingStorageClasses = 'StorageClasses the cluster already has, and what hubfleet uses them for.';
    before.nodePools = 'The nodes user pods run on, as facts for capacity and scheduling (hubfleet does not create them).';
  } else {
    const vsphere = o.provider === 'vsphere';
    spec = {
      name: o.cluster,
      domain: d,
      kubernetes: vsphere ? { distribution: 'rke2', version: versions.rke2 } : { distribution: 'kubespray', version: versions.kubespray },
      nodePools: [servers, worker],
      networks: { nodeCidr: '10.0.0.0/24', podCidr: '10.42.0.0/16', serviceCidr: '10.43.0.0/16' },
      infrastructure: vsphere
        ? { provider: 'vsphere', vcenter: `vcenter.${d}`, datacenter: 'DC1', computeCluster: 'cluster1', datastore: 'datastore1', network: 'vm-network', template: 'ubuntu-2404-cloudinit', addressing: { firstAddress: fixed, gateway: '10.0.0.1', dnsServers: ['10.0.0.2'] } }
        : { provider: 'openstack', authUrl: `https://keystone.${d}:5000/v3`, image: 'ubuntu-24.04-server-cloudimg-amd64', network: `${o.cluster}-nodes`, subnet: `${o.cluster}-nodes-v4`, flavors: { server: 'm1.large', worker: 'm1.xlarge' }, keyPair: `${o.cluster}-deploy`, addressing: { firstAddress: fixed } },
      ...rest,
    };
    after['kubernetes.version'] = vsphere ? 'the RKE2 release to install' : 'the Kubernetes release Kubespray installs';
    after['networks.nodeCidr'] = vsphere ? "the port group's subnet" : 'the Neutron subnet';
    for (const [k, v] of Object.entries(INFRA_NOTES[o.provider])) after[`infrastructure.${k}`] = v;
  }
  return { spec, notes: { after, before } };
}

/** Objects written one key per line (the rest stay on one line). */
const EXPANDED = new Set(['', 'kubernetes', 'networks', 'infrastructure']);

const key = (k: string) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : q(k));

/** A value as a TypeScript literal. */
function literal(v: unknown, at: string, indent: string, notes: Notes): string {
  if (typeof v === 'string') return q(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (at === 'nodePools') {
      const inner = `${indent}  `;
      const rows = v.map((p: { name: string }) => {
        const note = notes.after[`nodePools[${p.name}]`];
        return `${inner}${literal(p, `${at}[]`, inner, notes)},${note ? ` // CHANGE: ${note}` : ''}`;
      });
      return `[\n${rows.join('\n')}\n${indent}]`;
    }
    return `[${v.map((x) => literal(x, `${at}[]`, indent, notes)).join(', ')}]`;
  }
  const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
  if (!EXPANDED.has(at)) return `{ ${entries.map(([k, x]) => `${key(k)}: ${literal(x, at ? `${at}.${k}` : k, indent, notes)}`).join(', ')} }`;
  const inner = at === '' ? '  ' : `${indent}  `;
  const lines: string[] = [];
  for (const [k, x] of entries) {
    const p = at ? `${at}.${k}` : k;
    if (notes.before[p]) lines.push(`${inner}// ${notes.before[p]}`);
    const note = notes.after[p];
    lines.push(`${inner}${key(k)}: ${literal(x, p, inner, notes)},${note ? ` // CHANGE: ${note}` : ''}`);
  }
  return `{\n${lines.join('\n')}\n${at === '' ? '' : indent}}`;
}

/**
 * Where the generated files import hubfleet from: the package (`hubfleet`) in a project of one's
 * own, relative paths to lib/ in hubfleet's repository (whose examples import the library that way).
 */
export type LibraryImports = 'package' | 'repository';

/** The import style of the project at `root`: `repository` when it holds hubfleet's own sources. */
export function libraryImportsOf(root: string): LibraryImports {
  return fs.existsSync(path.join(root, 'lib', 'fleet', 'define.ts')) ? 'repository' : 'package';
}

/** Import lines for names from hubfleet's modules (`lib/<module>`), in the project's style. */
function importLines(names: ReadonlyArray<readonly [string, string]>, style: LibraryImports, typeOnly: readonly string[] = []): string[] {
  if (style === 'package') {
    const sorted = names.map(([n]) => n).sort((a, b) => a.localeCompare(b));
    const types = sorted.filter((n) => typeOnly.includes(n));
    const values = sorted.filter((n) => !typeOnly.includes(n));
    return [...(types.length ? [`import type { ${types.join(', ')} } from 'hubfleet';`] : []), ...(values.length ? [`import { ${values.join(', ')} } from 'hubfleet';`] : [])];
  }
  return names.map(([n, mod]) => `import ${typeOnly.includes(n) ? 'type ' : ''}{ ${n} } from '../lib/${mod}';`);
}

/** The ClusterSpec file. */
function clusterFile(o: { cluster: string; provider: InitProvider; style: LibraryImports }, spec: ClusterSpec, notes: Notes): string {
  const header =
    o.provider === 'none'
      ? [
          `${o.cluster}: a cluster hubfleet does not create (bare metal, or RKE2/kubeadm/k3s installed by`,
          'hand). Its nodes, CNI and networks are facts: capacity and scheduling rules read them, and there',
          'is no node stack. Written by `hubfleet init`; replace every value marked CHANGE.',
        ]
      : [
          `${o.cluster}: ${o.provider === 'vsphere' ? 'RKE2 on VMware vSphere' : 'Kubernetes by Kubespray on OpenStack'}; hubfleet writes the VMs as Terraform JSON`,
          `(dist/${o.cluster}/terraform/). Written by \`hubfleet init\`; replace every value marked CHANGE.`,
        ];
  return [
    ...importLines([['ClusterSpec', 'fleet/cluster-spec']], o.style, ['ClusterSpec']),
    '',
    '/**',
    ...header.map((l) => ` * ${l}`),
    ' */',
    `export const ${identifierOf(o.cluster)}: ClusterSpec = ${literal(spec, '', '', notes)};`,
    '',
  ].join('\n');
}

/** The app stack file: the platform and one course hub. */
function appFile(o: { cluster: string; domain: string; nfs: boolean; style: LibraryImports }): string {
  const id = identifierOf(o.cluster);
  const home = o.nfs ? '{ storageClass: platform.nfs.homes, sizeGiB: 10 }' : '{ sizeGiB: 10 }';
  return [
    `import { ${id} } from '../clusters/${o.cluster}';`,
    ...importLines(
      [
        ['ClusterApp', 'fleet/cluster-app'],
        ['defineCluster', 'fleet/define'],
        ['HubAuth', 'hub/auth'],
        ['CourseJupyterHub', 'hub/course-jupyterhub'],
        ['Platform', 'platform/platform'],
      ],
      o.style,
      ['ClusterApp'],
    ),
    '',
    `/** The ${o.cluster} app stack: the cluster add-ons and the courses. Written by \`hubfleet init\`. */`,
    `export function ${id}Stack(app: ClusterApp): void {`,
    '  // sealed-secrets controller, NFS provisioner (when the ClusterSpec has nfs), MetalLB (with a',
    '  // loadBalancerRange), Traefik, cert-manager and the Argo CD tree (dist/<cluster>/k8s/argocd/).',
    o.nfs ? '  const platform = new Platform(app);' : '  new Platform(app);',
    '',
    `  // One course hub: https://intro.${o.domain}/, students log in from Moodle (LTI 1.3).`,
    "  new CourseJupyterHub(app, 'intro', {",
    "    title: 'Introduction to Programming',",
    `    // CHANGE: your Moodle and the client ID it gave the tool (Site administration → Plugins → External tool → Manage tools).`,
    `    // staffAdmins: Instructors and TAs become hub admins (they can open students' servers); false makes them graders only.`,
    `    auth: HubAuth.moodle(${q(`https://moodle.${o.domain}`)}, ['change-me-client-id'], { staffAdmins: true }),`,
    "    image: 'quay.io/jupyter/scipy-notebook:2025-08-18',",
    '    students: 50,',
    `    home: ${home},${o.nfs ? '' : ' // on the default StorageClass; with nfs in the ClusterSpec: { storageClass: platform.nfs.homes }'}`,
    '  });',
    '}',
    '',
    `export const ${id}Cluster = defineCluster(${id}, ${id}Stack);`,
    '',
  ].join('\n');
}

const CLUSTERS_ARRAY = /(export const clusters(?:\s*:[^=]+)?\s*=\s*\[)([\s\S]*?)(\]\s*;)/;

/** Add an import and an element of `export const clusters = [...]` to apps/index.ts. */
function registerApp(text: string, cluster: string): string | undefined {
  const id = identifierOf(cluster);
  const m = CLUSTERS_ARRAY.exec(text);
  if (!m) return undefined;
  const [, head, body, tail] = m;
  const items = body.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.includes(`${id}Cluster`)) return text;
  const multiline = body.includes('\n');
  const newBody = multiline ? `${body.replace(/,?\s*$/, '')},\n  ${id}Cluster,\n` : `${items.concat(`${id}Cluster`).join(', ')}`;
  let out = text.slice(0, m.index) + head + newBody + tail + text.slice(m.index + m[0].length);
  out = addImport(out, `import { ${id}Cluster } from './${cluster}';`);
  return out;
}

/** Put an import line after the last import. */
function addImport(text: string, line: string): string {
  const lines = text.split('\n');
  let last = -1;
  for (let i = 0; i < lines.length; i++) if (/^import\b/.test(lines[i]) || (last >= 0 && i === last + 1 && /^\s/.test(lines[i]))) last = i;
  lines.splice(last + 1, 0, line);
  return lines.join('\n');
}

/**
 * Plan `hubfleet init` in project `root`: the files to create and the index files to edit, or the
 * issues that stop it (nothing is written then).
 */
export function planInit(root: string, options: InitOptions): InitPlan | Issue[] {
  const issues: Issue[] = [];
  const cluster = options.cluster;
  const provider = options.provider ?? 'none';
  if (!isDnsLabel(cluster)) issues.push(issue('cluster', cluster, 'the cluster name must be a DNS-1123 label (it names dist/<cluster>/ and the files).', 'use lowercase letters, digits and "-", e.g. "demo".', 'init-cluster-name'));
  if (!['vsphere', 'openstack', 'none'].includes(provider)) issues.push(issue('--provider', provider, 'unknown provider.', 'use vsphere, openstack or none (a cluster hubfleet does not create).', 'init-provider'));
  const domain = options.domain ?? `${cluster}.example.org`;
  if (!isDomain(domain) && (options.domain !== undefined || isDnsLabel(cluster))) issues.push(issue('--domain', domain, 'the domain must be a lowercase DNS name with at least two labels.', 'pass --domain, e.g. --domain hubs.example.edu.', 'init-domain'));
  const nfs = options.nfs === undefined ? undefined : parseNfs(options.nfs);
  if (options.nfs !== undefined && !nfs) issues.push(issue('--nfs', options.nfs, 'the NFS export must be SERVER:/PATH (a host name or IPv4 address and an absolute path).', 'e.g. --nfs nfs.example.edu:/export/teaching.', 'init-nfs'));
  for (const f of ['apps/index.ts', 'clusters/index.ts']) {
    if (!fs.existsSync(path.join(root, f))) issues.push(issue('project', f, `${f} is missing: init runs in the root of a hubfleet project.`, 'run it in the folder that holds package.json, apps/ and clusters/.', 'init-project'));
  }
  if (issues.length) return issues;

  const clusterPath = `clusters/${cluster}.ts`;
  const appPath = `apps/${cluster}.ts`;
  for (const f of [clusterPath, appPath, `clusters/${cluster}`]) {
    if (fs.existsSync(path.join(root, f))) issues.push(issue('cluster', cluster, `${f} exists already; init never overwrites a file.`, `choose another name, or edit ${f} by hand.`, 'init-exists'));
  }
  const appsIndex = fs.readFileSync(path.join(root, 'apps/index.ts'), 'utf8');
  const clustersIndex = fs.readFileSync(path.join(root, 'clusters/index.ts'), 'utf8');
  const id = identifierOf(cluster);
  if (new RegExp(`\\b(${id}|${id}Cluster)\\b`).test(appsIndex + clustersIndex)) {
    issues.push(issue('cluster', cluster, `a cluster named like "${cluster}" is registered already (apps/index.ts or clusters/index.ts mentions ${id}).`, 'choose another name.', 'init-exists'));
  }
  const newApps = registerApp(appsIndex, cluster);
  if (newApps === undefined) {
    issues.push(issue('apps/index.ts', 'export const clusters = [...]', 'apps/index.ts has no `export const clusters = [ … ];` list to add the cluster to.', `add \`import { ${id}Cluster } from './${cluster}';\` and ${id}Cluster to the exported list by hand.`, 'init-register'));
  }
  if (issues.length) return issues;

  const { spec, notes } = specFor({ cluster, provider, domain, domainGiven: options.domain !== undefined, nfs });
  // The spec init writes passes the ClusterSpec rules (the file is this object, printed).
  const problems = [...validateClusterSpec(spec), ...(spec.infrastructure ? validateInfrastructure(spec) : [])];
  if (problems.length) return problems;
  const style = libraryImportsOf(root);
  const clusterText = clusterFile({ cluster, provider, style }, spec, notes);
  const newClusters = `${clustersIndex.replace(/\s*$/, '\n')}export { ${id} } from './${cluster}';\n`;
  return {
    create: new Map([
      [clusterPath, clusterText],
      [appPath, appFile({ cluster, domain, nfs: nfs !== undefined, style })],
    ]),
    edit: new Map([
      ['apps/index.ts', newApps!],
      ['clusters/index.ts', newClusters],
    ]),
  };
}

/** Write a plan: new files with exclusive create (never over an existing file), then the index edits. */
export function applyInit(root: string, plan: InitPlan): void {
  const created: string[] = [];
  try {
    for (const [rel, text] of plan.create) {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text, { flag: 'wx' });
      created.push(rel);
    }
  } catch (e) {
    for (const rel of created) fs.rmSync(path.join(root, rel), { force: true });
    throw e;
  }
  for (const [rel, text] of plan.edit) fs.writeFileSync(path.join(root, rel), text);
}
