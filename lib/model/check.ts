import { Issue } from '../core/errors';
import { CAPACITY_RULES } from '../capacity/rules';
import { ClusterModel } from './cluster-model';
import { API_RULES } from './api-rules';
import { EXPOSURE_RULES } from './exposure-rules';
import { FLOW_RULES } from './flow-rules';
import { REFERENCE_RULES } from './reference-rules';
import { STORAGE_RULES } from './storage-rules';
import { ModelRule } from './rule-types';
import { PRIORITY_CLASS_RULES } from '../fleet/priority-classes';

/** Every wiring rule, in the order synth reports them. */
export const WIRING_RULES: readonly ModelRule[] = [...REFERENCE_RULES, ...STORAGE_RULES, ...FLOW_RULES, ...EXPOSURE_RULES, ...API_RULES, ...PRIORITY_CLASS_RULES, ...CAPACITY_RULES];

/** Run the wiring rules on a model. A rule that throws is reported as a failure of that rule. */
export function checkModel(model: ClusterModel, rules: readonly ModelRule[] = WIRING_RULES): Issue[] {
  const out: Issue[] = [];
  for (const r of rules) {
    let findings;
    try {
      findings = r.check(model);
    } catch (e) {
      findings = [{ path: `cluster ${model.spec.name}`, field: '(model)', value: undefined, message: `the check failed: ${(e as Error).message}`, fix: 'report this as a hubfleet bug.' }];
    }
    for (const f of findings) out.push({ ...f, rule: r.id, ...(r.severity === 'warning' ? { severity: 'warning' as const } : {}) });
  }
  return out;
}
