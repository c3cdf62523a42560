/* Project room: the websocket client. Implements the delivery contract of DESIGN.md:
 * - sends carry a client_id; unacknowledged sends are retried after a reconnect (the server
 *   stores each client_id once and answers a retry with the original ack);
 * - messages are applied in seq order; a duplicate (seq already seen) is ignored; a gap makes
 *   the client ask for {"type": "sync", "after_seq": last}; so does every (re)connect and the
 *   server's "sync.required";
 * - reconnect with exponential backoff and jitter; 4403/4404 mean no access: stop.
 * Other room events (board, milestones, files, members, threads, activity) re-render their
 * section through htmx. Event schemas: chat/events.py.
 * A message that arrives while another tab is in front marks the conversation's tab
 * (rooms/room-page.js switches the tabs and tells us through the "room:tab" event).
 */
(function () {
  "use strict";
  var root = document.querySelector("[data-room]");
  if (!root) { return; }

  var roomId = Number(root.dataset.room);
  var me = Number(root.dataset.user);
  var lastSeq = Number(root.dataset.lastSeq) || 0;
  var log = root.querySelector("[data-chat-log]");
  var statusEl = root.querySelector("[data-room-status]");
  var typingEl = root.querySelector("[data-typing]");
  var form = root.querySelector("[data-chat-form]");
  var texts = root.dataset;
  // The server writes history times in the reader's zone with a 24-hour "HH:MM" in every
  // language (config/formats); live messages must read the same, not the browser's own format.
  var clock = makeClock(document.documentElement.lang || "nl", root.dataset.timeZone);
  var socket = null;
  var backoff = 500;
  var syncing = false;
  var stopped = false;
  var outbox = new Map(); // client_id -> body, until acknowledged
  var SECTION_EVENTS = {
    "card.saved": "board", "card.deleted": "board", "column.saved": "board", "column.deleted": "board",
    "milestone.saved": "milestones", "milestone.deleted": "milestones",
    "deliverable.saved": "milestones", "deliverable.deleted": "milestones",
    "file.added": "files", "file.deleted": "files",
    "thread.saved": "threads",
    "member.added": "members", "member.updated": "members", "member.removed": "members",
    "activity.created": "activity"
  };

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function makeClock(language, zone) {
    var options = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    if (zone) { options.timeZone = zone; }
    var format;
    try { format = new Intl.DateTimeFormat(language, options); }
    catch (e) { delete options.timeZone; format = new Intl.DateTimeFormat(language, options); }
    return function (iso) { return format.format(new Date(iso)); };
  }

  function setStatus(text, state) {
    if (!statusEl) { return; }
    statusEl.textContent = text;
    statusEl.classList.toggle("is-online", state === "online");
    statusEl.classList.toggle("is-closed", state === "closed");
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) { socket.send(JSON.stringify(frame)); return true; }
    return false;
  }

  function requestSync() {
    if (syncing) { return; }
    syncing = send({ type: "sync", after_seq: lastSeq });
  }

  // --- rendering (textContent only: message bodies are never parsed as HTML) ---------------

  function messageElement(message) {
    var li = document.createElement("li");
    li.className = "chat-message";
    li.dataset.seq = message.seq;
    li.dataset.id = message.id;
    var sender = document.createElement("span");
    sender.className = "chat-sender";
    sender.textContent = message.sender ? message.sender.name : "—";
    var time = document.createElement("time");
    time.className = "chat-time";
    time.dateTime = message.created_at;
    time.textContent = clock(message.created_at);
    var body = document.createElement("p");
    body.className = "chat-body";
    li.append(sender, time, body);
    fill(li, message);
    return li;
  }

  function fill(li, message) {
    var body = li.querySelector(".chat-body");
    li.classList.toggle("is-deleted", message.deleted);
    li.classList.toggle("is-mine", !!(message.sender && message.sender.id === me));
    body.textContent = message.deleted ? texts.textDeleted : message.body;
    var edited = li.querySelector(".chat-edited");
    if (message.edited_at && !message.deleted && !edited) {
      edited = document.createElement("span");
      edited.className = "chat-edited";
      edited.textContent = texts.textEdited;
      li.insertBefore(edited, body);
    }
  }

  function append(message) {
    // Exactly once, in seq order.
    if (message.seq <= lastSeq) { return; }
    var empty = log.querySelector("[data-chat-empty]");
    if (empty) { empty.remove(); }
    var nearBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 80;
    log.appendChild(messageElement(message));
    lastSeq = message.seq;
    if (nearBottom) { log.scrollTop = log.scrollHeight; }
    if (log.closest("[hidden]")) { setUnread(true); }
    markRead();
  }

  function setUnread(unread) {
    document.querySelectorAll("[data-unread]").forEach(function (mark) { mark.hidden = !unread; });
  }

  function replace(message) {
    var li = log.querySelector('[data-id="' + message.id + '"]');
    if (li) { fill(li, message); }
  }

  var readTimer = null;
  function markRead() {
    // Read means seen: not while the tab or the conversation is out of sight.
    if (document.hidden || log.closest("[hidden]") || readTimer) { return; }
    readTimer = setTimeout(function () { readTimer = null; send({ type: "read", seq: lastSeq }); }, 1000);
  }

  var typingTimer = null;
  function showTyping(user) {
    if (!typingEl || user.id === me) { return; }
    typingEl.textContent = user.name + " " + texts.textTyping;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { typingEl.textContent = ""; }, 3000);
  }

  var pendingSections = {};
  function refreshSection(name) {
    if (pendingSections[name] || !window.htmx) { return; }
    pendingSections[name] = setTimeout(function () {
      delete pendingSections[name];
      var target = document.getElementById("room-" + name);
      if (target) {
        htmx.ajax("GET", root.dataset.sectionUrl.replace("SECTION", name), { target: target, swap: "outerHTML" });
      }
    }, 150);
  }

  function setPresence(user, online) {
    var li = root.querySelector('[data-member="' + user.id + '"]');
    if (li) { li.classList.toggle("is-online", online); }
  }

  // --- protocol ---------------------------------------------------------------------------

  function handle(event) {
    switch (event.type) {
      case "message.created":
        if (event.seq <= lastSeq) { return; }            // duplicate
        if (syncing) { return; }                         // the sync brings it
        if (event.seq > lastSeq + 1) { requestSync(); return; }  // gap
        append(event.message);
        return;
      case "sync.page":
        event.messages.forEach(function (message) {
          if (message.seq === lastSeq + 1) { append(message); } else { replace(message); }
        });
        return;
      case "sync.done":
        syncing = false;
        if (event.last_seq > lastSeq) { requestSync(); }
        return;
      case "sync.required":
        requestSync();
        return;
      case "message.ack":
        outbox.delete(event.client_id);
        return;
      case "message.updated":
        replace(event.message);
        return;
      case "message.deleted":
        replace({ id: event.id, deleted: true, body: "" });
        return;
      case "typing":
        showTyping(event.user);
        return;
      case "presence":
        setPresence(event.user, event.online);
        return;
      case "error":
        if (event.client_id && event.code !== "rate_limited") { outbox.delete(event.client_id); }
        showError(event.detail);
        return;
      default:
        if (SECTION_EVENTS[event.type]) { refreshSection(SECTION_EVENTS[event.type]); }
    }
  }

  function showError(text) {
    if (!form) { return; }
    var el = form.querySelector(".chat-error");
    if (!el) { el = document.createElement("p"); el.className = "chat-error"; el.setAttribute("role", "alert"); form.prepend(el); }
    el.textContent = text;
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + "/ws/rooms/" + roomId + "/");
    socket.addEventListener("open", function () {
      backoff = 500;
      syncing = false;
      setStatus(texts.textOnline, "online");
      requestSync();
      outbox.forEach(function (body, clientId) { send({ type: "message.send", client_id: clientId, body: body }); });
    });
    socket.addEventListener("message", function (e) {
      try { handle(JSON.parse(e.data)); } catch (err) { /* a malformed frame is not fatal */ }
    });
    socket.addEventListener("close", function (e) {
      socket = null;
      if (e.code === 4403 || e.code === 4404) { stopped = true; setStatus(texts.textClosed, "closed"); return; }
      if (stopped) { return; }
      setStatus(texts.textOffline, "offline");
      var wait = backoff / 2 + Math.random() * backoff;
      backoff = Math.min(backoff * 2, 30000);
      setTimeout(connect, wait);
    });
  }

  if (form) {
    var textarea = form.querySelector("textarea");
    var lastTyping = 0;
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var body = textarea.value.trim();
      if (!body) { return; }
      var clientId = uuid();
      outbox.set(clientId, body);
      send({ type: "message.send", client_id: clientId, body: body });
      textarea.value = "";
      var error = form.querySelector(".chat-error");
      if (error) { error.remove(); }
    });
    textarea.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
    });
    textarea.addEventListener("input", function () {
      var now = Date.now();
      if (now - lastTyping > 3000) { lastTyping = now; send({ type: "typing" }); }
    });
  }

  document.addEventListener("visibilitychange", markRead);
  document.addEventListener("room:tab", function (event) {
    if (event.detail.tab !== "chat") { return; }
    setUnread(false);
    log.scrollTop = log.scrollHeight;  // a hidden log could not scroll while it was hidden
    markRead();
  });
  log.scrollTop = log.scrollHeight;
  connect();
})();
