/**
 * The capacity verdict of a request (what the course portal shows before a lecturer submits): the
 * eth-teaching example with one course file added, fast (the cluster built once, then only the
 * course's servers) and exact (the whole cluster built as synth builds it), for the course's term.
 */
import { ethTeachingCluster } from '../../apps/eth-teaching';
import { catalogueDir } from '../../lib/catalogue/app';
import { CapacityBaseline, capacityVerdict } from '../../lib/catalogue/capacity';
import { readCatalogue } from '../../lib/catalogue/load';

const FILE = 'courses/eth-teaching/2025-autumn/quantum-computing.yaml';
const course = (concurrent: number, guaranteeGiB: number) => `$schema: ../../../schemas/course.schema.json
title: Quantum Computing
login: { use: moodle, clientIds: [Qc1x] }
image: scipy
students: 200
maxConcurrentUsers: ${concurrent}
memoryGuaranteeGiB: ${guaranteeGiB}
memoryLimitGiB: 8
staff:
  instructors: { users: [q.prof@example-university.ch] }
`;

describe('the capacity verdict of a request', () => {
  const sources = readCatalogue(catalogueDir('eth-teaching'));
  const baseline = new CapacityBaseline(ethTeachingCluster);

  it('a small course: fits only with overcommit, like the semester without it', () => {
    const v = baseline.verdict(sources, { file: FILE, text: course(10, 0.5) });
    expect(v).toMatchObject({ cluster: 'eth-teaching', course: 'quantum-computing', term: '2025-autumn', approximate: true });
    expect(v.days.map((d) => d.day)).toEqual(['2025-09-15']);
    expect(v.worst.status).toBe('overcommit');
  });

  it('a course too large for the term: does not fit, by how much, and what to cap', () => {
    const v = baseline.verdict(sources, { file: FILE, text: course(100, 4) });
    expect(v.worst.status).toBe('does-not-fit');
    expect(v.worst.requestsRatio.memory).toBeGreaterThan(1);
    expect(v.worst.caps?.find((c) => c.hub === 'quantum-computing')).toMatchObject({ from: 100 });
    expect(v.worst.addNodes?.[0]).toMatchObject({ pool: 'worker', resource: 'memory' });
  });

  it('a change to an existing course replaces its demand instead of adding one', () => {
    const intro = sources.courses.find((c) => c.file.endsWith('/intro-programming.yaml'))!;
    const same = baseline.verdict(sources, { file: intro.file, text: intro.text });
    const bigger = baseline.verdict(sources, { file: intro.file, text: intro.text.replace('maxConcurrentUsers: 70', 'maxConcurrentUsers: 100').replace('memoryGuaranteeGiB: 0.5', 'memoryGuaranteeGiB: 1') });
    expect(same.worst.status).toBe('overcommit');
    expect(bigger.worst.requestsRatio.memory).toBeGreaterThan(same.worst.requestsRatio.memory);
  });

  it('the exact verdict (the whole cluster built with the file) agrees with the fast one', () => {
    const text = course(100, 4);
    const exact = capacityVerdict(ethTeachingCluster, sources, { file: FILE, text });
    const fast = baseline.verdict(sources, { file: FILE, text });
    expect(exact.approximate).toBe(false);
    expect(exact.worst.status).toBe(fast.worst.status);
    // The fast path leaves out only the new hub's own pods (hub, proxy: under 1 GiB of ~28 GiB free).
    expect(Math.abs(exact.worst.requestsRatio.memory - fast.worst.requestsRatio.memory)).toBeLessThan(0.1);
  });

  it('refuses a course file with errors (check it with checkCourseText first)', () => {
    expect(() => baseline.verdict(sources, { file: FILE, text: course(10, 0.5).replace('image: scipy', 'image: scpiy') })).toThrow(/quantum-computing.yaml: the course has 1 error/);
  });
});
