// The portal's own behaviour; kept in a file so the Content-Security-Policy allows no inline script.
(function () {
  "use strict";
  // A button marked data-confirm asks before an irreversible step (casting a ballot, closing a
  // vote); the step itself is refused by the server if taken twice.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });
  // A form marked data-busy shows that work is under way and cannot be sent twice.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches("form[data-busy]")) {
      return;
    }
    var button = form.querySelector("button[type=submit]");
    if (button) {
      button.disabled = true;
      button.innerHTML =
        '<span class="spinner-border spinner-border-sm me-2" aria-hidden="true"></span>' +
        '<span role="status"></span>';
      button.querySelector("[role=status]").textContent = form.dataset.busy;
    }
  });
})();
