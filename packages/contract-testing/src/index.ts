export {
  FAULTS,
  type Fault,
  type FaultPlan,
  type FaultRecord,
  type FaultServer,
  type FaultServerOptions,
  startFaultServer,
} from './fault-server.js';
export { assertNoCanary, canary, canaryStrings, fakeJwt } from './fixtures.js';
export { freePort } from './free-port.js';
export { type PrismOptions, type PrismServer, startPrism } from './prism.js';
export { type MatrixCell, reportsDir, writeReport } from './report.js';
export { specPath } from './spec-path.js';
export { type Violation, violationCheckingFetch } from './violations.js';
