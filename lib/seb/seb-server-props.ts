/**
 * The props of SebServer (lib/seb/seb-server.ts): what a cluster says about its Safe Exam Browser
 * server. Each part (lib/seb/README.md, "Parts") reads the fields it needs after the defaults
 * (resolved.ts).
 */
import { IStorageClass } from '../core/storage-class-ref';
import { ISecretKeyRef } from '../secrets/secret-ref';

/** CPU, memory, Java heap and replicas of one Java component (SEB Server, its GUI, SPS). */
export interface SebJavaSizing {
  /** @default 1 */
  readonly replicas?: number;
  readonly cpuRequest?: number;
  readonly cpuLimit?: number;
  readonly memoryRequestMiB?: number;
  readonly memoryLimitMiB?: number;
  /** `JAVA_HEAP_MIN` (-Xms) in MiB. */
  readonly heapMinMiB?: number;
  /** `JAVA_HEAP_MAX` (-Xmx) in MiB; at most 80 % of memoryLimitMiB (metaspace, threads, buffers need the rest). */
  readonly heapMaxMiB?: number;
}

/**
 * SEB Server's credentials: references to keys of Secrets that SealedSecrets create (normally
 * `sealed.key('…')` of a SealedSecret sealed with `hubfleet seal`). hubfleet never sees the values.
 */
export interface SebServerCredentials {
  /**
   * `sebserver_password`: SEB Server encrypts data with it. It MUST NEVER CHANGE after the first
   * start (a password guard refuses to start SEB Server when it does). Use a long random value.
   */
  readonly sebServerPassword: ISecretKeyRef;
  /** MariaDB root password (used by the backup and restore jobs only). */
  readonly databaseRootPassword: ISecretKeyRef;
  /** Password of the `sebserver` database account that SEB Server and SPS use. */
  readonly databasePassword: ISecretKeyRef;
  /**
   * Password of the initial admin account `sebserver-admin`, used only on the first start against an
   * empty database. @default undefined (SEB Server generates one and prints it once in its log)
   */
  readonly initialAdminPassword?: ISecretKeyRef;
}

/** MariaDB settings. */
export interface SebDatabaseOptions {
  /** @default SEB_IMAGES.mariadb */
  readonly image?: string;
  /** Data volume size. @default 20 */
  readonly storageGiB?: number;
  /** Prefer a block StorageClass (not NFS) with reclaimPolicy Retain. @default the cluster default */
  readonly storageClass?: IStorageClass;
  /** @default 0.5 */
  readonly cpuRequest?: number;
  /** @default 2 */
  readonly cpuLimit?: number;
  /** @default 2048 */
  readonly memoryRequestMiB?: number;
  /** @default 3072 */
  readonly memoryLimitMiB?: number;
  /** `innodb_buffer_pool_size`; at most 75 % of memoryLimitMiB. @default half the memory limit */
  readonly innodbBufferPoolMiB?: number;
  /** `max_connections`. @default 5000 (the SEB Server setup's value) */
  readonly maxConnections?: number;
  /** `max_allowed_packet`. @default 256 (the bundled SEB Server setup's value) */
  readonly maxAllowedPacketMiB?: number;
}

/** The nightly database backup. */
export interface SebBackupOptions {
  /** Cron schedule. @default '30 2 * * *' */
  readonly schedule?: string;
  /** IANA time zone of the schedule. @default undefined (the controller's time zone, usually UTC) */
  readonly timeZone?: string;
  /** Keep this many days of dumps. @default 14 */
  readonly retentionDays?: number;
  /** @default 20 */
  readonly storageGiB?: number;
  /** Use a StorageClass with reclaimPolicy Retain (and ideally other disks than the database). @default the cluster default */
  readonly storageClass?: IStorageClass;
}

/** Credentials that SEB Server and screen proctoring must share (each used on both sides). */
export interface ScreenProctoringCredentials {
  /** SPS `sebserver_client_secret` = SEB Server `sps_sebserver_client_secret`. */
  readonly sebServerClientSecret: ISecretKeyRef;
  /** SPS `spsgui_client_secret` = SPS GUI `PROCTOR_SERVER_PASSWORD`. */
  readonly guiClientSecret: ISecretKeyRef;
  /** SPS `sps_init_sebserveraccount_password` = SEB Server `sps_sebserver_password`. */
  readonly sebServerAccountPassword: ISecretKeyRef;
}

/** SEB screen proctoring (SPS webservice and GUI). */
export interface ScreenProctoringOptions {
  readonly credentials: ScreenProctoringCredentials;
  /**
   * The SPS GUI image, pinned to a fixed tag or digest you checked on Docker Hub. Upstream only
   * documents the moving `naritter/seb-sps-gui:v1.2-stable`, so there is no default.
   */
  readonly guiImage: string;
  /** @default SEB_IMAGES.sps */
  readonly image?: string;
  /** Public host of the SPS webservice (SEB clients upload screenshots there). @default `seb-sps.<domain>` */
  readonly host?: string;
  /** Public host of the SPS GUI. @default `seb-sps-gui.<domain>` */
  readonly guiHost?: string;
  /** @default 1 replica, 0.5/2 CPU, 1536/3072 MiB, heap 512–2304 MiB */
  readonly sizing?: SebJavaSizing;
}

/** Props of SebServer (lib/seb/seb-server.ts). */
export interface SebServerProps {
  /**
   * `bundled`: one Deployment running webservice and GUI (`bundled,prod`); `split`: a webservice
   * Deployment (`ws,prod`) and a GUI Deployment (`gui,prod`) that scale separately.
   * @default 'bundled'
   */
  readonly mode?: 'bundled' | 'split';
  /**
   * The public HTTPS name SEB clients reach (written into every SEB client configuration as
   * `sebServerURL`; in bundled mode also the GUI). @default `seb.<cluster domain>`
   */
  readonly host?: string;
  /** Split mode: the public name of the GUI. @default `seb-gui.<cluster domain>` */
  readonly guiHost?: string;
  readonly credentials: SebServerCredentials;
  /** @default SEB_IMAGES.sebServer */
  readonly image?: string;
  /**
   * The bundled Deployment, or the webservice in split mode. More than one replica switches on
   * distributed mode (and, bundled, cookie affinity).
   * @default bundled 1 × 0.5/2 CPU, 2048/4096 MiB, heap 1024–3072 MiB; webservice 1 × 0.5/2 CPU, 2048/3072 MiB, heap 1024–2304 MiB
   */
  readonly server?: SebJavaSizing;
  /** Split mode: the GUI. More than one replica gets cookie affinity. @default 1 × 0.25/1 CPU, 1024/2048 MiB, heap 256–1536 MiB */
  readonly gui?: SebJavaSizing;
  readonly database?: SebDatabaseOptions;
  readonly backup?: SebBackupOptions;
  /** @default undefined (off) */
  readonly screenProctoring?: ScreenProctoringOptions;
  /** TCP ports the webservice may open to outside the cluster (LMS REST APIs). @default [443] */
  readonly lmsEgressPorts?: readonly number[];
  /** @default 'seb' for the id 'seb', else `seb-<id>` */
  readonly namespace?: string;
  /** PodDisruptionBudgets block voluntary eviction (node drains wait). Turn on for exam periods. @default false */
  readonly blockEviction?: boolean;
}
