import { describe, expect, it } from 'vitest';
import { pingEvent, workflowRunCompleted } from './webhook-payloads.js';

describe('webhook payloads cloned from GitHub examples', () => {
  it('points a completed workflow_run at the given repo, run, attempt and commit', () => {
    const payload = workflowRunCompleted({
      repo: 'acme/widgets',
      branch: 'main',
      headSha: 'a'.repeat(40),
      conclusion: 'failure',
      runId: 42,
      attempt: 2,
    });
    expect(payload.action).toBe('completed');
    expect(payload.repository).toMatchObject({
      full_name: 'acme/widgets',
      name: 'widgets',
      owner: { login: 'acme' },
    });
    expect(payload.workflow.path).toBe('.github/workflows/ci.yml');
    expect(payload.workflow_run).toMatchObject({
      id: 42,
      head_branch: 'main',
      head_sha: 'a'.repeat(40),
      status: 'completed',
      conclusion: 'failure',
      path: '.github/workflows/ci.yml',
      run_attempt: 2,
      html_url: 'https://github.com/acme/widgets/actions/runs/42',
      previous_attempt_url: 'https://api.github.com/repos/acme/widgets/actions/runs/42/attempts/1',
    });
    expect(JSON.stringify(payload)).not.toMatch(/octo-org|octo-repo/);
  });

  it('returns independent copies', () => {
    const options = { repo: 'acme/widgets', branch: 'main', headSha: 'b'.repeat(40), runId: 1 } as const;
    const first = workflowRunCompleted({ ...options, conclusion: 'failure' });
    const second = workflowRunCompleted({ ...options, conclusion: 'success', workflowFile: 'lint.yml' });
    expect(first.workflow_run.conclusion).toBe('failure');
    expect(second.workflow.path).toBe('.github/workflows/lint.yml');
    expect(first.workflow.path).toBe('.github/workflows/ci.yml');
  });

  it('builds a ping with a hook and, when asked, the given repository', () => {
    const ping = pingEvent({ repo: 'acme/widgets' });
    expect(ping.zen).toEqual(expect.any(String));
    expect(ping.hook_id).toEqual(expect.any(Number));
    expect(JSON.stringify(ping)).toContain('"full_name":"acme/widgets"');
  });
});
