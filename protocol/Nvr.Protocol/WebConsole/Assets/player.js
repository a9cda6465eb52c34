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
