// The interfaces use cases depend on, one file per port under ports/. Adapters implement them;
// tests pass fakes or real adapters pointed at local fake servers. Nothing here does I/O.

export type { Chat, ChatMessage, DeliveryTag, PostedMessage } from './ports/chat.js';
export type { CiProvider, CommitRange, RunPage } from './ports/ci-provider.js';
export type { Clock } from './ports/clock.js';
export type { ChatFile, FileUpload } from './ports/file-upload.js';
export type { ChecksSummary, CommitSummary, FixForge, PullInfo } from './ports/fix-forge.js';
export {
  type ChannelCreated,
  ChannelRefusedError,
  type IncidentChannels,
} from './ports/incident-channels.js';
export type { IncidentPresenter, PageCall } from './ports/incident-presenter.js';
export type { AnnotationsRead, JobLogRead, JobLogs, LogUnavailable } from './ports/job-logs.js';
export type { Log } from './ports/log.js';
export type { CurrentSettings, Settings, SettingsRead, SettingsUnreadable } from './ports/settings.js';
export {
  type StatusPage,
  type StatusPageAnswer,
  type StatusPageCause,
  StatusPageError,
} from './ports/status-page.js';
export {
  type CasResult,
  type DueItem,
  type Store,
  StoreUnavailableError,
  type Versioned,
} from './ports/store.js';
export type { Telemetry } from './ports/telemetry.js';
