// Safe markdown for messages (docs/web-client.md, "Markdown"). Builds DOM nodes with
// createElement/createTextNode/textContent only: nothing is ever parsed as HTML, so raw
// HTML in a message is text. Links are kept only when absolute http:, https: or mailto:
// URLs; anything else stays the text that was written. Images are never loaded (a link).
// `@username`, `@everyone`/`@here` and `#channel` follow the server's scanner
// (Sources/BeepMessages/Content/ContentScanner.swift, docs/messages.md): not inside code,
// not after a backslash, only at the start of a word.

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);
const MAX_DEPTH = 6; // nested quotes/lists beyond this are plain paragraphs
const USERNAME = /[A-Za-z0-9_.]{1,64}/y;
const TAG = /[\p{Alphabetic}\p{N}_-]{1,101}/uy;
const WORD = /[\p{Alphabetic}\p{N}_]/u;
const PUNCTUATION = /[!-/:-@[-`{-~]/;
const BARE_URL = /(?:https?:\/\/|mailto:)[^\s<>]{1,2048}/iy;
const ANGLE_URL = /<((?:https?:\/\/|mailto:)[^\s<>]{1,2048})>/iy;
const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const BULLET = /^( {0,3})([-*+])[ \t]+(.*)$/;
const ORDERED = /^( {0,3})(\d{1,9})([.)])[ \t]+(.*)$/;
const LANGUAGE = /^[A-Za-z0-9_+#.-]{1,32}$/;
const LINK_REL = 'noopener noreferrer nofollow';

/**
 * The normalised URL when `raw` is an absolute http:, https: or mailto: URL, else null.
 * Whitespace and control characters anywhere refuse it (the URL parser would drop some of
 * them, which is how `java\tscript:` tricks work); entities are never decoded.
 * @param {string} raw
 * @returns {string | null}
 */
export function safeLinkURL(raw) {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return null;
  if (/[\u0000-\u0020\u007f-\u009f\u2028\u2029]/.test(raw)) return null;
  let url;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  return SAFE_SCHEMES.has(url.protocol) ? url.href : null;
}

/**
 * Renders message markdown into a DocumentFragment.
 * @param {string} source the message content
 * @param {object} [options]
 * @param {string | ((name: string, user: object | null) => boolean)} [options.mentionsMe]
 *   the viewer's username (case-insensitive), or a predicate on a lowercased mention name
 *   (`everyone`/`here` included) and its resolved user; a match adds the class `mention-me`
 * @param {(name: string) => ({id: string, displayName?: string, name?: string} | null | undefined)} [options.resolveUser]
 *   lowercased username → user (its displayName or name becomes the title); when given,
 *   unknown names stay plain text
 * @param {(name: string) => ({id: string, href?: string} | null | undefined)} [options.resolveChannel]
 *   lowercased tag → channel; when given, unknown tags stay plain text; `href` must be a
 *   same-origin path (`/…`) or fragment (`#…`)
 * @returns {DocumentFragment}
 */
export function renderMarkdown(source, options = {}) {
  const fragment = document.createDocumentFragment();
  const text = typeof source === 'string' ? source : String(source ?? '');
  renderBlocks(text.replace(/\r\n?/g, '\n').split('\n'), fragment, options, 0);
  return fragment;
}

// ---------------------------------------------------------------- blocks

function renderBlocks(lines, parent, options, depth) {
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i += 1;
      continue;
    }
    const fence = fenceOf(line);
    if (fence) {
      i = renderFence(lines, i, fence, parent);
      continue;
    }
    if (depth < MAX_DEPTH && QUOTE.test(line)) {
      const inner = [];
      let match;
      while (i < lines.length && (match = QUOTE.exec(lines[i]))) {
        inner.push(match[1]);
        i += 1;
      }
      const quote = document.createElement('blockquote');
      renderBlocks(inner, quote, options, depth + 1);
      parent.appendChild(quote);
      continue;
    }
    if (depth < MAX_DEPTH && (BULLET.test(line) || ORDERED.test(line))) {
      i = renderList(lines, i, parent, options, depth);
      continue;
    }
    const paragraph = [];
    while (i < lines.length && lines[i].trim() !== '' && (paragraph.length === 0 || !startsBlock(lines[i], depth))) {
      paragraph.push(lines[i]);
      i += 1;
    }
    const p = document.createElement('p');
    appendInline(p, paragraph.join('\n'), options);
    parent.appendChild(p);
  }
}

function startsBlock(line, depth) {
  if (fenceOf(line)) return true;
  if (depth >= MAX_DEPTH) return false;
  return QUOTE.test(line) || BULLET.test(line) || ORDERED.test(line);
}

// An opening fence: 3+ backticks (with no backtick after them) or tildes, then an optional
// language word. {marker, language} or null.
function fenceOf(line) {
  const match = FENCE_OPEN.exec(line);
  if (!match || (match[1][0] === '`' && match[2].includes('`'))) return null;
  return { marker: match[1], language: match[2].trim().split(/\s+/)[0] };
}

// A fence runs to a closing fence of the same character at least as long, or to the end.
function renderFence(lines, start, fence, parent) {
  const marker = fence.marker;
  const closer = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}[ \\t]*$`);
  const body = [];
  let i = start + 1;
  while (i < lines.length && !closer.test(lines[i])) {
    body.push(lines[i]);
    i += 1;
  }
  const pre = document.createElement('pre');
  const code = document.createElement('code');
  if (LANGUAGE.test(fence.language)) code.dataset.language = fence.language;
  code.textContent = body.join('\n');
  pre.appendChild(code);
  parent.appendChild(pre);
  return Math.min(i + 1, lines.length);
}

// Consecutive items of one kind; lines indented past the marker continue the item.
function renderList(lines, start, parent, options, depth) {
  const first = BULLET.exec(lines[start]);
  const ordered = !first;
  const head = first ?? ORDERED.exec(lines[start]);
  const list = document.createElement(ordered ? 'ol' : 'ul');
  if (ordered) {
    const number = Number(head[2]);
    if (number !== 1) list.start = number;
  }
  let i = start;
  while (i < lines.length) {
    const item = ordered ? ORDERED.exec(lines[i]) : BULLET.exec(lines[i]);
    if (!item || (!ordered && item[2] !== head[2]) || (ordered && item[3] !== head[3])) break;
    const indent = item[1].length + (ordered ? item[2].length + 2 : 2);
    const body = [ordered ? item[4] : item[3]];
    i += 1;
    while (i < lines.length && lines[i].trim() !== '' && leadingSpaces(lines[i]) >= indent) {
      body.push(lines[i].slice(indent));
      i += 1;
    }
    const li = document.createElement('li');
    if (body.length === 1) appendInline(li, body[0], options);
    else renderBlocks(body, li, options, depth + 1);
    list.appendChild(li);
  }
  parent.appendChild(list);
  return i;
}

function leadingSpaces(line) {
  return line.length - line.replace(/^ +/, '').length;
}

// ---------------------------------------------------------------- inline

function appendInline(parent, text, options) {
  const tokens = emphasis(tokenize(text, false));
  build(parent, tokens, options);
}

function isWordBefore(text, i) {
  if (i <= 0) return false;
  let start = i - 1;
  const code = text.charCodeAt(start);
  if (code >= 0xdc00 && code <= 0xdfff && start > 0) start -= 1;
  return WORD.test(String.fromCodePoint(text.codePointAt(start)));
}

// One linear pass over `text`: where each backtick run's code span ends (just past the next
// run of the same width; -1 when none) and which `]` closes each `[` (escapes and code spans
// skipped; unmatched: absent). Precomputed so that hostile input (thousands of `[` or
// unclosed backticks) costs linear time, never quadratic.
function scanSpans(text) {
  const runs = [];
  for (let i = 0; i < text.length;) {
    if (text[i] === '\\') {
      i += 2;
    } else if (text[i] === '`') {
      let end = i;
      while (text[end] === '`') end += 1;
      runs.push([i, end - i]);
      i = end;
    } else {
      i += 1;
    }
  }
  const codeEnd = new Map();
  const nextOfWidth = new Map();
  for (let k = runs.length - 1; k >= 0; k -= 1) {
    const [at, width] = runs[k];
    codeEnd.set(at, nextOfWidth.get(width) ?? -1);
    nextOfWidth.set(width, at + width);
  }
  const bracket = new Map();
  const open = [];
  for (let j = 0; j < text.length; j += 1) {
    const c = text[j];
    if (c === '\\') j += 1;
    else if (c === '`') {
      const end = codeEnd.get(j) ?? -1;
      if (end > 0) j = end - 1;
      else while (text[j + 1] === '`') j += 1;
    } else if (c === '[') open.push(j);
    else if (c === ']' && open.length > 0) bracket.set(open.pop(), j);
  }
  return { codeEnd, bracket };
}

// `(url)` or `(url "title")` / `(<url>)` at `i`: {url, end} or null.
function linkDestination(text, i) {
  if (text[i] !== '(') return null;
  let j = i + 1;
  while (text[j] === ' ') j += 1;
  let url = '';
  if (text[j] === '<') {
    const close = text.indexOf('>', j);
    if (close < 0 || text.slice(j + 1, close).includes('\n')) return null;
    url = text.slice(j + 1, close);
    j = close + 1;
  } else {
    let parens = 0;
    const from = j;
    while (j < text.length && !/\s/.test(text[j])) {
      if (text[j] === '(') parens += 1;
      else if (text[j] === ')') {
        if (parens === 0) break;
        parens -= 1;
      } else if (text[j] === '\\' && j + 1 < text.length) j += 1;
      j += 1;
    }
    url = text.slice(from, j);
  }
  while (text[j] === ' ') j += 1;
  if (text[j] === '"' || text[j] === "'") {
    const close = text.indexOf(text[j], j + 1);
    if (close < 0) return null;
    j = close + 1;
    while (text[j] === ' ') j += 1;
  }
  if (text[j] !== ')') return null;
  return { url, end: j + 1 };
}

// A bare URL at `i` without trailing punctuation or an unbalanced `)`.
function bareURL(text, i) {
  const match = sticky(BARE_URL, text, i);
  if (!match) return null;
  let url = match[0];
  const opened = url.split('(').length - 1;
  let closed = url.split(')').length - 1;
  for (;;) {
    const last = url[url.length - 1];
    if ('.,:;!?*_~\'"'.includes(last)) url = url.slice(0, -1);
    else if (last === ')' && opened < closed) {
      url = url.slice(0, -1);
      closed -= 1;
    } else break;
  }
  return url;
}

// The match of a sticky (`y`) regex exactly at `i`, or null.
function sticky(regex, text, i) {
  regex.lastIndex = i;
  return regex.exec(text);
}

// Tokens: text, br, code, link, image, mention, everyone, channel, delim (* _ ~ runs).
function tokenize(text, inLink) {
  const tokens = [];
  let buffer = '';
  const flush = () => {
    if (buffer) tokens.push({ type: 'text', text: buffer });
    buffer = '';
  };
  const spans = scanSpans(text);
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length && PUNCTUATION.test(text[i + 1])) {
      buffer += text[i + 1];
      i += 2;
    } else if (c === '\n') {
      flush();
      tokens.push({ type: 'br' });
      i += 1;
    } else if (c === '`') {
      const end = spans.codeEnd.get(i) ?? -1;
      let open = i;
      while (text[open] === '`') open += 1;
      if (end < 0) {
        buffer += text.slice(i, open);
        i = open;
      } else {
        flush();
        let code = text.slice(open, end - (open - i)).replace(/\n/g, ' ');
        if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim() !== '') code = code.slice(1, -1);
        tokens.push({ type: 'code', text: code });
        i = end;
      }
    } else if ((c === '[' || (c === '!' && text[i + 1] === '[')) && !inLink) {
      const image = c === '!';
      const open = image ? i + 1 : i;
      const close = spans.bracket.get(open) ?? -1;
      const destination = close > 0 ? linkDestination(text, close + 1) : null;
      if (!destination) {
        buffer += text.slice(i, open + 1);
        i = open + 1;
        continue;
      }
      const raw = text.slice(i, destination.end);
      const href = safeLinkURL(destination.url.replace(/\\([!-/:-@[-`{-~])/g, '$1'));
      flush();
      const label = text.slice(open + 1, close);
      if (!href) tokens.push({ type: 'text', text: raw });
      else if (image) tokens.push({ type: 'image', href, alt: label });
      else tokens.push({ type: 'link', href, children: emphasis(tokenize(label, true)) });
      i = destination.end;
    } else if (c === '<' && !inLink && sticky(ANGLE_URL, text, i)) {
      const match = sticky(ANGLE_URL, text, i);
      const href = safeLinkURL(match[1]);
      flush();
      tokens.push(href ? { type: 'link', href, children: [{ type: 'text', text: match[1] }] } : { type: 'text', text: match[0] });
      i += match[0].length;
    } else if ((c === 'h' || c === 'H' || c === 'm' || c === 'M') && !inLink && !isWordBefore(text, i) && bareURL(text, i)) {
      const url = bareURL(text, i);
      const href = safeLinkURL(url);
      flush();
      tokens.push(href ? { type: 'link', href, children: [{ type: 'text', text: url }] } : { type: 'text', text: url });
      i += url.length;
    } else if (c === '@' && !isWordBefore(text, i)) {
      const run = (sticky(USERNAME, text, i + 1) ?? [''])[0].replace(/\.+$/, '');
      const name = run.toLowerCase();
      if (!run.startsWith('.') && (name === 'everyone' || name === 'here')) {
        flush();
        tokens.push({ type: 'everyone', name, raw: '@' + run, inLink });
        i += 1 + run.length;
      } else if (!run.startsWith('.') && run.length >= 2 && run.length <= 32) {
        flush();
        tokens.push({ type: 'mention', name, raw: '@' + run, inLink });
        i += 1 + run.length;
      } else {
        buffer += '@' + run;
        i += 1 + run.length;
      }
    } else if (c === '#' && !isWordBefore(text, i)) {
      const run = (sticky(TAG, text, i + 1) ?? [''])[0];
      if (run.length > 0 && [...run].length <= 100) {
        flush();
        tokens.push({ type: 'channel', name: run.toLowerCase(), raw: '#' + run, inLink });
      } else {
        buffer += '#' + run;
      }
      i += 1 + run.length;
    } else if (c === '*' || c === '_' || c === '~') {
      let end = i;
      while (text[end] === c) end += 1;
      flush();
      tokens.push(delimiter(text, i, end));
      i = end;
    } else {
      buffer += c;
      i += 1;
    }
  }
  flush();
  return tokens;
}

// A run of * _ ~ and whether it may open or close (CommonMark's flanking, simplified).
function delimiter(text, start, end) {
  const c = text[start];
  const before = start > 0 ? text[start - 1] : ' ';
  const after = end < text.length ? text[end] : ' ';
  let open = !/\s/.test(after);
  let close = !/\s/.test(before);
  if (c === '_') {
    open = open && !WORD.test(before);
    close = close && !WORD.test(after);
  }
  const usable = c !== '~' || end - start === 2;
  return { type: 'delim', c, rest: end - start, open: usable && open, close: usable && close };
}

// Pairs delimiter runs of one character into em / strong / del nodes, innermost first, two
// characters (strong) when both sides have them (CommonMark's algorithm, without its rule of
// three); unmatched characters stay text.
function emphasis(tokens) {
  const out = [];
  // Per character, indexes into out of the delimiters that may open, innermost last: the
  // nearest opener is the top (no search, so thousands of delimiters stay linear).
  const openers = { '*': [], _: [], '~': [] };
  for (const token of tokens) {
    if (token.type !== 'delim') {
      out.push(token);
      continue;
    }
    const closer = { ...token };
    const own = openers[closer.c];
    while (closer.close && closer.rest > 0 && own.length > 0) {
      const at = own[own.length - 1];
      const opener = out[at];
      const use = closer.c === '~' || (opener.rest >= 2 && closer.rest >= 2) ? 2 : 1;
      const children = out.splice(at + 1);
      opener.rest -= use;
      closer.rest -= use;
      for (const stack of Object.values(openers)) {
        while (stack.length > 0 && stack[stack.length - 1] > at) stack.pop();
      }
      const node = { type: 'node', tag: closer.c === '~' ? 'del' : use === 2 ? 'strong' : 'em', children };
      if (opener.rest === 0) {
        out.pop();
        own.pop();
      }
      out.push(node);
    }
    if (closer.rest === 0) continue;
    if (closer.open) own.push(out.length);
    out.push(closer);
  }
  return out;
}

// ---------------------------------------------------------------- DOM

function build(parent, tokens, options) {
  for (const token of tokens) {
    switch (token.type) {
      case 'text':
        parent.appendChild(document.createTextNode(token.text));
        break;
      case 'delim':
        parent.appendChild(document.createTextNode(token.c.repeat(token.rest)));
        break;
      case 'br':
        parent.appendChild(document.createElement('br'));
        break;
      case 'code': {
        const code = document.createElement('code');
        code.textContent = token.text;
        parent.appendChild(code);
        break;
      }
      case 'node': {
        const element = document.createElement(token.tag);
        build(element, token.children, options);
        parent.appendChild(element);
        break;
      }
      case 'link': {
        const a = link(token.href);
        build(a, token.children, options);
        parent.appendChild(a);
        break;
      }
      case 'image': {
        const a = link(token.href);
        a.className = 'image-link';
        a.textContent = token.alt || token.href;
        parent.appendChild(a);
        break;
      }
      case 'mention':
      case 'everyone':
        parent.appendChild(mention(token, options));
        break;
      case 'channel':
        parent.appendChild(channel(token, options));
        break;
      default:
        break;
    }
  }
}

function link(href) {
  const a = document.createElement('a');
  a.href = href;
  a.rel = LINK_REL;
  a.target = '_blank';
  return a;
}

function mention(token, options) {
  const everyone = token.type === 'everyone';
  let user = null;
  if (!everyone && typeof options.resolveUser === 'function') {
    user = options.resolveUser(token.name) ?? null;
    if (!user) return document.createTextNode(token.raw);
  }
  const span = document.createElement('span');
  span.className = everyone ? 'mention mention-everyone' : 'mention';
  span.dataset.username = token.name;
  if (user && user.id != null) span.dataset.userId = String(user.id);
  const title = user && (user.displayName ?? user.name);
  if (typeof title === 'string' && title) span.title = title;
  span.textContent = token.raw;
  const me = options.mentionsMe;
  const isMe = typeof me === 'function' ? Boolean(me(token.name, user))
    : typeof me === 'string' && !everyone && me.toLowerCase() === token.name;
  if (isMe) span.classList.add('mention-me');
  return span;
}

function channel(token, options) {
  if (typeof options.resolveChannel !== 'function') {
    const span = document.createElement('span');
    span.className = 'channel-ref';
    span.dataset.channelName = token.name;
    span.textContent = token.raw;
    return span;
  }
  const found = options.resolveChannel(token.name);
  if (!found) return document.createTextNode(token.raw);
  const internal = typeof found.href === 'string' && /^(\/(?![/\\])|#)[^\s\\]*$/.test(found.href);
  const element = document.createElement(internal && !token.inLink ? 'a' : 'span');
  if (internal && !token.inLink) element.href = found.href;
  element.className = 'channel-ref';
  element.dataset.channelName = token.name;
  if (found.id != null) element.dataset.channelId = String(found.id);
  element.textContent = token.raw;
  return element;
}
