// The participant's interview page: widgets per question kind, answers sent with an
// idempotency key, the moderator's reply read as Server-Sent Events from a POST (fetch +
// ReadableStream, since EventSource cannot POST). Nothing typed is lost: the draft and any
// unacknowledged answer live in localStorage until the server has durably stored them. A server
// that cannot store right now (503, e.g. a full disk) is asked again after its Retry-After; a
// server error (500) is retried a few times, then the answer goes back into the box.
// Participant text only ever reaches the page through textContent.
// The page loads common.js, widgets.js, voice.js and talk.js before this file; they share what
// they need through window.jobstory.
// Voice (voice.js): the participant picks "talk" or "type" and can switch at any time. In talk
// mode the moderator's turns are spoken and an open answer is recorded, uploaded (kept in the
// page until the server has its transcript), checked and then sent like a typed one.
(() => {
  "use strict";

  const { el, newKey, store, sendOnEnter } = window.jobstory;
  const boot = JSON.parse(document.getElementById("boot").textContent);
  const MAX = boot.max_answer_chars || 10000;
  const KEYS = {
    pending: `jobstory:${boot.token}:pending`,
    draft: `jobstory:${boot.token}:draft`,
    mode: `jobstory:${boot.token}:mode`,
    review: `jobstory:${boot.token}:review`,
  };
  const log = document.getElementById("log");
  const composer = document.getElementById("composer");
  const saveStatus = document.getElementById("save-status");
  let current = boot.status === "completed" ? null : boot.next;
  let inFlight = false;
  // Statuses that say "not now": retried with the same key for as long as it takes.
  const TRY_LATER = new Set([408, 425, 429, 502, 503, 504]);
  // Other server errors are likely to repeat; after this many tries the participant decides.
  const SERVER_ERROR_TRIES = 3;

  const V = window.jobstoryVoice;
  const voice = boot.voice || { available: false, why: "voice answers are not offered here" };
  const voiceWhy = !V ? "voice is not loaded" : !voice.available ? voice.why : V.unsupported();
  const speaker = V ? new V.Speaker({ mode: voice.tts, speechUrl: `${boot.api}/speech` }) : null;
  let mode = "type"; // or "talk": offered above every answer, remembered on this device
  let held = null; // the recording being sent or checked: kept until its answer is saved
  let recording = null; // the Recorder while the microphone is on
  let autoListen = null; // hands-free: start listening when the moderator stops speaking

  mode = voiceWhy ? "type" : store.get(KEYS.mode) || "type";
  if (speaker) {
    speaker.enabled = mode === "talk";
    // Hands-free: the microphone opens when the moderator has finished speaking.
    speaker.onIdle = () => {
      const listen = autoListen;
      autoListen = null;
      if (listen && mode === "talk") listen();
    };
  }

  // ------------------------------------------------------------------ small helpers

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  function setSaveStatus(text, kind = "") {
    saveStatus.textContent = text;
    saveStatus.className = `save-status ${kind}`;
  }

  function scrollToEnd() {
    const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    composer.scrollIntoView({ block: "end", behavior: smooth ? "smooth" : "auto" });
  }

  // ------------------------------------------------------------------ transcript

  function addTurn(role, text, extra = {}) {
    const kindClass = extra.kind === "probe" || extra.kind === "reask" ? ` turn-${extra.kind}` : "";
    const bubble = el("p", { class: "bubble", text });
    const item = el("li", { class: `turn turn-${role}${kindClass}${extra.cls || ""}` },
      el("span", { class: "who" }, role === "moderator" ? "AI moderator" : "You",
        el("span", { class: "visually-hidden", text: ":" })),
      bubble);
    if (extra.seq) {
      item.id = `turn-${extra.seq}`;
      item.dataset.seq = String(extra.seq);
    }
    log.append(item);
    return { item, bubble };
  }

  function lastModeratorId() {
    const items = log.querySelectorAll(".turn-moderator");
    const last = items[items.length - 1];
    if (!last) return null;
    if (!last.id) last.id = `turn-live-${items.length}`;
    last.querySelector(".bubble").id = `${last.id}-text`;
    return `${last.id}-text`;
  }

  // ------------------------------------------------------------------ drafts

  function saveDraft(value) {
    if (current) store.set(KEYS.draft, { seq: current.seq, value });
  }

  function loadDraft() {
    const draft = store.get(KEYS.draft);
    return draft && current && draft.seq === current.seq ? draft.value : undefined;
  }

  // ------------------------------------------------------------------ widgets

  const widgets = window.jobstory.widgets({ max: MAX, loadDraft, saveDraft, submitAnswer });

  // ------------------------------------------------------------------ talk or type

  function lastQuestion() {
    const asked = log.querySelectorAll(".turn-moderator .bubble");
    return asked[asked.length - 1] || null;
  }

  function chooseMode(chosen) {
    mode = chosen;
    store.set(KEYS.mode, chosen);
    if (chosen === "talk") {
      speaker.enabled = true;
      const question = lastQuestion();
      if (current && question) speaker.speakAll(question.textContent);
    } else {
      speaker.enabled = false;
      speaker.cancel();
      stopListening({ discard: true });
    }
    renderComposer(current, { focus: true });
  }

  /** The talk/type switch above every answer; or why voice is not offered. */
  function modeBar() {
    if (voiceWhy) {
      return el("p", { class: "mode-note hint", id: "voice-unavailable",
        text: `Voice answers are not available: ${voiceWhy}. Please type your answers.` });
    }
    const button = (value, label) => el("button", { type: "button", class: "mode-option",
      "aria-pressed": mode === value ? "true" : "false", text: label,
      onclick: () => { if (mode !== value) chooseMode(value); } });
    const bar = el("div", { class: "mode-bar", role: "group", "aria-label": "Answer by" },
      el("span", { class: "mode-label", text: "Answer by" }),
      button("talk", "Talking"), button("type", "Typing"));
    if (mode === "talk") {
      bar.append(el("button", { type: "button", class: "link hear", text: "Hear the question again",
        onclick: () => {
          const question = lastQuestion();
          if (question) speaker.speakAll(question.textContent);
        } }));
    }
    const privacy = voice.keeps_audio ? "Your recordings are kept for the research team."
      : "Your recordings are deleted once they are written down.";
    if (current && current.seq === 1) { // before the first answer: say what talking means
      bar.append(el("p", { class: "hint mode-help", text: mode === "talk" ? privacy
        : "Rather talk than type? Choose Talking: the questions are read out, and you see " +
          `what we heard before you send it. ${privacy} You can switch at any time.` }));
    }
    return bar;
  }

  function stopListening({ discard = false } = {}) {
    autoListen = null;
    if (!recording) return null;
    const active = recording;
    recording = null;
    if (discard) { active.release(); return null; }
    return active.stop();
  }

  /** The open-answer widget in talk mode: record, then check what was heard, then send. */
  function talkWidget(form, labelId) {
    const box = el("div", { class: "talk", "aria-labelledby": labelId });
    const status = el("p", { class: "talk-status", role: "status", "aria-live": "polite" });
    form.append(box, status);
    const review = store.get(KEYS.review);
    if (review && current && review.seq === current.seq) {
      return showReview(form, box, status, review);
    }
    // Becomes the review's widget once the transcript is back (see send).
    const widget = { focus: () => record.focus(), value: () => null, recording: null };
    const settings = store.get(`${KEYS.mode}:handsfree`) || { on: false,
      patience: voice.patience || 2 };
    const record = el("button", { type: "button", class: "record", id: "record-button",
      "aria-pressed": "false" }, el("span", { class: "record-dot", "aria-hidden": "true" }),
    el("span", { class: "record-label", text: "Hold to talk" }));
    const meter = el("span", { class: "meter", "aria-hidden": "true" }, el("span"));
    const hint = el("p", { class: "hint", id: "talk-help", text: settings.on
      ? "Hands-free: just answer. I'll wait until you have been quiet for a while."
      : "Hold the button while you talk, or tap it to start and tap again when you're done." });
    record.setAttribute("aria-describedby", "talk-help");
    const handsFree = el("input", { type: "checkbox", id: "hands-free", checked: settings.on });
    const patience = el("select", { id: "patience", "aria-label": "Seconds of quiet before " +
      "your answer ends" });
    for (const seconds of [1, 2, 3, 5, 8]) {
      patience.append(el("option", { value: seconds, text: `${seconds} s`,
        selected: seconds === Number(settings.patience) }));
    }
    const options = el("div", { class: "talk-options" },
      el("label", { for: "hands-free" }, handsFree, " Hands-free"),
      el("label", { for: "patience", class: "patience" }, "wait ", patience, " of quiet"));
    box.append(el("div", { class: "record-row" }, record, meter), hint, options);
    form.append(el("div", { class: "actions" }, el("button", { type: "button", class: "link",
      text: "Skip this question", onclick: () => submitAnswer("Skip", "Skip") })));
    const saveSettings = () => {
      store.set(`${KEYS.mode}:handsfree`, { on: handsFree.checked, patience: patience.value });
    };
    handsFree.addEventListener("change", () => {
      saveSettings();
      stopListening({ discard: true });
      renderComposer(current, { focus: true }); // sets autoListen when hands-free is on
      const listen = autoListen;
      autoListen = null;
      if (listen) listen();
    });
    patience.addEventListener("change", saveSettings);

    let pressedAt = 0;
    let stopping = false;
    async function start() {
      if (recording || stopping) return;
      const detector = handsFree.checked ? V.turnDetector({
        patience: Number(patience.value),
        onTick: ({ speaking, heard, silentFor }) => {
          if (heard && !speaking && silentFor > 0.4) {
            const left = Math.max(0, Number(patience.value) - silentFor);
            status.textContent = `Still listening… your answer ends after ${left.toFixed(0)} s ` +
              "more of quiet.";
          } else if (speaking) status.textContent = "Listening…";
        },
        onEnd: () => finish(),
      }) : null;
      const key = newKey(); // the answer's: its pieces and then the whole recording use it
      recording = new V.Recorder({ onLevel: (rms) => {
        meter.firstChild.style.width = `${Math.min(100, Math.round(rms * 600))}%`;
        if (detector) detector(rms);
      }, pieceSeconds: voice.pieces,
      onPiece: (blob, index) => V.sendPiece(`${boot.api}/recordings/pieces`, key, index, blob) });
      recording.key = key;
      try {
        await recording.start();
      } catch (error) {
        recording = null;
        status.textContent = "The microphone could not be used (" + (error.name || "blocked") +
          "). Allow it in your browser, or switch to typing.";
        return;
      }
      speaker.cancel();
      record.classList.add("on");
      record.setAttribute("aria-pressed", "true");
      record.querySelector(".record-label").textContent = handsFree.checked
        ? "Stop" : "Release or tap to finish";
      status.textContent = "Listening…";
      window.addEventListener("beforeunload", warnUnsaved);
    }
    async function finish() {
      if (!recording || stopping) return;
      stopping = true;
      performance.mark("jobstory:speech-end");
      const key = recording.key;
      const blob = await stopListening();
      stopping = false;
      if (!blob || !blob.size) {
        status.textContent = "Nothing was recorded. Please try again.";
        window.removeEventListener("beforeunload", warnUnsaved);
        return;
      }
      held = { key, blob, seq: current.seq };
      await send(form, box, status, widget);
    }
    record.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      if (recording) { finish(); return; }
      pressedAt = performance.now();
      start();
    });
    record.addEventListener("pointerup", () => {
      // A press held for a while is push-to-talk: letting go ends it. A tap keeps listening.
      if (recording && pressedAt && performance.now() - pressedAt > 600) finish();
      pressedAt = 0;
    });
    record.addEventListener("keydown", (event) => {
      if ((event.key === " " || event.key === "Enter") && !event.repeat) {
        event.preventDefault();
        if (recording) finish(); else start();
      }
    });
    if (handsFree.checked) autoListen = start;
    return widget;
  }

  /** Upload the held recording until its transcript is stored, then let them check it. */
  async function send(form, box, status, widget) {
    box.replaceChildren(el("p", { class: "transcribing", text: "Writing down what you said…" }));
    try {
      const transcript = await V.upload(`${boot.api}/recordings`, held, async (seconds, why) => {
        status.textContent = `Sending your recording: ${why}, trying again in ${seconds} s. ` +
          "It is kept on this page until it is saved.";
        await V.sleep(seconds * 1000);
      });
      performance.mark("jobstory:transcribed");
      const review = { seq: held.seq, recording: transcript.recording, text: transcript.text,
        words: transcript.words, confidence: transcript.confidence };
      store.set(KEYS.review, review);
      status.textContent = "";
      Object.assign(widget, showReview(form, box, status, review, { fresh: true }));
    } catch (error) {
      window.removeEventListener("beforeunload", warnUnsaved);
      held = null;
      renderComposer(current, { focus: true });
      composer.prepend(el("p", { class: "problem", role: "alert", text: error.message }));
    }
  }

  /** What was heard, editable, with the words the transcriber was unsure of marked. */
  function showReview(form, box, status, review, { fresh = false } = {}) {
    const area = el("textarea", { id: "answer-text", name: "answer", rows: 4,
      "aria-describedby": "heard-help", spellcheck: "true" });
    area.value = review.text;
    const unsure = (review.words || []).filter((w) => w.low).map((w) => w.text);
    const help = el("p", { class: "hint", id: "heard-help" });
    if (!review.text.trim()) {
      help.textContent = "We could not make out any words. Please record again, or type.";
    } else if (unsure.length) {
      help.textContent = `We were unsure of the ${unsure.length === 1 ? "word" : "words"} ` +
        "marked above. Please check them, fix anything in the box, then send it.";
    } else {
      help.textContent = "This is what we heard. Fix anything that's wrong, then send it.";
    }
    const heard = el("p", { class: "heard" });
    for (const word of review.words || []) {
      heard.append(word.low ? el("mark", { class: "unsure", text: word.text }) : word.text, " ");
    }
    box.replaceChildren(el("label", { for: "answer-text", class: "heard-label",
      text: "What we heard" }), heard, area, help);
    heard.hidden = !unsure.length;
    const again = el("button", { type: "button", class: "link", text: "Record again",
      onclick: () => {
        store.drop(KEYS.review);
        held = null;
        window.removeEventListener("beforeunload", warnUnsaved);
        renderComposer(current, { focus: true });
      } });
    const sendButton = el("button", { type: "submit", class: "primary", text: "Send" });
    form.querySelectorAll(".actions").forEach((row) => row.remove());
    form.append(el("div", { class: "actions" }, again, sendButton));
    area.addEventListener("input", () => {
      sendButton.disabled = !area.value.trim() || area.value.length > MAX;
      store.set(KEYS.review, { ...review, text: area.value });
    });
    sendButton.disabled = !area.value.trim();
    sendOnEnter(area, form);
    if (fresh) area.focus();
    return {
      focus: () => area.focus(),
      value: () => (area.value.trim() && area.value.length <= MAX ? area.value : null),
      recording: review.recording,
    };
  }

  function renderComposer(turn, { focus = false } = {}) {
    composer.replaceChildren();
    if (!turn) return renderDone();
    const labelId = lastModeratorId();
    const form = el("form", { class: `widget widget-${turn.widget}`, novalidate: true });
    const question = turn.question || {};
    let widget;
    switch (turn.widget) {
      case "scale": widget = widgets.scale(form, labelId, question); break;
      case "single_choice": widget = widgets.choice(form, labelId, question, false); break;
      case "multiple_choice": widget = widgets.choice(form, labelId, question, true); break;
      case "ranking": widget = widgets.ranking(form, labelId, question); break;
      case "yes_no": widget = widgets.yesNo(form, labelId); break;
      default: widget = mode === "talk" ? talkWidget(form, labelId)
        : widgets.open(form, labelId);
    }
    if (question.help && turn.widget !== "open") {
      form.prepend(el("p", { class: "hint", text: question.help }));
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = widget.value();
      if (value === null) return;
      const display = Array.isArray(value) ? value.join(", ") : String(value);
      submitAnswer(value, display, { recording: widget.recording });
    });
    composer.append(modeBar(), form);
    if (focus) widget.focus();
    return undefined;
  }

  function renderDone() {
    composer.replaceChildren(el("div", { class: "done", role: "status" },
      el("h2", { text: "Thank you!" }),
      el("p", { text: "Your interview is complete and every answer has been saved. " +
        "You can close this page." })));
  }

  function renderProblem(message, { reload = false } = {}) {
    const box = el("div", { class: "problem-box", role: "alert" }, el("p", { text: message }));
    if (reload) {
      box.append(el("button", { type: "button", class: "primary", text: "Reload",
        onclick: () => window.location.reload() }));
    }
    composer.replaceChildren(box);
  }

  // ------------------------------------------------------------------ sending

  function submitAnswer(answer, display, { recording: spoken = null } = {}) {
    if (inFlight || !current) return;
    stopListening({ discard: true });
    performance.mark("jobstory:send");
    const pending = { key: newKey(), answer, display, replyTo: current.seq, recording: spoken };
    store.set(KEYS.pending, pending);
    deliver(pending);
  }

  function parseEvent(raw) {
    let event = "message";
    const data = [];
    for (const line of raw.split("\n")) {
      if (line.startsWith("event:")) event = line.slice(6).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    }
    return { event, data: data.join("\n") };
  }

  async function readStream(response, onDelta) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const { event, data } = parseEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (event === "delta") onDelta(JSON.parse(data).text);
        else if (event === "turn") return JSON.parse(data);
      }
    }
    throw new Error("the reply stream ended early");
  }

  async function deliver(pending) {
    inFlight = true;
    window.addEventListener("beforeunload", warnUnsaved);
    composer.replaceChildren();
    addTurn("participant", pending.display,
      { cls: pending.recording ? " sending turn-voice" : " sending" });
    const sent = log.lastElementChild;
    setSaveStatus("Saving…", "saving");
    let attempt = 0;
    let serverErrors = 0;
    let saved = false;
    let reply = null;
    let live = null;
    while (!reply) {
      let response;
      try {
        response = await fetch(`${boot.api}/answers`, {
          method: "POST",
          headers: { "Content-Type": "application/json", Accept: "text/event-stream" },
          body: JSON.stringify({ answer: pending.answer, idempotency_key: pending.key,
            reply_to: pending.replyTo, recording: pending.recording || undefined }),
          cache: "no-store",
        });
      } catch {
        attempt += 1;
        await backoff(attempt, saved);
        continue;
      }
      if (!response.ok) {
        // Once saved, only the reply is missing: keep asking for it whatever the status.
        const retry = TRY_LATER.has(response.status) || (response.status >= 500 &&
          (saved || ++serverErrors < SERVER_ERROR_TRIES));
        if (retry) {
          attempt += 1;
          await backoff(attempt, saved, { server: true, wait: retryAfter(response) });
          continue;
        }
        let problem = {};
        try { problem = await response.json(); } catch { /* not JSON */ }
        return refused(response.status, problem, pending, sent);
      }
      // Headers only leave the server after the durable commit: the answer is safe now.
      if (!saved) {
        saved = true;
        store.drop(KEYS.pending);
        store.drop(KEYS.draft);
        store.drop(KEYS.review);
        held = null; // the answer is saved: the recording may go now
        sent.classList.remove("sending");
        setSaveStatus("Saved", "saved");
      }
      try {
        if ((response.headers.get("content-type") || "").includes("text/event-stream")) {
          if (!live) live = addTurn("moderator", "", { cls: " streaming" });
          live.item.setAttribute("aria-busy", "true");
          live.bubble.textContent = "";
          if (speaker) speaker.begin();
          reply = await readStream(response, (text) => {
            live.bubble.textContent += text;
            if (speaker) speaker.feed(text);
          });
        } else {
          reply = await response.json();
        }
      } catch {
        attempt += 1;
        await backoff(attempt, saved);
      }
    }
    inFlight = false;
    window.removeEventListener("beforeunload", warnUnsaved);
    showReply(reply, live);
  }

  function showReply(result, live) {
    const turn = result.turn;
    if (live) {
      const kindClass = turn.kind === "probe" || turn.kind === "reask" ? ` turn-${turn.kind}` : "";
      live.item.className = `turn turn-moderator${kindClass}`;
      live.item.id = `turn-${turn.seq}`;
      live.item.dataset.seq = String(turn.seq);
      live.bubble.textContent = turn.text;
      live.item.removeAttribute("aria-busy");
    } else {
      addTurn("moderator", turn.text, { seq: turn.seq, kind: turn.kind });
    }
    if (turn.kind === "closing" || result.status === "completed") {
      current = null;
      renderDone();
    } else {
      current = turn;
      renderComposer(turn, { focus: true });
    }
    if (speaker) speaker.finish(turn.text);
    scrollToEnd();
    setTimeout(() => { if (saveStatus.textContent === "Saved") setSaveStatus(""); }, 4000);
  }

  function retryAfter(response) {
    const seconds = Number.parseInt(response.headers.get("Retry-After") || "", 10);
    return Number.isFinite(seconds) && seconds > 0 ? seconds : 0;
  }

  async function backoff(attempt, saved, { server = false, wait = 0 } = {}) {
    const seconds = Math.min(30, Math.max(wait, 2 ** Math.min(attempt - 1, 5)));
    const why = server ? "the server cannot save right now" : "connection lost";
    setSaveStatus(saved
      ? `Saved. Connection lost while loading the next question — retrying in ${seconds}s…`
      : `Saving… ${why}, retrying in ${seconds}s. Your answer is kept on this device.`,
    "saving");
    await Promise.race([sleep(seconds * 1000),
      new Promise((resolve) => window.addEventListener("online", resolve, { once: true }))]);
    setSaveStatus("Saving…", "saving");
  }

  function refused(status, problem, pending, sent) {
    inFlight = false;
    window.removeEventListener("beforeunload", warnUnsaved);
    store.drop(KEYS.pending);
    sent.remove();
    setSaveStatus("");
    const detail = status >= 500
      ? "Your answer could not be saved because of a problem on our side. It is still here: " +
        "please try sending it again in a little while."
      : problem.detail || "Something went wrong sending your answer.";
    if (status === 409 && problem.type && problem.type.endsWith("interview-completed")) {
      current = null;
      renderDone();
      return;
    }
    if (status === 409 || status === 404 || status === 410) {
      renderProblem(detail, { reload: status === 409 });
      return;
    }
    // 400 / 413 / a server error that kept coming back: keep what they wrote, let them act.
    if (typeof pending.answer === "string" && pending.answer !== "Skip") saveDraft(pending.answer);
    renderComposer(current, { focus: true });
    composer.prepend(el("p", { class: "problem", role: "alert", text: detail }));
  }

  function warnUnsaved(event) {
    event.preventDefault();
    event.returnValue = "";
  }

  // ------------------------------------------------------------------ start

  if (boot.status === "completed") {
    store.drop(KEYS.pending);
    store.drop(KEYS.draft);
    renderDone();
    return;
  }
  const pending = store.get(KEYS.pending);
  if (pending && current && pending.replyTo === current.seq) {
    deliver(pending); // an answer that was never acknowledged: resend it with the same key
  } else {
    if (pending) store.drop(KEYS.pending); // the server already has it
    renderComposer(current);
  }
  if (boot.turns && boot.turns.length > 1) {
    // Back on their link mid-interview: start at the question waiting for them, not the top
    // (nor where the browser last left the page).
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    const question = document.getElementById(`turn-${current ? current.seq : ""}`);
    (question || composer).scrollIntoView({ block: "start", behavior: "auto" });
    composer.querySelector("textarea, button.record, .scale button, .choices input")
      ?.focus({ preventScroll: true });
  }
})();