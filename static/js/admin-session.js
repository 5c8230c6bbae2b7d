// Warns staff before the idle sign-out (DJANGO_SESSION_IDLE_SECONDS) and lets them stay signed in.
// The server's idle clock restarts with every page or keep-alive request, so this one does too.
(function () {
  "use strict";
  function start() {
    var box = document.getElementById("kap-idle");
    if (!box) { return; }
    var idle = parseInt(box.getAttribute("data-idle-seconds"), 10) * 1000;
    var warn = Math.min(parseInt(box.getAttribute("data-warn-seconds"), 10) * 1000, idle / 2);
    var left = document.getElementById("kap-idle-left");
    var stay = document.getElementById("kap-idle-stay");
    var deadline = 0, warnTimer = null, tick = null;

    function minutes(ms) {
      var s = Math.max(0, Math.round(ms / 1000));
      return s >= 60 ? Math.ceil(s / 60) + " minute" + (Math.ceil(s / 60) === 1 ? "" : "s") : s + " seconds";
    }
    function schedule() {
      deadline = Date.now() + idle;
      clearTimeout(warnTimer); clearInterval(tick);
      box.hidden = true;
      warnTimer = setTimeout(show, idle - warn);
    }
    function show() {
      box.hidden = false;
      left.textContent = minutes(deadline - Date.now());
      stay.focus();
      tick = setInterval(function () {
        var remaining = deadline - Date.now();
        if (remaining <= 0) {
          clearInterval(tick);
          document.getElementById("kap-idle-text").textContent =
            "You have been signed out. If you press Save, what you typed is kept until you sign in again.";
          stay.hidden = true;
          return;
        }
        left.textContent = minutes(remaining);
      }, 1000);
    }
    stay.addEventListener("click", function () {
      fetch(box.getAttribute("data-keepalive-url"), { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (response.ok && !response.redirected) { schedule(); }
          else { document.getElementById("kap-idle-text").textContent = "You were already signed out. Save to keep what you typed, then sign in again."; }
        });
    });
    schedule();
  }
  // The quick actions (contact log, reply, assign) post their own small forms: say so before
  // leaving unsaved typing in the request's form behind.
  function guardQuickActions() {
    var main = document.getElementById("consultationrequest_form");
    if (!main) { return; }
    var dirty = false;
    // Only fields of this form: the reply picker sits inside it but belongs to its own form.
    function mark(event) { if (event.target.form === main) { dirty = true; } }
    main.addEventListener("input", mark);
    main.addEventListener("change", mark);
    ["kap-contact-form", "kap-reply-form", "kap-assign-form"].forEach(function (id) {
      var form = document.getElementById(id);
      if (!form) { return; }
      form.addEventListener("submit", function (event) {
        if (dirty && !window.confirm("You have changes in this request that are not saved. Continue without saving them?")) {
          event.preventDefault();
        }
      });
    });
  }
  function ready() { start(); guardQuickActions(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
}());
