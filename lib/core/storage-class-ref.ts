/** A StorageClass that hubs can put volumes on (from an NfsProvisioner, or one that already exists). */
export interface IStorageClass {
  readonly storageClassName: string;
  /** Whether volumes on this class can be mounted by many pods at once (NFS can). */
  readonly readWriteMany: boolean;
}

/** Refer to StorageClasses that already exist on a cluster. */
export class StorageClassRef {
  /**
   * A StorageClass by name.
   * @param readWriteMany whether it supports ReadWriteMany (default false)
   */
  static fromName(storageClassName: string, readWriteMany = false): IStorageClass {
    return { storageClassName, readWriteMany };
  }
}
