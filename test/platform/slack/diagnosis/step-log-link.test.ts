import type { KnownBlock } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../../src/core/domain/types.js';
import type { Incident } from '../../../../src/incidents/domain/incident.js';
import { renderIncident } from '../../../../src/platform/slack/incidents/incident-view.js';

// Each failing job links to its log at the failed step, as GitHub's own "job" page does:
// <host>/<owner>/<repo>/actions/runs/<run_id>/job/<job_id>#step:<number>:1.

const SINCE = 1_700_000_000_000;

function incident(jobs: JobInfo[], host = 'https://github.com'): Incident {
  return {
    id: 'acme/widgets:ci.yml:main#3',
    watch: { repo: 'acme/widgets', workflow: 'ci.yml', branch: 'main' },
    episode: 3,
    status: 'open',
    since: SINCE,
    sinceUnknown: true,
    firstRedSha: 'abcdef0'.padEnd(40, '1'),
    headSha: 'abcdef0'.padEnd(40, '1'),
    run: { id: 901, attempt: 2, url: `${host}/acme/widgets/actions/runs/901/attempts/2` },
    failingJobs: jobs,
    suspects: [],
    suspectsOmitted: 0,
    laterRedShas: [],
  };
}

const job = (id: number, failedStepNumber: number | undefined, host = 'https://github.com'): JobInfo => ({
  id,
  name: `job ${id}`,
  conclusion: 'failure',
  // The jobs API's html_url, in the older check-run form: the link is rebuilt from its host.
  url: `${host}/acme/widgets/runs/${id}`,
  failedSteps: ['Run tests'],
  ...(failedStepNumber === undefined ? {} : { failedStepNumber }),
});

function text(blocks: readonly KnownBlock[]): string {
  return JSON.stringify(blocks);
}

describe('failing jobs link to the failed step of their log', () => {
  it('links the job at its failed step, on the run of the incident', () => {
    const view = renderIncident(incident([job(7001, 4), job(7002, 3)]), SINCE);
    const all = text(view.blocks as KnownBlock[]);
    expect(all).toContain('<https://github.com/acme/widgets/actions/runs/901/job/7001#step:4:1|job 7001>');
    expect(all).toContain('<https://github.com/acme/widgets/actions/runs/901/job/7002#step:3:1|job 7002>');
  });

  it('keeps the host of a GitHub Enterprise job link', () => {
    const host = 'https://ghe.acme.test';
    const view = renderIncident(incident([job(7001, 4, host)], host), SINCE);
    expect(text(view.blocks as KnownBlock[])).toContain(
      '<https://ghe.acme.test/acme/widgets/actions/runs/901/job/7001#step:4:1|job 7001>',
    );
  });

  it('keeps the job link GitHub gave when the failed step is not known', () => {
    const view = renderIncident(incident([job(7001, undefined)]), SINCE);
    const all = text(view.blocks as KnownBlock[]);
    expect(all).toContain('<https://github.com/acme/widgets/runs/7001|job 7001>');
    expect(all).not.toContain('#step:');
  });

  it('the compact list of a resolved incident links the step too', () => {
    const resolved: Incident = {
      ...incident([job(7001, 4)]),
      status: 'recovered',
      resolvedAt: SINCE + 60_000,
    };
    const all = text(renderIncident(resolved, SINCE + 60_000).blocks as KnownBlock[]);
    expect(all).toContain('<https://github.com/acme/widgets/actions/runs/901/job/7001#step:4:1|job 7001>');
  });
});
