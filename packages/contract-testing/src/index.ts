export {
  FAULTS,
  type Fault,
  type FaultPlan,
  type FaultRecord,
  type FaultServer,
  type FaultServerOptions,
  shouldRecover,
  startFaultServer,
  TRANSIENT_FAULTS,
} from './fault-server.js';
export { assertNoCanary, canary, canaryStrings, fakeJwt } from './fixtures.js';
export { freePort } from './free-port.js';
export {
  CaseCounter,
  descriptionArb,
  isValidPhone,
  isValidSessionId,
  nameArb,
  phoneArb,
  SESSION_ID_TRICKS,
  sessionIdArb,
} from './fuzz.js';
export {
  importJson,
  itemsOf,
  manualWorkflow,
  type N8nHome,
  type N8nHomeOptions,
  n8nHome,
  parseRun,
  type RunData,
  type RunItem,
  runN8n,
  startN8n,
  type WorkflowNode,
} from './n8n.js';
export {
  createPostgresDatabase,
  type PostgresOptions,
  type RunningPostgres,
  startPostgres,
} from './postgres.js';
export { type PrismOptions, type PrismServer, startPrism } from './prism.js';
export {
  type Ran,
  type Running,
  type RunOptions,
  run,
  type StartOptions,
  startProcess,
  tail,
  waitUntil,
} from './processes.js';
export { seeded } from './random.js';
export { type MatrixCell, reportsDir, writeReport } from './report.js';
export { type SecurityCheck, securityLog } from './security.js';
export { specPath } from './spec-path.js';
export { type Violation, violationCheckingFetch } from './violations.js';
