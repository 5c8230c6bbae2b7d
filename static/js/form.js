// The consultation form, made a little kinder when script runs. Everything works without it.
(function () {
  "use strict";
  var form = document.querySelector("form[data-request-form]");
  if (!form) return;

  // A live count of the message, counted as the server counts: characters (code points), after
  // line endings become one character and outer spaces are dropped. A browser's maxlength
  // counts UTF-16 units (an emoji as two) and cuts a paste silently, so it is not used.
  var message = form.querySelector("textarea[data-max-chars]");
  var counter = document.getElementById("id_message_counter");
  var status = document.getElementById("id_message_counter_status");
  if (message && counter) {
    var limit = parseInt(message.getAttribute("data-max-chars"), 10);
    var announceTimer = null;
    var format = function (n) { return n.toLocaleString("en-US"); };
    var count = function () {
      return Array.from(message.value.replace(/\r\n?/g, "\n").trim()).length;
    };
    var text = function (used) {
      if (used > limit) {
        return format(used) + " characters: " + format(used - limit) + " over the limit of " + format(limit);
      }
      return format(used) + " of " + format(limit) + " characters used";
    };
    var update = function () {
      var used = count();
      counter.textContent = text(used);
      counter.classList.toggle("char-count-over", used > limit);
      // Screen readers hear the count when typing pauses, and only near or over the limit.
      if (status) {
        clearTimeout(announceTimer);
        announceTimer = setTimeout(function () {
          status.textContent = used > limit - 100 ? text(used) : "";
        }, 1000);
      }
    };
    message.addEventListener("input", update);
    update();
  }

  // After a request is sent, Back must not bring the filled form back on a shared device: the
  // browser would put what was typed into the page it fetches again from history. So once the
  // form has gone (the next page is arriving), its fields are cleared. A form that comes back
  // with a problem is filled in again by the server, from the answers it kept.
  var sending = false;
  form.addEventListener("submit", function () { sending = true; });
  window.addEventListener("pagehide", function () {
    if (sending) form.reset();
  });
}());
