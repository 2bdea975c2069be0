import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expression, type Job, jobCommands, parseWorkflow, ROOT, readWorkflow } from '../src/workflow.js';

// The release workflow cannot run here, so its shape is the test: it must do what the rehearsal does
// (`./x release --dry-run`, which CI runs too) and then publish with the same command, and nothing else
// that builds or packs. A step added beside them (a build, an `npm publish`, a pack) fails this test.
const REPOSITORY = expression('env.INBOX_HUB_REPOSITORY');
const EXPECTED_COMMANDS = [
  'uses actions/checkout',
  'uses actions/setup-node',
  './x release --dry-run',
  'uses changesets/action',
  './x pnpm --filter @inbox-hub/workflows version-packages',
  `./x release --publish --repository ${REPOSITORY}`,
];

const { text, workflow } = readWorkflow('release.yml');
const job = workflow.jobs.release as Job;

describe('the release workflow', () => {
  it('has one job, which rehearses the release, then versions or publishes with the same command', () => {
    expect(Object.keys(workflow.jobs)).toEqual(['release']);
    expect(jobCommands(job)).toEqual(EXPECTED_COMMANDS);
  });

  it('notices a step added beside them', () => {
    const edited = parseWorkflow(
      text.replace(
        '      - name: Rehearse the release',
        '      - run: ./x pnpm turbo run build\n      - name: Rehearse the release',
      ),
    );
    expect(jobCommands(edited.jobs.release as Job)).not.toEqual(EXPECTED_COMMANDS);
    const publishedByHand = parseWorkflow(
      text.replace(
        '          NPM_CONFIG_PROVENANCE: "true"',
        '          NPM_CONFIG_PROVENANCE: "true"\n      - run: pnpm -r publish',
      ),
    );
    expect(jobCommands(publishedByHand.jobs.release as Job)).not.toEqual(EXPECTED_COMMANDS);
  });

  it('runs on pushes to main only, and not in forks', () => {
    expect(workflow.on).toEqual({ push: { branches: ['main'] } });
    expect(job.if).toBe(expression('!github.event.repository.fork'));
  });

  it('publishes with npm provenance', () => {
    expect(workflow.permissions).toEqual({});
    expect(job.permissions).toEqual({ contents: 'write', 'pull-requests': 'write', 'id-token': 'write' });
    const publishing = job.steps.find((step) => step.with?.['publish-script'] !== undefined);
    expect(publishing?.env).toMatchObject({ NPM_CONFIG_PROVENANCE: 'true' });
    // The npm registry, so setup-node writes the .npmrc that reads NODE_AUTH_TOKEN.
    const setupNode = job.steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
    expect(setupNode?.with).toMatchObject({
      'node-version-file': '.nvmrc',
      'registry-url': 'https://registry.npmjs.org',
    });
  });

  it('takes the repository from one variable, defaulting to the repository it runs in, and names no owner', () => {
    expect(job.env).toEqual({
      INBOX_HUB_REPOSITORY: expression('vars.INBOX_HUB_REPOSITORY || github.repository'),
    });
    // The one setting the maintainer makes: no other repository variable is read.
    expect(text.match(/vars\.\w+/g)).toEqual(['vars.INBOX_HUB_REPOSITORY']);
    // No owner or repository URL written into the workflow itself.
    expect(text).not.toMatch(/github\.com\/[\w.-]+\/[\w.-]+|inbox-hub\/inbox-hub-toolkit/);
  });

  it('pins every action to a full commit', () => {
    const uses = job.steps.flatMap((step) => (step.uses ? [step.uses] : []));
    expect(uses).toHaveLength(3);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
  });

  it("names a version script that exists, and changesets/action's v2 inputs", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'tooling', 'workflows', 'package.json'), 'utf8'));
    expect(pkg.scripts['version-packages']).toBe('node scripts/version-packages.mjs');
    const action = job.steps.find((step) => step.uses?.startsWith('changesets/action@'));
    // v2 (for changesets 3) renamed v1's `version`/`publish`; an unknown input would be ignored silently.
    expect(Object.keys(action?.with ?? {}).sort()).toEqual([
      'commit-message',
      'pr-title',
      'publish-script',
      'version-script',
    ]);
  });
});
