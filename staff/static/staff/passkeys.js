// Passkeys for staff (django-otp-webauthn's JSON endpoints, see staff/passkeys.py).
// Registration on "Your second factor"; on the sign-in page, a passkey check that the
// password form then completes. Shown only where the browser supports passkeys.
(function () {
  "use strict";

  function supported() {
    return window.PublicKeyCredential && PublicKeyCredential.parseCreationOptionsFromJSON &&
      PublicKeyCredential.parseRequestOptionsFromJSON;
  }

  function csrfToken(root) {
    var input = (root || document).querySelector("input[name=csrfmiddlewaretoken]") ||
      document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function post(url, body, token) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token},
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().then(function (data) {
        if (!response.ok) { throw new Error(data.detail || "The passkey could not be checked."); }
        return data;
      });
    });
  }

  function say(element, text) { if (element) { element.textContent = text; } }

  function setUpRegistration() {
    var box = document.getElementById("passkey-register");
    var button = document.getElementById("add-passkey");
    if (!box || !button) { return; }
    var status = document.getElementById("passkey-register-status");
    button.hidden = false;
    button.addEventListener("click", function () {
      var token = csrfToken();
      say(status, "Follow your browser's steps to make a passkey…");
      post(box.dataset.begin, {}, token).then(function (options) {
        return navigator.credentials.create({publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options)});
      }).then(function (credential) {
        return post(box.dataset.complete, credential.toJSON(), token);
      }).then(function () {
        say(status, "Your passkey is added.");
        window.location.reload();
      }).catch(function (error) {
        say(status, "No passkey was added. " + (error && error.name === "NotAllowedError" ?
          "The request was cancelled or timed out." : (error.message || "")));
      });
    });
  }

  function setUpSignIn() {
    var form = document.getElementById("login-form");
    var button = document.getElementById("passkey-sign-in");
    if (!form || !button) { return; }
    var status = document.getElementById("passkey-status");
    button.closest(".passkey-row").hidden = false;
    button.addEventListener("click", function () {
      var username = form.querySelector("[name=username]");
      var password = form.querySelector("[name=password]");
      if (!username.value || !password.value) {
        say(status, "Type your username and password first.");
        (username.value ? password : username).focus();
        return;
      }
      var token = csrfToken(form);
      say(status, "Follow your browser's steps to use your passkey…");
      post(form.dataset.passkeyBegin, {}, token).then(function (options) {
        return navigator.credentials.get({publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options)});
      }).then(function (credential) {
        return post(form.dataset.passkeyComplete, credential.toJSON(), token);
      }).then(function () {
        form.querySelector("[name=use_passkey]").value = "on";
        form.querySelector("[name=otp_token]").value = "";
        say(status, "Passkey checked. Signing you in…");
        form.submit();
      }).catch(function () {
        say(status, "The passkey could not be used. Try again, or type the code from your app.");
      });
    });
  }

  if (!supported()) { return; }
  setUpRegistration();
  setUpSignIn();
})();
