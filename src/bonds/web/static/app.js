// Keyboard play and focus for the htmx-enhanced pages; the pages work without this file.
(function () {
  "use strict";

  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  // Number keys 1-9 pick the choice with that number (0: back, in a fight's groups).
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || typing(event.target)) return;
    if (!/^[0-9]$/.test(event.key)) return;
    // While a choice is on its way or the new page is settling in, keys wait.
    if (document.querySelector(".htmx-request, .htmx-swapping, .htmx-settling")) return;
    var button = document.querySelector('button.choice[data-key="' + event.key + '"]');
    if (button && !button.disabled) {
      event.preventDefault();
      button.click();
    }
  });

  // The number-key hint is for a keyboard beside a mouse or touchpad, never a touch screen.
  var keyboardLikely = window.matchMedia("(hover: hover) and (pointer: fine)");

  function showHints() {
    if (!keyboardLikely.matches) return;
    document.querySelectorAll(".keys-hint").forEach(function (hint) { hint.hidden = false; });
  }

  // After a choice is swapped in, reading goes on from the new passage.
  document.addEventListener("htmx:afterSwap", function (event) {
    showHints();
    if (event.detail.target && event.detail.target.id === "play") {
      var refusal = document.getElementById("refusal");
      var main = document.getElementById("main");
      if (main) {
        main.focus({ preventScroll: true });
        (refusal || main).scrollIntoView({ block: "start" });
      }
      var heading = document.getElementById("chapter-h");
      if (heading) document.title = heading.textContent + ": " + document.title.split(": ").pop();
    }
  });

  document.addEventListener("DOMContentLoaded", showHints);
})();
