import { z } from 'zod';
import { phoneNumberString, sessionIdArg } from '../tools/schemas.js';

/** The prompt's name. */
export const CONNECT_CLIENT_PROMPT = 'connect_client_whatsapp';

/** The tools the prompt walks through; it is offered only when all of them are. */
export const CONNECT_CLIENT_TOOLS = ['setup_session', 'wait_for_connection', 'get_session_status'] as const;

/** Its arguments. Prompt arguments are strings; the same patterns as the tools apply. */
export const connectClientArgs = {
  sessionId: sessionIdArg,
  phoneNumber: phoneNumberString
    .optional()
    .describe('The client\'s WhatsApp number, digits with country code and no "+", e.g. "34612345678".'),
  clientName: z
    .string()
    .min(1)
    .max(100)
    .optional()
    .describe('The client\'s name, used as the session name, e.g. "Empresa ABC".'),
};

/** The prompt's description, for clients that list prompts. */
export const connectClientDescription =
  "Walks the assistant through onboarding a client's WhatsApp: create the session, show the QR, wait for the scan, and confirm that the expected phone number connected.";

/** Builds the prompt's text for the given arguments. */
export function connectClientText(args: {
  sessionId: string;
  phoneNumber?: string;
  clientName?: string;
}): string {
  const { sessionId, phoneNumber, clientName } = args;
  const who = clientName ? `${clientName} (session "${sessionId}")` : `session "${sessionId}"`;
  const setupArgs = [
    `sessionId "${sessionId}"`,
    phoneNumber ? `phoneNumber "${phoneNumber}"` : undefined,
    clientName ? `name "WhatsApp ${clientName}"` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  const expected = phoneNumber
    ? `The phone that should connect is ${phoneNumber}.`
    : 'No phone number was given: ask the user which number should connect before you start, and pass it as phoneNumber.';
  return [
    `Connect the WhatsApp number of ${who} to Inbox Hub. ${expected}`,
    '',
    `1. Call setup_session with ${setupArgs}. If it answers that the session already exists, call get_session_status: when it is connected, stop and report it; otherwise call connect_session and then get_qr_code.`,
    '2. Show the QR image to the user exactly as returned and tell them how long it is valid (expiresInSeconds). They scan it on the phone in WhatsApp > Settings > Linked devices > Link a device.',
    `3. Call wait_for_connection with sessionId "${sessionId}"${phoneNumber ? ` and expectedPhoneNumber "${phoneNumber}"` : ''}. If the outcome is "new_qr", show the new QR in place of the old one and call it again; if it is "timeout", ask the user whether they need more time and call it again.`,
    '4. When the outcome is "connected", read phoneCheck: if matches is false, tell the user that a different phone connected and offer to call disconnect_session; if it is true, confirm that the number is linked.',
    '5. If the outcome is "error" or "disconnected", explain that the QR was not scanned in time and start again from connect_session.',
    '',
    'Never ask the user for API keys or passwords; the server already has them.',
  ].join('\n');
}
