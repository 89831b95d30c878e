/**
 * `import { … } from 'hubfleet'`: what a university's app stack and cluster specs use. This list is
 * hubfleet's public API, versioned by semver (CHANGELOG.md); every other module is reachable as
 * `hubfleet/lib/<folder>/<file>`, and the node layer (CDK for Terraform) as `hubfleet/nodes`.
 */

// The cluster and its stacks
export type {
  CapacitySpec,
  ClusterNetworks,
  ClusterSpec,
  CniPlugin,
  ExistingStorageClassSpec,
  GitOpsSpec,
  IngressExposure,
  IngressSpec,
  NfsServerSpec,
  NodePoolSpec,
  NodeReserve,
  NodeRole,
  NodeTaint,
  StoragePurpose,
  SystemDaemonSpec,
  TlsSpec,
} from './fleet/cluster-spec';
export { validateClusterSpec } from './fleet/cluster-spec';
export type {
  ExistingAddonsSpec,
  ExistingCertManagerSpec,
  ExistingIngressControllerSpec,
  ExistingIssuerSpec,
  ExistingMetalLbPool,
  ExistingMetalLbSpec,
  ExistingMonitoringSpec,
  MonitoringSpec,
  UpstreamProxySpec,
} from './fleet/cluster-facts';
export type { KubernetesInstaller } from './fleet/kubernetes-distributions';
export { ClusterApp } from './fleet/cluster-app';
export type { ClusterDefinition } from './fleet/define';
export { buildCluster, defineCluster } from './fleet/define';
export type { PackageGroup, PackageProps } from './fleet/package';
export { Package } from './fleet/package';
export type { ClusterOutput } from './fleet/synth';
export { synthApp } from './fleet/synth';

// Hubs
export type { CanvasOptions, CommonAuthOptions, DummyOptions, GitHubOptions, GoogleOptions, LdapOptions, Lti11Options, Lti13Options, OAuth2Options } from './hub/auth';
export { HubAuth } from './hub/auth';
export type { CourseJupyterHubProps, CullingOptions, EgressAllowance, HomeStorage, NbgraderOptions } from './hub/course-jupyterhub';
export type { AdoptClaims, AdoptNfsDirectories, HomeAdoption } from './hub/course-jupyterhub-props';
export { CourseJupyterHub } from './hub/course-jupyterhub';
export type { GradesOptions } from './grades/grades-options';
export type { ExamHubProps, SeatPlaceholderOptions, SubmissionOptions } from './hub/exam-hub';
export { ExamHub } from './hub/exam-hub';
export type { HubExtensionProps, HubTemplates, UserServerInitContainer, UserServerVolume, UserVolumeSource } from './hub/extensions';
export type { NbgitpullerLinkOptions } from './hub/nbgitpuller';
export { nbgitpullerLink } from './hub/nbgitpuller';
export type { PodToleration, ServerProfile, ServerSize } from './hub/singleuser/profiles';
export type { ImageFeature, UserImageOptions } from './hub/user-image';
export { UserImage } from './hub/user-image';

// The course catalogue: courses as data, their lifecycle and staff (lib/catalogue/README.md)
export type { CatalogueFile, CourseFile, LifecycleFile } from './catalogue/types';
export type { ArchiveRecord, CourseLifecycle, LifecyclePhase, LifecycleState, TermDateOverrides, TermSpec } from './fleet/course-lifecycle';
export { lifecycleOn, termDates } from './fleet/course-lifecycle';
export type { Catalogue, CatalogueSources, LoadedCourse } from './catalogue/load';
export { inCatalogueContext, loadCatalogue, onDay, parseCatalogue, readCatalogue, withCourse } from './catalogue/load';
export type { CatalogueHubOptions } from './catalogue/props';
export { addCatalogue, catalogueDir, termLifecycle } from './catalogue/app';
export type { CourseCheck } from './catalogue/validate';
export { checkCourseText } from './catalogue/validate';
export type { DayVerdict, RequestVerdict } from './catalogue/capacity';
export { CapacityBaseline, capacityVerdict } from './catalogue/capacity';
export type { FileIssue } from './catalogue/file-issue';
export { CATALOGUE_FILE_SCHEMA, COURSE_FILE_SCHEMA, LIFECYCLE_FILE_SCHEMA } from './catalogue/schemas.generated';
export type { CourseStaff, GraderMembers, RosterEntry, StaffMembers } from './hub/course-staff';

// Exams
export type { ReadOnlyNfsView } from './exam/exam-volumes';
export { ExamVolumes } from './exam/exam-volumes';
export type { GradingHubProps } from './exam/grading-hub';
export { GradingHub } from './exam/grading-hub';
export type { OneTimePasswordOptions } from './exam/one-time-passwords';
export { OneTimePasswords } from './exam/one-time-passwords';
export type { ExamPlacement } from './exam/seat-reservation';
export type { ExamWindow } from './exam/window';

// Secrets, storage, add-ons, the Safe Exam Browser server, Argo CD
export type { ISealedSecret, SealedSecretProps } from './secrets/sealed-secret';
export { SealedSecret } from './secrets/sealed-secret';
export type { ISecretKeyRef } from './secrets/secret-ref';
export { SecretKeyRef } from './secrets/secret-ref';
export type { BlockStorageClassProps } from './storage/block-storage-class';
export { BlockStorageClass } from './storage/block-storage-class';
export type { NfsProvisionerProps, NfsStorageClassOptions } from './storage/nfs-provisioner';
export { NfsProvisioner } from './storage/nfs-provisioner';
export type { LocalPathProvisionerProps } from './storage/local-path-provisioner';
export { LocalPathProvisioner } from './storage/local-path-provisioner';
export type { IStorageClass } from './core/storage-class-ref';
export { StorageClassRef } from './core/storage-class-ref';
export type { CertManagerProps, IIssuer } from './platform/cert-manager';
export { CertManager } from './platform/cert-manager';
export type { IngressControllerKind, IngressControllerProps } from './platform/ingress-controller';
export { IngressController } from './platform/ingress-controller';
export type { MetalLbProps } from './platform/metallb';
export { MetalLb } from './platform/metallb';
export type { PlatformProps } from './platform/platform';
export { Platform } from './platform/platform';
export type { SealedSecretsControllerProps } from './platform/sealed-secrets-controller';
export { SealedSecretsController } from './platform/sealed-secrets-controller';
export type { CoursePortalProps, PortalEgressTarget } from './course-portal/course-portal';
export { CoursePortal } from './course-portal/course-portal';
export type { SebServerProps } from './seb/seb-server';
export { SebServer } from './seb/seb-server';
export type { GitOpsProps } from './argocd/gitops';
export { GitOps } from './argocd/gitops';
export type { HelmChartApplicationProps } from './argocd/helm-chart-application';
export { HelmChartApplication } from './argocd/helm-chart-application';
export type { ChartClaimSpec, ChartContainerSpec, ChartPodSpec } from './argocd/chart-pods';

// Monitoring: Prometheus, Alertmanager, Grafana (lib/monitoring/README.md)
export type { GrafanaOptions, MonitoringProps } from './monitoring/monitoring';
export { Monitoring } from './monitoring/monitoring';
export type { ChatNotification, EmailNotification, MonitoringResources, NotificationOptions } from './monitoring/stack-values';

// Building blocks for services of one's own (lib/core/README.md)
export type { Issue, PropRule } from './core/errors';
export { formatIssue, ValidationError } from './core/errors';
export type { IsolatedNamespaceProps, NamespaceLimits, NamespaceQuota } from './fleet/isolated-namespace';
export { IsolatedNamespace } from './fleet/isolated-namespace';
export type { Manifest, ObjectMeta } from './core/k8s-object';
export { K8sObject } from './core/k8s-object';
export type { NetworkPolicyProps, Peer, PortSpec, Rule } from './core/network-policy';
export { cidrPeer, DNS_RULE, namespacedPodPeer, networkPolicy, podPeer, tcp } from './core/network-policy';
export type { ContainerResources } from './core/pod';
export { KEEP_ON_REMOVAL, resources, restrictedContainerSecurity, restrictedPodSecurity } from './core/pod';
export type { MonitoringFact } from './fleet/existing-addons';
export { monitoringOf } from './fleet/existing-addons';
export type { PublicRouteProps } from './fleet/public-route';
export { ingressControllerPeers, PublicRoute } from './fleet/public-route';
export type { Endpoint, FlowDecl, Labels } from './model/declarations';
export { pods, service } from './model/declarations';
