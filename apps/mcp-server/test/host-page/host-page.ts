/**
 * The test host's page script (bundled for the browser by support/card-host.ts): what a chat client does to
 * show an MCP App. It puts the card's HTML in a sandboxed iframe under the CSP the resource declares,
 * connects ext-apps' AppBridge to it over postMessage, hands it the tool call's input and result, and
 * forwards the card's tool calls to Node (`hostCallTool`, where the real MCP client sends them). Every
 * message in either direction is reported to Node (`hostRecord`).
 */
import { AppBridge, PostMessageTransport } from '@modelcontextprotocol/ext-apps/app-bridge';
import type { CallToolRequest, CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { MountOptions } from './mount-options.js';

declare global {
  interface Window {
    hostCallTool(params: CallToolRequest['params']): Promise<CallToolResult>;
    hostRecord(direction: 'host->card' | 'card->host', json: string): void;
    mountCard(options: MountOptions): Promise<void>;
  }
}

/** The CSP a host builds from `_meta.ui.csp`, as MCP Apps describes it: nothing beyond what is declared. */
function hostCsp(csp: MountOptions['csp']): string {
  const resources = (csp?.resourceDomains ?? []).join(' ');
  const connect = csp?.connectDomains?.length ? csp.connectDomains.join(' ') : "'none'";
  return [
    "default-src 'none'",
    `script-src 'unsafe-inline' ${resources}`,
    `style-src 'unsafe-inline' ${resources}`,
    `img-src data: ${resources}`,
    `font-src ${resources || "'none'"}`,
    `connect-src ${connect}`,
    "frame-src 'none'",
  ].join('; ');
}

window.mountCard = async (options) => {
  const iframe = document.createElement('iframe');
  // Scripts only: an opaque origin, no same-origin access to this page, no forms, no popups.
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.title = 'connect card';
  iframe.style.cssText = 'width: 392px; height: 470px; border: 0; display: block;';
  document.body.append(iframe);
  const view = iframe.contentWindow;
  if (!view) throw new Error('The iframe has no window.');

  const transport = new PostMessageTransport(view, view);
  const send = transport.send.bind(transport);
  transport.send = (message: Parameters<typeof send>[0], sendOptions?: Parameters<typeof send>[1]) => {
    window.hostRecord('host->card', JSON.stringify(message));
    return send(message, sendOptions);
  };
  window.addEventListener('message', (event) => {
    if (event.source === view) window.hostRecord('card->host', JSON.stringify(event.data));
  });

  const bridge = new AppBridge(
    null,
    { name: 'inbox-hub-test-host', version: '1.0.0' },
    { serverTools: {}, logging: {} },
    { hostContext: { locale: options.locale, theme: 'light', platform: 'web', displayMode: 'inline' } },
  );
  bridge.oncalltool = (params) => window.hostCallTool(params);
  bridge.oninitialized = () => {
    void bridge.sendToolInput({ arguments: options.toolInput });
    void bridge.sendToolResult(options.toolResult);
  };
  // Connected before the HTML loads, so the card's first message (ui/initialize) finds a listener.
  await bridge.connect(transport);
  const policy = `<meta http-equiv="Content-Security-Policy" content="${hostCsp(options.csp)}">`;
  iframe.srcdoc = options.html.replace(/<head>/i, `<head>${policy}`);
};
