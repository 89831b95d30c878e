import type { Command } from './command';
import { APP_OPTION } from './options';

/**
 * `hubfleet portal`: serve the course portal (lib/portal/README.md) for one cluster of the app
 * module, configured by one file; runs until SIGTERM or SIGINT.
 */
export const portalCommand: Command = {
  name: 'portal',
  summary: 'serve the course portal: lecturers request courses as reviewed changes',
  description: `Serve the course portal for one cluster: lecturers sign in with the university's OpenID
Connect provider, see their courses and request new ones or changes; each request is checked
with hubfleet's rules and the capacity verdict, then written to a branch of the catalogue
repository with a merge request (lib/portal/README.md). Runs until SIGTERM or SIGINT.`,
  options: {
    config: { type: 'string', value: 'FILE', description: 'the portal configuration (JSON or YAML; lib/portal/README.md)', required: true },
    app: APP_OPTION,
    check: { type: 'boolean', description: 'check the configuration and the app module, then exit' },
  },
  examples: ['hubfleet portal --config /etc/hubfleet-portal/portal.json'],
  async run(inv) {
    const { io } = inv;
    const { readPortalConfig } = await import('../portal/config');
    const file = inv.string('config')!;
    const { config, problems } = readPortalConfig(file);
    if (!config) {
      for (const p of problems) io.stderr(`hubfleet portal: ${file}: ${p.field || '(file)'}${p.value !== undefined ? ` = ${JSON.stringify(p.value)}` : ''}: ${p.message}. Fix: ${p.fix}\n`);
      return 1;
    }
    const { loadApp } = await import('./app-module');
    const defs = loadApp(inv.string('app'), io);
    if (!defs) return 1;
    const def = defs.find((d) => d.spec.name === config.cluster);
    if (!def) {
      io.stderr(`hubfleet portal: ${file}: cluster = "${config.cluster}": the app module has no such cluster (${defs.map((d) => d.spec.name).join(', ')}). Fix: name one of them.\n`);
      return 1;
    }
    if (inv.boolean('check')) {
      io.stdout(`${file}: the configuration is usable for cluster ${config.cluster}.\n`);
      return 0;
    }
    const { startPortal } = await import('../portal/start');
    const portal = await startPortal(config, def);
    io.stdout(`hubfleet portal: ${config.cluster} on ${portal.address} (public address ${config.publicUrl})\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
    await portal.close();
    return 0;
  },
};
