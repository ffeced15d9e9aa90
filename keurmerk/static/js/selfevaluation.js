// The self-evaluation page: a live character counter, a copy of unsaved answers in this browser
// (restored after a crash or a failed save), feedback when autosave fails, and the conflict choices.
// htmx does the saving; without JavaScript the forms post normally.
(function () {
  "use strict";

  var FIELDS = ["explanation", "number", "urls"];
  var RETRY_MS = 15000;
  var texts = document.getElementById("se-texts");

  function t(name, values) {
    var text = (texts && texts.dataset[name]) || "";
    Object.keys(values || {}).forEach(function (key) {
      text = text.replace("{" + key + "}", values[key]);
    });
    return text;
  }

  function storageKey(form) { return "keurmerk:antwoord:" + form.dataset.answer; }

  function values(form) {
    var out = {};
    FIELDS.forEach(function (name) {
      var el = form.elements[name];
      if (el) out[name] = el.value;
    });
    return out;
  }

  function sameValues(a, b) {
    return FIELDS.every(function (name) { return (a[name] || "") === (b[name] || ""); });
  }

  function backup(form) {
    try {
      localStorage.setItem(storageKey(form), JSON.stringify({
        values: values(form), version: form.elements.version.value, at: Date.now()
      }));
    } catch (e) { /* private mode or full: the text is still in the page */ }
  }

  function readBackup(form) {
    try { return JSON.parse(localStorage.getItem(storageKey(form)) || "null"); } catch (e) { return null; }
  }

  function dropBackup(form) {
    try { localStorage.removeItem(storageKey(form)); } catch (e) { /* nothing to drop */ }
  }

  function setStatus(form, text, state) {
    var status = document.getElementById("answer-" + form.dataset.answer + "-status");
    if (!status) return;
    status.textContent = text;
    status.className = "save-status save-status--" + state;
  }

  function formatCount(n) { return n.toLocaleString("nl-NL"); }

  function updateCounter(textarea) {
    var counter = document.getElementById(textarea.id.replace(/-explanation$/, "-counter"));
    if (!counter) return;
    var max = parseInt(textarea.dataset.max, 10);
    var n = Array.from(textarea.value).length; // code points, as the server counts them
    var over = n > max;
    counter.textContent = over
      ? t("over", { n: formatCount(n), max: formatCount(max), over: formatCount(n - max) })
      : t("counter", { n: formatCount(n), max: formatCount(max) });
    counter.classList.toggle("char-counter--over", over);
    textarea.setAttribute("aria-invalid", over ? "true" : "false");
  }

  function apply(form, fieldValues, version) {
    FIELDS.forEach(function (name) {
      var el = form.elements[name];
      if (el && fieldValues[name] !== undefined) el.value = fieldValues[name];
    });
    form.elements.version.value = version;
    var textarea = form.elements.explanation;
    if (textarea) updateCounter(textarea);
  }

  function save(form) {
    if (window.htmx) window.htmx.trigger(form, "km:save");
  }

  function restore(form) {
    var saved = readBackup(form);
    if (!saved) return;
    if (sameValues(saved.values, values(form))) { dropBackup(form); return; }
    // Restore with the version the text was based on: if a colleague saved since, the server
    // answers with a conflict and the member sees both texts.
    apply(form, saved.values, saved.version);
    setStatus(form, t("restored"), "pending");
    save(form);
  }

  // A conflict panel answers exactly one conflict. While it is open the answer form sends nothing:
  // its version is stale, so every save would be refused and would redraw the panel, wiping what
  // the member types in it. Typing goes on into the answer box (kept in this browser); the choice
  // then saves with the stored version the panel showed, and only then does autosave resume.
  function inConflict(form) { return form.dataset.conflict === "1"; }

  function conflictPanel(form) {
    return document.getElementById("answer-" + form.dataset.answer + "-conflict");
  }

  function openConflict(form) {
    form.dataset.conflict = "1";
    var panel = conflictPanel(form);
    var merge = panel && panel.querySelector(".conflict-choice--merge [data-field='explanation']");
    if (merge) merge.dataset.initial = merge.value;
  }

  function closeConflict(form) {
    delete form.dataset.conflict;
    var panel = conflictPanel(form);
    if (panel) panel.innerHTML = "";
  }

  // What the member types in the answer box while the panel is open is "their text" in the panel
  // too; an untouched merge box follows it, an edited one is the member's own work and stays.
  function followTyping(form) {
    var panel = conflictPanel(form);
    if (!panel) return;
    var mine = form.elements.explanation ? form.elements.explanation.value : "";
    var shown = panel.querySelector(".conflict__text--mine");
    if (shown) shown.textContent = mine;
    var merge = panel.querySelector(".conflict-choice--merge [data-field='explanation']");
    var theirs = panel.querySelector(".conflict-choice[data-save='false'] [data-field='explanation']");
    if (merge && theirs && merge.value === merge.dataset.initial) {
      merge.value = [mine, theirs.value].filter(function (x) { return x.trim(); }).join("\n\n");
      merge.dataset.initial = merge.value;
    }
  }

  function init(form) {
    if (form.dataset.ready) return;
    form.dataset.ready = "1";
    form.addEventListener("input", function (event) {
      if (event.target.name === "explanation") updateCounter(event.target);
      backup(form);
      if (inConflict(form)) followTyping(form); else setStatus(form, t("pending"), "pending");
    });
    if (form.elements.explanation) updateCounter(form.elements.explanation);
    restore(form);
  }

  function answerForm(elt) {
    return elt && elt.classList && elt.classList.contains("answer-form") ? elt : null;
  }

  // Checked when htmx is about to send, also for a save queued behind one that ended in a conflict.
  document.body.addEventListener("htmx:confirm", function (event) {
    var form = answerForm(event.detail.elt);
    if (form && inConflict(form)) event.preventDefault();
  });

  document.body.addEventListener("htmx:configRequest", function (event) {
    var form = answerForm(event.detail.elt);
    if (!form) return;
    form._sent = values(form);
    clearTimeout(form._retry);
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = answerForm(event.detail.elt);
    if (!form) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 200) {
      // The version field was updated by the response; keep a copy only of what is still unsaved.
      if (form._sent && sameValues(form._sent, values(form))) dropBackup(form); else backup(form);
      return;
    }
    if (status === 409) { openConflict(form); return; } // the panel explains; the copy stays
    if (status === 422) return; // the fragment explains; the copy stays
    setStatus(form, t("failed"), "error");
    form._retry = setTimeout(function () { save(form); }, RETRY_MS);
  });

  // The progress of each norm, in the navigation and above its questions, and of the whole
  // self-evaluation follows the saves: a save's answer swaps the question's badge (which says
  // whether the answer is complete and whether the question is optional), and the counts are
  // recounted from the badges. The server's answer is the truth; nothing is counted from typing.
  function requiredBadges(scope, complete) {
    var selector = '.se-answer-badge[data-optional="false"]' + (complete ? '[data-complete="true"]' : "");
    return scope.querySelectorAll(selector).length;
  }

  function recount() {
    document.querySelectorAll("[data-norm-count]").forEach(function (el) {
      var key = el.dataset.normCount;
      var scope = key ? document.querySelector('.se-norm[data-norm="' + key + '"]') : document;
      if (!scope) return;
      var done = requiredBadges(scope, true);
      el.textContent = el.dataset.template.replace("{done}", formatCount(done));
      document.querySelectorAll('[data-norm-bar="' + key + '"]').forEach(function (bar) {
        if (requiredBadges(scope, false)) bar.value = done;
      });
    });
    document.querySelectorAll(".se-answer-badge").forEach(function (badge) {
      var question = badge.closest(".se-question");
      var open = badge.dataset.optional === "false" && badge.dataset.complete === "false";
      if (question) question.classList.toggle("se-question--open", open);
    });
  }

  document.body.addEventListener("htmx:afterSettle", recount);

  // Conflict choices: keep mine, take the stored text, or save the merged text.
  document.addEventListener("submit", function (event) {
    var choice = event.target;
    if (!choice.classList || !choice.classList.contains("conflict-choice")) return;
    var form = document.getElementById(choice.dataset.for);
    if (!form || !window.htmx) return; // without htmx the choice posts as a normal form
    event.preventDefault();
    // "Mijn tekst bewaren" keeps what is in the answer box now, including what was typed while the
    // panel was open; the other two take the panel's texts. Each is based on the stored version.
    var chosen = choice.dataset.mine === "true" ? values(form) : {};
    FIELDS.forEach(function (name) {
      var el = choice.querySelector('[data-field="' + name + '"]');
      if (el && chosen[name] === undefined) chosen[name] = el.value;
    });
    apply(form, chosen, choice.querySelector('[data-field="version"]').value);
    closeConflict(form);
    if (choice.dataset.save === "true") {
      backup(form);
      save(form);
    } else {
      dropBackup(form);
      setStatus(form, t("theirs"), "saved");
    }
    var textarea = form.elements.explanation;
    if (textarea) textarea.focus();
  }, true);

  // "Neem deze waarde over": the mirror report's figure into the number field, then autosave.
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-fill]") : null;
    if (!button) return;
    var input = document.getElementById(button.dataset.fill);
    if (!input) return;
    input.value = button.dataset.value;
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });

  function start() {
    document.querySelectorAll("[data-fill][hidden]").forEach(function (button) { button.hidden = false; });
    document.querySelectorAll("form.answer-form").forEach(init);
  }

  // After htmx has set up the forms (it starts on DOMContentLoaded too, and was loaded first).
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
