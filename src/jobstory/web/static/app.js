/* jobstory researcher pages: copy buttons, question-type fields, live transcripts.
   Everything works without this script; it only makes the pages nicer to use. */
(function () {
  "use strict";

  var announcer = document.getElementById("announcer");
  function announce(text) {
    if (!announcer) return;
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  /* --- copy a link ---------------------------------------------------------------- */
  function copyText(input) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(input.value);
    }
    return new Promise(function (resolve, reject) {
      input.focus();
      input.select();
      try {
        if (document.execCommand("copy")) { resolve(); } else { reject(new Error("copy")); }
      } catch (error) { reject(error); }
    });
  }

  function flashButton(button, text) {
    if (!button.dataset.label) button.dataset.label = button.textContent;
    button.textContent = text;
    button.classList.add("copied");
    window.clearTimeout(button._restore);
    button._restore = window.setTimeout(function () {
      button.textContent = button.dataset.label;
      button.classList.remove("copied");
    }, 2000);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!button) return;
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) return;
    copyText(input).then(function () {
      flashButton(button, "Copied");
      announce("Link copied to the clipboard");
    }, function () {
      input.focus();
      input.select();
      flashButton(button, "Press Ctrl+C");
      announce("Link selected: press Control C to copy it");
    });
  });

  /* --- a form sent back with a problem: take the person to it ------------------------- */
  /* On a long page the form may sit far below the top, where a "please fix" message would
     go unseen and the page look unchanged; focusing the first marked field scrolls to it. */
  var invalid = document.querySelector('[aria-invalid="true"]');
  if (invalid) invalid.focus();

  /* --- question editor: show only the fields the chosen type uses ---------------------- */
  function syncKind(form) {
    var select = form.querySelector("select[name=kind]");
    if (!select) return;
    var kind = select.value;
    form.querySelectorAll("[data-kinds]").forEach(function (el) {
      el.hidden = el.getAttribute("data-kinds").split(" ").indexOf(kind) < 0;
    });
  }
  document.querySelectorAll("form[data-question-form]").forEach(function (form) {
    syncKind(form);
    var select = form.querySelector("select[name=kind]");
    if (!select) return;
    select.addEventListener("change", function () {
      syncKind(form);
      if (form.getAttribute("action").slice(-10) === "/questions") {
        var probe = form.querySelector("input[name=probe]");
        if (probe) probe.checked = select.value === "open";
      }
    });
  });

  /* Put the import result in view after an upload, so its errors are seen. */
  var result = document.getElementById("import-result");
  if (result) {
    result.scrollIntoView({ block: "center" });
    result.focus({ preventScroll: true });
  }

  /* --- live transcript ------------------------------------------------------------ */
  var live = document.querySelector("[data-poll-url]");
  if (live) {
    var url = live.getAttribute("data-poll-url");
    var seconds = Math.max(2, parseInt(live.getAttribute("data-poll-seconds"), 10) || 4);
    var list = live.querySelector(".transcript");
    var count = list ? parseInt(list.getAttribute("data-turns"), 10) || 0 : 0;
    var failures = 0;
    var timer = null;

    var finish = function () {
      var badge = document.getElementById("interview-status");
      if (badge) {
        badge.className = "badge badge-completed";
        badge.textContent = "Completed";
      }
      var hint = document.querySelector(".live-hint");
      if (hint) hint.hidden = true;
      announce("The interview is complete");
    };

    var poll = function () {
      if (document.hidden) { timer = window.setTimeout(poll, seconds * 1000); return; }
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) {
          var status = response.headers.get("X-Interview-Status");
          if (!response.ok || !status) throw new Error("HTTP " + response.status);
          var turns = parseInt(response.headers.get("X-Turn-Count"), 10) || 0;
          return response.text().then(function (html) {
            return { html: html, status: status, turns: turns };
          });
        })
        .then(function (update) {
          failures = 0;
          if (update.turns !== count) {
            var nearBottom = window.innerHeight + window.scrollY >=
              document.body.scrollHeight - 160;
            var added = update.turns - count;
            live.innerHTML = update.html;  /* server-rendered and escaped by the template */
            count = update.turns;
            if (added > 0) announce(added === 1 ? "1 new message" : added + " new messages");
            if (nearBottom) window.scrollTo(0, document.body.scrollHeight);
          }
          if (update.status === "completed") { finish(); return; }
          timer = window.setTimeout(poll, seconds * 1000);
        })
        .catch(function () {
          failures += 1;
          timer = window.setTimeout(poll, Math.min(60, seconds * Math.pow(2, failures)) * 1000);
        });
    };
    timer = window.setTimeout(poll, seconds * 1000);
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden && timer === null) poll();
    });
  }
})();

/* --- analysis: follow the run, reload when a newer result is ready ------------------------ */
(function () {
  "use strict";
  var box = document.getElementById("analysis-status");
  if (!box) return;
  var url = box.getAttribute("data-status-url");
  var shown = box.getAttribute("data-shown-run");
  var line = document.getElementById("run-line");
  var bar = document.getElementById("run-progress");
  var wait = 2000;
  var poll = function () {
    if (document.hidden) { window.setTimeout(poll, wait); return; }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { if (!response.ok) throw new Error("HTTP"); return response.json(); })
      .then(function (state) {
        var run = state.run;
        if (run && ((state.status === "done" && String(run.id) !== shown) ||
                    (state.status === "failed" && box.getAttribute("data-status") !== "failed"))) {
          window.location.reload();
          return;
        }
        if (state.status === "running" || state.status === "queued") {
          var p = state.progress || {};
          line.textContent = state.status === "queued" ? "Queued: waiting to start…" :
            "Running: " + (p.step || "starting") + (p.total ? " " + p.done + "/" + p.total : "");
          if (bar) { bar.hidden = false; bar.max = p.total || 1; bar.value = p.done || 0; }
        }
        window.setTimeout(poll, wait);
      })
      .catch(function () { window.setTimeout(poll, 10000); });
  };
  window.setTimeout(poll, wait);
})();
