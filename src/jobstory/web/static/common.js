// Small helpers every script of the participant's page shares, loaded first. The page's
// scripts share what they need through the one namespace object window.jobstory: this file's
// helpers, the widgets (widgets.js), voice (voice.js) and talk mode (talk.js); interview.js,
// loaded last, holds the page's state and puts it all together.
// Participant text only ever reaches the page through textContent (el's `text`).
(() => {
  "use strict";

  const jobstory = window.jobstory = window.jobstory || {};

  /** A new element: `text` sets its textContent, `class` its className, `on…` a listener;
   * any other attribute is set as a string (true as an empty one; null, undefined and false
   * leave it out). Children are appended as nodes or as text. */
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

  /** An idempotency key: the server stores an answer (or a recording) once per key. */
  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  /** localStorage as JSON, which never throws (private mode, a full quota). */
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

  /** A beforeunload listener, added while an answer or a recording is not saved yet: the
   * browser asks before the page is left. One function, so any script can remove it. */
  function warnUnsaved(event) {
    event.preventDefault();
    event.returnValue = "";
  }

  /** Text with its bidirectional controls written as marks ("[U+202E]"), as the server
   * shows them (jobstory/shown.py): an override typed into an answer must not draw the rest
   * of the conversation backwards. */
  function visibleControls(text) {
    return String(text).replace(/[\u202a-\u202e\u2066-\u2069]/g,
      (c) => `[U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}]`);
  }

  /** What a skipped question shows as the participant's turn (the answer sent is "Skip"). */
  const SKIPPED = "Skipped this question";

  Object.assign(jobstory, { el, newKey, store, warnUnsaved, SKIPPED, visibleControls });
})();
