import { Construct } from 'constructs';
import { checkRules, PropRule } from '../core/errors';
import { IsolatedNamespace } from '../fleet/isolated-namespace';
import { K8sObject } from '../core/k8s-object';
import { isDnsLabel, isDnsSubdomain, isPinnedImage } from '../core/names';
import { networkPolicy, tcp } from '../core/network-policy';
import { ContainerResources, resources } from '../core/pod';
import { declareProps } from '../core/props-check';
import { ClusterApp } from '../fleet/cluster-app';
import { Package } from '../fleet/package';
import { kubernetesApiPeers } from './nfs-provisioner';
import { IStorageClass } from '../core/storage-class-ref';

/** rancher/local-path-provisioner's last release (v0.0.37, deploy/local-path-storage.yaml). */
export const LOCAL_PATH_PROVISIONER_IMAGE = 'docker.io/rancher/local-path-provisioner:v0.0.37';
/** The helper pod's image (upstream names unpinned busybox; hubfleet pins it). */
export const LOCAL_PATH_HELPER_IMAGE = 'docker.io/library/busybox:1.37.0';
/** The provisioner name upstream writes into its StorageClass and every PV. */
export const LOCAL_PATH_PROVISIONER_NAME = 'rancher.io/local-path';

/** Props of {@link LocalPathProvisioner}. */
export interface LocalPathProvisionerProps {
  /** @default 'local-path-storage' (upstream's) */
  readonly namespace?: string;
  /** StorageClass name; volumes keep it forever. @default 'local-path' */
  readonly storageClassName?: string;
  /**
   * Directory on every node where the volumes live (one subdirectory per claim). Put it on the nodes'
   * local disk that survives reboots and is backed up like any database disk.
   * @default '/opt/local-path-provisioner' (upstream's)
   */
  readonly path?: string;
  /**
   * Node labels of the nodes that may hold volumes (e.g. the pool with local SSDs): the
   * StorageClass's `allowedTopologies`, so the scheduler places pods with such a claim only there.
   * @default {} (every node)
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** @default {@link LOCAL_PATH_PROVISIONER_IMAGE} */
  readonly image?: string;
  /** The helper pod that creates and removes a volume's directory on its node. @default {@link LOCAL_PATH_HELPER_IMAGE} */
  readonly helperImage?: string;
  /** @default 50m/200m CPU, 64/128 MiB */
  readonly resources?: ContainerResources;
}

interface Resolved {
  readonly namespace: string;
  readonly storageClassName: string;
  readonly path: string;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly image: string;
  readonly helperImage: string;
}

/** The LocalPathProvisioner validation table; each row has a "fails …" test in test/storage/local-path-provisioner.test.ts. */
export const LOCAL_PATH_PROVISIONER_RULES: readonly PropRule<Resolved>[] = [
  { id: 'local-path-namespace', field: 'namespace', value: (r) => r.namespace, ok: (r) => isDnsLabel(r.namespace), message: 'the namespace must be a DNS-1123 label.', fix: 'use e.g. "local-path-storage".' },
  { id: 'local-path-class', field: 'storageClassName', value: (r) => r.storageClassName, ok: (r) => isDnsSubdomain(r.storageClassName), message: 'the StorageClass name must be a DNS-1123 subdomain.', fix: 'use e.g. "local-path".' },
  {
    id: 'local-path-path',
    field: 'path',
    value: (r) => r.path,
    // The path reaches the helper's shell as $VOL_DIR's parent (config.json, not code), but `/`, relative
    // paths or `..` would put volumes on the node's root or outside the intended directory.
    ok: (r) => /^\/[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(r.path) && !r.path.split('/').includes('..'),
    message: 'the volume directory must be an absolute path below / of letters, digits, ".", "_" and "-" (not / itself, no "..").',
    fix: 'use e.g. "/var/lib/local-path".',
  },
  { id: 'local-path-images', field: 'image/helperImage', value: (r) => [r.image, r.helperImage].filter((i) => !isPinnedImage(i)), ok: (r) => isPinnedImage(r.image) && isPinnedImage(r.helperImage), message: 'the provisioner and helper images must be pinned to a tag or digest (upstream names busybox without a tag).', fix: `use ${LOCAL_PATH_PROVISIONER_IMAGE} and ${LOCAL_PATH_HELPER_IMAGE}.` },
];

/**
 * Block storage that needs no cloud: rancher/local-path-provisioner (v0.0.37), rendered natively,
 * with a Retain StorageClass for databases (hub databases, ngshare's sqlite, MariaDB). A volume is a
 * directory on one node's disk: the PersistentVolume carries node affinity to that node, so a pod
 * with such a claim runs only there from then on (if the node is down or drained, it waits for it).
 * `WaitForFirstConsumer` makes the volume on the node the scheduler picked for its first pod;
 * `nodeSelector` narrows that to nodes with local disks (`allowedTopologies`). The cluster model
 * knows the class is node-local (its provisioner) and checks what that means: no second replica on
 * another node, a pool that both the pod and the class admit, and it lists the pinned pods in
 * inventory.json.
 */
export class LocalPathProvisioner extends Package implements IStorageClass {
  readonly storageClassName: string;
  readonly readWriteMany = false;

  constructor(scope: Construct, id = 'local-path', props: LocalPathProvisionerProps = {}) {
    const namespace = props.namespace ?? 'local-path-storage';
    super(scope, id, { group: 'platform', namespace });
    declareProps(this, 'LocalPathProvisionerProps', props);
    const app = ClusterApp.of(this);
    const spec = app.spec;
    const r: Resolved = {
      namespace,
      storageClassName: props.storageClassName ?? 'local-path',
      path: props.path ?? '/opt/local-path-provisioner',
      nodeSelector: props.nodeSelector ?? {},
      image: props.image ?? LOCAL_PATH_PROVISIONER_IMAGE,
      helperImage: props.helperImage ?? LOCAL_PATH_HELPER_IMAGE,
    };
    const path = this.node.path;
    this.addIssues(() => checkRules(path, r, LOCAL_PATH_PROVISIONER_RULES));
    this.storageClassName = r.storageClassName;
    const name = 'local-path-provisioner';
    const sa = 'local-path-provisioner-service-account';
    const labels = { app: name, 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'hubfleet' };

    new IsolatedNamespace(this, 'namespace', {
      name: namespace,
      labels: { 'hubfleet.io/kind': 'platform' },
      podSecurity: 'privileged',
      podSecurityReason: 'the provisioner starts a helper pod on the volume\'s node that mounts the volume directory as a hostPath and runs as root to create and remove the directory; hostPath volumes are forbidden under "baseline" and "restricted".',
      keepOnRemoval: false,
    });
    networkPolicy(this, 'allow-api', { name: 'allow-kubernetes-api', namespace, labels, podSelector: { app: name }, egress: [{ peers: kubernetesApiPeers(spec), ports: tcp(443, 6443) }] });

    new K8sObject(this, 'service-account', { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace, labels } });
    // The RBAC of upstream's deploy/local-path-storage.yaml (v0.0.37).
    new K8sObject(this, 'role', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'local-path-provisioner-role', namespace, labels },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] }],
    });
    new K8sObject(this, 'cluster-role', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'local-path-provisioner-role', labels },
      rules: [
        { apiGroups: [''], resources: ['nodes', 'persistentvolumeclaims', 'configmaps', 'pods', 'pods/log'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: [''], resources: ['persistentvolumes'], verbs: ['get', 'list', 'watch', 'create', 'patch', 'update', 'delete'] },
        { apiGroups: [''], resources: ['events'], verbs: ['create', 'patch'] },
        { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', roleKind: 'Role' | 'ClusterRole') =>
      new K8sObject(this, kind === 'RoleBinding' ? 'role-binding' : 'cluster-role-binding', {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind,
        metadata: { name: 'local-path-provisioner-bind', ...(kind === 'RoleBinding' ? { namespace } : {}), labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: 'local-path-provisioner-role' },
        subjects: [{ kind: 'ServiceAccount', name: sa, namespace }],
      });
    binding('RoleBinding', 'Role');
    binding('ClusterRoleBinding', 'ClusterRole');

    // config.json is data the provisioner parses (JSON.stringify), never shell; setup/teardown are
    // upstream's scripts, which read the directory from $VOL_DIR.
    new K8sObject(this, 'config', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'local-path-config', namespace, labels },
      data: {
        'config.json': JSON.stringify({ nodePathMap: [{ node: 'DEFAULT_PATH_FOR_NON_LISTED_NODES', paths: [r.path] }] }, null, 2),
        setup: '#!/bin/sh\nset -eu\nmkdir -m 0777 -p "$VOL_DIR"\n',
        teardown: '#!/bin/sh\nset -eu\nrm -rf "$VOL_DIR"\n',
        'helperPod.yaml': [
          'apiVersion: v1',
          'kind: Pod',
          'metadata:',
          '  name: helper-pod',
          'spec:',
          '  priorityClassName: system-node-critical',
          '  tolerations:',
          '    - key: node.kubernetes.io/disk-pressure',
          '      operator: Exists',
          '      effect: NoSchedule',
          '  containers:',
          '    - name: helper-pod',
          `      image: ${JSON.stringify(r.helperImage)}`,
          '      imagePullPolicy: IfNotPresent',
          '      resources:',
          '        requests: { cpu: 10m, memory: 16Mi }',
          '        limits: { cpu: 100m, memory: 64Mi }',
          '',
        ].join('\n'),
      },
    });

    const res = props.resources ?? { cpuRequest: 0.05, cpuLimit: 0.2, memoryRequestMiB: 64, memoryLimitMiB: 128 };
    new K8sObject(this, 'deployment', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, namespace, labels },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: { app: name } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: sa,
            // The provisioner only talks to the API server and reads its ConfigMap; the helper pods do the node work.
            securityContext: { runAsNonRoot: true, runAsUser: 65534, runAsGroup: 65534, seccompProfile: { type: 'RuntimeDefault' } },
            containers: [
              {
                name,
                image: r.image,
                command: ['local-path-provisioner', 'start', '--config', '/etc/config/config.json'],
                ports: [{ name: 'health', containerPort: 8080, protocol: 'TCP' }],
                startupProbe: { httpGet: { path: '/health', port: 'health' }, initialDelaySeconds: 5, periodSeconds: 5, failureThreshold: 12 },
                livenessProbe: { httpGet: { path: '/health', port: 'health' }, initialDelaySeconds: 10, periodSeconds: 10 },
                readinessProbe: { httpGet: { path: '/ready', port: 'health' }, initialDelaySeconds: 5, periodSeconds: 5 },
                env: [
                  { name: 'POD_NAMESPACE', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
                  { name: 'CONFIG_MOUNT_PATH', value: '/etc/config/' },
                  { name: 'HEALTH_PORT', value: '8080' },
                ],
                volumeMounts: [{ name: 'config-volume', mountPath: '/etc/config/' }],
                resources: resources(res),
                securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
              },
            ],
            volumes: [{ name: 'config-volume', configMap: { name: 'local-path-config' } }],
          },
        },
      },
    });

    const topology = Object.entries(r.nodeSelector);
    new K8sObject(this, 'storage-class', {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: r.storageClassName, labels },
      provisioner: LOCAL_PATH_PROVISIONER_NAME,
      // Retain: a database outlives its claim (the directory stays on the node; see lib/storage/README.md).
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      ...(topology.length ? { allowedTopologies: [{ matchLabelExpressions: topology.map(([key, value]) => ({ key, values: [value] })) }] } : {}),
    });
    app.registerStorage('database', this);
  }
}
