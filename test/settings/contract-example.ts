/** The config file of CONTRACT.md section 3, verbatim: line numbers below count on it. */
export const CONTRACT_YAML = `schedule: "*/5 * * * *"
selfHeal:
  enabled: true          # detect + notify
  originate: true        # open held fix tasks
  maxPerCycle: 1
  maxOpenTasks: 3
approvers: [U0APPROVER, S0LEADS]
admins: [U0ADMIN]
oncall:
  users: [U0ALICE, U0BOB]      # or: usergroup: S0ONCALL
  rotation: weekly             # none | daily | weekly
  start: 2026-11-02T09:00:00Z
escalation:                    # steps run while an incident is unacknowledged
  - after: 0m
    notify: channel            # the incident message itself
  - after: 15m
    mention: oncall            # @-mention in the incident thread
  - after: 30m
    dm: oncall                 # direct message
  - after: 60m
    dm: [U0MANAGER]
    mention: here              # @here in the thread
repeat: 1                      # run the steps again this many times
repos:
  - repo: acme/widgets
    workflow: ci.yml
    branch: main               # optional: default branch
    channel: C0INCIDENTS
    fix:
      strategy: rerun          # rerun | revert | dispatch | issue
      workflow: overseer-fix.yml   # for dispatch
    users:                     # GitHub login -> Slack user, for naming authors
      octocat: U0OCTO
    flakeRetry: off            # off | known | all: re-run failed jobs once before paging
    incidentChannels: false    # a channel per incident (opt-in)
`;

/** CONTRACT_YAML with lines `first` to `last` (1-based, inclusive) replaced by `text`. */
export function withLines(first: number, last: number, text: string): string {
  const lines = CONTRACT_YAML.split('\n');
  lines.splice(first - 1, last - first + 1, text);
  return lines.join('\n');
}

/** CONTRACT_YAML with the text of line `line` replaced; `''` blanks it, keeping later line numbers. */
export function withLine(line: number, text: string): string {
  return withLines(line, line, text);
}
