/* gongkai: copy buttons of the citations (引用).
 *
 * The buttons are in the page but hidden until this script runs (no button that cannot work).
 * With Material's instant navigation the page body changes without a reload, so the buttons
 * are shown on every emission of `document$`; clicks are handled once, on the document.
 */
(function () {
  "use strict";

  function show() {
    document.querySelectorAll("button.gk-copy[hidden]").forEach(function (b) {
      b.hidden = false;
    });
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.gk-copy") : null;
    if (!button) return;
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) return;
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    copy(target.textContent).then(function () {
      button.textContent = "已复制";
      button.setAttribute("data-copied", "yes");
    }, function () {
      button.textContent = "请手动复制";
    }).then(function () {
      setTimeout(function () {
        button.textContent = label;
        button.removeAttribute("data-copied");
      }, 2000);
    });
  });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(show);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", show);
  } else {
    show();
  }
})();
