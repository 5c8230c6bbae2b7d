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
    // The words and the thousands separator come from the page, in its language, so the count
    // reads as the server writes it (id_message_counter's data attributes).
    var separator = counter.getAttribute("data-thousand-separator") || ",";
    var usedText = counter.getAttribute("data-text-used") || "{used} of {limit} characters used";
    var overText = counter.getAttribute("data-text-over") || "{used} characters: {over} over the limit of {limit}";
    var format = function (n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, separator); };
    var count = function () {
      return Array.from(message.value.replace(/\r\n?/g, "\n").trim()).length;
    };
    var text = function (used) {
      var words = used > limit ? overText : usedText;
      return words.replace("{used}", format(used)).replace("{over}", format(used - limit))
        .replace("{limit}", format(limit));
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
