/**
 * `hubfleet exam passwords`: one user name and one random password per seat of an exam. The
 * plaintext goes only into the printable sheet (a file outside any Git work tree, mode 0600);
 * stdout (or --out) gets the SealedSecret with the salted scrypt hashes, sealed against the
 * cluster's certificate, ready to commit. See lib/exam/one-time-passwords.ts and
 * lib/hub/README-exams.md.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { HASHES_KEY, hashList, makeCredentials, MAX_SEATS, PASSWORDS_SECRET, renderSheet, seatUser } from '../exam/one-time-passwords';
import { ALLOW_EXAMPLE_KEY_FLAG, refuseExampleKey } from '../secrets/example-keys';
import { checkKubernetesNames, loadSealingKey, seal, sealedSecretManifest } from '../secrets/seal';

/** What the command may touch. */
export interface ExamIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly readFile: (p: string) => string;
  /** Write a file with mode 0600 (the sheet). */
  readonly writeFile: (p: string, text: string) => void;
  /** Is the path inside a Git work tree? */
  readonly inGitWorkTree: (p: string) => boolean;
  /** Random integer below n. @default node:crypto randomInt */
  readonly random?: (n: number) => number;
}

export const EXAM_USAGE = `Usage:
  hubfleet exam passwords --cert FILE --namespace NS --prefix PREFIX --seats N --sheet FILE
                          [--supervisors K] [--name NAME] [--title TEXT] [--url URL] [--note TEXT] [--out FILE]
                          [--allow-example-key]
      Make N user names (PREFIX-001 …) and random one-time passwords for an exam hub, and K
      supervisors' passwords (PREFIX-s01 …: reusable, valid outside the window too).
      The printable sheet (HTML, one slip per seat) with the plaintext goes to --sheet, which must
      lie outside any Git work tree; the SealedSecret NAME (default ${PASSWORDS_SECRET}, key
      "${HASHES_KEY}": salted scrypt hashes only) goes to --out or stdout, sealed against --cert.
      An example cluster's or the test certificate is refused (their private keys are in the
      repository) unless --allow-example-key is given (tests).

Print the sheet, hand out the slips, delete the file. Commit the SealedSecret (or its encryptedData in
a SealedSecret construct of the exam) and give the exam hub
  auth: OneTimePasswords.auth({ hashes: SecretKeyRef.fromName(NAME, '${HASHES_KEY}'), prefix: PREFIX, seats: N }).
`;

const FLAGS = ['cert', 'namespace', 'prefix', 'seats', 'supervisors', 'sheet', 'name', 'title', 'url', 'note', 'out'] as const;
type Flag = (typeof FLAGS)[number];

class UsageError extends Error {}

function parse(args: readonly string[]): Partial<Record<Flag | 'allow-example-key', string>> {
  const out: Partial<Record<Flag | 'allow-example-key', string>> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === ALLOW_EXAMPLE_KEY_FLAG) {
      out['allow-example-key'] = 'yes';
      continue;
    }
    const eq = a.indexOf('=');
    const name = (a.startsWith('--') ? (eq > 0 ? a.slice(2, eq) : a.slice(2)) : '') as Flag;
    if (!FLAGS.includes(name)) throw new UsageError(`unknown argument "${a}"`);
    if (name in out) throw new UsageError(`--${name} given twice`);
    const value = eq > 0 ? a.slice(eq + 1) : args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    out[name] = value;
  }
  return out;
}

/** Is p inside a Git work tree (a parent holds `.git`)? */
export function insideGitWorkTree(p: string): boolean {
  for (let d = path.resolve(path.dirname(p)); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return true;
    if (path.dirname(d) === d) return false;
  }
}

/** The real file system. */
export const processExamIo = (io: { stdout: (s: string) => void; stderr: (s: string) => void }): ExamIo => ({
  ...io,
  readFile: (p) => fs.readFileSync(p, 'utf8'),
  writeFile: (p, text) => {
    fs.writeFileSync(p, text, { mode: 0o600 });
    fs.chmodSync(p, 0o600);
  },
  inGitWorkTree: insideGitWorkTree,
});

/** `hubfleet exam <subcommand>`; returns the exit code. */
export function runExam(args: readonly string[], io: ExamIo): number {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    io.stdout(EXAM_USAGE);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'passwords') {
    io.stderr(`hubfleet exam: unknown subcommand "${sub}"\n\n${EXAM_USAGE}`);
    return 2;
  }
  let f: Partial<Record<Flag | 'allow-example-key', string>>;
  try {
    f = parse(rest);
    for (const req of ['cert', 'namespace', 'prefix', 'seats', 'sheet'] as const) if (!f[req]) throw new UsageError(`--${req} is required`);
  } catch (e) {
    io.stderr(`hubfleet exam passwords: ${(e as Error).message}\n\n${EXAM_USAGE}`);
    return 2;
  }
  try {
    const seats = Number(f.seats);
    if (!Number.isInteger(seats) || seats < 1 || seats > MAX_SEATS) throw new Error(`--seats must be a whole number from 1 to ${MAX_SEATS}, got ${JSON.stringify(f.seats)}.`);
    if (!/^[a-z][a-z0-9-]{0,30}[a-z0-9]$/.test(f.prefix!)) throw new Error(`--prefix must be 2–32 lowercase letters, digits or "-" (got ${JSON.stringify(f.prefix)}).`);
    const supervisors = Number(f.supervisors ?? 0);
    if (!Number.isInteger(supervisors) || supervisors < 0 || supervisors > 99 || seats + supervisors > MAX_SEATS) throw new Error(`--supervisors must be a whole number from 0 to 99 (seats and supervisors together at most ${MAX_SEATS}), got ${JSON.stringify(f.supervisors)}.`);
    const name = f.name ?? PASSWORDS_SECRET;
    checkKubernetesNames(f.namespace, name);
    if (io.inGitWorkTree(f.sheet!)) throw new Error(`the sheet ${f.sheet} would be inside a Git work tree: the plaintext passwords must never reach Git. Write it elsewhere, e.g. --sheet ~/exam-sheet.html.`);
    if (f.out && path.resolve(f.out) === path.resolve(f.sheet!)) throw new Error('--out and --sheet must be different files.');
    const key = loadSealingKey(io.readFile(f.cert!));
    refuseExampleKey(key, f.cert!, f['allow-example-key'] === 'yes');
    const creds = makeCredentials(f.prefix!, seats, io.random, supervisors);
    const hashes = hashList(creds);
    const manifest = sealedSecretManifest({
      name,
      namespace: f.namespace,
      scope: 'strict',
      encryptedData: { [HASHES_KEY]: seal(key, Buffer.from(hashes, 'utf8'), 'strict', f.namespace!, name) },
      labels: { 'app.kubernetes.io/part-of': 'hubfleet', 'hubfleet.io/exam-passwords': f.prefix! },
    });
    io.writeFile(f.sheet!, renderSheet(creds, { title: f.title ?? f.namespace!, url: f.url ?? '', note: f.note }));
    const yaml = `# ${seats} one-time password hashes for ${f.namespace} (${seatUser(f.prefix!, 1, seats)} … ${seatUser(f.prefix!, seats, seats)}${supervisors ? `, ${supervisors} supervisors` : ''}), made by hubfleet exam passwords\n${stringify(manifest)}`;
    if (f.out) io.writeFile(f.out, yaml);
    else io.stdout(yaml);
    io.stderr(
      `wrote the sheet with ${seats} passwords to ${f.sheet} (print it, then delete it)${f.out ? ` and the SealedSecret to ${f.out}` : ''}.\n` +
        `In the app stack: new ExamHub(app, '<exam>', { …, seats: ${seats}, auth: OneTimePasswords.auth({ hashes: SecretKeyRef.fromName('${name}', '${HASHES_KEY}'), prefix: '${f.prefix}', seats: ${seats}${supervisors ? `, supervisors: ${supervisors}` : ''} }) })\n` +
        `  and in it: new SealedSecret(exam, '${name}', { encryptedData: { ${HASHES_KEY}: '<spec.encryptedData.${HASHES_KEY} of the SealedSecret>' } })\n`,
    );
    return 0;
  } catch (e) {
    io.stderr(`hubfleet exam passwords: ${(e as Error).message}\n`);
    return 1;
  }
}
