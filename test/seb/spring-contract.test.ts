import { ethTeaching } from '../../clusters/eth-teaching';
import { checkRules } from '../../lib/core/errors';
import { ClusterApp } from '../../lib/fleet/cluster-app';
import { collect } from '../../lib/fleet/synth';
import { SebServer, SebServerProps } from '../../lib/seb/seb-server';
import {
  DATASOURCE_AUTOCONFIGURATION,
  envOfContainer,
  SEB_START_RULES,
  SebRole,
  sebRoleProperties,
  sebStartContext,
  startupReadProblems,
} from '../../lib/seb/spring-contract';
import { canonicalNameOfVariable, environmentVariants, parseProperties, SpringEnvironment, UnresolvedPlaceholderError } from '../../lib/seb/spring-environment';
import { SecretKeyRef } from '../../lib/secrets/secret-ref';

const secret = (key: string) => SecretKeyRef.fromName('seb-credentials', key);
const credentials = { sebServerPassword: secret('sebserver-password'), databaseRootPassword: secret('db-root-password'), databasePassword: secret('db-password') };
const sps = {
  guiImage: 'naritter/seb-sps-gui@sha256:' + 'a'.repeat(64),
  credentials: { sebServerClientSecret: secret('sps-client-secret'), guiClientSecret: secret('sps-gui-secret'), sebServerAccountPassword: secret('sps-account-password') },
};

/** Every SEB Server container of a build, with the properties file it mounts, as Spring would start it. */
function springStarts(props: Partial<SebServerProps>) {
  const app = new ClusterApp(ethTeaching);
  new SebServer(app, 'seb', { credentials, ...props });
  const json = collect(app).objects.map((o) => o.json);
  const configMap = (name: string) => json.find((o) => o.kind === 'ConfigMap' && o.metadata.name === name);
  return json
    .filter((o) => o.kind === 'Deployment' && o.spec.template.spec.containers[0].name === 'seb-server')
    .map((d) => {
      const pod = d.spec.template.spec;
      const c = pod.containers[0];
      const env = envOfContainer(c.env);
      const profiles = String(env.get('spring_profiles_active'));
      const role: SebRole = profiles.startsWith('bundled') ? 'bundled' : profiles.startsWith('ws') ? 'ws' : 'gui';
      const mount = c.volumeMounts.find((m: any) => m.mountPath === '/sebserver/config/spring');
      const cm = configMap(pod.volumes.find((v: any) => v.name === mount.name).configMap.name);
      const ctx = sebStartContext(role, env, cm.data['application-prod.properties']);
      return { deployment: d.metadata.name, role, ctx, configMap: cm.metadata.name, issues: checkRules(d.metadata.name, ctx, SEB_START_RULES) };
    });
}

describe('SEB Server v2.2.0 starts: Spring property resolution of every role hubfleet renders', () => {
  test.each([
    ['bundled, no screen proctoring', { mode: 'bundled' as const }],
    ['split, no screen proctoring', { mode: 'split' as const }],
    ['bundled with screen proctoring', { mode: 'bundled' as const, screenProctoring: sps }],
    ['split with screen proctoring', { mode: 'split' as const, screenProctoring: sps }],
  ])('%s: every role resolves what its classes read at start', (_, props) => {
    const starts = springStarts(props);
    expect(starts.length).toBe(props.mode === 'split' ? 2 : 1);
    for (const s of starts) expect(s.issues).toEqual([]);
  });

  test('each role mounts its own properties file', () => {
    const starts = springStarts({ mode: 'split' });
    expect(starts.map((s) => [s.role, s.configMap])).toEqual([
      ['ws', 'seb-webservice-config'],
      ['gui', 'seb-guiservice-config'],
    ]);
    expect(springStarts({ mode: 'bundled' }).map((s) => [s.role, s.configMap])).toEqual([['bundled', 'seb-server-config']]);
  });

  test('the GUI excludes DataSourceAutoConfiguration; the webservice keeps its database', () => {
    const [ws, gui] = springStarts({ mode: 'split' });
    expect(gui.ctx.environment.getProperty('spring.autoconfigure.exclude')).toBe(DATASOURCE_AUTOCONFIGURATION);
    expect(ws.ctx.environment.getProperty('spring.autoconfigure.exclude')).toBeUndefined();
    expect(ws.ctx.environment.getProperty('spring.datasource.url')).toBe('jdbc:mariadb://seb-mariadb:3306/SEBServer?useSSL=false&createDatabaseIfNotExist=true');
    // The env var overrides the jar's ${sebserver.mariadb.password}, so that placeholder is never resolved.
    expect(ws.ctx.environment.raw('spring.datasource.password')).toMatchObject({ source: 'env spring_datasource_password', secret: true });
  });

  test('without screen proctoring the webservice switches it off explicitly, and nothing reads the sps.* keys', () => {
    const [ws] = springStarts({ mode: 'split' });
    expect(ws.ctx.environment.getProperty('sebserver.feature.exam.seb.screenProctoring.enabled')).toBe('false');
    expect(ws.ctx.environment.raw('sps.sebserver.password')).toBeUndefined();
    expect(startupReadProblems(ws.ctx)).toEqual([]);
  });

  test('with screen proctoring the paired secrets resolve from the sealed Secret keys', () => {
    const [ws] = springStarts({ mode: 'split', screenProctoring: sps });
    const env = ws.ctx.environment;
    expect(env.getProperty('sebserver.feature.exam.seb.screenProctoring.bundled.clientPassword')).toBe('<Secret seb-credentials/sps-client-secret>');
    expect(env.getProperty('sebserver.feature.exam.seb.screenProctoring.bundled.sebserveraccount.password')).toBe('<Secret seb-credentials/sps-account-password>');
    expect(env.getProperty('sebserver.feature.exam.seb.screenProctoring.bundled.url')).toBe('https://seb-sps.teaching.example-university.ch');
  });

  test('the bundled role loads ws and gui (included by application-bundled.properties) under the mounted prod file', () => {
    const [b] = springStarts({ mode: 'bundled' });
    expect(b.ctx.profiles).toEqual(['bundled', 'ws', 'gui', 'prod']);
    expect(b.ctx.environment.files.map((f) => f.name)).toEqual([
      'file:/sebserver/config/spring/application-prod.properties',
      'classpath:config/application-gui.properties',
      'classpath:config/application-ws.properties',
      'classpath:config/application-bundled.properties',
      'classpath:config/application.properties',
    ]);
  });
});

describe('SEB_START_RULES', () => {
  const env = (o: Record<string, string>) => new Map(Object.entries(o));
  const wsEnv = { spring_profiles_active: 'ws,prod', sebserver_password: 'x', datastore_mariadb_server_address: 'db', datastore_mariadb_server_port: '3306' };
  const guiEnv = { spring_profiles_active: 'gui,prod', sebserver_password: 'x', sebserver_gui_http_external_scheme: 'https', sebserver_gui_http_external_servername: 'gui.example.org', sebserver_gui_http_external_port: '' };
  const rules = (role: SebRole, e: Record<string, string>, prod?: string) => checkRules(role, sebStartContext(role, env(e), prod), SEB_START_RULES).map((i) => i.rule);

  test('fails … the webservice of the v2.2.0 jar without sps secrets (screen proctoring is on in the jar)', () => {
    expect(rules('ws', wsEnv)).toEqual(['seb-spring-screen-proctoring']);
    expect(rules('ws', wsEnv, sebRoleProperties({ role: 'ws', port: 8080 }))).toEqual([]);
    expect(rules('ws', { ...wsEnv, SPS_SEBSERVER_CLIENT_SECRET: 'a', sps_sebserver_password: 'b' })).toEqual([]);
  });

  test('fails … a GUI-only role without the DataSourceAutoConfiguration exclusion', () => {
    const plain = 'server.port=8080\n';
    expect(rules('gui', guiEnv, plain)).toEqual(['seb-spring-datasource']);
    expect(rules('gui', guiEnv, sebRoleProperties({ role: 'gui', port: 8080 }))).toEqual([]);
    expect(rules('gui', { ...guiEnv, SPRING_AUTOCONFIGURE_EXCLUDE: DATASOURCE_AUTOCONFIGURATION }, plain)).toEqual([]);
  });

  test('fails … a webservice whose JDBC URL placeholders are missing', () => {
    const { datastore_mariadb_server_port, ...noPort } = wsEnv;
    void datastore_mariadb_server_port;
    expect(rules('ws', noPort, sebRoleProperties({ role: 'ws', port: 8080 }))).toEqual(['seb-spring-datasource']);
  });

  test('fails … without sebserver_password (Cryptor, the admin API client secret)', () => {
    const { sebserver_password, ...noPassword } = guiEnv;
    void sebserver_password;
    const ctx = sebStartContext('gui', env(noPassword), sebRoleProperties({ role: 'gui', port: 8080 }));
    expect(checkRules('gui', ctx, SEB_START_RULES).map((i) => i.rule)).toEqual(['seb-spring-placeholders']);
    expect(startupReadProblems(ctx).map((p) => p.key)).toEqual(['sebserver.webservice.internalSecret', 'sebserver.webservice.api.admin.clientSecret']);
  });

  test('fails … a GUI without its external URL (the jar points it at the webservice keys, which a GUI-only role lacks)', () => {
    const { sebserver_gui_http_external_scheme, ...noScheme } = guiEnv;
    void sebserver_gui_http_external_scheme;
    const ctx = sebStartContext('gui', env(noScheme), sebRoleProperties({ role: 'gui', port: 8080 }));
    expect(startupReadProblems(ctx)).toEqual([{ key: 'sebserver.gui.http.external.scheme', source: 'gui/GuiServiceInfo.java', reason: expect.stringContaining("could not resolve placeholder 'sebserver.webservice.http.external.scheme'") }]);
  });

  test('fails … a role with the wrong profiles', () => {
    expect(rules('gui', { ...guiEnv, spring_profiles_active: 'gui,ws,prod' }, sebRoleProperties({ role: 'gui', port: 8080 }))).toContain('seb-spring-profiles');
    expect(rules('ws', { ...wsEnv, spring_profiles_active: 'ws' }, sebRoleProperties({ role: 'ws', port: 8080 }))).toContain('seb-spring-profiles');
    // Without the env var the jar default bundled,prod applies.
    const { spring_profiles_active, ...noProfiles } = wsEnv;
    void spring_profiles_active;
    expect(sebStartContext('ws', env(noProfiles), undefined).profiles).toEqual(['bundled', 'ws', 'gui', 'prod']);
  });
});

describe('SpringEnvironment (spring-core placeholders, relaxed env binding)', () => {
  const files = (o: Record<string, string>) => [{ name: 'test.properties', values: new Map(Object.entries(o)) }];

  test('env variables bind with . and - as _, as written or upper-cased, and Boot-style mixed case for canonical keys', () => {
    expect(environmentVariants('sps.sebserver.password')).toEqual(['sps.sebserver.password', 'sps_sebserver_password', 'SPS.SEBSERVER.PASSWORD', 'SPS_SEBSERVER_PASSWORD']);
    expect(canonicalNameOfVariable('SPS_SEBSERVER_PASSWORD')).toBe('sps.sebserver.password');
    for (const name of ['SPS_SEBSERVER_PASSWORD', 'sps_sebserver_password', 'Sps_SebServer_Password']) {
      expect(new SpringEnvironment(new Map([[name, 'p']]), []).getProperty('sps.sebserver.password')).toBe('p');
    }
    // camelCase keys are not canonical: only spring-core's variants match (case kept, or all upper).
    const camel = 'sebserver.feature.exam.seb.screenProctoring.enabled';
    expect(new SpringEnvironment(new Map([['sebserver_feature_exam_seb_screenProctoring_enabled', 'false']]), []).getProperty(camel)).toBe('false');
    expect(new SpringEnvironment(new Map([['SEBSERVER_FEATURE_EXAM_SEB_SCREENPROCTORING_ENABLED', 'false']]), []).getProperty(camel)).toBe('false');
    expect(new SpringEnvironment(new Map([['sebserver_feature_exam_seb_screenproctoring_enabled', 'false']]), []).getProperty(camel)).toBeUndefined();
  });

  test('env wins over files; placeholders resolve recursively, with defaults, and fail like Spring', () => {
    const e = new SpringEnvironment(new Map([['a_b', 'env']]), files({ 'a.b': 'file', x: '${a.b}-${missing:dflt}', y: '${nope}', c1: '${c2}', c2: '${c1}', n: '${${k}}', k: 'a.b' }));
    expect(e.getProperty('a.b')).toBe('env');
    expect(e.getProperty('x')).toBe('env-dflt');
    expect(e.getProperty('n')).toBe('env');
    expect(() => e.getProperty('y')).toThrow(UnresolvedPlaceholderError);
    expect(() => e.getProperty('y')).toThrow("could not resolve placeholder 'nope'");
    expect(() => e.getProperty('c1')).toThrow(/circular/);
  });

  test('parses .properties like java.util.Properties', () => {
    const p = parseProperties('# c\n! c\n a = 1 \nb:2\nc 3\nd=multi\\\n   line\ne=tab\\tx\\u0041\nf=\n');
    expect([...p]).toEqual([['a', '1 '], ['b', '2'], ['c', '3'], ['d', 'multiline'], ['e', 'tab\txA'], ['f', '']]);
  });
});
