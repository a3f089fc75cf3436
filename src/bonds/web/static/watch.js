// `bonds play --watch`: reload the page when the author saves a file of the pack, or show
// why the saved pack does not load. Included by base.html only while watching; it asks
// /watch (a long poll) for the pack's version, which counts the saves seen.
(function () {
  "use strict";

  var script = document.currentScript;
  var shown = Number(script && script.dataset.version);  // the version this page was drawn from

  function showProblems(problems) {
    var box = document.getElementById("watch-problems");
    if (!box) {
      box = document.createElement("section");
      box.id = "watch-problems";
      box.className = "error";
      box.setAttribute("role", "alert");
      var header = document.querySelector("header.site");
      if (header && header.parentNode) header.parentNode.insertBefore(box, header.nextSibling);
      else document.body.insertBefore(box, document.body.firstChild);
    }
    box.textContent = "";
    var heading = document.createElement("h2");
    heading.textContent = "The pack has problems, so the last version that loaded is still playing:";
    var list = document.createElement("pre");
    list.textContent = problems.join("\n");
    box.appendChild(heading);
    box.appendChild(list);
  }

  function wait(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  async function follow() {
    var since = -1;  // first ask at once: the pack may have changed since this page was drawn
    for (;;) {
      try {
        var answer = await fetch("/watch?since=" + since, {cache: "no-store"});
        if (!answer.ok) throw new Error("watch answered " + answer.status);
        var state = await answer.json();
        if (state.problems.length) {
          showProblems(state.problems);
        } else if (state.version !== shown) {
          location.reload();  // the run is replayed on the new pack by the server
          return;
        }
        since = state.version;
      } catch (failure) {
        await wait(1000);  // the game was stopped or restarted: try again shortly
      }
    }
  }

  follow();
})();
