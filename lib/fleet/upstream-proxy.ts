import { PropRule } from '../core/errors';
import { parseCidr, parseIpv4 } from '../core/names';
import type { ClusterFactsView as ClusterSpec, IngressExposure, UpstreamProxySpec } from './cluster-facts';
import { existingIssuers, metallbPools, rangeContains } from './existing-addons';

/** The upstream proxy of a cluster's ingress exposure, if any. */
export function upstreamProxyOf(exposure: IngressExposure): UpstreamProxySpec | undefined {
  return exposure.type === 'load-balancer' ? exposure.upstreamProxy : undefined;
}

/** A proxy's name for messages. */
export function proxyName(p: UpstreamProxySpec): string {
  return p.name ?? 'the upstream proxy';
}

/** The ports a proxy forwards. */
export function forwardedPorts(p: UpstreamProxySpec): readonly number[] {
  return p.forwardsPorts ?? [443];
}

/**
 * The ACME challenge the hubs' certificates are proved with on this cluster: the solver of the
 * ClusterIssuer routes name (an existing one declares its own), else `tls.solver`, else HTTP-01
 * (hubfleet's CertManager issuers).
 */
export function acmeChallengeOf(spec: ClusterSpec): 'http01' | 'dns01' {
  const name = spec.tls.clusterIssuer ?? 'letsencrypt-prod';
  return existingIssuers(spec).find((i) => i.name === name)?.solver ?? spec.tls.solver ?? 'http01';
}

/** What the upstream proxy must forward, in words (inventory.json and the docs). */
export function upstreamProxyDuties(spec: ClusterSpec, exposure: IngressExposure): { readonly forwardTo?: string; readonly ports: readonly number[]; readonly clientAddress: string } | undefined {
  const p = upstreamProxyOf(exposure);
  if (!p || exposure.type !== 'load-balancer') return undefined;
  const ports = acmeChallengeOf(spec) === 'http01' ? [80, 443] : [443];
  const how = p.clientAddress === 'proxy-protocol' ? 'a PROXY protocol header (v1 or v2) on every connection' : p.clientAddress === 'x-forwarded-for' ? 'X-Forwarded-For (appended, never passed through from the client)' : 'nothing: the client address is lost';
  return { ...(exposure.address ? { forwardTo: exposure.address } : {}), ports, clientAddress: how };
}

const exposureOf = (s: ClusterSpec): IngressExposure => s.existingAddons?.ingressController?.exposure ?? s.ingress?.exposure ?? { type: 'load-balancer' };
const lb = (s: ClusterSpec) => {
  const e = exposureOf(s);
  return e.type === 'load-balancer' ? e : undefined;
};

/** The validation table of the load-balancer address and the upstream proxy; each row has a "fails …" test in test/fleet/upstream-proxy.test.ts. */
export const UPSTREAM_PROXY_RULES: readonly PropRule<ClusterSpec>[] = [
  {
    id: 'ingress-lb-address',
    field: 'ingress.exposure.address',
    value: (s) => lb(s)?.address,
    // MetalLB refuses an address outside its pools ("is not allowed in config"): the Service stays <pending>.
    ok: (s) => {
      const e = lb(s);
      if (!e?.address) return true;
      if (parseIpv4(e.address) === undefined) return false;
      if (e.provider === 'cloud') return true;
      const pools = metallbPools(s);
      return pools.length === 0 || pools.some((p) => p.addresses.some((r) => rangeContains(r, e.address!)));
    },
    message: (s) => {
      const e = lb(s)!;
      if (parseIpv4(e.address ?? '') === undefined) return 'the LoadBalancer address must be one IPv4 address.';
      return `the LoadBalancer address ${e.address} lies in no MetalLB pool (${metallbPools(s).map((p) => `${p.name}: ${p.addresses.join(', ')}`).join('; ')}): MetalLB refuses it ("not allowed in config") and the Service stays <pending>.`;
    },
    fix: 'pin an address of a pool (the one the upstream proxy forwards to), or add a pool that holds it.',
  },
  {
    id: 'upstream-proxy-addresses',
    field: 'ingress.exposure.upstreamProxy.addresses',
    value: (s) => lb(s)?.upstreamProxy?.addresses,
    ok: (s) => {
      const p = lb(s)?.upstreamProxy;
      return !p || (p.addresses.length > 0 && p.addresses.every((c) => { const x = parseCidr(c); return x !== undefined && x.prefix > 0; }));
    },
    message: 'the upstream proxy needs the addresses it connects from, as CIDRs, and never 0.0.0.0/0: the controller trusts PROXY headers and X-Forwarded-For only from them, and trusting everyone lets any client forge its address past the allow lists.',
    fix: 'set addresses to the gateway\'s own address(es), e.g. ["10.0.5.2/32"].',
  },
  {
    id: 'upstream-proxy-tcp-headers',
    field: 'ingress.exposure.upstreamProxy.clientAddress',
    value: (s) => lb(s)?.upstreamProxy?.clientAddress,
    // A TCP proxy never sees HTTP: inside TLS it cannot add a header.
    ok: (s) => !(lb(s)?.upstreamProxy?.mode === 'tcp' && lb(s)?.upstreamProxy?.clientAddress === 'x-forwarded-for'),
    message: 'a proxy that passes TLS through (mode "tcp") cannot add X-Forwarded-For: the header would have to go inside the encrypted stream. The client address reaches the controller only as a PROXY protocol header.',
    fix: 'turn on the PROXY protocol on the proxy (nginx stream: `proxy_protocol on;`, HAProxy: `send-proxy-v2`) and declare clientAddress: "proxy-protocol".',
  },
  {
    id: 'upstream-proxy-ports',
    field: 'ingress.exposure.upstreamProxy.forwardsPorts',
    value: (s) => lb(s)?.upstreamProxy && forwardedPorts(lb(s)!.upstreamProxy!),
    ok: (s) => {
      const p = lb(s)?.upstreamProxy;
      if (!p) return true;
      const ports = forwardedPorts(p);
      return ports.every((n) => Number.isInteger(n) && n >= 1 && n <= 65535) && ports.includes(443);
    },
    message: 'the upstream proxy must forward 443 (the hubs are served over https there); ports are whole numbers 1-65535.',
    fix: 'forward 443 (and 80 for HTTP-01) to the LoadBalancer address.',
  },
  {
    id: 'upstream-proxy-acme-http01',
    field: 'ingress.exposure.upstreamProxy.forwardsPorts',
    value: (s) => lb(s)?.upstreamProxy && forwardedPorts(lb(s)!.upstreamProxy!),
    // cert-manager's HTTP-01 solver answers http://<host>/.well-known/acme-challenge/… on port 80 of
    // the controller; Let's Encrypt connects to port 80 of the host's public address (the proxy).
    ok: (s) => {
      const p = lb(s)?.upstreamProxy;
      return !p || acmeChallengeOf(s) !== 'http01' || forwardedPorts(p).includes(80);
    },
    message: (s) => `the hubs' certificates come from ClusterIssuer "${s.tls.clusterIssuer ?? 'letsencrypt-prod'}" over ACME HTTP-01, which Let's Encrypt checks on port 80 of each host, but ${proxyName(lb(s)!.upstreamProxy!)} forwards only ${forwardedPorts(lb(s)!.upstreamProxy!).join(', ')}: no certificate would ever be issued.`,
    fix: 'forward TCP 80 to the LoadBalancer address as well (with the same PROXY protocol setting as 443), or use an issuer that solves DNS-01 (existingAddons.certManager.issuers[].solver "dns01", tls.clusterIssuer).',
  },
];
