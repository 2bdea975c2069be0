import {
  expectedPhoneArg,
  mismatchWarning,
  nextStepFor,
  nextStepSchema,
  phoneCheck,
  phoneCheckSchema,
  presentStatus,
  sessionIdArg,
  statusInfoSchema,
} from './schemas.js';
import { defineTool } from './tool.js';

/** `get_session_status`: one session's connection status. */
export const getSessionStatus = defineTool({
  name: 'get_session_status',
  title: "Get a session's status",
  description:
    "Returns one session's connection status (pending, connected, disconnected or error), its phone number and whether a QR is waiting. Use it to check a session once; to wait for a scan, call wait_for_connection instead of calling this repeatedly. Pass expectedPhoneNumber to check that the right phone connected.",
  inputSchema: { sessionId: sessionIdArg, expectedPhoneNumber: expectedPhoneArg },
  outputSchema: { status: statusInfoSchema, phoneCheck: phoneCheckSchema, nextStep: nextStepSchema },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async run(args, deps, ctx) {
    const info = await deps.hub.sessions.getStatus(args.sessionId, { signal: ctx.signal });
    const check = phoneCheck(args.expectedPhoneNumber ?? deps.memory.expectedPhone(args.sessionId), info);
    const warning = mismatchWarning(check);
    return {
      structured: {
        status: presentStatus(info),
        phoneCheck: check,
        nextStep: warning ?? nextStepFor(info.status, info.sessionId),
      },
    };
  },
});
