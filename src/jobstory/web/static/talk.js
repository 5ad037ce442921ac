// Talk mode on the participant's page; voice.js does the recording, the upload and the
// speaking. The participant picks "talk" or "type" above every answer and can switch at any
// time (remembered on this device). In talk mode the moderator's turns are spoken and an open
// answer is recorded (held to talk, tapped on and off, or hands-free: it ends after the chosen
// seconds of quiet), uploaded (kept in the page until the server has its transcript), shown as
// what was heard to check and fix, and then sent like a typed one.
// Participant text only ever reaches the page through textContent.
(() => {
  "use strict";

  const jobstory = window.jobstory = window.jobstory || {};
  const { el, newKey, store, sendOnEnter, warnUnsaved, SKIPPED } = jobstory;

  /** Talk mode for one page. `page` gives its boot data, its localStorage `keys`, `max` (the
   * longest answer in characters), the `log` and `composer` elements, `current()` (the turn
   * waiting for an answer, or null), `rerender()` (draw the composer again, focused) and
   * `submitAnswer(answer, display)`. */
  // Why the microphone could not be used, in a participant's words (the browser's error name
  // is no advice: "NotFoundError" means there is no microphone, not that it was refused).
  function microphoneProblem(error) {
    const name = error && error.name;
    if (name === "NotFoundError" || name === "OverconstrainedError") {
      return "No microphone was found on this device. You can type your answer instead.";
    }
    if (name === "NotReadableError" || name === "AbortError") {
      return "The microphone is in use by another program. Close it and try again, or type your answer.";
    }
    return "The microphone was not allowed. Allow it in your browser's site settings, or type your answer.";
  }

  function talk(page) {
    const { boot, keys: KEYS, max: MAX, log, composer, submitAnswer } = page;
    const V = jobstory.voice;
    const voice = boot.voice || { available: false, why: "voice answers are not offered here" };
    const voiceWhy = !V ? "voice is not loaded" : !voice.available ? voice.why : V.unsupported();
    const speaker = V ? new V.Speaker({ mode: voice.tts, speechUrl: `${boot.api}/speech` }) : null;
    // "type" or "talk": offered above every answer, remembered on this device
    let mode = voiceWhy ? "type" : store.get(KEYS.mode) || "type";
    let held = null; // the recording being sent or checked: kept until its answer is saved
    let recording = null; // the Recorder while the microphone is on
    let autoListen = null; // hands-free: start listening when the moderator stops speaking

    if (speaker) {
      speaker.enabled = mode === "talk";
      // Hands-free: the microphone opens when the moderator has finished speaking.
      speaker.onIdle = () => {
        const listen = autoListen;
        autoListen = null;
        if (listen && mode === "talk") listen();
      };
    }

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
        if (page.current() && question) speaker.speakAll(question.textContent);
      } else {
        speaker.enabled = false;
        speaker.cancel();
        stopListening({ discard: true });
      }
      page.rerender();
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
        bar.append(el("button", { type: "button", class: "link hear",
          text: "Hear the question again", onclick: () => {
            const question = lastQuestion();
            if (question) speaker.speakAll(question.textContent);
          } }));
      }
      const privacy = voice.keeps_audio ? "Your recordings are kept for the research team."
        : "Your recordings are deleted once they are written down.";
      const current = page.current();
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
      if (review && page.current() && review.seq === page.current().seq) {
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
        text: "Skip this question", onclick: () => submitAnswer("Skip", SKIPPED) })));
      const saveSettings = () => {
        store.set(`${KEYS.mode}:handsfree`, { on: handsFree.checked, patience: patience.value });
      };
      handsFree.addEventListener("change", () => {
        saveSettings();
        stopListening({ discard: true });
        page.rerender(); // sets autoListen when hands-free is on
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
              status.textContent = "Still listening… your answer ends after " +
                `${left.toFixed(0)} s more of quiet.`;
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
          status.textContent = microphoneProblem(error);
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
        held = { key, blob, seq: page.current().seq };
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
      box.replaceChildren(el("p", { class: "transcribing",
        text: "Writing down what you said…" }));
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
        page.rerender();
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
          page.rerender();
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

    return {
      get mode() { return mode; }, // "type" or "talk"
      speaker, // null when voice.js is not loaded
      modeBar,
      widget: talkWidget,
      stopListening,
      /** The answer is saved: the recording it came from may go now. */
      saved() { held = null; },
    };
  }

  jobstory.talk = talk;
})();
