import * as fs from 'fs';
import * as path from 'path';

/** Where Terraform working directories live inside a cluster folder: `terraform/stacks/<stack>/`. */
export const STACKS_DIR = 'terraform/stacks';

/**
 * Files and folders Terraform (or OpenTofu) keeps in a working directory, which synth carries over
 * from the previous output of a stack it writes again: the provider lock file (`terraform init`
 * writes it; without it providers float within the constraint), variable files (`*.tfvars`, `*.auto.tfvars`, also as `.json`), the `.terraform/`
 * folder (providers, modules, backend settings), and state with its backups and lock info (hubfleet
 * keeps state outside the output folder, but state found here is never deleted).
 */
export const TERRAFORM_WORKING_FILES: readonly RegExp[] = [
  /^\.terraform$/,
  /^\.terraform\.lock\.hcl$/,
  /\.tfvars(\.json)?$/,
  /\.tfstate(\..+)?$/,
  /^\.terraform\.tfstate\.lock\.info$/,
  /^terraform\.tfstate\.d$/,
];

/**
 * Folders of the cluster folder that other hubfleet commands write and synth keeps as they are
 * (when its own output has nothing there): `report/` (`hubfleet report`, lib/report).
 */
export const KEPT_FOLDERS: readonly string[] = ['report'];

/** What synth keeps of a stack it no longer writes: only state (its VMs still exist). */
export const TERRAFORM_STATE_FILES: readonly RegExp[] = [/\.tfstate(\..+)?$/, /^\.terraform\.tfstate\.lock\.info$/, /^terraform\.tfstate\.d$/];

/**
 * Writes a cluster's files to `<out>/<cluster>/`, replacing that folder and touching nothing else in
 * `<out>` (it may be a Git checkout). Files of the previous output that the new one lacks
 * disappear, except Terraform's own working files in `terraform/stacks/<stack>/`
 * ({@link TERRAFORM_WORKING_FILES}; of a stack that is no longer written, only its state,
 * {@link TERRAFORM_STATE_FILES}). A file hubfleet writes always wins over a kept one.
 *
 * Atomic: the new tree is built next to the old one (kept files are hard-linked into it, or copied
 * where links are impossible, so the old tree stays whole) and swapped in with renames, so a crash
 * or a failed write leaves the previous output in place.
 */
export function writeClusterFiles(outDir: string, cluster: string, files: ReadonlyMap<string, string>): void {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(cluster)) throw new Error(`refusing to write cluster folder "${cluster}": not a DNS label`);
  replaceFolder(path.join(outDir, cluster), files, (target, staging) => {
    keepTerraformFiles(target, staging, files);
    for (const dir of KEPT_FOLDERS) keepFolder(target, staging, dir, files);
  });
}

/**
 * Replace the folder `target` with exactly `files` (relative paths), atomically: the new tree is
 * written to a sibling staging folder, `keep(target, staging)` may carry things over from the old
 * tree, and two renames swap it in. Any failure before the swap removes the staging folder and
 * leaves `target` as it was. Paths that leave the folder are refused.
 */
export function replaceFolder(target: string, files: ReadonlyMap<string, string>, keep?: (target: string, staging: string) => void): void {
  const parent = path.dirname(target);
  const base = path.basename(target);
  const staging = path.join(parent, `.${base}.hubfleet-new`);
  const retired = path.join(parent, `.${base}.hubfleet-old`);
  fs.mkdirSync(parent, { recursive: true });
  fs.rmSync(staging, { recursive: true, force: true });
  fs.rmSync(retired, { recursive: true, force: true });
  const dirs = new Set<string>();
  for (const rel of files.keys()) {
    if (path.isAbsolute(rel) || rel.split('/').includes('..')) throw new Error(`refusing to write outside ${base}/: ${rel}`);
    dirs.add(path.dirname(rel));
  }
  try {
    fs.mkdirSync(staging, { recursive: true });
    for (const d of [...dirs].sort()) fs.mkdirSync(path.join(staging, d), { recursive: true });
    for (const [rel, content] of files) fs.writeFileSync(path.join(staging, rel), content);
    if (keep && fs.existsSync(target)) keep(target, staging);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw e;
  }
  if (fs.existsSync(target)) fs.renameSync(target, retired);
  fs.renameSync(staging, target);
  fs.rmSync(retired, { recursive: true, force: true });
}

/** The stack names the new output writes (`terraform/stacks/<stack>/…`). */
function stacksOf(files: ReadonlyMap<string, string>): Set<string> {
  const out = new Set<string>();
  for (const rel of files.keys()) {
    const m = /^terraform\/stacks\/([^/]+)\//.exec(rel);
    if (m) out.add(m[1]!);
  }
  return out;
}

/** Carry Terraform's working files of the old output's stacks into the staging tree. */
function keepTerraformFiles(target: string, staging: string, files: ReadonlyMap<string, string>): void {
  const oldStacks = path.join(target, STACKS_DIR);
  if (!isDir(oldStacks)) return;
  const written = stacksOf(files);
  for (const stack of fs.readdirSync(oldStacks).sort()) {
    const from = path.join(oldStacks, stack);
    if (!isDir(from)) continue;
    const patterns = written.has(stack) ? TERRAFORM_WORKING_FILES : TERRAFORM_STATE_FILES;
    for (const name of fs.readdirSync(from).sort()) {
      if (!patterns.some((p) => p.test(name))) continue;
      const to = path.join(staging, STACKS_DIR, stack, name);
      if (fs.existsSync(to)) continue; // hubfleet's own file wins
      fs.mkdirSync(path.dirname(to), { recursive: true });
      linkTree(path.join(from, name), to);
    }
  }
}

/** Carry a folder another command wrote (KEPT_FOLDERS) into the staging tree, unless synth writes into it. */
function keepFolder(target: string, staging: string, dir: string, files: ReadonlyMap<string, string>): void {
  const from = path.join(target, dir);
  if (!isDir(from) || [...files.keys()].some((rel) => rel === dir || rel.startsWith(`${dir}/`))) return;
  linkTree(from, path.join(staging, dir));
}

function isDir(p: string): boolean {
  try {
    return fs.lstatSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Recreate `src` at `dst`: folders made, symlinks copied as symlinks, files hard-linked (copied if linking fails). */
function linkTree(src: string, dst: string): void {
  const st = fs.lstatSync(src);
  if (st.isSymbolicLink()) {
    fs.symlinkSync(fs.readlinkSync(src), dst);
  } else if (st.isDirectory()) {
    fs.mkdirSync(dst, { mode: st.mode & 0o7777 });
    for (const name of fs.readdirSync(src).sort()) linkTree(path.join(src, name), path.join(dst, name));
  } else if (st.isFile()) {
    try {
      fs.linkSync(src, dst);
    } catch {
      fs.copyFileSync(src, dst);
      fs.chmodSync(dst, st.mode & 0o7777);
    }
  }
}
