import * as path from 'path';
import { ALERT_ROWS, alertGroups, promtoolTests, TEST_CONTEXT } from '../../lib/monitoring/alerts';
import { promtool, tempDir, writeYaml } from './promtool';

describe('alert rules', () => {
  const dir = tempDir('alerts');
  const rules = writeYaml(path.join(dir, 'rules.yaml'), { groups: alertGroups(TEST_CONTEXT) });

  test('every rule expression parses and every rule is valid (promtool check rules)', () => {
    const r = promtool(['check', 'rules', rules], dir);
    expect([r.status, r.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
  });

  test('every alert fires on its firing series and stays quiet on its quiet series (promtool test rules)', () => {
    const tests = writeYaml(path.join(dir, 'tests.yaml'), promtoolTests('rules.yaml'));
    const r = promtool(['test', 'rules', tests], dir);
    expect([r.status, r.output]).toEqual([0, expect.stringContaining('SUCCESS')]);
  });

  test('the harness fails when an expectation is wrong (a quiet case that fires)', () => {
    const doc = promtoolTests('rules.yaml') as { tests: any[] };
    // Give the quiet case of the first row the firing series: promtool must report the alert it did not expect.
    const broken = { ...doc.tests[1], input_series: doc.tests[0].input_series, alert_rule_test: [{ ...doc.tests[1].alert_rule_test[0], eval_time: doc.tests[0].alert_rule_test[0].eval_time }] };
    const r = promtool(['test', 'rules', writeYaml(path.join(dir, 'broken.yaml'), { ...doc, tests: [broken] })], dir);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain(ALERT_ROWS[0].alert);
  });

  test('every row names its alert and has a firing and a quiet case', () => {
    const names = ALERT_ROWS.map((r) => r.alert);
    expect(new Set(names).size).toBe(names.length);
    for (const row of ALERT_ROWS) {
      expect(row.rules(TEST_CONTEXT).every((r) => r.alert === row.alert)).toBe(true);
      expect(row.test.firing.labels.length).toBeGreaterThan(0);
    }
  });
});
