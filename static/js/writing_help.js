// Help while writing: as staff type the title, summary or body, ask the admin for a fresh
// reading grade and safe-messaging check of the unsaved text and show it in the panel.
(function () {
  "use strict";
  function start() {
    var panel = document.getElementById("kap-writing-help");
    var form = panel && panel.closest("form");
    if (!form) { return; }
    var url = window.location.pathname.replace(/(add|[^/]+\/change)\/$/, "writing-help/");
    var timer = null;
    function refresh() {
      var data = new FormData();
      ["draft_title", "draft_summary", "draft_body", "hero_alt", "csrfmiddlewaretoken"].forEach(function (name) {
        var field = form.elements[name];
        if (field) { data.append(name, field.value); }
      });
      var hero = form.elements["hero_image"];
      var heroSet = document.querySelector(".field-hero_image .file-upload a");
      data.append("has_hero", (hero && hero.value) || heroSet ? "1" : "0");
      Array.prototype.forEach.call(form.querySelectorAll("input[name^='references-'][name$='-url']"), function (input) {
        var deleted = form.elements[input.name.replace(/-url$/, "-DELETE")];
        if (!(deleted && deleted.checked)) { data.append(input.name, input.value); }
      });
      fetch(url, { method: "POST", body: data, credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.text() : null; })
        .then(function (html) {
          if (!html) { return; }
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("#kap-writing-help");
          var current = document.getElementById("kap-writing-help");
          if (fresh && current) { current.replaceWith(fresh); }
        })
        .catch(function () { /* the saved check stays; nothing to do */ });
    }
    form.addEventListener("input", function (event) {
      if (!/^(draft_|hero_alt|references-)/.test(event.target.name || "")) { return; }
      clearTimeout(timer);
      timer = setTimeout(refresh, 800);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
