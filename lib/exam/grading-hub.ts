/**
 * The grading hub of one or more exams: a course hub for graders only, which mounts each exam's
 * export read-only (`/srv/exams/<exam>`: submissions in nbgrader's `submitted/` layout, the
 * manifests and `receipts.html`) and ships the checker `check_receipts.py` that re-hashes an export
 * and compares the receipts written on the paper sheets. No route for students: the hub is reachable
 * only from staff networks (`allowedSourceCidrs`), and only staff log in (LDAP with an allowed group
 * of graders, or LTI where a hook refuses every launch without a staff role).
 */
import { Construct } from 'constructs';
import { checkRules, Issue, PropRule } from '../core/errors';
import { K8sObject } from '../core/k8s-object';
import { KEEP_ON_REMOVAL } from '../core/pod';
import { declareProps } from '../core/props-check';
import { ClusterApp } from '../fleet/cluster-app';
import { pods } from '../model/declarations';
import { JupyterHubPackage } from '../hub/course-jupyterhub';
import { CourseJupyterHubProps } from '../hub/course-jupyterhub-props';
import { HubKind } from '../hub/hub-kind';
import type { ExamHub } from '../hub/exam-hub';
import { PRIORITY } from '../fleet/priority-classes';
import { ExamVolumes, STATIC_CLASS } from './exam-volumes';
import { CHECK_PY, EXPORT_CLAIM } from './receipts';

/** Props of {@link GradingHub}. */
export interface GradingHubProps extends CourseJupyterHubProps {
  /** The exams whose exports graders read (each needs a window: its export runs at the end). */
  readonly exams: readonly ExamHub[];
  /** Size of each read-only export view. @default the exam's export size */
  readonly exportSizeGiB?: number;
}

/** ConfigMap with the checker. */
export const CHECKER_CONFIGMAP = 'exam-receipts';
/** Where graders find it. */
export const CHECKER_PATH = '/usr/local/share/hubfleet/check_receipts.py';

const LTI_STAFF_ONLY = [
  '_hubfleet_grading_previous_hook = globals().get("hubfleet_lti_roles")',
  '',
  '',
  'def hubfleet_grading_staff_only(authenticator, handler, authentication):',
  '    """Graders only: a launch without a staff role gets no account here."""',
  '    if _hubfleet_grading_previous_hook is not None:',
  '        authentication = _hubfleet_grading_previous_hook(authenticator, handler, authentication)',
  '    # hubfleet_lti_roles puts staff (by LTI role) into the grader group, whether or not they become admins.',
  '    if authentication is None or HUBFLEET_GRADER_GROUP not in (authentication.get("groups") or []):',
  '        authenticator.log.warning("refused %s: the grading hub admits staff roles only", (authentication or {}).get("name"))',
  '        return None',
  '    return authentication',
  '',
  '',
  'c.Authenticator.post_auth_hook = hubfleet_grading_staff_only',
].join('\n');

interface GradingRuleInput {
  readonly props: GradingHubProps;
  readonly nfs: ReadonlyArray<{ readonly exam: string; readonly ok: boolean; readonly why: string }>;
}

const GRADING_RULES: readonly PropRule<GradingRuleInput>[] = [
  {
    id: 'grading-exams',
    field: 'exams',
    value: (g) => g.props.exams.map((e) => e.node.id),
    ok: (g) => g.props.exams.length > 0 && g.props.exams.every((e) => e.window !== undefined && e.exportsSubmissions),
    message: 'a grading hub reads the exports of exams with a window and nbgrader (the export runs at the end of the window).',
    fix: 'give each exam a window and nbgrader, or leave it out of exams.',
  },
  {
    id: 'grading-staff-only',
    field: 'auth/allowedSourceCidrs',
    value: (g) => [g.props.auth.kind, g.props.allowedSourceCidrs],
    ok: (g) => (g.props.allowedSourceCidrs ?? []).length > 0 || ['lti13', 'lti11'].includes(g.props.auth.kind) || (g.props.auth.kind === 'ldap' && ((g.props.auth as unknown as { common: { allowedGroups?: readonly string[] } }).common.allowedGroups ?? []).length > 0),
    message: 'a grading hub must keep students out: reachable only from staff networks, or a login that admits staff only (LDAP with the graders\' group, or LTI, whose launches without a staff role hubfleet refuses).',
    fix: 'set allowedSourceCidrs to the staff networks, or use HubAuth.ldap({ …, allowedGroups: ["cn=graders,…"] }).',
  },
  {
    id: 'grading-export-nfs',
    field: 'exams[].submissions',
    value: (g) => g.nfs.filter((n) => !n.ok).map((n) => `${n.exam}: ${n.why}`),
    ok: (g) => g.nfs.every((n) => n.ok),
    message: 'the grading hub reads each export through a read-only NFS volume at the directory the NFS provisioner gave the export claim; that needs the claim on an NFS class of this output with pathPattern ${.PVC.namespace}/${.PVC.name}.',
    fix: 'give the cluster nfs in the ClusterSpec (the Platform adds the NFS provisioner) and leave the exam\'s submissions.storageClass at its default (nfs-exchange).',
  },
];

/** Where an export claim's directory is on the NFS server, from the output's StorageClass and provisioner. */
function exportLocation(app: ClusterApp, exam: ExamHub): { server: string; path: string; mountOptions: string[] } | string {
  const cls = exam.exportStorageClass;
  if (!cls) return 'the export claim names no StorageClass';
  const objects = app.node.findAll().filter((c): c is K8sObject => c instanceof K8sObject).map((o) => o.manifest as any);
  const sc = objects.find((o) => o.kind === 'StorageClass' && o.metadata.name === cls);
  if (!sc) return `StorageClass ${cls} is not in this output`;
  if (sc.parameters?.pathPattern !== '${.PVC.namespace}/${.PVC.name}') return `StorageClass ${cls} has pathPattern ${JSON.stringify(sc.parameters?.pathPattern)}`;
  const dep = objects.find((o) => o.kind === 'Deployment' && (o.spec?.template?.spec?.containers ?? []).some((c: any) => (c.env ?? []).some((e: any) => e.name === 'PROVISIONER_NAME' && e.value === sc.provisioner)));
  const env = (n: string) => (dep?.spec?.template?.spec?.containers ?? []).flatMap((c: any) => c.env ?? []).find((e: any) => e.name === n)?.value as string | undefined;
  const server = env('NFS_SERVER');
  const root = env('NFS_PATH');
  if (!server || !root) return `no NFS provisioner of this output serves ${sc.provisioner}`;
  return { server, path: `${root.replace(/\/+$/, '')}/${exam.namespaceName}/${EXPORT_CLAIM}`, mountOptions: [...(sc.mountOptions ?? [])] };
}

/** A grading hub (group `exams`, namespace `grading-<id>`): graders only, the exams' exports read-only. */
/**
 * What a grading hub changes in a hub's parts: it lives with the exams (folder `exams/`, a dummy
 * login is an error, notebooks isolated), with a course hub's priorities, and admits staff only.
 */
function gradingHubKind(lti: boolean): HubKind {
  return {
    kind: 'exam',
    inventoryKind: 'grading',
    hub: { priorityClass: PRIORITY.courseHub, loginThrottle: true, configSections: lti ? [{ title: 'Grading hub: staff roles only (lib/exam/grading-hub.ts).', code: LTI_STAFF_ONLY }] : [] },
    userServers: { priorityClass: PRIORITY.courseServer },
    network: { isolateNotebooks: true },
  };
}

export class GradingHub extends JupyterHubPackage {
  constructor(scope: Construct, id: string, props: GradingHubProps) {
    const app = ClusterApp.of(scope);
    const namespace = props.namespace ?? `grading-${id}`;
    const views = props.exams.map((e) => ({ exam: e, claim: `exam-${e.node.id}-submissions` }));
    const lti = props.auth.kind === 'lti13' || props.auth.kind === 'lti11';
    super(
      scope,
      id,
      {
        ...props,
        namespace,
        // Exam submissions are personal data: graders' servers reach nothing outside the cluster.
        internetAccess: props.internetAccess ?? false,
        clientCidrs: props.clientCidrs ?? props.allowedSourceCidrs,
        userVolumes: [
          ...(props.userVolumes ?? []),
          ...views.map((v) => ({ name: `exam-${v.exam.node.id}`, source: { persistentVolumeClaim: v.claim }, mountPath: `/srv/exams/${v.exam.node.id}`, readOnly: true })),
          { name: 'exam-receipts', source: { configMap: CHECKER_CONFIGMAP }, mountPath: CHECKER_PATH, subPath: 'check_receipts.py', readOnly: true },
        ],
      },
      gradingHubKind(lti),
    );
    declareProps(this, 'GradingHubProps', props);
    const ns = this.namespaceName;
    new K8sObject(this, 'checker', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: CHECKER_CONFIGMAP, namespace: ns, labels: { 'app.kubernetes.io/part-of': 'hubfleet', 'hubfleet.io/course': id } }, data: { 'check_receipts.py': CHECK_PY } });
    const volumes = ExamVolumes.of(app);
    const locations: Array<{ exam: string; ok: boolean; why: string }> = [];
    for (const v of views) {
      const size = props.exportSizeGiB ?? v.exam.exportSizeGiB;
      new K8sObject(this, `view-${v.exam.node.id}`, {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        metadata: { name: v.claim, namespace: ns, labels: { 'app.kubernetes.io/part-of': 'hubfleet', 'hubfleet.io/data': 'exam-export' }, annotations: { ...KEEP_ON_REMOVAL } },
        spec: { accessModes: ['ReadOnlyMany'], storageClassName: STATIC_CLASS, volumeName: `${ns}-${v.claim}`, resources: { requests: { storage: `${size}Gi` } } },
      });
      // Where the export lives is known once the whole tree exists (the NFS provisioner may come later).
      app.addFinalizer(() => {
        const loc = exportLocation(app, v.exam);
        if (typeof loc === 'string') {
          locations.push({ exam: v.exam.node.id, ok: false, why: loc });
          return;
        }
        locations.push({ exam: v.exam.node.id, ok: true, why: '' });
        volumes.addView({ name: `${ns}-${v.claim}`, server: loc.server, path: loc.path, mountOptions: loc.mountOptions, sizeGiB: size, claimNamespace: ns, claimName: v.claim });
      });
      // Exam notebooks never reach the grading hub (nor anything else in another namespace).
      this.declarations.flow({ from: pods(v.exam.namespaceName, { component: 'singleuser-server', release: v.exam.node.id }, 'exam user servers'), to: pods(ns, { component: 'proxy', app: 'jupyterhub', release: id }, 'the grading hub\'s proxy'), port: 'any', expect: 'denied', why: 'students never reach the grading hub from the exam' });
    }
    this.addIssues((): Issue[] => checkRules(this.node.path, { props, nfs: locations }, GRADING_RULES));
  }
}
