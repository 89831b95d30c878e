/** Hand-written L1 bindings for terraform-provider-openstack/openstack (the few resources hubfleet uses). */
export * from './provider';
export * from './compute-instance-v2';
export * from './compute-servergroup-v2';
export * from './networking-port-v2';
export * from './networking-secgroup-v2';
export * from './networking-secgroup-rule-v2';
export * from './data-openstack-networking-network-v2';
export * from './data-openstack-networking-subnet-v2';
export * from './data-openstack-images-image-v2';
