/**
 * The example app's chat page: joins the lobby with a token from the app's token vendor and chats with the official
 * client, `amazon-ivs-chat-messaging`. Plain DOM, no framework. ../serve.ts bundles it with the client into the
 * git-ignored dist/ (the client's licence forbids committing its code) and serves it from the local chat server's
 * origin, where the token vendors are.
 */
import {
  ChatError, ChatMessage, ChatRoom, DeleteMessageRequest, DisconnectReason, DisconnectUserRequest, SendMessageRequest,
} from 'amazon-ivs-chat-messaging';
import type { PageConfig, TokenVendorConfig } from './config';

/** Why the room refused a request, by the messaging API's error code, in the sender's words. */
const REFUSALS: Record<number, string> = {
  403: 'you may not do that',
  406: 'the room\'s review refused it',
  413: 'it is too long for the room',
  429: 'rate limit: the room takes only so many messages a second',
};

/** Who is chatting, and what the page learnt about the connection. */
interface Session {
  readonly room: ChatRoom;
  readonly userId: string;
  readonly config: PageConfig;
  readonly canModerate: boolean;
  /** Set when a moderator disconnected this user (` (reason)` or ''): the event comes just before the server closes. */
  disconnectedBecause?: string;
  /** The token vendor's last refusal, to say why the page cannot connect. */
  tokenError?: string;
}

const joinForm = byId<HTMLFormElement>('join');
const sendForm = byId<HTMLFormElement>('send');
const status = byId<HTMLElement>('status');
const messages = byId<HTMLOListElement>('messages');

joinForm.addEventListener('submit', event => {
  event.preventDefault();
  const data = new FormData(joinForm);
  joinForm.hidden = true;
  join(String(data.get('name')), data.get('moderator') !== null).catch(error => {
    setStatus(`Cannot join: ${String(error)}`);
    joinForm.hidden = false;
  });
});

async function join(name: string, asModerator: boolean): Promise<void> {
  const response = await fetch('config.json');
  const config = await response.json() as PageConfig;
  const vendor = asModerator ? config.moderators : config.users;
  // The client asks for a token only once it connects, below, when `session` is set.
  const room = new ChatRoom({ regionOrUrl: config.messagingUrl, tokenProvider: () => fetchToken(session, vendor) });
  room.logLevel = 'error';
  const session: Session = { room, userId: vendor.principalPrefix + name, config, canModerate: asModerator };
  listen(session);
  sendForm.hidden = false;
  sendForm.addEventListener('submit', event => {
    event.preventDefault();
    void send(session);
  });
  room.connect();
}

/** A fresh token for every connection (a token opens one), from the vendor for the user's role. */
async function fetchToken(session: Session, vendor: TokenVendorConfig) {
  const response = await fetch(vendor.url, { method: 'POST', headers: { [session.config.principalHeader]: session.userId } }).catch(() => undefined);
  if (!response?.ok) {
    session.tokenError = response ? `the token vendor answered HTTP ${response.status}` : 'the token vendor cannot be reached';
    throw new Error(session.tokenError);
  }
  return await response.json() as { token: string; sessionExpirationTime: string; tokenExpirationTime: string };
}

function listen(session: Session): void {
  const { room } = session;
  let connectedBefore = false;
  room.addListener('connecting', () => {
    // Also in the list of messages: what was said while the page was away is missing from it.
    if (connectedBefore) {
      notice('Connection lost: reconnecting…');
    }
    setStatus(connectedBefore ? 'Connection lost: reconnecting…' : 'Connecting…');
    setSending(false);
  });
  room.addListener('connect', () => {
    if (connectedBefore) {
      notice('Reconnected.');
    }
    connectedBefore = true;
    setStatus(`Connected as ${nameOf(session, session.userId)}`);
    setSending(true);
  });
  room.addListener('disconnect', reason => {
    setStatus(whyDisconnected(session, reason));
    setSending(false);
  });
  room.addListener('message', message => show(messageItem(session, message)));
  room.addListener('messageDelete', event => {
    const item = messages.querySelector<HTMLElement>(`[data-message-id="${CSS.escape(event.messageId)}"]`);
    if (item) {
      notice(`A moderator deleted a message from ${item.dataset.sender}${because(event.reason)}.`);
      item.remove();
    }
  });
  room.addListener('userDisconnect', event => {
    if (event.userId === session.userId) {
      session.disconnectedBecause = because(event.reason);
    } else {
      notice(`A moderator disconnected ${nameOf(session, event.userId)}${because(event.reason)}.`);
    }
  });
}

function whyDisconnected(session: Session, reason: DisconnectReason): string {
  switch (reason) {
    case 'serverDisconnect':
      return session.disconnectedBecause !== undefined
        ? `A moderator disconnected you${session.disconnectedBecause}: you can no longer send messages.`
        : 'The chat server ended the session: you can no longer send messages.';
    case 'fetchTokenError':
      return `Cannot connect: ${session.tokenError ?? 'no chat token'}.`;
    case 'socketError':
      return `Cannot connect to the chat server at ${session.config.messagingUrl}.`;
    case 'clientDisconnect':
      return 'Disconnected.';
  }
}

async function send(session: Session): Promise<void> {
  const input = sendForm.elements.namedItem('text') as HTMLInputElement;
  const content = input.value.trim();
  input.value = '';
  if (content === '') {
    return;
  }
  try {
    // The sender's copy comes back as a `message` event like everybody's; only a refusal needs handling here.
    await session.room.sendMessage(new SendMessageRequest(content));
  } catch (error) {
    refused(`Not sent: “${content}”`, error as ChatError | Error);
  }
}

function messageItem(session: Session, message: ChatMessage): HTMLLIElement {
  const { room, canModerate, userId } = session;
  const sender = nameOf(session, message.sender.userId);
  const item = element('li', '', 'message');
  Object.assign(item.dataset, { messageId: message.id, sender });
  const time = element('time', message.sendTime.toLocaleTimeString());
  time.dateTime = message.sendTime.toISOString();
  item.append(element('span', sender, 'sender'), time);
  if (canModerate) {
    item.append(button('Delete', () => room.deleteMessage(new DeleteMessageRequest(message.id))));
    if (message.sender.userId !== userId) {
      item.append(button(`Disconnect ${sender}`, () => room.disconnectUser(new DisconnectUserRequest(message.sender.userId))));
    }
  }
  item.append(element('p', message.content));
  return item;
}

/** A moderator's action: its answer is the event every page reacts to, so only a refusal needs handling here. */
function button(label: string, action: () => Promise<unknown>): HTMLButtonElement {
  const control = element('button', label);
  control.type = 'button';
  control.addEventListener('click', async () => {
    try {
      await action();
    } catch (error) {
      refused(`Could not ${label.toLowerCase()}`, error as ChatError | Error);
    }
  });
  return control;
}

/** A refusal from the room (a ChatError) or from the client itself (an Error, such as "Room is not connected"). */
function refused(what: string, error: ChatError | Error): void {
  const why = 'errorCode' in error ? `${REFUSALS[error.errorCode] ?? error.errorMessage} (${error.errorCode})` : error.message;
  notice(`${what}: ${why}.`, 'refusal');
}

/** The user's name (their session name, the end of their ARN), and whether they moderate. */
function nameOf(session: Session, userId: string): string {
  const name = userId.split('/').pop()!;
  return userId.startsWith(session.config.moderators.principalPrefix) ? `${name} (moderator)` : name;
}

/** A moderator's reason, if any: this page gives none, an app's backend may (DeleteMessage, DisconnectUser). */
function because(reason: string | undefined): string {
  return reason ? ` (${reason})` : '';
}

function notice(text: string, kind = 'notice'): void {
  show(element('li', text, kind));
}

function show(item: HTMLLIElement): void {
  messages.append(item);
  item.scrollIntoView({ block: 'nearest' });
}

function setStatus(text: string): void {
  status.textContent = text;
}

function setSending(enabled: boolean): void {
  sendForm.querySelector('fieldset')!.disabled = !enabled;
}

/** An element with text: always as text, never as HTML, since messages come from other users. */
function element<K extends keyof HTMLElementTagNameMap>(tag: K, text: string, className?: string): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  created.textContent = text;
  if (className) {
    created.className = className;
  }
  return created;
}

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}
