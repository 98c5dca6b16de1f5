// DOM construction without HTML strings: every text goes through textContent, every
// attribute through setAttribute (no innerHTML anywhere in the client).

/**
 * h("button", {type: "button", "data-testid": "x", onclick: fn}, "text", child, ...)
 * Attributes starting with "on" are event listeners; `hidden`/`disabled`/... take booleans;
 * children are nodes, strings (as text), arrays of them, or null/false (skipped).
 */
export function h(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (value === null || value === undefined || value === false) { continue; }
    if (name.startsWith("on") && typeof value === "function") {
      node.addEventListener(name.slice(2), value);
    } else if (value === true) {
      node.setAttribute(name, "");
    } else {
      node.setAttribute(name, String(value));
    }
  }
  append(node, children);
  return node;
}

/** Appends children (nodes, strings, nested arrays; null/false skipped). */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) { continue; }
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces every child of `parent`. */
export function mount(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** A unique id for label/aria wiring. */
let counter = 0;
export function uid(prefix = "id") {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A labelled form field: <label for>…</label><input id>; returns {field, input}. */
export function field(label, inputAttributes = {}, tag = "input") {
  const id = uid("field");
  const input = h(tag, { id, ...inputAttributes });
  const wrapper = h("div", { class: "field" }, h("label", { for: id }, label), input);
  return { field: wrapper, input };
}

/** Focuses the first focusable element inside `root` (after a view change). */
export function focusFirst(root) {
  const target = root.querySelector("[autofocus], h1, h2, input, button, [tabindex='0']");
  if (target !== null) {
    if (!target.hasAttribute("tabindex") && /^H[12]$/.test(target.tagName)) { target.setAttribute("tabindex", "-1"); }
    target.focus({ preventScroll: false });
  }
}
