// Progressive enhancement only: the page works without this file.
// - "Live" refreshes the account's state every 2 s (keeping open <details> and a focused field alone);
// - a form with data-confirm asks before it posts.
(function () {
  "use strict";
  var live = document.querySelector("[data-live]");
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
  if (!live) return;
  var nav = document.querySelector(".top nav");
  var label = document.createElement("label");
  label.className = "live-toggle";
  label.innerHTML = '<input type="checkbox" data-live-toggle checked> Live';
  nav.insertBefore(label, nav.firstChild);
  var toggle = label.querySelector("input");
  function busy() {
    var active = document.activeElement;
    return active && active.closest("[data-live]") && /^(INPUT|SELECT|TEXTAREA)$/.test(active.tagName);
  }
  function refresh() {
    if (!toggle.checked || busy() || document.hidden) return;
    fetch(window.location.pathname + window.location.search, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-live]");
        var current = document.querySelector("[data-live]");
        if (!fresh || !current || busy()) return;
        var notice = fresh.querySelector("[data-notice]");
        if (notice) notice.remove(); // a notice is shown once, on the page the action led to
        var old = current.querySelector("[data-notice]");
        if (old) fresh.insertBefore(old, fresh.firstChild);
        current.querySelectorAll("details[id]").forEach(function (details) {
          var twin = fresh.querySelector("#" + CSS.escape(details.id));
          if (twin) twin.open = details.open;
        });
        if (fresh.innerHTML !== current.innerHTML) current.replaceWith(fresh);
      })
      .catch(function () { /* the simulator stopped: keep what is shown */ });
  }
  window.setInterval(refresh, 2000);
})();
