"use strict";
// Plays recorded segments through Media Source Extensions: the segment holding the instant first, then the next
// ones appended in 'sequence' mode (one timeline across segment objects), starting at the instant's offset (the
// browser decodes from the key frame at or before it). window.nvrPlayer reports progress for tests and the page.
const NvrPlayer = {
  // more(end): a later plan (segments ending after end) or null; given, the player follows the recording (live view)
  async play(video, plan, status, more) {
    if (window.nvrPlayer && window.nvrPlayer.stop) window.nvrPlayer.stop();
    const state = { mime: plan.mimeType, segments: plan.segments.length, initial: plan.segments.length, live: !!more, appended: 0, boundaries: [], errors: [], stopped: false };
    window.nvrPlayer = state;
    if (!window.MediaSource || !MediaSource.isTypeSupported(plan.mimeType)) {
      state.errors.push("unsupported " + plan.mimeType); status("this browser cannot play " + plan.mimeType); return state;
    }
    const source = new MediaSource();
    video.src = URL.createObjectURL(source);
    await new Promise(r => source.addEventListener("sourceopen", r, { once: true }));
    const buffer = source.addSourceBuffer(plan.mimeType);
    buffer.mode = "sequence";
    const appended = () => new Promise((resolve, reject) => {
      buffer.addEventListener("updateend", resolve, { once: true });
      buffer.addEventListener("error", () => reject(new Error("append failed")), { once: true });
    });
    video.addEventListener("error", () => state.errors.push("media error " + (video.error && video.error.code)));
    state.stop = () => { state.stopped = true; };
    let next = 0;
    const appendNext = async () => {
      const segment = plan.segments[next++];
      const response = await fetch(segment.url, { credentials: "same-origin" });
      if (!response.ok) throw new Error("segment " + segment.key + ": HTTP " + response.status);
      const bytes = withoutIndexBoxes(new Uint8Array(await response.arrayBuffer()));
      const done = appended();
      buffer.appendBuffer(bytes);
      await done;
      state.appended++;
      state.boundaries.push(buffer.buffered.length ? buffer.buffered.end(buffer.buffered.length - 1) : 0); // end of the media so far
    };
    try {
      await appendNext();
      video.currentTime = Math.min(plan.offset, Math.max(0, state.boundaries[0] - 0.1));
      // not awaited: play() settles only once the element has data to play at currentTime, which may need the
      // next segment; appending must go on meanwhile
      video.play().catch(e => state.errors.push("play: " + e.message));
      status("playing from " + plan.segments[0].start);
      while (!state.stopped) {
        if (next >= plan.segments.length) {
          if (!more) break;
          await new Promise(r => setTimeout(r, 1000)); // the next segment is indexed when it closes
          const fresh = await more(plan.segments[plan.segments.length - 1].end);
          for (const s of (fresh ? fresh.segments : [])) {
            if (!plan.segments.some(p => p.key === s.key && p.storage === s.storage)) plan.segments.push(s);
          }
          state.segments = plan.segments.length;
          continue;
        }
        if (state.boundaries[state.boundaries.length - 1] - video.currentTime > 20) {
          await new Promise(r => setTimeout(r, 500));
          continue;
        }
        await appendNext();
      }
      if (!state.stopped) source.endOfStream();
    } catch (e) {
      state.errors.push(e.message); status("playback stopped: " + e.message);
    }
    return state;
  },

  // Live view from the appliance's live relay: GET url is one endless fragmented MP4 (init segment, then one
  // moof/mdat per frame) read with fetch() and appended as it arrives. The player keeps near the live edge (a jump
  // forward when more than 1 s is buffered ahead) and trims what it played. Latency: X-Live-Start is when the first
  // key frame reached the appliance; media time t arrived about start + t, so each append measures
  // arrival-at-the-appliance to the browser's buffer (state.latencies, ms).
  async live(video, url, status) {
    if (window.nvrPlayer && window.nvrPlayer.stop) window.nvrPlayer.stop();
    const state = { live: true, relay: true, appended: 0, bytes: 0, latencies: [], errors: [], stopped: false, start: null, mime: null, ended: false };
    window.nvrPlayer = state;
    const abort = new AbortController();
    state.stop = () => { state.stopped = true; abort.abort(); };
    try {
      const response = await fetch(url, { credentials: "same-origin", signal: abort.signal });
      if (!response.ok) throw new Error((await response.json().catch(() => ({}))).error || ("HTTP " + response.status));
      state.mime = response.headers.get("X-Live-Mime");
      state.start = Date.parse(response.headers.get("X-Live-Start"));
      state.stream = response.headers.get("X-Live-Stream");
      state.received = []; // [bytes in the buffer, Date.now()] after each append: with the appliance's log of what it sent, the latency per frame
      if (!window.MediaSource || !MediaSource.isTypeSupported(state.mime)) throw new Error("this browser cannot play " + state.mime);
      const source = new MediaSource();
      video.src = URL.createObjectURL(source);
      await new Promise(r => source.addEventListener("sourceopen", r, { once: true }));
      const buffer = source.addSourceBuffer(state.mime);
      video.addEventListener("error", () => state.errors.push("media error " + (video.error && video.error.code)));
      const done = () => new Promise((resolve, reject) => {
        buffer.addEventListener("updateend", resolve, { once: true });
        buffer.addEventListener("error", () => reject(new Error("append failed")), { once: true });
      });
      const reader = response.body.getReader();
      let playing = false;
      while (!state.stopped) {
        const chunk = await reader.read();
        if (chunk.done) { state.ended = true; break; }
        state.bytes += chunk.value.length;
        const appended = done();
        buffer.appendBuffer(chunk.value);
        await appended;
        state.appended++;
        state.received.push([state.bytes, Date.now()]);
        if (state.received.length > 4000) state.received.shift();
        if (!buffer.buffered.length) continue;
        const first = buffer.buffered.start(0), end = buffer.buffered.end(buffer.buffered.length - 1);
        state.latencies.push(Date.now() - (state.start + end * 1000));
        if (state.latencies.length > 2000) state.latencies.shift();
        if (!playing) {
          playing = true; video.currentTime = first;
          video.play().catch(e => state.errors.push("play: " + e.message));
          status("live from " + new Date(state.start).toISOString());
        } else if (end - video.currentTime > 1.0) {
          video.currentTime = end - 0.1; // fell behind (a stall, a hidden tab): back to the live edge
        }
        if (end - first > 30 && video.currentTime - first > 20) {
          const trimmed = done();
          buffer.remove(first, video.currentTime - 10);
          await trimmed;
        }
      }
    } catch (e) {
      if (!state.stopped) { state.errors.push(e.message); status("live stopped: " + e.message); }
    }
    return state;
  },
};

// Drops the top-level 'mfra' (random-access index at the end of each recorded segment): MSE needs none.
function withoutIndexBoxes(data) {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const parts = [];
  let offset = 0;
  while (offset + 8 <= data.length) {
    let size = view.getUint32(offset);
    const type = String.fromCharCode(data[offset + 4], data[offset + 5], data[offset + 6], data[offset + 7]);
    if (size === 1) size = Number(view.getBigUint64(offset + 8));
    if (size === 0) size = data.length - offset;
    if (size < 8 || offset + size > data.length) { parts.push(data.subarray(offset)); break; }
    if (type !== "mfra") parts.push(data.subarray(offset, offset + size));
    offset += size;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
