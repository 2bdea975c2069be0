import { createRequire } from 'node:module';

/** Absolute path of `spec/openapi.yaml`, the contract every package is tested against. */
export const specPath: string = createRequire(import.meta.url).resolve('@inbox-hub/spec/openapi.yaml');
