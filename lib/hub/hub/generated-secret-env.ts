/** An environment variable read from the hub's generated Secret (lib/hub/hub/generated-secrets.ts). */
import { GENERATED_SECRET_NAME } from './generated-secrets';

/** `name` from key `key` of Secret `hub-generated`. */
export function generatedSecretEnv(name: string, key: string): { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } } {
  return { name, valueFrom: { secretKeyRef: { name: GENERATED_SECRET_NAME, key } } };
}
