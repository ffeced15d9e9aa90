// The assessment page: choosing 'voldaan' / 'niet voldaan' saves the verdict at once. htmx would
// need eval for a trigger filter (change[target.type=='radio']), which the Content-Security-Policy
// forbids; this sends the form the custom event its hx-trigger listens to instead.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.type !== "radio") return;
    var form = target.closest("form.verdict-form");
    if (form) form.dispatchEvent(new CustomEvent("km:verdict", { bubbles: false }));
  });
})();
