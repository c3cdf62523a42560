/* The room page's layout: its parts as tabs, and a long room name that can be shown whole.
 *
 * Without this script every tab is a link to its part's own URL (the server puts that part in
 * front), so nothing depends on it. With it, the links become WAI-ARIA tabs that switch in
 * place — the chat's socket stays open — and the address follows the tab, so a reload or a
 * shared link opens the same one. Keyboard: Left/Right move to the previous/next tab and show
 * it, Home/End to the first/last; Tab moves into the shown part.
 * Other scripts hear of a switch through the "room:tab" event on document ({detail: {tab}}).
 */
(function () {
  "use strict";

  function pathOf(link) { return new URL(link.href, location.href).pathname; }

  function setupTabs(nav) {
    var list = nav.querySelector("ul");
    var tabs = Array.prototype.slice.call(nav.querySelectorAll("[data-tab]"));
    var panels = {};
    for (var i = 0; i < tabs.length; i++) {
      var panel = document.getElementById("tab-panel-" + tabs[i].dataset.tab);
      if (!panel) { return; }  // the parts are not on this page: the links stay links
      panels[tabs[i].dataset.tab] = panel;
    }
    // The tablist carries the name; the nav around it is no longer a landmark of its own.
    list.setAttribute("role", "tablist");
    list.setAttribute("aria-label", nav.getAttribute("aria-label"));
    nav.removeAttribute("aria-label");
    nav.setAttribute("role", "none");
    tabs.forEach(function (tab) {
      var panel = panels[tab.dataset.tab];
      tab.parentElement.setAttribute("role", "presentation");
      tab.setAttribute("role", "tab");
      tab.setAttribute("aria-controls", panel.id);
      tab.removeAttribute("aria-current");
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", tab.id);
    });

    function byKey(key) {
      return tabs.filter(function (tab) { return tab.dataset.tab === key; })[0];
    }

    function show(key, how) {
      var chosen = byKey(key) || tabs[0];
      tabs.forEach(function (tab) {
        var on = tab === chosen;
        tab.setAttribute("aria-selected", on ? "true" : "false");
        tab.tabIndex = on ? 0 : -1;
        panels[tab.dataset.tab].hidden = !on;
      });
      if (how.focus) { chosen.focus(); }
      if (how.history && pathOf(chosen) !== location.pathname) {
        history[how.history](null, "", chosen.href);
      }
      document.dispatchEvent(new CustomEvent("room:tab", { detail: { tab: chosen.dataset.tab } }));
    }

    var current = tabs.filter(function (tab) { return panels[tab.dataset.tab].hidden === false; })[0] || tabs[0];
    show(current.dataset.tab, {});

    list.addEventListener("click", function (event) {
      var tab = event.target.closest("[role=tab]");
      if (!tab || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) {
        return;  // a new tab or window: let the browser open the part's own URL
      }
      event.preventDefault();
      show(tab.dataset.tab, { focus: true, history: "pushState" });
    });

    list.addEventListener("keydown", function (event) {
      var index = tabs.indexOf(document.activeElement);
      if (index < 0) { return; }
      var next = null;
      if (event.key === "ArrowRight") { next = tabs[(index + 1) % tabs.length]; }
      else if (event.key === "ArrowLeft") { next = tabs[(index - 1 + tabs.length) % tabs.length]; }
      else if (event.key === "Home") { next = tabs[0]; }
      else if (event.key === "End") { next = tabs[tabs.length - 1]; }
      else if (event.key === " ") { next = tabs[index]; }
      if (!next) { return; }
      event.preventDefault();
      // Moving along the tabs replaces the address rather than stacking a history entry per key.
      show(next.dataset.tab, { focus: true, history: "replaceState" });
    });

    window.addEventListener("popstate", function () {
      var match = tabs.filter(function (tab) { return pathOf(tab) === location.pathname; })[0];
      if (match) { show(match.dataset.tab, {}); }
    });
  }

  function setupTitle(title) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link-button room-title-toggle";
    button.setAttribute("aria-controls", title.id);
    button.setAttribute("aria-expanded", "false");
    button.textContent = title.dataset.textMore;
    button.hidden = true;
    title.insertAdjacentElement("afterend", button);

    function cut() { return title.scrollHeight > title.clientHeight + 1; }
    function update() {
      var expanded = title.classList.contains("is-expanded");
      button.hidden = !expanded && !cut();
    }
    button.addEventListener("click", function () {
      var expanded = title.classList.toggle("is-expanded");
      button.setAttribute("aria-expanded", expanded ? "true" : "false");
      button.textContent = expanded ? title.dataset.textLess : title.dataset.textMore;
    });
    window.addEventListener("resize", update);
    document.addEventListener("room:tab", update);
    update();
  }

  document.querySelectorAll("[data-tabs]").forEach(setupTabs);
  var title = document.querySelector("[data-room-title]");
  if (title && title.id) { setupTitle(title); }
})();
