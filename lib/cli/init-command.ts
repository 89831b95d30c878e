import type { Command } from './command';
import type { InitProvider } from './init';

/** `hubfleet init <cluster>`: a new cluster in the project (lib/cli/init.ts plans and writes it). */
export const initCommand: Command = {
  name: 'init',
  summary: 'add a cluster to the project: clusters/<cluster>.ts and apps/<cluster>.ts, registered',
  description: `Write clusters/<cluster>.ts (the ClusterSpec) and apps/<cluster>.ts (the platform add-ons and
one course hub) and register them in clusters/index.ts and apps/index.ts. Values init cannot
know are marked CHANGE. Every file is checked before anything is written; never overwrites a file.
Run it in the project's root (the folder with package.json, apps/ and clusters/).`,
  positionals: [{ name: 'cluster', description: 'the cluster name, a DNS label (e.g. demo)' }],
  options: {
    domain: { type: 'string', value: 'D', description: 'base domain of the hubs (default: <cluster>.example.org, marked CHANGE)' },
    nfs: { type: 'string', value: 'SERVER:/PATH', description: 'NFS export for the homes (default: homes on the default StorageClass)' },
    provider: { type: 'string', value: 'P', description: 'vsphere | openstack (hubfleet writes the VMs) | none (a cluster that exists; default)' },
  },
  examples: ['hubfleet init demo --domain demo.example.edu --provider none'],
  async run(inv) {
    const { formatIssue } = await import('../core/errors');
    const { applyInit, planInit } = await import('./init');
    const [cluster] = inv.positionals;
    const plan = planInit(inv.cwd, { cluster, domain: inv.string('domain'), nfs: inv.string('nfs'), provider: inv.string('provider') as InitProvider | undefined });
    const { io } = inv;
    if (Array.isArray(plan)) {
      io.stderr(`hubfleet init: ${plan.length} problem${plan.length === 1 ? '' : 's'}; nothing was written.\n`);
      for (const i of plan) io.stderr(`  ✗ ${formatIssue(i)}\n`);
      return 1;
    }
    applyInit(inv.cwd, plan);
    io.stdout(
      `wrote ${[...plan.create.keys()].join(', ')}; registered ${cluster} in ${[...plan.edit.keys()].join(' and ')}.\n\n` +
        'Next:\n' +
        `  1. Replace the values marked CHANGE in ${[...plan.create.keys()].join(' and ')} (nodes, networks, LMS, GitOps repo).\n` +
        `  2. npx hubfleet synth                  # validates and writes dist/${cluster}/ (no build needed)\n` +
        `  3. npx hubfleet diff                    # before each commit: what the change does to the cluster\n` +
        `  4. Bootstrap Argo CD once: kubectl apply -n argocd -f dist/${cluster}/k8s/argocd/appproject-root.yaml -f dist/${cluster}/k8s/argocd/application-root.yaml\n` +
        `  5. When the sealed-secrets controller runs: kubeseal --fetch-cert > clusters/${cluster}/sealed-secrets.pem (for hubfleet seal)\n`,
    );
    return 0;
  },
};
