// roomkey admin page: plain DOM over the public GraphQL API. Data only ever lands in textContent
// (never innerHTML), and the page's CSP allows scripts and fetches from this origin alone.
const endpoint = document.body.dataset.endpoint;
const TOKEN_KEY = "roomkey-admin-session";
const AUDIT_ACTIONS = [
  "ROOM_CREATED", "ROOM_UPDATED", "ROOM_DELETED", "ROLE_CHANGED", "USER_KICKED", "USER_UNBANNED",
  "API_TOKEN_CREATED", "API_TOKEN_REVOKED", "ADMIN_GRANTED", "ADMIN_REVOKED", "JANUS_TOKEN_ADDED", "JANUS_TOKEN_REMOVED",
];
const ASSIGNABLE_ROLES = ["MODERATOR", "PUBLISHER", "SUBSCRIBER"];
const AUDIT_FIELDS = "id action at roomSlug details actor { email } targetUser { email }";

const $ = (id) => document.getElementById(id);
let session = sessionStorage.getItem(TOKEN_KEY);

class ApiError extends Error {
  constructor(error) {
    super(error.message);
    this.code = error.extensions?.code;
  }
}

async function gql(query, variables = {}) {
  const headers = { "content-type": "application/json" };
  if (session) headers.authorization = `Bearer ${session}`;
  const response = await fetch(endpoint, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  if (body.errors?.length) throw new ApiError(body.errors[0]);
  return body.data;
}

function announce(message, isError = false) {
  const status = $("status");
  status.textContent = message;
  status.classList.toggle("error", isError);
}

/** Runs an action from a button or form; errors are announced, a lost session goes back to sign-in. */
async function attempt(work) {
  try {
    await work();
  } catch (error) {
    if (error.code === "UNAUTHENTICATED" && session) signedOut();
    announce(`${error.code ? `${error.code}: ` : ""}${error.message}`, true);
  }
}

/** Builds an element: el("td", { className: "x" }, "text", child). Strings become text nodes. */
function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child ?? "");
  return node;
}

const when = (iso) => (iso ? new Date(iso).toLocaleString() : "");
const who = (user) => (user ? user.email ?? user.displayName ?? user.id : "—");
const button = (label, onClick, props = {}) => el("button", { type: "button", onclick: () => attempt(onClick), ...props }, label);

function fill(tableId, rows) {
  $(tableId).tBodies[0].replaceChildren(...rows);
}

// ---------------------------------------------------------------- session

function signedIn(email) {
  $("who-email").textContent = email;
  $("who").hidden = false;
  $("sign-in").hidden = true;
  $("console").hidden = false;
}

function signedOut() {
  session = null;
  sessionStorage.removeItem(TOKEN_KEY);
  $("who").hidden = true;
  $("sign-in").hidden = false;
  $("console").hidden = true;
  $("sign-in-email").focus();
}

$("sign-in-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  attempt(async () => {
    const data = await gql(`mutation($input: LogInInput!) { logIn(input: $input) { token user { email isAdmin } } }`, {
      input: { email: form.get("email"), password: form.get("password") },
    });
    session = data.logIn.token;
    sessionStorage.setItem(TOKEN_KEY, session);
    event.target.reset();
    signedIn(data.logIn.user.email);
    announce(data.logIn.user.isAdmin ? "Signed in." : "Signed in, but you are not an admin: most lists will answer FORBIDDEN.");
    await loadTokens();
    $("room-search").focus();
  });
});

$("sign-out").addEventListener("click", () =>
  attempt(async () => {
    await gql(`mutation { logOut }`).catch(() => undefined);
    signedOut();
    announce("Signed out.");
  }),
);

// ---------------------------------------------------------------- rooms

let roomsAfter = null;

async function loadRooms(more) {
  const form = new FormData($("room-search-form"));
  const data = await gql(
    `query($after: String, $search: String, $entryMode: EntryMode) {
      rooms(first: 20, after: $after, search: $search, entryMode: $entryMode) {
        totalCount pageInfo { hasNextPage endCursor } nodes { slug name entryMode owner { email } }
      }
    }`,
    { after: more ? roomsAfter : null, search: form.get("search") || null, entryMode: form.get("entryMode") || null },
  );
  const { nodes, pageInfo, totalCount } = data.rooms;
  const rows = nodes.map((room) =>
    el("tr", {}, el("td", {}, room.name), el("td", {}, room.slug), el("td", {}, who(room.owner)), el("td", {}, room.entryMode),
      el("td", {}, button("Open", () => openRoom(room.slug), { ariaLabel: `Open room ${room.name}` }))),
  );
  if (more) $("rooms-table").tBodies[0].append(...rows);
  else fill("rooms-table", rows);
  roomsAfter = pageInfo.endCursor;
  $("rooms-more").hidden = !pageInfo.hasNextPage;
  announce(`${$("rooms-table").tBodies[0].rows.length} of ${totalCount} rooms shown.`);
}

$("room-search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  attempt(() => loadRooms(false));
});
$("rooms-more").addEventListener("click", () => attempt(() => loadRooms(true)));

async function openRoom(slug) {
  const data = await gql(
    `query($slug: String!) {
      room(slug: $slug) {
        slug name entryMode
        members { role user { id email displayName } }
        bans { reason createdAt user { id email displayName } bannedBy { email } }
      }
      auditLog(roomSlug: $slug, first: 50) { nodes { ${AUDIT_FIELDS} } }
    }`,
    { slug },
  );
  const room = data.room;
  if (!room) {
    announce(`Room ${slug} no longer exists.`, true);
    return;
  }
  $("room-title").textContent = `Room ${room.name} (${room.slug}, ${room.entryMode})`;
  fill("members-table", room.members.map((member) => memberRow(room, member)));
  fill("bans-table", room.bans.map((ban) =>
    el("tr", {}, el("td", {}, who(ban.user)), el("td", {}, who(ban.bannedBy)), el("td", {}, ban.reason ?? ""), el("td", {}, when(ban.createdAt)),
      el("td", {}, button("Unban", () => unban(room.slug, ban.user), { ariaLabel: `Unban ${who(ban.user)}` }))),
  ));
  fill("room-audit-table", data.auditLog.nodes.map((event) =>
    el("tr", {}, el("td", {}, when(event.at)), el("td", {}, event.action), el("td", {}, who(event.actor)), el("td", {}, who(event.targetUser)),
      el("td", { className: "details" }, event.details ?? "")),
  ));
  $("room").hidden = false;
  announce(`Room ${room.name}: ${room.members.length} members, ${room.bans.length} bans, ${data.auditLog.nodes.length} audit events.`);
  $("room-title").tabIndex = -1;
  $("room-title").focus();
}

function memberRow(room, member) {
  const name = who(member.user);
  if (member.role === "OWNER") return el("tr", {}, el("td", {}, name), el("td", {}, "OWNER"), el("td"), el("td"));
  const roleId = `role-${member.user.id}`;
  const reasonId = `reason-${member.user.id}`;
  const roleSelect = el("select", { id: roleId }, ...ASSIGNABLE_ROLES.map((role) => el("option", { value: role, selected: role === member.role }, role)),
    el("option", { value: "" }, "no role"));
  const reason = el("input", { id: reasonId, maxLength: 500 });
  return el("tr", {},
    el("td", {}, name),
    el("td", {}, member.role),
    el("td", {}, el("label", { htmlFor: roleId, className: "visually-hidden" }, `New role for ${name}`), roleSelect,
      button("Set role", () => setRole(room.slug, member.user, roleSelect.value || null), { ariaLabel: `Set role of ${name}` })),
    el("td", {}, el("label", { htmlFor: reasonId, className: "visually-hidden" }, `Reason for kicking ${name}`), reason,
      button("Kick", () => kick(room.slug, member.user, reason.value), { className: "danger", ariaLabel: `Kick ${name}` })),
  );
}

async function setRole(slug, user, role) {
  await gql(`mutation($slug: String!, $userId: ID!, $role: RoomRole) { setRoomRole(roomSlug: $slug, userId: $userId, role: $role) { role } }`,
    { slug, userId: user.id, role });
  await openRoom(slug);
  announce(`${who(user)} now has ${role ?? "no role"}.`);
}

async function kick(slug, user, reason) {
  await gql(`mutation($slug: String!, $userId: ID!, $reason: String) { kickUser(roomSlug: $slug, userId: $userId, reason: $reason) { banned } }`,
    { slug, userId: user.id, reason: reason || null });
  await openRoom(slug);
  announce(`${who(user)} was kicked and banned.`);
}

async function unban(slug, user) {
  await gql(`mutation($slug: String!, $userId: ID!) { unbanUser(roomSlug: $slug, userId: $userId) }`, { slug, userId: user.id });
  await openRoom(slug);
  announce(`${who(user)} was unbanned.`);
}

// ---------------------------------------------------------------- users

let usersAfter = null;

async function loadUsers(more) {
  const data = await gql(
    `query($after: String, $search: String) {
      users(first: 20, after: $after, search: $search) { totalCount pageInfo { hasNextPage endCursor } nodes { id email displayName isAdmin createdAt } }
    }`,
    { after: more ? usersAfter : null, search: new FormData($("user-search-form")).get("search") || null },
  );
  const { nodes, pageInfo, totalCount } = data.users;
  const rows = nodes.map((user) =>
    el("tr", {}, el("td", {}, user.email ?? ""), el("td", {}, user.displayName ?? ""), el("td", {}, user.isAdmin ? "yes" : "no"), el("td", {}, when(user.createdAt)),
      el("td", {}, button(user.isAdmin ? "Revoke admin" : "Make admin", () => setAdmin(user, !user.isAdmin), { ariaLabel: `${user.isAdmin ? "Revoke admin from" : "Make admin"} ${who(user)}` }))),
  );
  if (more) $("users-table").tBodies[0].append(...rows);
  else fill("users-table", rows);
  usersAfter = pageInfo.endCursor;
  $("users-more").hidden = !pageInfo.hasNextPage;
  announce(`${$("users-table").tBodies[0].rows.length} of ${totalCount} users shown.`);
}

async function setAdmin(user, isAdmin) {
  await gql(`mutation($userId: ID!, $isAdmin: Boolean!) { setUserAdmin(userId: $userId, isAdmin: $isAdmin) { id } }`, { userId: user.id, isAdmin });
  await loadUsers(false);
  announce(`${who(user)} ${isAdmin ? "is now an admin" : "is no longer an admin"}.`);
}

$("user-search-form").addEventListener("submit", (event) => {
  event.preventDefault();
  attempt(() => loadUsers(false));
});
$("users-more").addEventListener("click", () => attempt(() => loadUsers(true)));

// ---------------------------------------------------------------- API tokens

async function loadTokens() {
  const data = await gql(`{ apiTokens { id name scopes createdAt expiresAt lastUsedAt } }`);
  fill("tokens-table", data.apiTokens.map((token) =>
    el("tr", {}, el("td", {}, token.name), el("td", {}, token.scopes.join(", ")), el("td", {}, when(token.createdAt)), el("td", {}, when(token.expiresAt) || "never"),
      el("td", {}, when(token.lastUsedAt) || "never"),
      el("td", {}, button("Revoke", () => revokeToken(token), { className: "danger", ariaLabel: `Revoke token ${token.name}` }))),
  ));
}

async function revokeToken(token) {
  await gql(`mutation($id: ID!) { revokeApiToken(id: $id) }`, { id: token.id });
  $("token-secret").hidden = true; // a shown secret is never shown again
  await loadTokens();
  announce(`Token ${token.name} revoked.`);
}

$("token-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  attempt(async () => {
    const expires = form.get("expiresAt");
    const data = await gql(`mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret apiToken { name } } }`, {
      input: { name: form.get("name"), scopes: form.getAll("scopes"), expiresAt: expires ? new Date(expires).toISOString() : null },
    });
    event.target.reset();
    $("token-secret-value").textContent = data.createApiToken.secret;
    $("token-secret").hidden = false;
    await loadTokens();
    announce(`Token ${data.createApiToken.apiToken.name} created; copy its secret now, it is shown only once.`);
  });
});

// ---------------------------------------------------------------- audit log

let auditAfter = null;

async function loadAudit(more) {
  const form = new FormData($("audit-form"));
  const data = await gql(
    `query($after: String, $action: AuditAction, $roomSlug: String) {
      auditLog(first: 50, after: $after, action: $action, roomSlug: $roomSlug) { totalCount pageInfo { hasNextPage endCursor } nodes { ${AUDIT_FIELDS} } }
    }`,
    { after: more ? auditAfter : null, action: form.get("action") || null, roomSlug: form.get("roomSlug") || null },
  );
  const { nodes, pageInfo, totalCount } = data.auditLog;
  const rows = nodes.map((event) =>
    el("tr", {}, el("td", {}, when(event.at)), el("td", {}, event.action), el("td", {}, who(event.actor)), el("td", {}, who(event.targetUser)),
      el("td", {}, event.roomSlug ?? ""), el("td", { className: "details" }, event.details ?? "")),
  );
  if (more) $("audit-table").tBodies[0].append(...rows);
  else fill("audit-table", rows);
  auditAfter = pageInfo.endCursor;
  $("audit-more").hidden = !pageInfo.hasNextPage;
  announce(`${$("audit-table").tBodies[0].rows.length} of ${totalCount} audit events shown.`);
}

$("audit-action").append(...AUDIT_ACTIONS.map((action) => el("option", { value: action }, action)));
$("audit-form").addEventListener("submit", (event) => {
  event.preventDefault();
  attempt(() => loadAudit(false));
});
$("audit-more").addEventListener("click", () => attempt(() => loadAudit(true)));

// ---------------------------------------------------------------- start

if (session) {
  attempt(async () => {
    const { me } = await gql(`{ me { email } }`);
    if (!me) return signedOut();
    signedIn(me.email);
    await loadTokens();
  });
} else {
  signedOut();
}
