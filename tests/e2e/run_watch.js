(() => {
  // Counts the runs the server reports finished, from the WebSocket's frames (ForwardMsg.script_finished).
  const Native = window.WebSocket;
  window.__scriptRunsFinished = 0;
  const varint = (bytes, at) => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
    return [value, at];
  };
  const finishStatus = bytes => {
    let at = 0;
    while (at < bytes.length) {
      let tag; [tag, at] = varint(bytes, at);
      const field = Math.floor(tag / 8), wire = tag & 7;
      if (wire === 0) { let value; [value, at] = varint(bytes, at); if (field === 6) return value; }
      else if (wire === 2) { let length; [length, at] = varint(bytes, at); at += length; }
      else if (wire === 1) at += 8;
      else if (wire === 5) at += 4;
      else return null;
    }
    return null;
  };
  class WatchedWebSocket extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', event => {
        if (!(event.data instanceof ArrayBuffer)) return;
        const status = finishStatus(new Uint8Array(event.data));
        if (status !== null && status !== 2) window.__scriptRunsFinished += 1;  // 2: ended early for a rerun
      });
    }
  }
  window.WebSocket = WatchedWebSocket;
})();
