/**
 * The first-boot script that installs and starts RKE2 on a node (written by cloud-init, run from
 * its runcmd). It retries the install with backoff, checks that the installed release is the one
 * the ClusterSpec names, and fails clearly: a marker file, a message in cloud-init's log and a
 * non-zero exit, which `cloud-init status --long` reports.
 *
 * Install methods (rancher/rke2 `install.sh`): online (`INSTALL_RKE2_TYPE`, `INSTALL_RKE2_VERSION`,
 * optional `INSTALL_RKE2_ARTIFACT_URL` mirror) or air-gapped from a folder on the image
 * (`INSTALL_RKE2_ARTIFACT_PATH`, the tarball method: install.sh copies the images tarball to
 * /var/lib/rancher/rke2/agent/images and unpacks the release).
 *
 * Every absolute path is prefixed with `$HUBFLEET_ROOT` (unset on a node), so the script can be run
 * under a scratch root with stand-in commands in tests.
 */
import type { ClusterSpec } from '../fleet/cluster-spec';
import type { PlannedNode } from './node-plan';
import { rke2Type } from './node-plan';

/** Where cloud-init writes the script. */
export const RKE2_INSTALL_SCRIPT_PATH = '/usr/local/sbin/hubfleet-rke2-install';
/** Written (with the reason) when the install finally failed; removed at the start of a run. */
export const RKE2_INSTALL_FAILED_MARKER = '/var/lib/hubfleet/rke2-install.failed';
/** RKE2's install script. */
export const RKE2_INSTALL_URL = 'https://get.rke2.io';
/** Install attempts by default. */
export const DEFAULT_INSTALL_ATTEMPTS = 5;
/** Seconds before the second attempt by default (then 30, 60, 120 …). */
export const DEFAULT_RETRY_DELAY_SECONDS = 15;

/** Quote text for a POSIX shell (single quotes). */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * The script for one node.
 * @param serverUrl what the script assigns to `server_url` — a shell word that expands to the
 *   registration URL (cloud-init.ts passes a placeholder that becomes `${jsonencode(var.rke2_server_url)}`)
 */
export function renderRke2InstallScript(spec: ClusterSpec, node: PlannedNode, serverUrl: string): string {
  const type = rke2Type(node.pool.roles);
  const version = spec.kubernetes.version;
  const r = spec.infrastructure?.rke2 ?? {};
  const attempts = r.installAttempts ?? DEFAULT_INSTALL_ATTEMPTS;
  const delay = r.retryDelaySeconds ?? DEFAULT_RETRY_DELAY_SECONDS;
  // Comments carry values too: printable ASCII only, so that no value can end the comment line.
  const comment = (text: string) => `# ${text.replace(/[^\x20-\x7e]/g, '?')}`;
  const lines: string[] = [
    '#!/bin/sh',
    comment(`Written by hubfleet: installs RKE2 ${version} (${type}) on ${node.name} at first boot and starts it.`),
    `# Tries the install up to ${attempts} times with backoff; on failure writes ${RKE2_INSTALL_FAILED_MARKER} and exits 1.`,
    'root="$HUBFLEET_ROOT" # empty on a node; tests run the script under a scratch root',
    'set -u',
    `version=${shellQuote(version)}`,
    `type=${shellQuote(type)}`,
    `attempts=${shellQuote(String(attempts))}`,
    `delay=${shellQuote(String(delay))}`,
    'state="$root/var/lib/hubfleet"',
    'mkdir -p "$state" && rm -f "$state/rke2-install.failed"',
    'log() { echo "hubfleet-rke2-install: $*" >&2; }',
    'fail() {',
    '  log "FAILED: $*"',
    '  printf \'%s\\n\' "$*" > "$state/rke2-install.failed"',
    '  exit 1',
    '}',
    // Whole numbers only reach arithmetic below (bash would evaluate what a variable holds).
    'for v in "$attempts" "$delay"; do case "$v" in ""|*[!0-9]*) fail "attempts and delay must be whole numbers, not $v";; esac; done',
  ];
  if (r.artifactPath !== undefined) {
    const dir = shellQuote(r.artifactPath);
    lines.push(
      `artifacts="$root"${dir}`,
      '# Air-gapped: install.sh and the release tarballs come from the image; nothing is downloaded.',
      'install_once() {',
      '  [ -f "$artifacts/install.sh" ] || { log "no install.sh in $artifacts"; return 1; }',
      '  INSTALL_RKE2_ARTIFACT_PATH="$artifacts" INSTALL_RKE2_TYPE="$type" sh "$artifacts/install.sh"',
      '}',
    );
  } else {
    const env = [`INSTALL_RKE2_TYPE="$type"`, `INSTALL_RKE2_VERSION="$version"`];
    if (r.artifactUrl !== undefined) env.push(`INSTALL_RKE2_ARTIFACT_URL=${shellQuote(r.artifactUrl)}`);
    lines.push(
      'install_once() {',
      '  tmp=$(mktemp -d) || return 1',
      '  # Download first, then run: with "curl | sh" a failed download looks like a successful install.',
      `  if curl -sfL --retry 2 --connect-timeout 20 --max-time 600 -o "$tmp/install.sh" ${shellQuote(r.scriptUrl ?? RKE2_INSTALL_URL)}; then`,
      `    ${env.join(' ')} sh "$tmp/install.sh"`,
      '    rc=$?',
      '  else',
      '    log "cannot download the install script"',
      '    rc=1',
      '  fi',
      '  rm -rf "$tmp"',
      '  return $rc',
      '}',
    );
  }
  if (node.initServer) {
    lines.push(
      `server_url=${serverUrl}`,
      '# This node starts the cluster, unless one already answers at the registration address (it was',
      '# rebuilt while kubernetes.bootstrapped was still false): then it joins instead of starting a second one.',
      'config="$root/etc/rancher/rke2/config.yaml"',
      'if ! grep -q "^server:" "$config" && [ "$(curl -ksf --connect-timeout 5 --max-time 10 "$server_url/ping" 2>/dev/null)" = pong ]; then',
      '  log "a cluster already answers at $server_url: joining it instead of starting a new one"',
      '  printf \'server: %s\\n\' "$server_url" >> "$config"',
      'fi',
    );
  }
  lines.push(
    'n=1',
    'until install_once; do',
    '  if [ "$n" -ge "$attempts" ]; then',
    '    fail "RKE2 $version did not install after $attempts attempts (log: /var/log/cloud-init-output.log). Fix the cause (network, proxy, mirror or artifacts) and run $0 again."',
    '  fi',
    '  log "install attempt $n of $attempts failed; next attempt in $delay seconds"',
    '  sleep "$delay"',
    '  n=$((n + 1))',
    '  delay=$((delay * 2))',
    'done',
    'bin=""',
    'for b in "$root/usr/local/bin/rke2" "$root/opt/rke2/bin/rke2" "$root/usr/bin/rke2"; do',
    '  if [ -x "$b" ]; then bin="$b"; break; fi',
    'done',
    '[ -n "$bin" ] || fail "install.sh finished, but no rke2 binary is in /usr/local/bin, /opt/rke2/bin or /usr/bin"',
    'installed=$("$bin" --version 2>/dev/null | awk \'NR == 1 { print $3 }\')',
    '[ "$installed" = "$version" ] || fail "installed RKE2 is \'$installed\' but the ClusterSpec says $version (air-gapped: the artifacts on the image are of another release)"',
    'systemctl enable --now "rke2-$type.service" || fail "rke2-$type.service did not start: see journalctl -u rke2-$type"',
    'log "RKE2 $version ($type) is running"',
  );
  return `${lines.join('\n')}\n`;
}
