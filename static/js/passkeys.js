// Passkeys (WebAuthn): add one on the passkeys page, use one at the second login step.
// The server sends the options as JSON (binary fields in base64url) and verifies the answer.
(function () {
  "use strict";

  function toBytes(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) base64 += "=";
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function toText(buffer) {
    if (!buffer) return null;
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBytes(item.id) });
    });
  }

  function showError(form, message) {
    var box = form.querySelector("#passkey-error");
    box.textContent = message;
    box.hidden = false;
  }

  async function post(form, url, body) {
    var token = form.querySelector("[name=csrfmiddlewaretoken]").value;
    var response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: {
        "Content-Type": "application/json",
        Accept: "application/json",
        "X-CSRFToken": token,
      },
      body: JSON.stringify(body || {}),
    });
    var data = {};
    try {
      data = await response.json();
    } catch (error) {
      data = {};
    }
    if (!response.ok) throw new Error(data.message || form.dataset.error);
    return data;
  }

  function common(credential) {
    var json = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
    };
    if (credential.authenticatorAttachment) {
      json.authenticatorAttachment = credential.authenticatorAttachment;
    }
    return json;
  }

  async function register(form) {
    var options = await post(form, form.dataset.optionsUrl);
    options.challenge = toBytes(options.challenge);
    options.user = Object.assign({}, options.user, { id: toBytes(options.user.id) });
    options.excludeCredentials = descriptors(options.excludeCredentials);
    var credential = await navigator.credentials.create({ publicKey: options });
    var json = common(credential);
    json.response = {
      clientDataJSON: toText(credential.response.clientDataJSON),
      attestationObject: toText(credential.response.attestationObject),
      transports: credential.response.getTransports ? credential.response.getTransports() : [],
    };
    var name = form.querySelector("[name=name]").value;
    return post(form, form.dataset.registerUrl, { name: name, credential: json });
  }

  async function authenticate(form) {
    var options = await post(form, form.dataset.optionsUrl);
    options.challenge = toBytes(options.challenge);
    options.allowCredentials = descriptors(options.allowCredentials);
    var credential = await navigator.credentials.get({ publicKey: options });
    var json = common(credential);
    json.response = {
      clientDataJSON: toText(credential.response.clientDataJSON),
      authenticatorData: toText(credential.response.authenticatorData),
      signature: toText(credential.response.signature),
      userHandle: toText(credential.response.userHandle),
    };
    return post(form, form.dataset.verifyUrl, { credential: json });
  }

  function wire(form, ceremony) {
    if (!form) return;
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      if (!window.PublicKeyCredential || !navigator.credentials) {
        showError(form, form.dataset.unsupported);
        return;
      }
      var button = form.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        var answer = await ceremony(form);
        window.location.assign(answer.redirect);
      } catch (error) {
        // A refusal in the browser (DOMException) has an English message: show ours.
        showError(form, error instanceof DOMException ? form.dataset.error : error.message);
        button.disabled = false;
      }
    });
  }

  wire(document.getElementById("passkey-add-form"), register);
  wire(document.getElementById("passkey-login-form"), authenticate);
})();
