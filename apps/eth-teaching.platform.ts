import { ClusterApp } from '../lib/fleet/cluster-app';
import { Package } from '../lib/fleet/package';
import { Platform } from '../lib/platform/platform';
import { SealedSecret } from '../lib/secrets/sealed-secret';

/**
 * The eth-teaching add-ons: sealed-secrets controller, NFS provisioner (homes, course data,
 * exchange), MetalLB on 10.20.3.200-220, Traefik, cert-manager with Let's Encrypt, and the ArgoCD
 * tree. Everything comes from clusters/eth-teaching.ts.
 *
 * ```ts
 * const platform = ethTeachingPlatform(app);
 * new CourseJupyterHub(app, name, { ...course, home: { storageClass: platform.nfs.homes } });
 * ```
 */
export function ethTeachingPlatform(app: ClusterApp): Platform {
  return new Platform(app);
}

/**
 * The LDAP search password of the research-methods hub (Secret `ldap-search`, key `password`, in
 * namespace `course-research-methods`), sealed with strict scope. Call it with that course's hub.
 *
 * The ciphertext below was sealed against the TEST certificate in test/fixtures/sealed-secrets
 * (the value is a placeholder). Replace it with the output of
 * `hubfleet seal --cert clusters/eth-teaching/sealed-secrets.pem --namespace course-research-methods --name ldap-search`
 * before deploying: the cluster's controller cannot decrypt it.
 */
export function ldapSearchSecret(researchMethodsHub: Package): SealedSecret {
  return new SealedSecret(researchMethodsHub, 'ldap-search', {
    encryptedData: {
      password:
        'AQCm0Mk36liatx2bvjH4peKrCCmp4URCtL6pnvHH8NGbBq8Xjc5VYLp10JfF8NgpJU18SS1XMIO0jojpQNOH4FR6gpEbk0Zbtc1IdVRDXeQNVp+eNJqJwOmOgA6oeciD91mNyeUD00zQYd/fnGlyL4P5lGHfisWvcQ2uRpvm6APy6xeJsFJNbRrPFLmAW9igixT2nAefLIIBqZ1xvj3jznElmuvVicjfnJM3maUWWF5hwEHlXwtLXta3ISuE16u9XACCE+hMvh3UdAxg8xhMOPNqlQIrgYwU+1XqcCFS5H9zVozyHfAhpMXJf1kvMOOpa2rYgDBweTY9pmxxXNkXVM1RJjTL3F0w7j6Iqev9YTa1Xebd/oxohDtUpmrIfMbOzG4j9G4n4i0kAqAKBHE=',
    },
    labels: { 'hubfleet.io/course': 'research-methods' },
  });
}
