/**
 * What SEB Server v2.2.0 needs from its configuration to start, per role, and the properties file
 * hubfleet mounts for each role (`/sebserver/config/spring/application-prod.properties`).
 *
 * The tables below were read from SafeExamBrowser/seb-server at tag v2.2.0:
 * - `src/main/resources/config/application{,-bundled,-ws,-gui}.properties`: only the keys the start
 *   reads, and the keys their placeholders name (the jar's other settings do not matter here);
 * - the Java classes that read properties when the application context starts (`@Value("${key}")`
 *   without a default, `Environment.getRequiredProperty`, and `getProperty` of values that carry
 *   placeholders), with the `@Profile` of their class (`@WebServiceProfile` = ws, bundled, test;
 *   `@GuiProfile` = gui, bundled);
 * - SafeExamBrowser/seb-server-setup (HEAD d5f5c417)
 *   `docker/ethz/cloud/kustomize/config/guiservice/spring/application-prod.properties` and
 *   `docker/prod/cloud/config/guiservice/spring/application-prod.properties`: every GUI-only
 *   configuration excludes `DataSourceAutoConfiguration`.
 * Re-read them when upgrading SEB Server (lib/seb/versions.ts).
 */
import { PropRule } from '../core/errors';
import { EnvValue, parseProperties, PropertyFile, SpringEnvironment, toBoolean, UnresolvedPlaceholderError } from './spring-environment';

/** A SEB Server process: both halves in one (`bundled,prod`), the webservice (`ws,prod`) or the GUI (`gui,prod`). */
export type SebRole = 'bundled' | 'ws' | 'gui';

/** The Spring profiles each role runs with (env `spring_profiles_active`). */
export const SEB_ROLE_PROFILES: Readonly<Record<SebRole, string>> = { bundled: 'bundled,prod', ws: 'ws,prod', gui: 'gui,prod' };

/** The auto-configuration a role without database must exclude. */
export const DATASOURCE_AUTOCONFIGURATION = 'org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration';

/** One properties file of the jar: its profile (none for application.properties) and the values that matter. */
export interface JarPropertiesFile {
  readonly profile?: string;
  readonly file: string;
  readonly values: Readonly<Record<string, string>>;
}

/** A property a class reads while the application context starts. */
export interface StartupRead {
  readonly key: string;
  /**
   * `required`: getRequiredProperty (must exist); `value`: `@Value("${key}")` without a default
   * (must exist); `optional`: getProperty (may be absent, but a present value must resolve).
   */
  readonly how: 'required' | 'value' | 'optional';
  /** The reading class's `@Profile` values; empty = every profile. */
  readonly profiles: readonly string[];
  /** The class, under src/main/java/ch/ethz/seb/sebserver/. */
  readonly source: string;
}

const WS = ['ws', 'bundled', 'test'] as const;
const GUI = ['gui', 'bundled'] as const;

/** SEB Server v2.2.0's own properties files (src/main/resources/config/), the keys that matter. */
export const SEB_SERVER_2_2_JAR: readonly JarPropertiesFile[] = [
  {
    file: 'classpath:config/application.properties',
    values: {
      'spring.profiles.active': 'bundled,prod',
      // "@sebserver-version@" in the source, filled in by the Maven build.
      'sebserver.version': '2.2.0',
      'server.address': '0.0.0.0',
      'server.port': '8080',
      'server.servlet.context-path': '/',
    },
  },
  { profile: 'bundled', file: 'classpath:config/application-bundled.properties', values: { 'spring.profiles.include': 'ws,gui' } },
  {
    profile: 'ws',
    file: 'classpath:config/application-ws.properties',
    values: {
      'spring.cache.jcache.config': 'classpath:config/ehcache.xml',
      'spring.datasource.username': 'root',
      'spring.datasource.url': 'jdbc:mariadb://${datastore.mariadb.server.address}:${datastore.mariadb.server.port}/SEBServer?useSSL=false&createDatabaseIfNotExist=true',
      'spring.datasource.password': '${sebserver.mariadb.password}',
      'sebserver.webservice.api.admin.clientSecret': '${sebserver.password}',
      'sebserver.webservice.internalSecret': '${sebserver.password}',
      'sebserver.webservice.http.external.scheme': 'https',
      'sebserver.webservice.http.external.servername': '',
      'sebserver.webservice.http.external.port': '',
      'sebserver.webservice.http.redirect.gui': '/gui',
      'sebserver.webservice.api.admin.clientId': 'guiClient',
      'sebserver.webservice.api.admin.endpoint': '/admin-api/v1',
      'sebserver.webservice.api.exam.endpoint': '/exam-api',
      'sebserver.webservice.api.exam.endpoint.discovery': '${sebserver.webservice.api.exam.endpoint}/discovery',
      'sebserver.webservice.api.exam.endpoint.v1': '${sebserver.webservice.api.exam.endpoint}/v1',
      'sebserver.webservice.lms.api.endpoint': '/lms-api/v1',
      'sebserver.webservice.lms.api.clientId': 'lmsClient',
      'sebserver.webservice.lms.openedx.api.token.request.paths': '/oauth2/access_token',
      // Screen proctoring is ON in the jar: WebserviceInfo then reads both sps.* placeholders.
      'sebserver.feature.exam.seb.screenProctoring.enabled': 'true',
      'sebserver.feature.exam.seb.screenProctoring.bundled': 'true',
      'sebserver.feature.exam.seb.screenProctoring.bundled.url': 'http://sps-webservice:8090',
      'sebserver.feature.exam.seb.screenProctoring.bundled.clientId': 'sebserverClient',
      'sebserver.feature.exam.seb.screenProctoring.bundled.clientPassword': '${sps.sebserver.client.secret}',
      'sebserver.feature.exam.seb.screenProctoring.bundled.sebserveraccount.username': 'SEBServerAPIAccount',
      'sebserver.feature.exam.seb.screenProctoring.bundled.sebserveraccount.password': '${sps.sebserver.password}',
    },
  },
  {
    profile: 'gui',
    file: 'classpath:config/application-gui.properties',
    values: {
      'sebserver.gui.http.external.scheme': '${sebserver.webservice.http.external.scheme}',
      'sebserver.gui.http.external.servername': '${sebserver.webservice.http.external.servername}',
      'sebserver.gui.http.external.port': '${sebserver.webservice.http.external.port}',
      'sebserver.gui.http.webservice.scheme': 'http',
      'sebserver.gui.http.webservice.servername': 'localhost',
      'sebserver.gui.http.webservice.port': '8080',
      'sebserver.gui.http.webservice.contextPath': '${server.servlet.context-path}',
      'sebserver.gui.entrypoint': '/gui',
      'sebserver.gui.webservice.apipath': '${sebserver.webservice.api.admin.endpoint}',
      'sebserver.gui.seb.client.config.download.filename': 'SEBServerSettings.seb',
      'sebserver.gui.seb.exam.config.download.filename': 'SEBExamSettings.seb',
      'sebserver.webservice.api.exam.endpoint': '/exam-api',
      'sebserver.webservice.api.exam.endpoint.discovery': '${sebserver.webservice.api.exam.endpoint}/discovery',
      'sebserver.webservice.http.redirect.gui': '${sebserver.gui.entrypoint}',
      'sebserver.webservice.api.admin.endpoint': '/admin-api/v1',
      'sebserver.webservice.api.admin.clientId': 'guiClient',
      'sebserver.webservice.api.admin.clientSecret': '${sebserver.password}',
      'sebserver.webservice.internalSecret': '${sebserver.password}',
      'sebserver.gui.webservice.protocol': '${sebserver.gui.http.webservice.scheme}',
      'sebserver.gui.webservice.address': '${sebserver.gui.http.webservice.servername}',
      'sebserver.gui.webservice.port': '${sebserver.gui.http.webservice.port}',
    },
  },
];

/** What SEB Server v2.2.0's classes read while the application context starts (src/main/java/ch/ethz/seb/sebserver/). */
export const SEB_SERVER_2_2_STARTUP_READS: readonly StartupRead[] = [
  { key: 'server.port', how: 'required', profiles: [], source: 'SEBServer.java' },
  { key: 'sebserver.version', how: 'value', profiles: [], source: 'SEBServerInit.java' },
  // Cryptor uses getProperty, but encrypts with the value: a missing secret fails every encryption.
  { key: 'sebserver.webservice.internalSecret', how: 'required', profiles: [], source: 'gbl/util/Cryptor.java' },
  { key: 'sebserver.webservice.http.redirect.gui', how: 'value', profiles: [...WS, ...GUI], source: 'WebSecurityConfig.java' },
  { key: 'sebserver.webservice.api.exam.endpoint.discovery', how: 'value', profiles: [...WS, ...GUI], source: 'WebSecurityConfig.java' },
  { key: 'sebserver.webservice.api.admin.endpoint', how: 'value', profiles: [...WS, ...GUI], source: 'WebSecurityConfig.java' },
  // --- webservice -----------------------------------------------------------------------------
  { key: 'spring.cache.jcache.config', how: 'value', profiles: WS, source: 'webservice/CacheConfig.java' },
  { key: 'sebserver.version', how: 'required', profiles: WS, source: 'webservice/WebserviceInfo.java' },
  { key: 'sebserver.webservice.http.external.scheme', how: 'required', profiles: WS, source: 'webservice/WebserviceInfo.java' },
  { key: 'server.address', how: 'required', profiles: WS, source: 'webservice/WebserviceInfo.java' },
  { key: 'server.port', how: 'required', profiles: WS, source: 'webservice/WebserviceInfo.java' },
  { key: 'sebserver.webservice.api.exam.endpoint.discovery', how: 'required', profiles: WS, source: 'webservice/WebserviceInfo.java' },
  { key: 'sebserver.webservice.http.external.servername', how: 'optional', profiles: WS, source: 'webservice/WebserviceInfo.java' },
  { key: 'sebserver.webservice.http.external.port', how: 'optional', profiles: WS, source: 'webservice/WebserviceInfo.java' },
  { key: 'sebserver.webservice.autologin.url', how: 'optional', profiles: WS, source: 'webservice/WebserviceInfo.java' },
  { key: 'sebserver.webservice.distributed', how: 'optional', profiles: WS, source: 'webservice/WebserviceInfo.java' },
  { key: 'sebserver.feature.exam.seb.screenProctoring.enabled', how: 'optional', profiles: WS, source: 'webservice/WebserviceInfo.java' },
  { key: 'sebserver.feature.exam.seb.screenProctoring.bundled', how: 'optional', profiles: WS, source: 'webservice/WebserviceInfo.java' },
  { key: 'sebserver.webservice.lms.api.endpoint', how: 'value', profiles: WS, source: 'webservice/servicelayer/lms/impl/FullLmsIntegrationServiceImpl.java' },
  { key: 'sebserver.webservice.lms.api.clientId', how: 'value', profiles: WS, source: 'webservice/servicelayer/lms/impl/FullLmsIntegrationServiceImpl.java' },
  { key: 'sebserver.webservice.api.admin.clientSecret', how: 'value', profiles: WS, source: 'webservice/servicelayer/lms/impl/FullLmsIntegrationServiceImpl.java' },
  { key: 'sebserver.webservice.lms.openedx.api.token.request.paths', how: 'value', profiles: WS, source: 'webservice/servicelayer/lms/impl/edx/OpenEdxLmsAPITemplateFactory.java' },
  { key: 'sebserver.webservice.api.exam.endpoint', how: 'value', profiles: WS, source: 'webservice/weblayer/WebServiceSecurityConfig.java' },
  { key: 'sebserver.webservice.api.exam.endpoint.v1', how: 'value', profiles: WS, source: 'webservice/weblayer/api/ExamAPIDiscoveryController.java' },
  // No @Profile, but only the webservice's OAuth server injects these lazy beans.
  { key: 'sebserver.webservice.api.admin.clientId', how: 'value', profiles: WS, source: 'webservice/weblayer/oauth/AdminAPIClientDetails.java' },
  // --- GUI ---------------------------------------------------------------------------------------
  { key: 'sebserver.gui.webservice.apipath', how: 'required', profiles: GUI, source: 'gui/GuiInit.java' },
  { key: 'sebserver.webservice.api.exam.endpoint', how: 'required', profiles: GUI, source: 'gui/GuiInit.java' },
  { key: 'sebserver.webservice.api.admin.clientId', how: 'required', profiles: GUI, source: 'gui/GuiInit.java' },
  { key: 'server.address', how: 'value', profiles: GUI, source: 'gui/GuiServiceInfo.java' },
  { key: 'sebserver.gui.http.external.scheme', how: 'value', profiles: GUI, source: 'gui/GuiServiceInfo.java' },
  { key: 'sebserver.gui.http.external.servername', how: 'value', profiles: GUI, source: 'gui/GuiServiceInfo.java' },
  { key: 'sebserver.gui.http.external.port', how: 'value', profiles: GUI, source: 'gui/GuiServiceInfo.java' },
  { key: 'sebserver.gui.entrypoint', how: 'value', profiles: GUI, source: 'gui/RAPSpringConfig.java' },
  { key: 'sebserver.gui.seb.client.config.download.filename', how: 'value', profiles: GUI, source: 'gui/content/configs/SEBClientConfigForm.java' },
  { key: 'sebserver.gui.seb.exam.config.download.filename', how: 'value', profiles: GUI, source: 'gui/content/configs/SEBSettingsForm.java' },
  { key: 'sebserver.webservice.api.admin.clientSecret', how: 'value', profiles: GUI, source: 'gui/service/remote/webservice/auth/OAuth2AuthorizationContextHolder.java' },
  { key: 'sebserver.gui.webservice.protocol', how: 'value', profiles: GUI, source: 'gui/service/remote/webservice/auth/WebserviceURIService.java' },
  { key: 'sebserver.gui.webservice.address', how: 'value', profiles: GUI, source: 'gui/service/remote/webservice/auth/WebserviceURIService.java' },
  { key: 'sebserver.gui.webservice.port', how: 'value', profiles: GUI, source: 'gui/service/remote/webservice/auth/WebserviceURIService.java' },
  { key: 'sebserver.gui.http.webservice.contextPath', how: 'value', profiles: GUI, source: 'gui/service/remote/webservice/auth/WebserviceURIService.java' },
];

/** The two settings WebserviceInfo's constructor reads (and encrypts) when screen proctoring is enabled and bundled. */
export const SCREEN_PROCTORING_SECRETS = [
  'sebserver.feature.exam.seb.screenProctoring.bundled.clientPassword',
  'sebserver.feature.exam.seb.screenProctoring.bundled.sebserveraccount.password',
] as const;

/** One thing Spring would fail on at start. */
export interface StartProblem {
  readonly key: string;
  readonly source: string;
  readonly reason: string;
}

/** A role's configuration as Spring would see it at start: what the start-contract rules check. */
export interface SebStartContext {
  readonly role: SebRole;
  readonly profiles: readonly string[];
  readonly environment: SpringEnvironment;
  readonly reads: readonly StartupRead[];
}

/** The environment of a container (`env` of its spec) as Spring sees it. */
export function envOfContainer(env: ReadonlyArray<{ name: string; value?: string; valueFrom?: any }>): Map<string, EnvValue> {
  const out = new Map<string, EnvValue>();
  for (const e of env) {
    if (e.valueFrom?.secretKeyRef) out.set(e.name, { secretKeyRef: { name: e.valueFrom.secretKeyRef.name, key: e.valueFrom.secretKeyRef.key } });
    else out.set(e.name, e.value ?? '');
  }
  return out;
}

/**
 * Spring's view of one SEB Server container: its environment, the mounted
 * `application-prod.properties` (or none) and the jar's files, in Spring Boot's legacy
 * (`spring.config.use-legacy-processing=true`) order: included profiles are processed right after
 * the profile that includes them, and a later profile wins.
 */
export function sebStartContext(role: SebRole, env: ReadonlyMap<string, EnvValue>, mountedProd: string | undefined, jar: readonly JarPropertiesFile[] = SEB_SERVER_2_2_JAR, reads: readonly StartupRead[] = SEB_SERVER_2_2_STARTUP_READS): SebStartContext {
  const base = jar.filter((f) => f.profile === undefined);
  const envOnly = new SpringEnvironment(env, base.map(toFile));
  const active = (envOnly.getProperty('spring.profiles.active') ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  const order: string[] = [];
  const queue = [...active];
  while (queue.length) {
    const p = queue.shift()!;
    if (order.includes(p)) continue;
    order.push(p);
    const include = jar.find((f) => f.profile === p)?.values['spring.profiles.include'];
    if (include) queue.unshift(...include.split(',').map((s) => s.trim()).filter((s) => s !== '' && !order.includes(s)));
  }
  const profileFiles: PropertyFile[] = [];
  for (const p of [...order].reverse()) {
    if (p === 'prod' && mountedProd !== undefined) profileFiles.push({ name: 'file:/sebserver/config/spring/application-prod.properties', values: parseProperties(mountedProd) });
    const f = jar.find((x) => x.profile === p);
    if (f) profileFiles.push(toFile(f));
  }
  return { role, profiles: order, environment: new SpringEnvironment(env, [...profileFiles, ...base.map(toFile)]), reads };
}

function toFile(f: JarPropertiesFile): PropertyFile {
  return { name: f.file, values: new Map(Object.entries(f.values)) };
}

const isActive = (c: SebStartContext, profiles: readonly string[]) => profiles.length === 0 || profiles.some((p) => c.profiles.includes(p));

/** Try a read: undefined when fine, else why Spring fails. */
function readProblem(c: SebStartContext, key: string, mustExist: boolean): string | undefined {
  try {
    const v = c.environment.getProperty(key);
    if (v === undefined && mustExist) return 'not defined';
    return undefined;
  } catch (e) {
    return e instanceof UnresolvedPlaceholderError ? e.message : String(e);
  }
}

/** Problems with the keys the active classes read at start. */
export function startupReadProblems(c: SebStartContext): StartProblem[] {
  const out: StartProblem[] = [];
  const seen = new Set<string>();
  for (const r of c.reads) {
    if (!isActive(c, r.profiles) || seen.has(r.key)) continue;
    const reason = readProblem(c, r.key, r.how !== 'optional');
    if (reason !== undefined) {
      seen.add(r.key);
      out.push({ key: r.key, source: r.source, reason });
    }
  }
  return out;
}

/** WebserviceInfo's constructor: with screen proctoring enabled and bundled it reads and encrypts both secrets. */
export function screenProctoringProblems(c: SebStartContext): StartProblem[] {
  if (!isActive(c, WS)) return [];
  let on: boolean;
  try {
    on = toBoolean(c.environment.getProperty('sebserver.feature.exam.seb.screenProctoring.enabled')) && toBoolean(c.environment.getProperty('sebserver.feature.exam.seb.screenProctoring.bundled'));
  } catch {
    return []; // reported by the startup reads
  }
  if (!on) return [];
  return SCREEN_PROCTORING_SECRETS.flatMap((key) => {
    const reason = readProblem(c, key, true);
    return reason === undefined ? [] : [{ key, source: 'webservice/WebserviceInfo.java', reason }];
  });
}

/** True when `spring.autoconfigure.exclude` names DataSourceAutoConfiguration. */
export function excludesDataSource(c: SebStartContext): boolean {
  try {
    return (c.environment.getProperty('spring.autoconfigure.exclude') ?? '').split(',').map((s) => s.trim()).includes(DATASOURCE_AUTOCONFIGURATION);
  } catch {
    return false;
  }
}

/** DataSourceAutoConfiguration is on unless excluded; it needs a JDBC URL (the jar has no embedded database). */
export function dataSourceProblem(c: SebStartContext): StartProblem | undefined {
  if (excludesDataSource(c)) return undefined;
  const reason = readProblem(c, 'spring.datasource.url', true);
  return reason === undefined ? undefined : { key: 'spring.datasource.url', source: 'DataSourceAutoConfiguration (spring-boot)', reason };
}

const show = (ps: readonly StartProblem[]) => ps.map((p) => `${p.key} (${p.source}): ${p.reason}`);

/**
 * The start contract of SEB Server v2.2.0, checked on each role's rendered configuration; each row
 * has a "fails …" test in test/seb/spring-contract.test.ts.
 */
export const SEB_START_RULES: readonly PropRule<SebStartContext>[] = [
  {
    id: 'seb-spring-profiles',
    field: 'env spring_profiles_active',
    value: (c) => c.profiles,
    ok: (c) =>
      c.profiles.includes('prod') &&
      (c.role === 'bundled' ? c.profiles.includes('bundled') : c.role === 'ws' ? c.profiles.includes('ws') && !c.profiles.includes('gui') : c.profiles.includes('gui') && !c.profiles.includes('ws')),
    message: (c) => `the ${c.role} role runs with the wrong Spring profiles: it needs "${SEB_ROLE_PROFILES[c.role]}" (prod reads the mounted application-prod.properties; a GUI with ws, or a webservice with gui, starts the other half too).`,
    fix: (c) => `set spring_profiles_active to "${SEB_ROLE_PROFILES[c.role]}".`,
  },
  {
    id: 'seb-spring-placeholders',
    field: (c) => `${c.role} properties`,
    value: (c) => show(startupReadProblems(c)),
    ok: (c) => startupReadProblems(c).length === 0,
    message: 'SEB Server would stop at start: a property its classes read is missing or has a placeholder nothing defines (Spring throws "Could not resolve placeholder").',
    fix: 'define the keys named in the value (as environment variables or in the role\'s application-prod.properties).',
  },
  {
    id: 'seb-spring-screen-proctoring',
    field: (c) => `${c.role} sebserver.feature.exam.seb.screenProctoring.*`,
    value: (c) => show(screenProctoringProblems(c)),
    ok: (c) => screenProctoringProblems(c).length === 0,
    message:
      'screen proctoring is enabled and bundled (the v2.2.0 jar default), so WebserviceInfo\'s constructor reads ${sps.sebserver.client.secret} and ${sps.sebserver.password}; they are not defined and the webservice stops at start.',
    fix: 'switch screen proctoring off (sebserver.feature.exam.seb.screenProctoring.enabled=false) or give SebServer screenProctoring credentials (env sps_sebserver_client_secret and sps_sebserver_password from the sealed Secret).',
  },
  {
    id: 'seb-spring-datasource',
    field: (c) => `${c.role} spring.autoconfigure.exclude`,
    value: (c) => dataSourceProblem(c),
    ok: (c) => dataSourceProblem(c) === undefined,
    message: (c) =>
      c.role === 'gui'
        ? 'the GUI has no database, but DataSourceAutoConfiguration is not excluded: Spring fails with "Failed to determine a suitable driver class" (every GUI-only setup of seb-server-setup excludes it).'
        : 'DataSourceAutoConfiguration needs spring.datasource.url, which does not resolve (datastore.mariadb.server.address/port).',
    fix: (c) => (c.role === 'gui' ? `set spring.autoconfigure.exclude=${DATASOURCE_AUTOCONFIGURATION} in the GUI's properties.` : 'set datastore_mariadb_server_address and datastore_mariadb_server_port.'),
  },
];

/** What goes into a role's application-prod.properties. */
export interface SebRolePropertiesOptions {
  readonly role: SebRole;
  readonly port: number;
  /** The public SPS URL when screen proctoring is on (webservice and bundled only). */
  readonly screenProctoringUrl?: string;
}

/**
 * The role's `/sebserver/config/spring/application-prod.properties`. Secrets never appear here:
 * they are environment variables from Secret keys.
 */
export function sebRoleProperties(o: SebRolePropertiesOptions): string {
  const lines = [
    `# generated by hubfleet (lib/seb/spring-contract.ts) for the ${o.role} role (spring profiles ${SEB_ROLE_PROFILES[o.role]}); secrets come from environment variables`,
    'server.address=0.0.0.0',
    `server.port=${o.port}`,
    'server.servlet.context-path=/',
    'logging.level.ROOT=WARN',
    'logging.level.ch=INFO',
  ];
  if (o.role === 'gui') {
    lines.push('# The GUI has no database (as every GUI-only setup of seb-server-setup).', `spring.autoconfigure.exclude=${DATASOURCE_AUTOCONFIGURATION}`);
  } else if (o.screenProctoringUrl) {
    lines.push(
      '# Screen proctoring: the paired secrets are env sps_sebserver_client_secret and sps_sebserver_password.',
      'sebserver.feature.exam.seb.screenProctoring.enabled=true',
      'sebserver.feature.exam.seb.screenProctoring.bundled=true',
      `sebserver.feature.exam.seb.screenProctoring.bundled.url=${o.screenProctoringUrl}`,
    );
  } else {
    lines.push(
      '# No screen proctoring. The jar switches it on, and WebserviceInfo would then read ${sps.sebserver.client.secret}',
      '# and ${sps.sebserver.password}, which nothing defines here: off explicitly (nothing else reads them).',
      'sebserver.feature.exam.seb.screenProctoring.enabled=false',
      'sebserver.feature.exam.seb.screenProctoring.bundled=false',
    );
  }
  return [...lines, ''].join('\n');
}
