// The review desk: sign in, and send each decision on the queue to /api/review.
// Only text is ever written into the page (no HTML from events or answers).
(function () {
  "use strict";

  function send(method, url, body) {
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (response) {
      if (response.status === 204) return null;
      return response.json().then(function (data) {
        if (!response.ok) throw new Error(typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail));
        return data;
      });
    });
  }

  function say(text, isError) {
    var box = document.getElementById("review-message");
    if (!box) return;
    box.textContent = text;
    box.className = isError ? "error" : "message";
  }

  // A message kept over a reload (a split adds a row, so the queue is read again).
  var kept = null;
  try { kept = window.sessionStorage.getItem("review-message"); } catch (e) { kept = null; }
  if (kept) {
    window.sessionStorage.removeItem("review-message");
    say(kept, false);
  }

  var signin = document.getElementById("signin");
  if (signin) {
    signin.addEventListener("submit", function (event) {
      event.preventDefault();
      var body = { name: signin.elements.name.value, password: signin.elements.password.value };
      send("POST", "/api/session", body).then(function () {
        window.location.reload();
      }).catch(function (error) {
        document.getElementById("signin-message").textContent = error.message;
      });
    });
  }

  var signout = document.getElementById("signout");
  if (signout) {
    signout.addEventListener("click", function () {
      send("DELETE", "/api/session").then(function () { window.location.reload(); });
    });
  }

  function done(row, text) {
    var id = row.getAttribute("data-event-id");
    document.querySelectorAll('tr[data-event-id="' + id + '"]').forEach(function (r) { r.remove(); });
    var total = document.getElementById("queue-total");
    if (total) total.textContent = String(Math.max(0, parseInt(total.textContent, 10) - 1));
    say(text, false);
  }

  document.querySelectorAll("#queue button.act").forEach(function (button) {
    button.addEventListener("click", function () {
      var row = button.closest("tr");
      var id = row.getAttribute("data-event-id");
      var base = "/api/review/" + encodeURIComponent(id);
      var action = button.getAttribute("data-action");
      if (action === "edit" || action === "split") {
        var kind = action === "edit" ? "editor-row" : "split-row";
        var panel = document.querySelector("tr." + kind + '[data-event-id="' + id + '"]');
        panel.hidden = !panel.hidden;
        return;
      }
      var request;
      if (action === "confirm") request = send("POST", base + "/confirm", {});
      if (action === "reject") {
        var reason = window.prompt("Why is this no event?");
        if (!reason) return;
        request = send("POST", base + "/reject", { reason: reason });
      }
      if (action === "merge") {
        var other = window.prompt("Id of the event to merge into this one:");
        if (!other) return;
        request = send("POST", base + "/merge", { other: other.trim() });
      }
      request.then(function () {
        done(row, id + ": " + action + (action === "merge" ? "d" : action === "confirm" ? "ed" : "ed"));
      }).catch(function (error) { say(id + ": " + error.message, true); });
    });
  });

  // The lessons a correction offers (an actor's alias, a place, a trigger phrase), each
  // with a button that adds it to the team's rule files (POST /api/review/{id}/teach).
  function describe(lesson) {
    if (lesson.kind === "actor") {
      return "actor: \u201c" + lesson.alias + "\u201d is " + lesson.name +
        (lesson.inter ? " (inter " + lesson.inter + ")" : "");
    }
    if (lesson.kind === "place") {
      var place = lesson.place || {};
      var where = [place.admin1, place.country].filter(Boolean).join(", ");
      return "place: " + place.name + " at " + place.latitude + ", " + place.longitude +
        (where ? " (" + where + ")" : "");
    }
    return "trigger: \u201c" + lesson.pattern + "\u201d means " + lesson.label;
  }

  function offer(id, lessons) {
    var box = document.getElementById("lessons");
    var list = document.getElementById("lesson-list");
    if (!box || !list || !lessons.length) return;
    lessons.forEach(function (lesson) {
      var item = document.createElement("li");
      item.className = "lesson lesson-" + lesson.kind;
      var text = document.createElement("span");
      text.textContent = id + ": " + describe(lesson) + " ";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "teach";
      button.textContent = "Add to the rule files";
      var outcome = document.createElement("span");
      outcome.className = "outcome";
      button.addEventListener("click", function () {
        button.disabled = true;
        send("POST", "/api/review/" + encodeURIComponent(id) + "/teach", lesson).then(function (answer) {
          button.remove();
          outcome.className = "outcome message";
          outcome.textContent = answer.done;
        }).catch(function (error) {
          button.disabled = false;
          outcome.className = "outcome error";
          outcome.textContent = error.message;
        });
      });
      item.appendChild(text);
      item.appendChild(button);
      item.appendChild(outcome);
      list.appendChild(item);
    });
    box.hidden = false;
  }

  document.querySelectorAll("#queue form.editor").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var row = form.closest("tr");
      var id = row.getAttribute("data-event-id");
      var fields = {};
      var note = null;
      Array.prototype.forEach.call(form.elements, function (input) {
        if (!input.name) return;
        if (input.name === "__note") { note = input.value.trim() || null; return; }
        var value = input.value.trim();
        var original = input.defaultValue.trim();
        if (value === original) return;  // only what the reviewer changed
        if (input.step === "any") fields[input.name] = value === "" ? null : parseFloat(value);
        else if (input.type === "number") fields[input.name] = value === "" ? 0 : parseInt(value, 10);
        else fields[input.name] = value === "" ? null : value;
      });
      var url = "/api/review/" + encodeURIComponent(id) + (Object.keys(fields).length ? "/correct" : "/confirm");
      var body = Object.keys(fields).length ? { fields: fields, note: note } : { note: note };
      send("POST", url, body).then(function (answer) {
        done(row, id + ": corrected (" + Object.keys(fields).join(", ") + ") and confirmed");
        offer(id, (answer && answer.lessons) || []);
      }).catch(function (error) { say(id + ": " + error.message, true); });
    });
  });

  document.querySelectorAll("#queue form.splitter").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var row = form.closest("tr");
      var id = row.getAttribute("data-event-id");
      var docs = [];
      form.querySelectorAll("input[name=doc_id]").forEach(function (box) {
        if (box.checked) docs.push(box.value);
      });
      if (!docs.length) {
        say(id + ": tick the reports that go to the new event", true);
        return;
      }
      var note = form.elements.__note.value.trim() || null;
      var url = "/api/review/" + encodeURIComponent(id) + "/split";
      send("POST", url, { doc_ids: docs, note: note }).then(function (created) {
        var text = id + ": split; " + docs.join(", ") + " now in " + created.event_id;
        try { window.sessionStorage.setItem("review-message", text); } catch (e) { /* shown once */ }
        window.location.reload();
      }).catch(function (error) { say(id + ": " + error.message, true); });
    });
  });
}());
