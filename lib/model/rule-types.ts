import type { ClusterModel } from './cluster-model';

/** One finding of a wiring rule. */
export interface ModelFinding {
  /** Construct path of the object or package it concerns. */
  readonly path: string;
  readonly field: string;
  readonly value: unknown;
  readonly message: string;
  readonly fix: string;
}

/** A row of a wiring rule table: it looks at the whole cluster model. */
export interface ModelRule {
  readonly id: string;
  /** What the rule guards (one line, for the README's list). */
  readonly guards: string;
  /** @default 'error' */
  readonly severity?: 'error' | 'warning';
  readonly check: (model: ClusterModel) => ModelFinding[];
}
