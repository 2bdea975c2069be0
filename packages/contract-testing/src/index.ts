export { assertNoCanary, canary, canaryStrings, fakeJwt } from './fixtures.js';
export { freePort } from './free-port.js';
export { type PrismOptions, type PrismServer, startPrism } from './prism.js';
export { specPath } from './spec-path.js';
export { type Violation, violationCheckingFetch } from './violations.js';
