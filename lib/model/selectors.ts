/**
 * Label selectors as Kubernetes evaluates them (`metav1.LabelSelector`): `matchLabels` and
 * `matchExpressions` (In, NotIn, Exists, DoesNotExist) are ANDed; an empty selector matches
 * everything; a missing selector (undefined) matches nothing where the API says so (the caller
 * decides). Source: k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector.
 */

export type LabelMap = Readonly<Record<string, string>>;

export interface SelectorExpression {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: LabelMap;
  readonly matchExpressions?: readonly SelectorExpression[];
}

/** True when `labels` satisfy the selector. An empty selector (`{}`) selects everything. */
export function selects(selector: LabelSelector | undefined | null, labels: LabelMap): boolean {
  if (!selector) return true;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const vals = e.values ?? [];
    switch (e.operator) {
      case 'In':
        if (!has || !vals.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && vals.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A plain `map[string]string` selector (Services, nodeSelector): every pair must be present; empty selects all. */
export function selectsMap(selector: LabelMap | undefined, labels: LabelMap): boolean {
  for (const [k, v] of Object.entries(selector ?? {})) if (labels[k] !== v) return false;
  return true;
}

/** Render a selector for messages: `a=b,c in (x,y)`. */
export function showSelector(selector: LabelSelector | LabelMap | undefined): string {
  if (!selector) return '(none)';
  const s = selector as LabelSelector;
  const isSel = 'matchLabels' in s || 'matchExpressions' in s;
  const ml = isSel ? s.matchLabels ?? {} : (selector as LabelMap);
  const parts = Object.entries(ml).map(([k, v]) => `${k}=${v}`);
  if (isSel) {
    for (const e of s.matchExpressions ?? []) {
      parts.push(e.operator === 'Exists' ? e.key : e.operator === 'DoesNotExist' ? `!${e.key}` : `${e.key} ${e.operator === 'In' ? 'in' : 'notin'} (${(e.values ?? []).join(',')})`);
    }
  }
  return parts.length ? parts.join(',') : '(all)';
}
