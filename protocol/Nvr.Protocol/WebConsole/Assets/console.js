"use strict";
let session = null;
const $ = (id) => document.getElementById(id);
const api = async (method, path, body) => {
  const headers = { "Content-Type": "application/json" };
  if (method !== "GET" && session) headers["X-CSRF-Token"] = session.csrf;
  const r = await fetch(path, { method, headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  if (r.status === 401) { location.href = "/console/login"; throw new Error("logged out"); }
  if (!r.ok) throw new Error((await r.json().catch(() => ({}))).error || ("HTTP " + r.status));
  return r.status === 204 ? null : r.json();
};
const text = (v) => document.createTextNode(v === null || v === undefined ? "" : String(v));
const cell = (row, v, cls) => { const td = row.insertCell(); td.appendChild(text(v)); if (cls) td.className = cls; return td; };
const bytes = (n) => n === null || n === undefined ? "?" : n > 1e9 ? (n / 1e9).toFixed(2) + " GB" : (n / 1e6).toFixed(1) + " MB";
const showError = (e) => { $("error").textContent = e.message || String(e); };

async function loadCameras() {
  const cameras = await api("GET", "/api/cameras");
  const body = $("cameras").tBodies[0];
  body.textContent = "";
  for (const c of cameras) {
    const row = body.insertRow();
    row.dataset.recording = c.recording;
    if (c.job) row.dataset.job = c.job;
    cell(row, c.name); cell(row, c.recording); cell(row, c.source);
    cell(row, c.storage ? `${c.storage} ${c.format} ${c.segmentSeconds}s` : "");
    cell(row, c.retentionSeconds ? c.retentionSeconds + " s" : "unlimited");
    cell(row, c.mode, "mode");
    cell(row, c.state, "state state-" + c.state);
    const actions = row.insertCell();
    const button = (label, cls, action) => { const b = document.createElement("button"); b.textContent = label; b.className = cls; b.onclick = () => action().catch(showError); actions.appendChild(b); };
    button("Timeline", "open-timeline", async () => openTimeline(c));
    if (session.mayChange) {
      button(c.mode === "Active" ? "Stop" : "Record", "toggle", async () => { await api("POST", `/api/cameras/${encodeURIComponent(c.recording)}/mode`, { mode: c.mode === "Active" ? "Idle" : "Active" }); await loadCameras(); });
      button("Delete", "delete", async () => { if (confirm("Delete " + c.name + " and its recorded data?")) { await api("DELETE", `/api/cameras/${encodeURIComponent(c.recording)}`); await loadCameras(); } });
    }
  }
}

function listen() {
  const events = new EventSource("/api/events");
  events.onmessage = (m) => {
    const e = JSON.parse(m.data);
    if (e.type === "job") {
      const row = document.querySelector(`#cameras tr[data-job="${CSS.escape(e.job)}"]`);
      if (row) { const s = row.querySelector(".state"); s.textContent = e.state; s.className = "state state-" + e.state; }
      else loadCameras().catch(showError);
    } else if (e.type === "segment" && timeline.camera && e.recording === timeline.camera.recording) {
      loadTimeline().catch(showError);
    }
  };
  events.onopen = () => loadCameras().catch(showError);
}

const timeline = { camera: null, to: null, span: 3600e3, ranges: [], selection: null };
function openTimeline(camera) {
  timeline.camera = camera; timeline.to = Date.now() + 5e3; timeline.span = 10 * 60e3; timeline.selection = null;
  $("page-timeline").hidden = false; $("timeline-title").textContent = camera.name + " (" + camera.recording + ")";
  loadDownloads().catch(showError);
  return loadTimeline();
}
async function loadTimeline() {
  const from = new Date(timeline.to - timeline.span).toISOString(), to = new Date(timeline.to).toISOString();
  const data = await api("GET", `/api/recordings/${encodeURIComponent(timeline.camera.recording)}/timeline?from=${from}&to=${to}`);
  timeline.ranges = data.ranges;
  const bar = $("timeline");
  bar.textContent = "";
  for (const r of data.ranges) {
    const div = document.createElement("div");
    div.className = "range";
    div.style.left = pct(Date.parse(r.start)) + "%";
    div.style.width = Math.max(0.2, pct(Date.parse(r.end)) - pct(Date.parse(r.start))) + "%";
    div.title = r.start + " – " + r.end;
    bar.appendChild(div);
  }
  for (const m of data.markers || []) {
    const t = Date.parse(m.time);
    if (t < timeline.to - timeline.span || t > timeline.to) continue;
    const div = document.createElement("div");
    const kind = m.topic.endsWith("Recording/State") ? "recording" : "track";
    div.className = `marker marker-${kind} marker-${m.state ? "on" : "off"}`;
    div.style.left = pct(t) + "%";
    div.title = `${m.topic}${m.track ? " " + m.track : ""} ${m.state} at ${m.time}`;
    bar.appendChild(div);
  }
  drawEvents(bar, data.events || []);
  drawSelection();
  $("scale-from").textContent = new Date(timeline.to - timeline.span).toISOString().replace(".000", "");
  $("scale-to").textContent = new Date(timeline.to).toISOString().replace(".000", "");
  $("window").textContent = (timeline.span / 60e3) + " min, " + data.ranges.length + " recorded range(s), " + (data.markers || []).length + " history marker(s), " + (data.events || []).length + " camera event(s)";
}
// camera events (the index's recorded_events): a tick per event, and for a property with one boolean Data item
// (IsMotion, State, …) a span from true to the next false of the same topic and source
function drawEvents(bar, events) {
  const from = timeline.to - timeline.span, open = new Map();
  const span = (key, start, end, title) => {
    const div = document.createElement("div");
    div.className = "event-span"; div.dataset.topic = key;
    div.style.left = pct(Math.max(start, from)) + "%";
    div.style.width = Math.max(0.2, pct(Math.min(end, timeline.to)) - pct(Math.max(start, from))) + "%";
    div.title = title; bar.appendChild(div);
  };
  for (const e of events) {
    const t = Date.parse(e.time), key = e.topic + " " + e.source;
    const div = document.createElement("div");
    div.className = "marker marker-event" + (e.state === true ? " marker-event-on" : e.state === false ? " marker-event-off" : "");
    div.style.left = pct(t) + "%";
    div.title = `${e.topic} ${e.data} (${e.source}${e.operation ? ", " + e.operation : ""}) at ${e.time}`;
    bar.appendChild(div);
    if (e.state === true && !open.has(key)) open.set(key, { start: t, title: `${e.topic} ${e.source} from ${e.time}` });
    else if (e.state === false && open.has(key)) { const o = open.get(key); span(key, o.start, t, o.title + " to " + e.time); open.delete(key); }
  }
  for (const [key, o] of open) span(key, o.start, Math.min(Date.now(), timeline.to), o.title);
}
function drawSelection() {
  $("timeline").querySelectorAll(".selection").forEach(s => s.remove());
  const sel = timeline.selection;
  $("selection-info").textContent = sel ? `selected ${new Date(sel.from).toISOString()} – ${new Date(sel.to).toISOString()} (${((sel.to - sel.from) / 1e3).toFixed(1)} s)` : "shift+drag to select a range to download";
  $("clear-selection").hidden = !sel;
  if (!sel) return;
  const div = document.createElement("div");
  div.className = "selection";
  div.style.left = pct(sel.from) + "%"; div.style.width = Math.max(0.2, pct(sel.to) - pct(sel.from)) + "%";
  $("timeline").appendChild(div);
}
const pct = (t) => 100 * (t - (timeline.to - timeline.span)) / timeline.span;
// zooming keeps the right edge (the latest time in view); drag moves the window
function zoom(span) { timeline.span = span; loadTimeline().catch(showError); }

let drag = null;
const timeAt = (x) => { const box = $("timeline").getBoundingClientRect(); return timeline.to - timeline.span + Math.min(Math.max(0, (x - box.left) / box.width), 1) * timeline.span; };
$("timeline").addEventListener("mousedown", (e) => { drag = { x: e.clientX, to: timeline.to, moved: false, select: e.shiftKey, at: timeAt(e.clientX) }; });
window.addEventListener("mousemove", (e) => {
  if (!drag) return;
  const dx = e.clientX - drag.x;
  if (drag.select) {
    if (Math.abs(dx) > 3) { drag.moved = true; const t = timeAt(e.clientX); timeline.selection = { from: Math.min(drag.at, t), to: Math.max(drag.at, t) }; drawSelection(); }
    return;
  }
  if (Math.abs(dx) > 3) { drag.moved = true; timeline.to = drag.to - dx / $("timeline").clientWidth * timeline.span; }
});
window.addEventListener("mouseup", (e) => {
  if (!drag) return;
  const wasDrag = drag.moved, selecting = drag.select; drag = null;
  if (selecting) return;
  if (wasDrag) { loadTimeline().catch(showError); return; }
  const box = $("timeline").getBoundingClientRect();
  if (e.clientX < box.left || e.clientX > box.right) return;
  const at = new Date(timeline.to - timeline.span + (e.clientX - box.left) / box.width * timeline.span);
  playAt(at).catch(showError);
});
async function playAt(at) {
  const cursor = document.createElement("div"); cursor.className = "cursor"; cursor.style.left = pct(at.getTime()) + "%";
  $("timeline").querySelectorAll(".cursor").forEach(c => c.remove()); $("timeline").appendChild(cursor);
  const plan = await api("GET", `/api/recordings/${encodeURIComponent(timeline.camera.recording)}/playback?at=${at.toISOString()}`);
  await NvrPlayer.play($("player"), plan, (s) => { $("player-status").textContent = s; });
}

// the download button: the selected range (else the window in view) exported as MP4 (ExportRecordedData on the
// appliance), then its files linked; the appliance keeps the list of downloads (it survives a restart)
async function download() {
  const sel = timeline.selection;
  const from = new Date(sel ? sel.from : timeline.to - timeline.span), to = new Date(Math.min(sel ? sel.to : timeline.to, Date.now()));
  const status = $("download-status");
  status.textContent = "exporting…";
  let state = await api("POST", "/api/downloads", { recording: timeline.camera.recording, from: from.toISOString(), to: to.toISOString() });
  while (state.status === "Running") {
    status.textContent = "exporting… " + Math.round(100 * state.progress) + "%";
    await new Promise(r => setTimeout(r, 500));
    state = await api("GET", `/api/downloads/${encodeURIComponent(state.id)}`);
  }
  status.textContent = state.status === "Completed" ? "" : "export " + state.status;
  for (const f of state.files.filter(f => f.url)) {
    const a = document.createElement("a"); a.href = f.url; a.download = f.name; a.textContent = f.name;
    status.appendChild(a); status.appendChild(text(" "));
  }
  await loadDownloads();
}
async function loadDownloads() {
  const list = await api("GET", "/api/downloads");
  const body = $("downloads").tBodies[0]; body.textContent = "";
  for (const d of list) {
    const row = body.insertRow(); row.dataset.id = d.id;
    cell(row, d.recording); cell(row, d.from.replace(".000", "") + " – " + d.to.replace(".000", "")); cell(row, d.status, "download-state");
    const files = row.insertCell();
    for (const f of d.files) {
      if (!f.url) { files.appendChild(text(f.name + " ")); continue; }
      const a = document.createElement("a"); a.href = f.url; a.download = f.name; a.textContent = f.name; files.appendChild(a); files.appendChild(text(" "));
    }
  }
}

// live view: the camera through the appliance's live relay (fMP4 over HTTP, one fragment per frame)
async function live() {
  await NvrPlayer.live($("player"), `/api/recordings/${encodeURIComponent(timeline.camera.recording)}/live`, (s) => { $("player-status").textContent = s; });
}
// follow: from the newest recorded segment on, each segment appended once it is closed and indexed
async function follow() {
  const data = await api("GET", `/api/recordings/${encodeURIComponent(timeline.camera.recording)}/timeline?from=${new Date(Date.now() - 3600e3).toISOString()}&to=${new Date(Date.now() + 5e3).toISOString()}`);
  if (!data.ranges.length) throw new Error("nothing recorded in the last hour");
  const end = Date.parse(data.ranges[data.ranges.length - 1].end);
  const playback = (at) => api("GET", `/api/recordings/${encodeURIComponent(timeline.camera.recording)}/playback?at=${new Date(at).toISOString()}`);
  const plan = await playback(end - 500);
  await NvrPlayer.play($("player"), plan, (s) => { $("player-status").textContent = "live · " + s; }, (after) => playback(Date.parse(after)).catch(() => null));
}

async function loadStorage() {
  const s = await api("GET", "/api/storage");
  const body = $("storages").tBodies[0]; body.textContent = "";
  for (const st of s.storages) { const row = body.insertRow(); cell(row, st.token); cell(row, st.kind); cell(row, bytes(st.usedBytes)); cell(row, bytes(st.freeBytes)); }
  $("watermark").textContent = "Free-space watermark: " + (s.watermarkBytes > 0 ? bytes(s.watermarkBytes) : "off");
  $("spool").textContent = "Spool: " + bytes(s.spool.bytes) + s.spool.storages.map(x => ` · ${x.storage}: ${x.queuedObjects} queued, ${x.uploadedObjects} uploaded, ${x.failedAttempts} failed attempts`).join("");
  const ret = $("retention").tBodies[0]; ret.textContent = "";
  for (const r of s.retention) { const row = ret.insertRow(); cell(row, r.recording); cell(row, r.name); cell(row, r.storage); cell(row, r.retentionSeconds ? r.retentionSeconds + " s" : "unlimited"); }
}

function route() {
  const page = location.hash === "#storage" ? "storage" : "cameras";
  $("page-cameras").hidden = page !== "cameras";
  $("page-storage").hidden = page !== "storage";
  if (page !== "cameras") $("page-timeline").hidden = true;
  if (page === "storage") loadStorage().catch(showError);
}

async function start() {
  session = await api("GET", "/api/session");
  $("who").textContent = session.user + " (" + session.level + ")";
  document.querySelectorAll(".changes").forEach(e => { e.hidden = !session.mayChange; });
  $("logout").onclick = async () => { await api("POST", "/api/logout"); location.href = "/console/login"; };
  $("add-camera").addEventListener("submit", async (e) => {
    e.preventDefault(); $("error").textContent = "";
    try {
      await api("POST", "/api/cameras", { name: $("cam-name").value, uri: $("cam-uri").value, username: $("cam-user").value || null, password: $("cam-password").value || null, segmentSeconds: Number($("cam-segment").value) || 60 });
      $("cam-password").value = "";
      await loadCameras();
    } catch (err) { showError(err); }
  });
  $("zoom-day").onclick = () => zoom(24 * 3600e3); $("zoom-hour").onclick = () => zoom(3600e3);
  $("zoom-10m").onclick = () => zoom(600e3); $("zoom-1m").onclick = () => zoom(60e3);
  $("zoom-in").onclick = () => zoom(timeline.span / 2); $("zoom-out").onclick = () => zoom(timeline.span * 2);
  $("live").onclick = () => live().catch(showError);
  $("follow").onclick = () => follow().catch(showError);
  $("clear-selection").onclick = () => { timeline.selection = null; drawSelection(); };
  $("download").onclick = () => download().catch(showError);
  $("now").onclick = () => { timeline.to = Date.now() + 5e3; loadTimeline().catch(showError); };
  window.addEventListener("hashchange", route);
  route();
  await loadCameras();
  listen();
}
start().catch(showError);
