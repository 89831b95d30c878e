/**
 * A SEB Server's props after the defaults (what the parts build from and SEB_SERVER_RULES checks),
 * its labels, ports, and the environment helpers its workloads share.
 */
import { IStorageClass } from '../core/storage-class-ref';
import { ClusterApp } from '../fleet/cluster-app';
import { ingressOf } from '../fleet/cluster-spec';
import { ISecretKeyRef, SecretKeyRef } from '../secrets/secret-ref';
import { SebDatabaseOptions, SebJavaSizing, SebServerProps } from './seb-server-props';
import { SEB_IMAGES } from './versions';

/** CPU, memory, Java heap and replicas of a Java component, defaults applied. */
export interface SebSizing {
  readonly replicas: number;
  readonly cpuRequest: number;
  readonly cpuLimit: number;
  readonly memoryRequestMiB: number;
  readonly memoryLimitMiB: number;
  readonly heapMinMiB: number;
  readonly heapMaxMiB: number;
}

/** The props of a SEB Server with every default applied. */
export interface ResolvedSeb {
  readonly id: string;
  readonly namespace: string;
  readonly mode: 'bundled' | 'split';
  readonly host: string;
  readonly guiHost: string;
  readonly image: string;
  readonly server: SebSizing;
  readonly gui?: SebSizing;
  readonly sps?: SebSizing & { host: string; guiHost: string; image: string; guiImage: string };
  readonly db: Required<Omit<SebDatabaseOptions, 'storageClass'>> & { storageClass?: IStorageClass };
  readonly backup: { schedule: string; timeZone?: string; retentionDays: number; storageGiB: number; storageClass?: IStorageClass };
  readonly lmsEgressPorts: readonly number[];
  readonly ingressKind: 'ingress' | 'gateway';
  readonly ingressClass: string;
  readonly props: SebServerProps;
}

/** Ports of SEB Server, screen proctoring (SPS) and its GUI. */
export const SEB_PORTS = { seb: 8080, sps: 8090, spsGui: 3000 } as const;

function sizing(given: SebJavaSizing | undefined, d: SebSizing): SebSizing {
  return { ...d, ...Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined)) } as SebSizing;
}

/** Apply the defaults of {@link SebServerProps} (documented there with `@default`). */
export function resolveSebServer(id: string, namespace: string, props: SebServerProps, app: ClusterApp): ResolvedSeb {
  const spec = app.spec;
  const ingress = ingressOf(spec);
  const mode = props.mode ?? 'bundled';
  const dbMemLimit = props.database?.memoryLimitMiB ?? 3072;
  const spsOpts = props.screenProctoring;
  return {
    id,
    namespace,
    mode,
    host: props.host ?? `seb.${spec.domain}`,
    guiHost: mode === 'bundled' ? props.host ?? `seb.${spec.domain}` : props.guiHost ?? `seb-gui.${spec.domain}`,
    image: props.image ?? SEB_IMAGES.sebServer,
    server: sizing(
      props.server,
      mode === 'bundled'
        ? { replicas: 1, cpuRequest: 0.5, cpuLimit: 2, memoryRequestMiB: 2048, memoryLimitMiB: 4096, heapMinMiB: 1024, heapMaxMiB: 3072 }
        : { replicas: 1, cpuRequest: 0.5, cpuLimit: 2, memoryRequestMiB: 2048, memoryLimitMiB: 3072, heapMinMiB: 1024, heapMaxMiB: 2304 },
    ),
    gui: mode === 'split' ? sizing(props.gui, { replicas: 1, cpuRequest: 0.25, cpuLimit: 1, memoryRequestMiB: 1024, memoryLimitMiB: 2048, heapMinMiB: 256, heapMaxMiB: 1536 }) : undefined,
    sps: spsOpts
      ? {
          ...sizing(spsOpts.sizing, { replicas: 1, cpuRequest: 0.5, cpuLimit: 2, memoryRequestMiB: 1536, memoryLimitMiB: 3072, heapMinMiB: 512, heapMaxMiB: 2304 }),
          host: spsOpts.host ?? `seb-sps.${spec.domain}`,
          guiHost: spsOpts.guiHost ?? `seb-sps-gui.${spec.domain}`,
          image: spsOpts.image ?? SEB_IMAGES.sps,
          guiImage: spsOpts.guiImage,
        }
      : undefined,
    db: {
      image: props.database?.image ?? SEB_IMAGES.mariadb,
      storageGiB: props.database?.storageGiB ?? 20,
      storageClass: props.database?.storageClass ?? app.storageFor('database'),
      cpuRequest: props.database?.cpuRequest ?? 0.5,
      cpuLimit: props.database?.cpuLimit ?? 2,
      memoryRequestMiB: props.database?.memoryRequestMiB ?? 2048,
      memoryLimitMiB: dbMemLimit,
      innodbBufferPoolMiB: props.database?.innodbBufferPoolMiB ?? Math.floor(dbMemLimit / 2),
      maxConnections: props.database?.maxConnections ?? 5000,
      maxAllowedPacketMiB: props.database?.maxAllowedPacketMiB ?? 256,
    },
    backup: {
      schedule: props.backup?.schedule ?? '30 2 * * *',
      timeZone: props.backup?.timeZone,
      retentionDays: props.backup?.retentionDays ?? 14,
      storageGiB: props.backup?.storageGiB ?? 20,
      // Backups belong on other disks than the database (NFS registers 'backup'); the block class is the fallback.
      storageClass: props.backup?.storageClass ?? app.storageFor('backup') ?? app.storageFor('database'),
    },
    lmsEgressPorts: props.lmsEgressPorts ?? [443],
    ingressKind: ingress.kind,
    ingressClass: ingress.className,
    props,
  };
}

/** More than one replica serves the GUI: sessions need cookie affinity. */
export function needsAffinity(r: ResolvedSeb): boolean {
  return r.mode === 'bundled' ? r.server.replicas > 1 : (r.gui?.replicas ?? 1) > 1;
}

/** Labels of a SEB Server's objects and the selectors of its pods, per component. */
export interface SebLabels {
  labels(component: string): Record<string, string>;
  select(component: string): Record<string, string>;
}

/** The labels of SEB Server `instance` (its construct id). */
export function sebLabels(instance: string): SebLabels {
  return {
    labels: (component) => ({ 'app.kubernetes.io/name': 'seb-server', 'app.kubernetes.io/instance': instance, 'app.kubernetes.io/component': component, 'app.kubernetes.io/part-of': 'hubfleet' }),
    select: (component) => ({ 'app.kubernetes.io/name': 'seb-server', 'app.kubernetes.io/instance': instance, 'app.kubernetes.io/component': component }),
  };
}

/** Stands in for a reference the caller left out (the rule table reports it). */
export const MISSING_REF: ISecretKeyRef = { secretName: 'missing', key: 'missing' };

/** A plain environment variable. */
export const env = (name: string, value: string) => ({ name, value });

/** An environment variable from a Secret key; a missing reference (reported by the rules) renders a placeholder instead of crashing. */
export const secretEnv = (name: string, ref: ISecretKeyRef | undefined) => ({ name, valueFrom: SecretKeyRef.envValueFrom(ref ?? MISSING_REF) });

/** Port and Java heap of a Java component (SEB Server and SPS read SERVER_PORT, JAVA_HEAP_MIN, JAVA_HEAP_MAX). */
export function javaEnv(s: SebSizing, port: number): Array<{ name: string; value: string }> {
  const mib = (n: number) => `${Math.round(n)}m`;
  return [env('SERVER_PORT', String(port)), env('JAVA_HEAP_MIN', mib(s.heapMinMiB)), env('JAVA_HEAP_MAX', mib(s.heapMaxMiB))];
}
