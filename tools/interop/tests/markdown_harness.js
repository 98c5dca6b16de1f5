// The page of test_web_markdown.py: renders one case with web/app/markdown.js and returns
// the fragment's serialisation (reading innerHTML here is the test's check, never a render).
import { renderMarkdown, safeLinkURL } from '/markdown.js';

// options: {me?: string, meFunction?: [names], users?: {name: user}, channels?: {name: channel}}
window.renderCase = (source, options = {}) => {
  const rendered = {};
  if (options.users) rendered.resolveUser = (name) => options.users[name] ?? null;
  if (options.channels) rendered.resolveChannel = (name) => options.channels[name] ?? null;
  if (options.me) rendered.mentionsMe = options.me;
  if (options.meFunction) rendered.mentionsMe = (name) => options.meFunction.includes(name);
  const fragment = renderMarkdown(source, rendered);
  if (!(fragment instanceof DocumentFragment)) throw new Error('renderMarkdown did not return a DocumentFragment');
  const box = document.getElementById('out');
  box.replaceChildren(fragment);
  return box.innerHTML;
};
// Renders `source` into a new box kept in #all (the XSS case renders every payload at once).
window.appendCase = (source) => {
  const box = document.createElement('div');
  box.appendChild(renderMarkdown(source, { resolveUser: (name) => ({ id: name }), mentionsMe: 'alice' }));
  document.getElementById('all').appendChild(box);
};
window.safeLinkURL = safeLinkURL;
window.harnessReady = true;
