/**
 * Every English string of the dashboard and the connect pages. `{name}` placeholders are filled by
 * `format()`. `es.ts` has the same keys; the type below makes a missing translation a compile error.
 */
export const en = {
  locale: 'en',
  appName: 'Inbox Hub',
  skipToContent: 'Skip to content',

  // Login
  loginTitle: 'Sign in',
  loginIntro: 'Sign in to manage the WhatsApp sessions of this account.',
  loginUser: 'User name',
  loginPassword: 'Password',
  loginSubmit: 'Sign in',
  loginFailed: 'Wrong user name or password.',
  loginLocked: 'Too many failed attempts. Wait {seconds} s, then try again.',
  loginFormExpired: 'The form expired. Sign in again.',
  signedInAs: 'Signed in as {user}',
  logout: 'Sign out',

  // Dashboard
  dashboardTitle: 'WhatsApp sessions',
  liveConnecting: 'Connecting to live updates…',
  liveOn: 'Live: updates appear without reloading.',
  liveLost: 'Live updates interrupted. Reconnecting…',
  summary: '{total} sessions · {connected} connected · {pending} waiting for a scan',
  loading: 'Loading sessions…',
  empty: 'No sessions yet. Create the first one with the form.',
  noMatch: 'No session matches these filters.',
  filtersTitle: 'Filter sessions',
  filterStatus: 'Status',
  filterAll: 'All',
  search: 'Search',
  searchHint: 'Name, session ID or phone number',
  applyFilters: 'Apply',

  status_pending: 'Waiting for scan',
  status_connected: 'Connected',
  status_disconnected: 'Disconnected',
  status_error: 'Code expired',
  status_unknown: 'Unknown status',

  fieldSessionId: 'Session ID',
  fieldPhone: 'Phone number',
  fieldLastActivity: 'Last activity',
  noPhone: 'Not set',
  never: 'Never',

  qrAlt: 'QR code to link WhatsApp to the session {name}. Scan it with the phone.',
  qrExpiresIn: 'Expires in {seconds} s',
  qrRefreshing: 'Getting a new code…',
  qrWaiting: 'No QR code right now. Reconnect to get one.',
  qrAttemptOver: 'Nobody scanned the codes in time. Reconnect to get new ones.',

  reconnect: 'Reconnect',
  reconnectLabel: 'Reconnect {name}',
  disconnect: 'Disconnect',
  disconnectLabel: 'Disconnect {name}',
  customerLink: 'Customer link',
  customerLinkLabel: 'Create a customer link for {name}',

  createTitle: 'New session',
  createIntro: 'Creates the session and shows its QR at once.',
  createSessionIdHint: 'Letters, digits, "_" and "-", for example cliente_001.',
  createName: 'Name',
  createNameHint: 'What operators see, for example WhatsApp Empresa ABC.',
  createPhoneHint: 'Optional. Digits with the country code, no "+" or spaces, for example 34612345678.',
  createDescription: 'Description',
  createDescriptionHint: 'Optional, up to 500 characters.',
  createSubmit: 'Create and show QR',
  optional: 'optional',

  invalidSessionId: 'Use 1 to 100 letters, digits, "_" or "-", for example cliente_001.',
  invalidName: 'Enter a name of 1 to 100 characters.',
  invalidPhone:
    'Use 8 to 15 digits with the country code first, no "+", spaces or dashes, for example 34612345678.',
  invalidDescription: 'Use at most 500 characters.',
  formHasErrors: 'The form has errors. Fix the fields marked below.',

  noticeCreated: 'Session {sessionId} created. Its QR appears in the list.',
  noticeReconnected: 'Session {sessionId} is reconnecting. Scan its new QR.',
  noticeDisconnected: 'Session {sessionId} disconnected.',

  errorSessionExists: 'A session with this ID already exists.',
  errorPhoneInUse: 'Another session already uses this phone number.',
  errorNotFound: 'That session no longer exists.',
  errorRejected: 'Inbox Hub refused the data. Check the fields and try again.',
  errorRateLimited: 'Inbox Hub is receiving too many requests. Wait a minute and try again.',
  errorUnreachable:
    'Inbox Hub cannot be reached right now. The list shows the last known state; it retries by itself.',
  errorAuth: "Inbox Hub refused this dashboard's API key. Ask the administrator to check INBOX_HUB_API_KEY.",
  errorServer: 'Inbox Hub had a problem. Try again in a moment.',
  errorCsrf: 'This form expired or did not come from this dashboard. Reload the page and try again.',
  errorAlreadyConnected: 'This session is already connected; it needs no link.',
  errorSignInFirst: 'Sign in first.',
  errorCrossOrigin: 'This request came from another site and was refused.',
  errorTooLarge: 'The request is too large.',
  errorLinkUnusable: 'This link cannot be used.',

  confirmTitle: 'Disconnect {name}?',
  confirmText:
    'The phone {phone} will be logged out of this session. To use it again, someone must scan a new QR.',
  confirmSubmit: 'Yes, disconnect',
  cancel: 'Cancel',

  linkTitle: 'Customer link for {name}',
  linkIntro:
    "Send this link to the customer. It shows only this session's QR, refreshes it by itself and says when the phone is connected.",
  linkLabel: 'Link',
  linkCopy: 'Copy link',
  linkCopied: 'Link copied.',
  linkExpires: 'Valid until {date} (UTC), or until the phone connects.',
  linkWarning:
    'Anyone with this link can connect a phone to this session until it expires or is used. Send it only to the customer.',
  backToSessions: 'Back to the sessions',

  // Customer connect page
  connectTitle: 'Connect your WhatsApp',
  connectFor: 'Session: {name}',
  connectStepsTitle: 'How to connect',
  connectStep1: 'Open WhatsApp on your phone.',
  connectStep2: 'Tap Settings (iPhone) or the ⋮ menu (Android), then Linked devices.',
  connectStep3: 'Tap Link a device.',
  connectStep4: "Point your phone's camera at the code on this page.",
  connectRefreshNote:
    'The code changes every minute or so. This page shows the new one by itself: keep it open.',
  connectedTitle: 'Connected',
  connectedText: 'Your WhatsApp is connected. You can close this page.',
  connectAttemptOver: 'The codes expired before one was scanned.',
  connectNewCode: 'Get a new code',
  connectUnavailable: 'The code cannot be shown right now. This page keeps trying.',
  connectLiveLost: 'Connection to the page interrupted. Reconnecting…',

  linkInvalidTitle: 'This link is not valid',
  linkInvalidText: 'Check that you copied the whole link, or ask whoever sent it for a new one.',
  linkExpiredTitle: 'This link has expired',
  linkExpiredText: 'Ask whoever sent it for a new link.',
  linkSpentTitle: 'This link was already used',
  linkSpentText: 'The phone was connected with it. If it has to be connected again, ask for a new link.',

  notFoundTitle: 'Page not found',
  notFoundText: 'There is nothing at this address.',

  // Strings the browser script uses (sent to it as JSON).
  clientAnnounceStatus: '{name}: {status}',
  clientCopyFailed: 'Copy failed. Select the link and copy it by hand.',
} as const;

/** The shape every language file has. */
export type Messages = { readonly [K in keyof typeof en]: string };
