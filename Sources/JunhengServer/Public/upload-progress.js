// Upload forms (observation data, plan documents): once a file is sent, the button is disabled
// and the form says the server is working, with the file's size, until the page with the result
// arrives. The form's `data-working` holds the (localised) words, "{size}" standing for the
// size. Without this script the same form posts as it is.
(function () {
  "use strict";
  function size(bytes) {
    if (bytes >= 1048576) return (bytes / 1048576).toFixed(1) + " MB";
    if (bytes >= 1024) return Math.round(bytes / 1024) + " KB";
    return bytes + " B";
  }
  var forms = document.querySelectorAll("form[data-working]");
  for (var i = 0; i < forms.length; i++) {
    forms[i].addEventListener("submit", function (event) {
      var form = event.currentTarget;
      var input = form.querySelector("input[type=file]");
      var file = input && input.files && input.files[0];
      var button = form.querySelector("button[type=submit]");
      if (button) button.disabled = true;
      var status = form.querySelector(".working");
      if (!status) {
        status = document.createElement("p");
        status.className = "working muted";
        status.setAttribute("role", "status");
        form.appendChild(status);
      }
      status.textContent = form.getAttribute("data-working").replace("{size}", file ? size(file.size) : "");
    });
  }
})();
