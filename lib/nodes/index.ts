/**
 * The node layer (CDK for Terraform): a cluster's VMs on vSphere or OpenStack, bootstrapped with
 * RKE2 through cloud-init or handed to Kubespray. See lib/nodes/README.md.
 */
export * from './infrastructure';
export * from './kubernetes-releases';
export * from './node-plan';
export * from './cloud-init';
export * from './kubespray-inventory';
export * from './node-variables';
export * from './vsphere-placement';
export * from './vsphere-node-pool';
export * from './openstack-placement';
export * from './openstack-node-pool';
export * from './node-stack';
export * from './synth-nodes';
export * from './cdktf-stacks';
