// A WebSocket to this page's own server that reconnects by itself, with exponential backoff
// (250 ms doubling to 5 s, with jitter). Messages are JSON objects both ways.

export class ReconnectingSocket {
  constructor(path, { onMessage, onStatus }) {
    this.url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}${path}`;
    this.onMessage = onMessage;
    this.onStatus = onStatus;
    this.delay = 250;
    this.ws = null;
  }

  connect() {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.delay = 250;
      this.onStatus(true);
    };
    ws.onmessage = (event) => {
      let msg;
      try {
        msg = JSON.parse(event.data);
      } catch {
        return;
      }
      if (msg && typeof msg === "object") this.onMessage(msg);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.onStatus(false);
      const wait = this.delay * (0.75 + Math.random() * 0.5);
      this.delay = Math.min(this.delay * 2, 5000);
      setTimeout(() => this.connect(), wait);
    };
  }

  // Sends when connected; a touch made while disconnected is dropped (the screen is stale anyway).
  send(msg) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(msg));
  }
}
