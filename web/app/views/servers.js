// Finding and making servers: discovery (search public servers, join), create a server,
// and the invite page (/invite/CODE: see the server, accept).

import { h, mount, field, focusFirst } from "../dom.js";
import { t } from "../i18n.js";
import { get, post } from "../api.js";
import { store, loadServers } from "../store.js";
import { navigate, paths } from "../router.js";
import { errorRegion, busy } from "./ui.js";

export function renderDiscover(container) {
  const query = field(t("discover.query"), { type: "search", "data-testid": "discover-input" });
  const list = h("ul", { class: "server-cards", "data-testid": "discover-results", "aria-live": "polite" });
  const error = errorRegion("discover-error");
  const search = async () => {
    error.clear();
    try {
      const page = await get(`/servers?q=${encodeURIComponent(query.input.value.trim())}&limit=50`);
      const items = page.items ?? [];
      list.replaceChildren(...(items.length === 0 ? [h("li", { class: "empty" }, t("discover.none"))] : items.map((server) => {
        const member = store.servers.has(server.id);
        const join = h("button", { type: "button", class: "primary", "data-testid": "discover-join", "data-server-id": server.id, disabled: member }, member ? t("discover.joined") : t("discover.join"));
        join.addEventListener("click", () => busy(join, async () => {
          try {
            await post(`/servers/${server.id}/join`);
            await loadServers();
            navigate(paths.server(server.id));
          } catch (failure) { error.show(failure); }
        }));
        return h("li", { class: "server-card", "data-testid": "discover-result", "data-server-name": server.name },
          h("h3", {}, server.name), h("p", {}, server.description || t("discover.noDescription")), join);
      })));
    } catch (failure) { error.show(failure); }
  };
  const form = h("form", { role: "search", class: "row" }, query.field, h("button", { type: "submit", class: "primary", "data-testid": "discover-submit" }, t("discover.search")));
  form.addEventListener("submit", (event) => { event.preventDefault(); search(); });
  mount(container, h("section", { class: "page" }, h("h1", {}, t("discover.title")), form, error.node, list));
  search();
  focusFirst(container);
}

export function renderCreateServer(container) {
  const name = field(t("server.name"), { required: true, maxlength: "100", "data-testid": "server-name-input", autofocus: true });
  const description = field(t("server.description"), { maxlength: "1000", "data-testid": "server-description-input", rows: "3" }, "textarea");
  const visibility = field(t("server.visibility"), { "data-testid": "server-visibility-input" }, "select");
  visibility.input.append(h("option", { value: "private" }, t("server.private")), h("option", { value: "public" }, t("server.public")));
  const error = errorRegion("create-server-error");
  const submit = h("button", { type: "submit", class: "primary", "data-testid": "create-server-submit" }, t("server.create"));
  const form = h("form", { class: "stack" }, name.field, description.field, visibility.field, error.node, submit);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    busy(submit, async () => {
      try {
        const server = await post("/servers", { name: name.input.value.trim(), description: description.input.value.trim(), visibility: visibility.input.value });
        await loadServers();
        navigate(paths.server(server.id));
      } catch (failure) { error.show(failure); }
    });
  });
  mount(container, h("section", { class: "page narrow" }, h("h1", {}, t("server.createTitle")), form));
  focusFirst(container);
}

export async function renderInvite(container, code) {
  const error = errorRegion("invite-error");
  mount(container, h("section", { class: "page narrow", "data-testid": "invite-page" }, h("h1", {}, t("invite.title")), error.node));
  try {
    const { invite, server } = await get(`/invites/${encodeURIComponent(code)}`);
    const member = store.servers.has(server.id);
    const accept = h("button", { type: "button", class: "primary", "data-testid": "invite-accept" }, member ? t("invite.open") : t("invite.accept"));
    accept.addEventListener("click", () => busy(accept, async () => {
      try {
        if (!member) { await post(`/invites/${encodeURIComponent(invite.code)}/accept`); }
        await loadServers();
        navigate(paths.server(server.id), { replace: true });
      } catch (failure) { error.show(failure); }
    }));
    container.firstChild.append(h("p", {}, t("invite.invitedTo")), h("h2", { "data-testid": "invite-server-name" }, server.name),
      server.description ? h("p", {}, server.description) : null, accept);
    accept.focus();
  } catch (failure) {
    error.show(failure.status === 404 ? t("invite.invalid") : failure);
  }
}
