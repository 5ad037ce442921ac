// The participant's interview page: its state, the composer (a widget per question kind from
// widgets.js, or talk mode from talk.js), answers sent with an idempotency key, the
// moderator's reply read as Server-Sent Events from a POST (fetch + ReadableStream, since
// EventSource cannot POST). Nothing typed is lost: the draft and any unacknowledged answer
// live in localStorage until the server has durably stored them. A server that cannot store
// right now (503, e.g. a full disk) is asked again after its Retry-After; a server error (500)
// is retried a few times, then the answer goes back into the box.
// Participant text only ever reaches the page through textContent.
// The page loads common.js, widgets.js, voice.js and talk.js before this file; they share what
// they need through window.jobstory.
(() => {
  "use strict";

  const { el, newKey, store, warnUnsaved, SKIPPED, visibleControls } = window.jobstory;
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
    const bubble = el("p", { class: "bubble", text: visibleControls(text) });
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

  // ------------------------------------------------------------------ widgets, talk or type

  const widgets = window.jobstory.widgets({ max: MAX, loadDraft, saveDraft, submitAnswer });
  const talk = window.jobstory.talk({ boot, keys: KEYS, max: MAX, log, composer,
    current: () => current, rerender: () => renderComposer(current, { focus: true }),
    submitAnswer });
  const { speaker } = talk;

  // ------------------------------------------------------------------ composer

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
      default: widget = talk.mode === "talk" ? talk.widget(form, labelId)
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
    composer.append(talk.modeBar(), form);
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
    talk.stopListening({ discard: true });
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
    addTurn("participant", pending.display, { cls: (pending.recording ? " sending turn-voice"
      : " sending") + (pending.display === SKIPPED ? " turn-skipped" : "") });
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
        talk.saved(); // the answer is saved: the recording may go now
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
