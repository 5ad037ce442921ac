// The answer widgets, one per question kind: open (a text box with a live count against the
// limit), number, scale, single and multiple choice, ranking (drag, or the Up and Down
// buttons) and yes/no. Each appends itself to the composer's form and gives back
// { focus, value }: value() is the answer to send, or null while there is none; the buttons
// that answer at once (a scale point, Yes, No, Skip) call the page's submitAnswer themselves.
// What is typed or chosen is kept as a draft (the page's saveDraft) until the answer is saved.
// Participant text only ever reaches the page through textContent.
(() => {
  "use strict";

  const jobstory = window.jobstory = window.jobstory || {};
  const { el, SKIPPED } = jobstory;
  // On a phone (a coarse pointer) Enter makes a new line and the Send button sends.
  const PHONE = window.matchMedia("(pointer: coarse)").matches;
  const number = (n) => n.toLocaleString("en");

  /** Enter sends the form (Shift+Enter makes a new line), except on a phone. */
  function sendOnEnter(area, form) {
    if (PHONE) {
      area.setAttribute("enterkeyhint", "enter");
      return;
    }
    area.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
  }

  // A guide's scale has at most 101 points; one stored before that limit may span thousands,
  // so past 101 points the scale is a number field rather than a button for every point.
  const SCALE_BUTTONS = 101;

  /** The widgets for one page: `max` is the longest answer in characters; the page gives
   * the drafts of its current question and `submitAnswer(answer, display)`. */
  function widgets({ max: MAX, loadDraft, saveDraft, submitAnswer }) {
    function actions(form, label, opts = {}) {
      const send = el("button", { type: "submit", class: "primary", text: label,
        disabled: opts.disabled });
      const skip = el("button", { type: "button", class: "link", text: "Skip this question",
        onclick: () => submitAnswer("Skip", SKIPPED) });
      form.append(el("div", { class: "actions" }, skip, send));
      return send;
    }

    function openWidget(form, labelId) {
      const id = "answer-text";
      const area = el("textarea", { id, name: "answer", rows: 4, "aria-labelledby": labelId,
        "aria-describedby": "answer-help answer-count", autocomplete: "off",
        spellcheck: "true", placeholder: "Type your answer…" });
      const help = el("p", { id: "answer-help", class: "hint", text: PHONE
        ? "Tap Send when you're done." : "Press Enter to send, Shift+Enter for a new line." });
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
      sendOnEnter(area, form);
      refresh();
      return {
        focus: () => area.focus(),
        value: () => (area.value.trim() && area.value.length <= MAX ? area.value : null),
      };
    }

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
        text: "Skip this question", onclick: () => submitAnswer("Skip", SKIPPED) })));
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
        class: "link", text: "Skip this question", onclick: () => submitAnswer("Skip", SKIPPED) })));
      return { focus: () => group.querySelector("button").focus(), value: () => null };
    }

    return { open: openWidget, scale: scaleWidget, choice: choiceWidget,
      ranking: rankingWidget, yesNo: yesNoWidget };
  }

  Object.assign(jobstory, { sendOnEnter, widgets });
})();
