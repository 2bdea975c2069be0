/**
 * @inbox-hub/sandbox: a local, stateful Inbox Hub that follows `spec/openapi.yaml`, with a simulated phone.
 * Start it with {@link startSandbox}; the `inbox-hub-sandbox` bin wraps the same function.
 */
export { banner as formatBanner } from './banner.js';
export { type Clock, createManualClock, type ManualClock, systemClock } from './clock.js';
export { SandboxError } from './domain/errors.js';
export { decodeQrImage } from './domain/qr-image.js';
export { defaultQrTiming, type QrTiming } from './domain/qr-timing.js';
export type { MismatchPolicy } from './domain/session-service.js';
export { defaultRateLimit, type RateLimit } from './http/rate-limiter.js';
export type { PhoneScanResult, SandboxPhone, ScanOptions, ScanTarget } from './phone.js';
export {
  type RunningSandbox,
  type SandboxAccount,
  type SandboxOptions,
  startSandbox,
} from './start-sandbox.js';
export { DEFAULT_EMAIL, type TenantOptions } from './tenants.js';
