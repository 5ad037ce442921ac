/* The insights chat on a study's Analysis page: posts the question to the JSON API and shows
   the answer, its counts and its quotes. Everything from the server is set as text, never as
   markup; a quote's link is only ever a local path. */
(function () {
  "use strict";

  var panel = document.getElementById("ask");
  if (!panel) return;
  var form = document.getElementById("ask-form");
  var input = document.getElementById("ask-question");
  var out = document.getElementById("ask-answer");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function localPath(link) {
    return typeof link === "string" && link.charAt(0) === "/" && link.charAt(1) !== "/"
      && link.indexOf("\\") < 0 ? link : null;
  }

  function show(answer) {
    out.textContent = "";
    out.appendChild(el("p", "ask-text", answer.text));
    (answer.quotes || []).forEach(function (quote) {
      var block = el("blockquote", "quote");
      block.appendChild(el("p", null, "\u201c" + quote.text + "\u201d"));
      var footer = el("footer", null, "\u2014 " + quote.participant + " \u00b7 ");
      var href = localPath(quote.link);
      if (href) {
        var link = el("a", "ask-quote-link", "in the transcript");
        link.href = href;
        footer.appendChild(link);
      } else {
        footer.appendChild(el("span", "muted", quote.source + ":" + quote.start + "\u2013" + quote.end));
      }
      block.appendChild(footer);
      out.appendChild(block);
    });
  }

  function ask(question) {
    out.textContent = "Looking through the interviews\u2026";
    fetch(panel.dataset.askUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": panel.dataset.csrf},
      body: JSON.stringify({question: question})
    }).then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) throw new Error(body.detail || ("error " + response.status));
        return body;
      });
    }).then(show, function (error) {
      out.textContent = "";
      out.appendChild(el("p", "form-error", "The question could not be answered: " + error.message));
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var question = input.value.trim();
    if (question) ask(question);
  });

  // An example question is asked as if typed: it fills the box, so it can be edited after.
  Array.prototype.forEach.call(panel.querySelectorAll(".ask-example"), function (button) {
    button.addEventListener("click", function () {
      input.value = button.dataset.question;
      ask(input.value);
    });
  });
})();
