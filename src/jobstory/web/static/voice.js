// Voice on the participant's page: recording (MediaRecorder), voice-activity detection for
// hands-free turns, the upload of one answer's recording (retried with the same key until the
// server has committed its transcript), and speaking the moderator's turns sentence by
// sentence as they stream in (the browser's own speechSynthesis, or the server's voice).
// talk.js uses it through window.jobstory.voice; nothing here touches the conversation.
(() => {
  "use strict";

  const TRY_LATER = new Set([408, 425, 429, 502, 503, 504]);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const MIME_TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/ogg;codecs=opus",
    "audio/mp4"];

  /** Why this browser cannot record, or null when it can. */
  function unsupported() {
    if (!window.isSecureContext) return "voice needs a secure (https) page";
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return "this browser cannot use a microphone";
    }
    if (typeof window.MediaRecorder === "undefined") return "this browser cannot record audio";
    return null;
  }

  function mimeType() {
    return MIME_TYPES.find((type) => MediaRecorder.isTypeSupported(type)) || "";
  }

  // ------------------------------------------------------------------ recording

  /** One recording: start() asks for the microphone, stop() gives the Blob. `onLevel(rms)`
   * is called about 20 times a second with the loudness, for the meter and for the VAD.
   * With `pieceSeconds`, `onPiece(blob, index)` gets what was recorded since the last piece
   * that often, while recording goes on: the pieces joined in order are the recording so far
   * (only the first is playable alone; the server appends them). */
  class Recorder {
    constructor({ onLevel, onPiece, pieceSeconds } = {}) {
      this.onLevel = onLevel || (() => {});
      this.onPiece = onPiece || null;
      this.pieceSeconds = pieceSeconds || 0;
      this.chunks = [];
      this.sent = 0; // chunks already handed to onPiece
      this.pieces = 0;
    }

    async start() {
      // Echo cancellation keeps the moderator's voice out of a hands-free answer; the
      // browser's noise suppression is left off, since it clips words Whisper would have got.
      this.stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: true, noiseSuppression: false, autoGainControl: true },
      });
      const type = mimeType();
      this.recorder = new MediaRecorder(this.stream, { audioBitsPerSecond: 64000,
        ...(type ? { mimeType: type } : {}) });
      this.recorder.addEventListener("dataavailable", (event) => {
        if (event.data && event.data.size) this.chunks.push(event.data);
      });
      this.recorder.start(250);
      this.startedAt = performance.now();
      if (this.onPiece && this.pieceSeconds > 0) {
        this.pieceTimer = setInterval(() => this.piece(), this.pieceSeconds * 1000);
      }
      const Context = window.AudioContext || window.webkitAudioContext;
      if (Context) {
        this.context = new Context();
        const source = this.context.createMediaStreamSource(this.stream);
        this.analyser = this.context.createAnalyser();
        this.analyser.fftSize = 1024;
        source.connect(this.analyser);
        const samples = new Float32Array(this.analyser.fftSize);
        this.timer = setInterval(() => {
          this.analyser.getFloatTimeDomainData(samples);
          let sum = 0;
          for (const s of samples) sum += s * s;
          this.onLevel(Math.sqrt(sum / samples.length));
        }, 50);
      }
    }

    piece() {
      if (this.chunks.length <= this.sent) return;
      const type = this.recorder.mimeType || "audio/webm";
      const blob = new Blob(this.chunks.slice(this.sent), { type });
      this.sent = this.chunks.length;
      this.onPiece(blob, this.pieces++);
    }

    seconds() { return this.startedAt ? (performance.now() - this.startedAt) / 1000 : 0; }

    stop() {
      return new Promise((resolve) => {
        const finish = () => {
          this.release();
          resolve(new Blob(this.chunks, { type: this.recorder.mimeType || "audio/webm" }));
        };
        if (!this.recorder || this.recorder.state === "inactive") { finish(); return; }
        this.recorder.addEventListener("stop", finish, { once: true });
        this.recorder.stop();
      });
    }

    release() {
      clearInterval(this.timer);
      clearInterval(this.pieceTimer);
      if (this.context) this.context.close().catch(() => {});
      if (this.stream) this.stream.getTracks().forEach((track) => track.stop());
    }
  }

  /** Voice-activity detection with patience: the turn ends only after `patience` seconds of
   * silence that follow speech. The threshold follows the room: a few times the quietest
   * level heard so far, never below a floor. `onTick({speaking, heard, silentFor})`. */
  function turnDetector({ patience, onTick, onEnd }) {
    const FLOOR = 0.01;
    let noise = FLOOR; // the quietest level lately: falls at once, creeps up ~1% a tick
    let heard = false;
    let silentSince = null;
    let ended = false;
    return (rms) => {
      if (ended) return;
      noise = Math.min(noise * 1.01, Math.max(rms, 0.002));
      const speaking = rms > Math.max(FLOOR, noise * 3);
      const now = performance.now();
      if (speaking) { heard = true; silentSince = null; } else if (silentSince === null) {
        silentSince = now;
      }
      const silentFor = silentSince === null ? 0 : (now - silentSince) / 1000;
      onTick({ speaking, heard, silentFor });
      if (heard && silentFor >= patience) { ended = true; onEnd(); }
    };
  }

  // ------------------------------------------------------------------ upload

  function retryAfter(response) {
    const seconds = Number.parseInt(response.headers.get("Retry-After") || "", 10);
    return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
  }

  /** Send one recording until the server has committed its transcript. The same key every
   * time, so a retry after a lost reply gets the stored transcript back. `onWait(seconds,
   * why)` is awaited before each retry. Throws {status, problem} when the server refuses. */
  async function upload(url, held, onWait) {
    let attempt = 0;
    let serverErrors = 0;
    for (;;) {
      let response;
      try {
        response = await fetch(url, {
          method: "POST", body: held.blob, cache: "no-store",
          headers: { "Idempotency-Key": held.key, "Content-Type": held.blob.type || "audio/webm" },
        });
      } catch {
        attempt += 1;
        await onWait(Math.min(30, 2 ** Math.min(attempt - 1, 5)), "connection lost");
        continue;
      }
      if (response.ok) {
        try { return await response.json(); } catch { attempt += 1; continue; }
      }
      let problem = {};
      try { problem = await response.json(); } catch { /* not JSON */ }
      const refused = (problem.type || "").endsWith("voice-unavailable");
      if (!refused && (TRY_LATER.has(response.status) ||
          (response.status >= 500 && ++serverErrors < 3))) {
        attempt += 1;
        await onWait(Math.min(30, Math.max(retryAfter(response), 2 ** Math.min(attempt - 1, 5))),
          "the server cannot take it right now");
        continue;
      }
      const error = new Error(problem.detail || "The recording could not be sent.");
      error.status = response.status;
      error.problem = problem;
      throw error;
    }
  }

  /** Send one piece of an answer still being spoken: a head start for the server, so a
   * piece that cannot be sent (after one retry with the same key and index) is let go; the
   * whole recording, uploaded at the end, is what counts. */
  async function sendPiece(url, key, index, blob) {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        const response = await fetch(url, { method: "POST", body: blob, cache: "no-store",
          headers: { "Idempotency-Key": key, Piece: String(index),
            "Content-Type": blob.type || "audio/webm" } });
        if (response.ok || (response.status >= 400 && response.status < 500)) return;
      } catch { /* connection lost: try once more */ }
      await sleep(500);
    }
  }

  // ------------------------------------------------------------------ speaking

  // A sentence ends at . ? ! or … followed by space (closing quotes and brackets allowed).
  const SENTENCE_END = /[.?!…]["'”’)\]]*\s+/g;

  /** Speaks the moderator's turn as it streams: feed() each delta, finish() with the whole
   * text. The first sentence is spoken as soon as its last word arrives. `onIdle` runs when
   * everything queued has been spoken (or could not be). */
  class Speaker {
    constructor({ mode = "browser", speechUrl = null } = {}) {
      this.mode = mode;
      this.speechUrl = speechUrl;
      this.enabled = false;
      this.onIdle = null;
      this.reset();
      this.audio = new Audio();
    }

    available() {
      return this.mode === "server" || "speechSynthesis" in window;
    }

    reset() {
      this.text = "";
      this.spokenTo = 0;
      this.pending = 0;
      this.finished = false;
      this.chain = Promise.resolve();
    }

    begin() {
      this.cancel();
      this.reset();
    }

    feed(delta) {
      if (!this.enabled) return;
      this.text += delta;
      SENTENCE_END.lastIndex = this.spokenTo;
      let match;
      let end = this.spokenTo;
      while ((match = SENTENCE_END.exec(this.text)) !== null) end = match.index + match[0].length;
      if (end > this.spokenTo) {
        this.say(this.text.slice(this.spokenTo, end));
        this.spokenTo = end;
      }
    }

    finish(whole) {
      if (!this.enabled) { this.idle(); return; }
      if (typeof whole === "string" && whole.startsWith(this.text)) this.text = whole;
      const rest = this.text.slice(this.spokenTo);
      this.spokenTo = this.text.length;
      this.finished = true;
      if (rest.trim()) this.say(rest);
      else if (this.pending === 0) this.idle();
    }

    /** Say a whole text now (the question on screen when the participant picks "talk"). */
    speakAll(text) {
      this.begin();
      this.feed(text + " ");
      this.finish(text);
    }

    say(sentence) {
      const text = sentence.trim();
      if (!text) return;
      this.pending += 1;
      if (!this.firstSpoken) {
        this.firstSpoken = true;
        performance.mark("jobstory:speak");
        window.dispatchEvent(new CustomEvent("jobstory:speak", { detail: { text } }));
      }
      const done = () => {
        this.pending -= 1;
        if (this.pending === 0 && this.finished) this.idle();
      };
      if (this.mode === "server") {
        this.chain = this.chain.then(() => this.playFromServer(text)).then(done, done);
      } else {
        this.speakInBrowser(text, done);
      }
    }

    speakInBrowser(text, done) {
      const utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = document.documentElement.lang || "en";
      let settled = false;
      const settle = () => { if (!settled) { settled = true; clearTimeout(watchdog); done(); } };
      utterance.addEventListener("end", settle);
      utterance.addEventListener("error", settle);
      // A browser without voices never starts speaking: don't wait for it forever.
      let started = false;
      utterance.addEventListener("start", () => { started = true; });
      const watchdog = setTimeout(() => { if (!started) settle(); }, 2500);
      speechSynthesis.speak(utterance);
    }

    async playFromServer(text) {
      const response = await fetch(this.speechUrl, { method: "POST", body: text,
        headers: { "Content-Type": "text/plain; charset=utf-8" }, cache: "no-store" });
      if (!response.ok) { // fall back to the browser's own voice
        await new Promise((resolve) => this.speakInBrowser(text, resolve));
        return;
      }
      const url = URL.createObjectURL(await response.blob());
      try {
        this.audio.src = url;
        await this.audio.play();
        await new Promise((resolve) => {
          this.audio.onended = resolve;
          this.audio.onerror = resolve;
        });
      } finally {
        URL.revokeObjectURL(url);
      }
    }

    idle() {
      this.firstSpoken = false;
      if (this.onIdle) this.onIdle();
    }

    cancel() {
      this.firstSpoken = false;
      if ("speechSynthesis" in window) speechSynthesis.cancel();
      this.audio.pause();
    }
  }

  (window.jobstory = window.jobstory || {}).voice = { unsupported, Recorder, turnDetector,
    upload, sendPiece, Speaker, sleep };
})();
