import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { e2xCluster } from '../../apps/e2x';
import { ethTeachingCluster } from '../../apps/eth-teaching';
import { EXAM_PASSWORD_HASHES } from '../../apps/e2x.secrets';
import { buildCluster } from '../../lib/fleet/define';
import { synthApp } from '../../lib/fleet/synth';
import { unseal } from '../../lib/secrets/seal';

/** The examples' exams as dist/ holds them (what Argo CD applies). */
const e2x = synthApp(buildCluster(e2xCluster)).files;
const eth = synthApp(buildCluster(ethTeachingCluster)).files;
const yaml = (files: Map<string, string>, f: string) => parse(files.get(f) ?? (() => { throw new Error(`no ${f} in ${[...files.keys()].filter((k) => k.includes(path.dirname(f))).join(', ')}`); })());

describe('e2x exam (rooms and VPN, one-time passwords, 120 seats on the exam pool) and grading hub', () => {
  const dir = 'k8s/exams/programming-exam';
  const config = () => yaml(e2x, `${dir}/configmap-hub-config.yaml`).data['jupyterhub_config.py'] as string;

  test('exam user servers outrank course servers: the classes in dist/ and the ones each hub names', () => {
    const value = (n: string) => yaml(e2x, `k8s/platform/priority-classes/priorityclass-${n}.yaml`).value as number;
    expect(config()).toContain('c.KubeSpawner.priority_class_name = "hubfleet-exam-server"');
    expect(yaml(e2x, 'k8s/courses/assignments/configmap-hub-config.yaml').data['jupyterhub_config.py']).toContain('c.KubeSpawner.priority_class_name = "hubfleet-course-server"');
    expect(value('hubfleet-exam-server')).toBeGreaterThan(value('hubfleet-course-hub'));
    expect(value('hubfleet-course-hub')).toBeGreaterThan(value('hubfleet-course-server'));
  });

  test('120 one-time-password seats and 2 supervisors, rooms and VPN only, on the dedicated exam pool', () => {
    expect(config()).toContain('c.JupyterHub.authenticator_class = HubfleetOneTimePasswordAuthenticator');
    expect(config()).toMatch(/"e2x-exam-120", "e2x-exam-s01", "e2x-exam-s02"/);
    expect(config()).toContain('HUBFLEET_CLIENT_RANGES = [ipaddress.ip_network(n) for n in ["194.95.66.0/24", "194.95.67.0/24", "10.8.0.0/16"]]');
    expect(config()).toContain('"hub.jupyter.org/node-purpose": "exam"');
    expect(yaml(e2x, `${dir}/cronjob-seat-placeholders.yaml`).spec.jobTemplate.spec.parallelism).toBe(120);
    expect(yaml(e2x, `${dir}/daemonset-image-pre-puller.yaml`).spec.template.spec.nodeSelector).toEqual({ 'hub.jupyter.org/node-purpose': 'exam' });
    expect(yaml(e2x, `${dir}/namespace-exam-programming-exam.yaml`).metadata.annotations['hubfleet.io/exam-window']).toBe('2026-02-10T09:00:00+01:00/2026-02-10T11:00:00+01:00');
  });

  test('the sealed password list holds only salted hashes, one per seat and supervisor', () => {
    const key = crypto.createPrivateKey(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'sealed-secrets', 'e2x-example-key.pem'), 'utf8'));
    const list = unseal(key, EXAM_PASSWORD_HASHES, 'strict', 'exam-programming-exam', 'exam-passwords').toString('utf8');
    const lines = list.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(lines).toHaveLength(122);
    for (const l of lines) expect(l).toMatch(/^e2x-exam-(\d{3}|s0[12]) \$scrypt\$ln=14,r=8,p=1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=( reusable)?$/);
    expect(yaml(e2x, `${dir}/sealedsecret-exam-passwords.yaml`).spec.encryptedData.hashes).toBe(EXAM_PASSWORD_HASHES);
  });

  test('the grading hub (LDAP graders) mounts the exam export read-only from the platform\'s PersistentVolume', () => {
    const grading = yaml(e2x, 'k8s/exams/grading/configmap-hub-config.yaml').data['jupyterhub_config.py'] as string;
    expect(grading).toContain('c.LDAPAuthenticator.allowed_groups = ["cn=e2x-graders,ou=groups,dc=example-hbrs,dc=de"]');
    expect(grading).toMatch(/"claimName": "exam-programming-exam-submissions",\s+"readOnly": True/);
    const pv = yaml(e2x, 'k8s/platform/exam-volumes/persistentvolume-course-grading-exam-programming-exam-submissions.yaml');
    expect(pv.spec.nfs).toEqual({ server: '10.30.0.5', path: '/srv/nfs/e2x/exam-programming-exam/exam-submissions', readOnly: true });
    expect(yaml(e2x, `${dir}/persistentvolumeclaim-exam-submissions.yaml`).spec.storageClassName).toBe('nfs-exchange');
  });
});

describe('eth-teaching exam in Safe Exam Browser mode next to its SEB Server', () => {
  test('the gate is in the hub, the Config Key comes sealed, the docs name the SEB Server', () => {
    const config = yaml(eth, 'k8s/exams/informatics-exam/configmap-hub-config.yaml').data['jupyterhub_config.py'] as string;
    expect(config).toContain('c.JupyterHub.extra_handlers = [(r"/seb-gate", HubfleetSebGateHandler)]');
    const env = yaml(eth, 'k8s/exams/informatics-exam/deployment-hub.yaml').spec.template.spec.containers[0].env;
    expect(env).toContainEqual({ name: 'HUBFLEET_SEB_CONFIG_KEYS', valueFrom: { secretKeyRef: { name: 'seb-config-key', key: 'config-keys' } } });
    expect(yaml(eth, 'k8s/exams/informatics-exam/sealedsecret-seb-config-key.yaml').kind).toBe('SealedSecret');
    const app = buildCluster(ethTeachingCluster);
    const exam = app.node.findChild('informatics-exam') as unknown as { sebSetup: string[] };
    expect(exam.sebSetup.join('\n')).toContain('https://seb.teaching.example-university.ch');
  });
});
