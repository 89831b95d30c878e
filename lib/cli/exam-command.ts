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
import { ALLOW_EXAMPLE_KEY_OPTION, refuseExampleKey } from '../secrets/example-keys';
import { checkKubernetesNames, loadSealingKey, seal, sealedSecretManifest } from '../secrets/seal';
import { Command, Invocation, runCommand } from './command';
import type { Io } from './io';

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

/** Is p inside a Git work tree (a parent holds `.git`)? */
export function insideGitWorkTree(p: string): boolean {
  for (let d = path.resolve(path.dirname(p)); ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, '.git'))) return true;
    if (path.dirname(d) === d) return false;
  }
}

/** The real file system. */
export const processExamIo = (io: Io): ExamIo => ({
  stdout: (s) => io.stdout(s),
  stderr: (s) => io.stderr(s),
  readFile: (p) => fs.readFileSync(p, 'utf8'),
  writeFile: (p, text) => {
    fs.writeFileSync(p, text, { mode: 0o600 });
    fs.chmodSync(p, 0o600);
  },
  inGitWorkTree: insideGitWorkTree,
});

/** Make the passwords, the sheet and the SealedSecret from the parsed flags. */
function passwordsWith(inv: Invocation, io: ExamIo): number {
  const f = Object.fromEntries(['cert', 'namespace', 'prefix', 'seats', 'supervisors', 'sheet', 'name', 'title', 'url', 'note', 'out'].map((k) => [k, inv.string(k)])) as Record<string, string | undefined>;
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
    refuseExampleKey(key, f.cert!, inv.boolean('allow-example-key'));
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

/** `hubfleet exam passwords`. */
export const examPasswordsCommand: Command = {
  name: 'passwords',
  summary: 'one-time passwords for an exam hub: a printable sheet and a SealedSecret of their hashes',
  description: `Make N user names (PREFIX-001 …) and random one-time passwords for an exam hub, and K
supervisors' passwords (PREFIX-s01 …: reusable, valid outside the window too).
The printable sheet (HTML, one slip per seat) with the plaintext goes to --sheet, which must
lie outside any Git work tree; the SealedSecret NAME (default ${PASSWORDS_SECRET}, key
"${HASHES_KEY}": salted scrypt hashes only) goes to --out or stdout, sealed against --cert.

Print the sheet, hand out the slips, delete the file. Commit the SealedSecret (or its encryptedData in
a SealedSecret construct of the exam) and give the exam hub
  auth: OneTimePasswords.auth({ hashes: SecretKeyRef.fromName(NAME, '${HASHES_KEY}'), prefix: PREFIX, seats: N }).`,
  options: {
    cert: { type: 'string', value: 'FILE', required: true, description: "the cluster's sealed-secrets certificate" },
    namespace: { type: 'string', value: 'NS', required: true, description: "the exam hub's namespace" },
    prefix: { type: 'string', value: 'PREFIX', required: true, description: 'user names are PREFIX-001 …' },
    seats: { type: 'string', value: 'N', required: true, description: `seats, 1 to ${MAX_SEATS}` },
    sheet: { type: 'string', value: 'FILE', required: true, description: 'the printable sheet (outside any Git work tree; mode 0600)' },
    supervisors: { type: 'string', value: 'K', description: "supervisors' reusable passwords (default 0)" },
    name: { type: 'string', value: 'NAME', description: `the SealedSecret's name (default ${PASSWORDS_SECRET})` },
    title: { type: 'string', value: 'TEXT', description: "the sheet's title (default: the namespace)" },
    url: { type: 'string', value: 'URL', description: "the exam hub's address, printed on every slip" },
    note: { type: 'string', value: 'TEXT', description: 'a note printed on every slip' },
    out: { type: 'string', value: 'FILE', description: 'write the SealedSecret here instead of stdout' },
    'allow-example-key': ALLOW_EXAMPLE_KEY_OPTION,
  },
  run: (inv) => passwordsWith(inv, processExamIo(inv.io)),
};

/** `hubfleet exam <subcommand>`. */
export const examCommand: Command = {
  name: 'exam',
  summary: 'exam tasks: one-time passwords (hubfleet exam passwords --help)',
  description: 'Tasks around an exam hub (lib/hub/README-exams.md).',
  subcommands: [examPasswordsCommand],
};

/** `hubfleet exam <subcommand>` with the given file system and streams; returns the exit code (synchronously: passwords is). */
export function runExam(args: readonly string[], io: ExamIo): number {
  return <number>runCommand({ ...examCommand, subcommands: [{ ...examPasswordsCommand, run: (inv) => passwordsWith(inv, io) }] }, args, io, process.cwd());
}
