import { ClusterApp } from '../lib/fleet/cluster-app';
import { SebServer } from '../lib/seb/seb-server';
import { SecretKeyRef } from '../lib/secrets/secret-ref';
import { IStorageClass, StorageClassRef } from '../lib/core/storage-class-ref';

/** The keys of the SealedSecret `seb-credentials` (namespace `seb`) that SEB Server reads. */
export const SEB_CREDENTIAL_KEYS = ['sebserver-password', 'db-root-password', 'db-password', 'admin-password'] as const;

/**
 * eth-teaching's SEB Server for its exams: https://seb.teaching.example-university.ch, split into a
 * webservice (two replicas, distributed mode) and one GUI, so SEB clients keep working while the
 * GUI restarts. The credentials are the keys {@link SEB_CREDENTIAL_KEYS} of the SealedSecret
 * `seb-credentials` in namespace `seb` (apps/eth-teaching.secrets.ts, sealed with `hubfleet seal`).
 * Backups go to a Retain StorageClass every night and are kept 30 days.
 */
export function ethTeachingSeb(app: ClusterApp, backupStorage: IStorageClass = StorageClassRef.fromName('nfs-homes', true)): SebServer {
  const secret = (key: (typeof SEB_CREDENTIAL_KEYS)[number]) => SecretKeyRef.fromName('seb-credentials', key);
  return new SebServer(app, 'seb', {
    mode: 'split',
    host: 'seb.teaching.example-university.ch',
    guiHost: 'seb-admin.teaching.example-university.ch',
    credentials: {
      sebServerPassword: secret('sebserver-password'),
      databaseRootPassword: secret('db-root-password'),
      databasePassword: secret('db-password'),
      initialAdminPassword: secret('admin-password'),
    },
    server: { replicas: 2, cpuRequest: 1, cpuLimit: 4, memoryRequestMiB: 3072, memoryLimitMiB: 4096, heapMinMiB: 1024, heapMaxMiB: 3072 },
    gui: { replicas: 1 },
    database: { storageGiB: 50, memoryLimitMiB: 4096, innodbBufferPoolMiB: 2048 },
    backup: { schedule: '30 2 * * *', timeZone: 'Europe/Zurich', retentionDays: 30, storageGiB: 100, storageClass: backupStorage },
  });
}
