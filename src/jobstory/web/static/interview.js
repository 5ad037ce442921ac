// The participant's interview page: widgets per question kind, answers sent with an
// idempotency key, the moderator's reply read as Server-Sent Events from a POST (fetch +
// ReadableStream, since EventSource cannot POST). Nothing typed is lost: the draft and any
// unacknowledged answer live in localStorage until the server has durably stored them. A server
// that cannot store right now (503, e.g. a full disk) is asked again after its Retry-After; a
// server error (500) is retried a few times, then the answer goes back into the box.
// Participant text only ever reaches the page through textContent.
(() => {
  "use strict";

  const boot = JSON.parse(document.getElementById("boot").textContent);
  const MAX = boot.max_answer_chars || 10000;
  const KEYS = {
    pending: `jobstory:${boot.token}:pending`,
    draft: `jobstory:${boot.token}:draft`,
  };
  const log = document.getElementById("log");
  const composer = document.getElementById("composer");
  const saveStatus = document.getElementById("save-status");
  const announcer = document.getElementById("announcer");
  let current = boot.status === "completed" ? null : boot.next;
  let inFlight = false;
  // Statuses that say "not now": retried with the same key for as long as it takes.
  const TRY_LATER = new Set([408, 425, 429, 502, 503, 504]);
  // Other server errors are likely to repeat; after this many tries the participant decides.
  const SERVER_ERROR_TRIES = 3;

  // ------------------------------------------------------------------ small helpers

  const store = {
    get(key) {
      try { return JSON.parse(localStorage.getItem(key) || "null"); } catch { return null; }
    },
    set(key, value) {
      try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* private mode */ }
    },
    drop(key) {
      try { localStorage.removeItem(key); } catch { /* private mode */ }
    },
  };

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "text") node.textContent = value;
      else if (name === "class") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value === true ? "" : String(value));
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const number = (n) => n.toLocaleString("en");

  function announce(text) {
    announcer.textContent = "";
    setTimeout(() => { announcer.textContent = text; }, 30);
  }

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

  function actions(form, label, opts = {}) {
    const send = el("button", { type: "submit", class: "primary", text: label,
      disabled: opts.disabled });
    const skip = el("button", { type: "button", class: "link", text: "Skip this question",
      onclick: () => submitAnswer("Skip", "Skip") });
    form.append(el("div", { class: "actions" }, skip, send));
    return send;
  }

  function openWidget(form, labelId) {
    const id = "answer-text";
    const area = el("textarea", { id, name: "answer", rows: 4, "aria-labelledby": labelId,
      "aria-describedby": "answer-help answer-count", autocomplete: "off",
      spellcheck: "true", placeholder: "Type your answer…" });
    const help = el("p", { id: "answer-help", class: "hint",
      text: "Press Enter to send, Shift+Enter for a new line." });
    const count = el("p", { id: "answer-count", class: "count", "aria-live": "off" });
    const error = el("p", { id: "answer-error", class: "problem", role: "alert", hidden: true });
    form.append(el("label", { for: id, class: "visually-hidden", text: "Your answer" }), area,
      el("div", { class: "meta" }, help, count), error);
    const send = actions(form, "Send");
    const draft = loadDraft();
    if (typeof draft === "string") area.value = draft;

    function refresh() {
      const length = area.value.length;
      count.textContent = `${number(length)} / ${number(MAX)}`;
      const over = length > MAX;
      count.classList.toggle("over", over);
      area.setAttribute("aria-invalid", over ? "true" : "false");
      error.hidden = !over;
      error.textContent = over
        ? `That's ${number(length - MAX)} characters over the ${number(MAX)} limit. ` +
          "Please shorten it, or send part now and the rest next."
        : "";
      send.disabled = over || !area.value.trim();
    }
    area.addEventListener("input", () => { saveDraft(area.value); refresh(); });
    area.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    refresh();
    return {
      focus: () => area.focus(),
      value: () => (area.value.trim() && area.value.length <= MAX ? area.value : null),
    };
  }

  // A guide's scale has at most 101 points; one stored before that limit may span thousands,
  // so past 101 points the scale is a number field rather than a button for every point.
  const SCALE_BUTTONS = 101;

  function numberWidget(form, labelId, question) {
    const input = el("input", { type: "number", id: "answer-number", name: "answer", step: 1,
      min: question.min, max: question.max, inputmode: "numeric", autocomplete: "off",
      "aria-labelledby": labelId, "aria-describedby": "answer-help" });
    const labels = Object.entries(question.labels || {}).map(([n, label]) => `${n} = ${label}`);
    form.append(input, el("p", { id: "answer-help", class: "hint",
      text: `A whole number from ${question.min} to ${question.max}` +
        (labels.length ? ` (${labels.join(", ")}).` : ".") }));
    const send = actions(form, "Send", { disabled: true });
    const typed = () => (/^-?\d+$/.test(input.value.trim()) ? input.value.trim() : null);
    input.addEventListener("input", () => { send.disabled = typed() === null; });
    return { focus: () => input.focus(), value: typed };
  }

  function scaleWidget(form, labelId, question) {
    const { min, max } = question;
    if (!(Number.isSafeInteger(min) && Number.isSafeInteger(max) && max - min < SCALE_BUTTONS)) {
      return numberWidget(form, labelId, question);
    }
    const group = el("div", { class: "scale", role: "group", "aria-labelledby": labelId,
      "aria-describedby": "scale-legend" });
    const labels = question.labels || {};
    for (let n = question.min; n <= question.max; n += 1) {
      const label = labels[String(n)];
      group.append(el("button", { type: "button", class: "scale-point",
        "aria-label": label ? `${n}, ${label}` : String(n),
        onclick: () => submitAnswer(n, String(n)) }, String(n)));
    }
    form.append(group);
    // The labels sit under the row: the lowest at the left, the highest at the right, any
    // others in between, so the buttons stay one even row of numbers.
    const points = Object.keys(labels).map(Number).sort((a, b) => a - b);
    const legend = el("div", { class: "scale-legend", id: "scale-legend" });
    for (const point of points) {
      const where = point === question.min ? "low" : point === question.max ? "high" : "mid";
      legend.append(el("span", { class: `scale-label ${where}` },
        el("strong", { text: String(point) }), ` ${labels[String(point)]}`));
    }
    if (points.length) form.append(legend);
    form.append(el("div", { class: "actions" }, el("button", { type: "button", class: "link",
      text: "Skip this question", onclick: () => submitAnswer("Skip", "Skip") })));
    return { focus: () => group.querySelector("button").focus(), value: () => null };
  }

  function choiceWidget(form, labelId, question, multiple) {
    const type = multiple ? "checkbox" : "radio";
    const fieldset = el("fieldset", { class: "choices" },
      el("legend", { class: "visually-hidden",
        text: multiple ? "Choose all that apply" : "Choose one" }));
    fieldset.setAttribute("aria-labelledby", labelId);
    const draft = loadDraft();
    question.options.forEach((option, index) => {
      const id = `choice-${index}`;
      const checked = Array.isArray(draft) ? draft.includes(option) : draft === option;
      fieldset.append(el("div", { class: "choice" },
        el("input", { type, id, name: "choice", value: option, checked }),
        el("label", { for: id, text: option })));
    });
    form.append(fieldset);
    if (multiple) form.append(el("p", { class: "hint", text: "Choose all that apply." }));
    const send = actions(form, "Send");
    const inputs = () => Array.from(fieldset.querySelectorAll("input"));
    const picked = () => inputs().filter((input) => input.checked).map((input) => input.value);
    function refresh() {
      send.disabled = picked().length === 0;
      saveDraft(multiple ? picked() : picked()[0] || null);
    }
    fieldset.addEventListener("change", refresh);
    send.disabled = picked().length === 0;
    return {
      focus: () => inputs()[0].focus(),
      value: () => {
        const chosen = picked();
        if (!chosen.length) return null;
        return multiple ? chosen : chosen[0];
      },
    };
  }

  function rankingWidget(form, labelId, question) {
    const draft = loadDraft();
    const order = Array.isArray(draft) && draft.length === question.options.length &&
      question.options.every((o) => draft.includes(o)) ? draft.slice() : question.options.slice();
    const help = el("p", { id: "rank-help", class: "hint",
      text: "Drag the items into order, most important first, or use the Up and Down buttons." });
    const list = el("ol", { class: "ranking", "aria-labelledby": labelId,
      "aria-describedby": "rank-help" });
    const live = el("p", { class: "visually-hidden", "aria-live": "polite", id: "rank-live" });

    function items() { return Array.from(list.children); }

    function refresh() {
      const all = items();
      all.forEach((item, index) => {
        const name = item.dataset.option;
        item.querySelector(".rank-position").textContent = String(index + 1);
        const up = item.querySelector(".up");
        const down = item.querySelector(".down");
        up.disabled = index === 0;
        down.disabled = index === all.length - 1;
        up.setAttribute("aria-label", `Move ${name} up`);
        down.setAttribute("aria-label", `Move ${name} down`);
      });
      saveDraft(all.map((item) => item.dataset.option));
    }

    function moved(item) {
      const all = items();
      const position = all.indexOf(item) + 1;
      live.textContent = `${item.dataset.option}: position ${position} of ${all.length}.`;
    }

    function move(item, delta, button) {
      const all = items();
      const index = all.indexOf(item);
      const target = index + delta;
      if (target < 0 || target >= all.length) return;
      if (delta < 0) list.insertBefore(item, all[target]);
      else list.insertBefore(item, all[target].nextSibling);
      refresh();
      moved(item);
      const keep = button && !button.disabled ? button
        : item.querySelector(delta < 0 ? ".down" : ".up");
      keep.focus();
    }

    for (const option of order) {
      const handle = el("span", { class: "handle", "aria-hidden": "true",
        title: "Drag to reorder" }, "⠿");
      const item = el("li", { class: "rank-item" },
        handle,
        el("span", { class: "rank-position", "aria-hidden": "true" }),
        el("span", { class: "rank-text", text: option }),
        el("span", { class: "rank-buttons" },
          el("button", { type: "button", class: "up", text: "↑" }),
          el("button", { type: "button", class: "down", text: "↓" })));
      item.dataset.option = option;
      item.querySelector(".up").addEventListener("click",
        (event) => move(item, -1, event.currentTarget));
      item.querySelector(".down").addEventListener("click",
        (event) => move(item, 1, event.currentTarget));
      handle.addEventListener("pointerdown", (event) => startDrag(event, item));
      list.append(item);
    }

    // Pointer-based drag works for mouse, pen and touch alike (HTML5 drag-and-drop does not
    // fire for touch). The list reorders live under the pointer.
    function startDrag(event, item) {
      event.preventDefault();
      const handle = event.currentTarget;
      handle.setPointerCapture(event.pointerId);
      item.classList.add("dragging");
      const onMove = (moveEvent) => {
        const y = moveEvent.clientY;
        for (const other of items()) {
          if (other === item) continue;
          const box = other.getBoundingClientRect();
          const middle = box.top + box.height / 2;
          const before = items().indexOf(other) < items().indexOf(item);
          if (before && y < middle) { list.insertBefore(item, other); break; }
          if (!before && y > middle) { list.insertBefore(item, other.nextSibling); }
        }
      };
      const onUp = () => {
        handle.removeEventListener("pointermove", onMove);
        handle.removeEventListener("pointerup", onUp);
        handle.removeEventListener("pointercancel", onUp);
        item.classList.remove("dragging");
        refresh();
        moved(item);
      };
      handle.addEventListener("pointermove", onMove);
      handle.addEventListener("pointerup", onUp);
      handle.addEventListener("pointercancel", onUp);
    }

    form.append(help, list, live);
    refresh();
    actions(form, "Send order");
    return {
      focus: () => list.querySelector("button:not([disabled])").focus(),
      value: () => items().map((item) => item.dataset.option),
    };
  }

  function yesNoWidget(form, labelId) {
    const group = el("div", { class: "yes-no", role: "group", "aria-labelledby": labelId },
      el("button", { type: "button", class: "choice-button", text: "Yes",
        onclick: () => submitAnswer("Yes", "Yes") }),
      el("button", { type: "button", class: "choice-button", text: "No",
        onclick: () => submitAnswer("No", "No") }));
    form.append(group, el("div", { class: "actions" }, el("button", { type: "button",
      class: "link", text: "Skip this question", onclick: () => submitAnswer("Skip", "Skip") })));
    return { focus: () => group.querySelector("button").focus(), value: () => null };
  }

  function renderComposer(turn, { focus = false } = {}) {
    composer.replaceChildren();
    if (!turn) return renderDone();
    const labelId = lastModeratorId();
    const form = el("form", { class: `widget widget-${turn.widget}`, novalidate: true });
    const question = turn.question || {};
    let widget;
    switch (turn.widget) {
      case "scale": widget = scaleWidget(form, labelId, question); break;
      case "single_choice": widget = choiceWidget(form, labelId, question, false); break;
      case "multiple_choice": widget = choiceWidget(form, labelId, question, true); break;
      case "ranking": widget = rankingWidget(form, labelId, question); break;
      case "yes_no": widget = yesNoWidget(form, labelId); break;
      default: widget = openWidget(form, labelId);
    }
    if (question.help && turn.widget !== "open") {
      form.prepend(el("p", { class: "hint", text: question.help }));
    }
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = widget.value();
      if (value === null) return;
      const display = Array.isArray(value) ? value.join(", ") : String(value);
      submitAnswer(value, display);
    });
    composer.append(form);
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

  function submitAnswer(answer, display) {
    if (inFlight || !current) return;
    const pending = { key: newKey(), answer, display, replyTo: current.seq };
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
    addTurn("participant", pending.display, { cls: " sending" });
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
            reply_to: pending.replyTo }),
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
        sent.classList.remove("sending");
        setSaveStatus("Saved", "saved");
      }
      try {
        if ((response.headers.get("content-type") || "").includes("text/event-stream")) {
          if (!live) live = addTurn("moderator", "", { cls: " streaming" });
          live.item.setAttribute("aria-busy", "true");
          live.bubble.textContent = "";
          reply = await readStream(response, (text) => {
            live.bubble.textContent += text;
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
})();
