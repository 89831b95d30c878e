import { Construct } from 'constructs';
import { checkRules, PropRule } from '../core/errors';
import { parseCidr } from '../core/names';
import { declareProps } from '../core/props-check';
import { CourseJupyterHub, CourseJupyterHubProps } from './course-jupyterhub';

/** Props of {@link ExamHub}: a course hub's props with exam defaults. */
export interface ExamHubProps extends CourseJupyterHubProps {
  /**
   * Client networks allowed to reach the hub (exam rooms, the VPN). The ingress controller enforces
   * them (NetworkPolicies cannot: the proxy sees the controller's address, not the client's): a
   * Traefik `ipAllowList` Middleware the route references, or ingress-nginx's
   * `whitelist-source-range` (see lib/core/public-route.ts).
   */
  readonly allowedSourceCidrs: readonly string[];
}

const EXAM_RULES: readonly PropRule<ExamHubProps>[] = [
  {
    id: 'exam-source-cidrs',
    field: 'allowedSourceCidrs',
    value: (p) => p.allowedSourceCidrs,
    ok: (p) => p.allowedSourceCidrs.length > 0 && p.allowedSourceCidrs.every((c) => parseCidr(c) !== undefined),
    message: 'an exam hub needs the exam rooms\' and VPN networks as parseable CIDRs.',
    fix: 'set allowedSourceCidrs, e.g. ["10.30.10.0/24", "10.8.0.0/16"].',
  },
  {
    id: 'exam-no-internet',
    field: 'internetAccess',
    value: (p) => p.internetAccess,
    ok: (p) => p.internetAccess !== true,
    message: 'an exam hub gives notebooks internet access.',
    fix: 'remove internetAccess (exam hubs default to no internet) and list what is needed in egressAllowances.',
  },
];

/**
 * A locked-down exam hub: a {@link CourseJupyterHub} in group `exams` (`dist/<cluster>/k8s/exams/`,
 * namespace `exam-<id>`) whose notebooks reach no internet, whose hub and proxy are not evicted
 * during the exam, with Guaranteed QoS (limits = guarantees) and no idle culling.
 */
export class ExamHub extends CourseJupyterHub {
  constructor(scope: Construct, id: string, props: ExamHubProps) {
    const cpu = props.cpuGuarantee ?? props.cpuLimit ?? 1;
    const mem = props.memoryGuaranteeGiB ?? props.memoryLimitGiB ?? 2;
    super(
      scope,
      id,
      {
        culling: false,
        blockEviction: true,
        cpuGuarantee: cpu,
        cpuLimit: cpu,
        memoryGuaranteeGiB: mem,
        memoryLimitGiB: mem,
        ...props,
        internetAccess: props.internetAccess ?? false,
        // The hub checks the client address too (lib/hub/client-range.ts), whatever the controller does.
        clientCidrs: props.clientCidrs ?? props.allowedSourceCidrs.filter((c) => parseCidr(c) !== undefined),
      },
      'exams',
    );
    declareProps(this, 'ExamHubProps', props);
    const path = this.node.path;
    this.addIssues(() => checkRules(path, props, EXAM_RULES));

  }
}
