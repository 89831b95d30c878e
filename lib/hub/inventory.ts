/** A hub as inventory.json lists it (lib/model/inventory.ts; documented in lib/model/README.md). */
import { HubInventoryEntry } from '../model/declarations';
import { IStorageClass } from '../core/storage-class-ref';
import { ResolvedHub } from './resolved';
import { profileSlug } from './singleuser/profiles';
import { serverSize } from './singleuser/user-servers';
import { UserImage } from './user-image';

/** The inventory entry of the hub `r` at `url`. */
export function hubInventoryEntry(
  r: ResolvedHub,
  o: {
    readonly kind: HubInventoryEntry['kind'];
    readonly url: string;
    readonly homeClass?: IStorageClass;
    readonly window?: HubInventoryEntry['window'];
    readonly lti13?: { toolUrl: string; initiateLoginUrl: string; redirectionUri: string; configJson: string };
    readonly grades?: HubInventoryEntry['grades'];
  },
): HubInventoryEntry {
  const props = r.props;
  const lti = o.lti13;
  return {
    name: r.id,
    kind: o.kind,
    namespace: r.namespace,
    url: o.url,
    login: props.auth.kind,
    students: props.students,
    concurrency: r.maxConcurrent,
    size: serverSize(r),
    profiles: r.profiles.map((p) => ({ slug: profileSlug(p), displayName: p.displayName, default: p.default === true, ...serverSize(r, p), ...(p.groups?.length ? { groups: [...p.groups] } : {}) })),
    image: UserImage.from(props.image).ref,
    ...(props.home === false ? {} : { home: { ...(o.homeClass ? { storageClass: o.homeClass.storageClassName } : {}), sizeGiB: r.homeGiB } }),
    nbgrader: !!props.nbgrader,
    ...(o.window ? { window: { ...o.window } } : {}),
    ...(lti ? { lti: { version: '1.3' as const, toolUrl: lti.toolUrl, initiateLoginUrl: lti.initiateLoginUrl, redirectionUri: lti.redirectionUri, configJsonUrl: lti.configJson } } : {}),
    ...(props.auth.kind === 'lti11' ? { lti: { version: '1.1' as const, toolUrl: `${o.url}hub/lti/launch`, launchUrl: `${o.url}hub/lti/launch` } } : {}),
    ...(props.lifecycle ? { lifecycle: { term: props.lifecycle.term, day: props.lifecycle.day, phase: props.lifecycle.phase, opens: props.lifecycle.dates.opens, closes: props.lifecycle.dates.closes, archiveAfter: props.lifecycle.dates.archiveAfter, deleteAfter: props.lifecycle.dates.deleteAfter } } : {}),
    ...(o.grades ? { grades: o.grades } : {}),
  };
}
