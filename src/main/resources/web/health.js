// The board's health panel, live: reads /healthz every 10 seconds and updates the panel in place.
// Served from /static (the CSP allows scripts from the page's own origin only, none inline).
(function () {
  "use strict";
  var panel = document.getElementById("health");
  if (!panel || !window.fetch) return;

  function text(id, value) {
    var el = document.getElementById(id);
    if (el) el.textContent = value;
  }

  function ago(iso) {
    if (!iso) return "not yet";
    var seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
    if (seconds < 60) return "just now";
    if (seconds < 3600) return Math.floor(seconds / 60) + " min ago";
    return Math.floor(seconds / 3600) + " h ago";
  }

  function problem(name, p) {
    return p && !p.ok ? name + " failing since " + ago(p.since) + ": " + p.error : null;
  }

  function refresh() {
    fetch("/healthz", {headers: {"Accept": "application/json"}, credentials: "same-origin"})
      .then(function (r) { return r.json(); })
      .then(function (h) {
        panel.setAttribute("data-live", "on");
        var ok = h.status === "ok";
        panel.className = "health " + (ok ? "ok" : "bad");
        text("health-status", ok ? "Mail flows" : (h.status === "failing" ? "Database failing" : "Degraded"));
        text("health-poll", ago(h.last_poll));
        text("health-idle", h.idle_connected ? "connected" : "not connected");
        text("health-backlog", String(h.outbox_backlog) + (h.outbox_oldest_seconds ? " (oldest " + h.outbox_oldest_seconds + " s)" : ""));
        text("health-quarantined", String(h.quarantined));
        if (h.answers_held !== undefined) text("health-held", String(h.answers_held));
        var list = document.getElementById("health-problems");
        if (list) {
          list.textContent = "";
          [problem("IMAP", h.imap), problem("SMTP", h.smtp)].forEach(function (p) {
            if (!p) return;
            var div = document.createElement("div");
            div.className = "problem";
            div.textContent = p;
            list.appendChild(div);
          });
        }
      })
      .catch(function () { text("health-status", "Status page cannot reach the daemon"); });
  }

  refresh();
  setInterval(refresh, 10000);
})();
