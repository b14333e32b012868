/*
 * Checklists that remember their ticks in this browser.
 *
 * The page contains each checklist as a plain list (see macros/checklist_views.py):
 *   <div class="checklist" data-checklist-id data-checklist-version data-checklist-title>
 *     <ul class="checklist__items" data-section-title>
 *       <li class="checklist__item" data-item-id> <span class="checklist__text"> ...
 * This script adds a checkbox to every item and a toolbar (reset, export, import, copy as
 * Markdown). Without it, the list still reads as a list with empty boxes drawn by CSS.
 *
 * A tick is stored in localStorage under "opos-handover:checklist:<id>:<version>:<item id>".
 * When a checklist's version changes, the keys of every other version of it are removed,
 * so an edited checklist starts unticked.
 *
 * Material's instant navigation is off on this site, so running once per page load is enough.
 */
(function () {
  "use strict";

  var KEY_PREFIX = "opos-handover:checklist:";
  var EXPORT_FORMAT = "opos-handover-checklist-progress";
  var EXPORT_FORMAT_VERSION = 1;

  function ticks(count) {
    return count + (count === 1 ? " tick" : " ticks");
  }

  function storageKey(checklistId, version, itemId) {
    return KEY_PREFIX + checklistId + ":" + version + ":" + itemId;
  }

  function openStorage() {
    try {
      var probe = KEY_PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (error) {
      return null;
    }
  }

  /* Remove the ticks kept for other versions of a checklist; return how many were removed. */
  function removeStaleTicks(storage, checklistId, version) {
    var prefix = KEY_PREFIX + checklistId + ":";
    var current = prefix + version + ":";
    var stale = [];
    for (var index = 0; index < storage.length; index++) {
      var key = storage.key(index);
      if (key && key.indexOf(prefix) === 0 && key.indexOf(current) !== 0) {
        stale.push(key);
      }
    }
    stale.forEach(function (key) {
      storage.removeItem(key);
    });
    return stale.length;
  }

  function Checklist(root, storage) {
    this.root = root;
    this.storage = storage;
    this.id = root.getAttribute("data-checklist-id");
    this.version = root.getAttribute("data-checklist-version");
    this.title = root.getAttribute("data-checklist-title");
    this.items = Array.prototype.slice.call(root.querySelectorAll("li.checklist__item[data-item-id]"));
    this.boxes = {};
  }

  Checklist.prototype.start = function () {
    var removed = this.storage ? removeStaleTicks(this.storage, this.id, this.version) : 0;
    this.items.forEach(this.addBox, this);
    this.addToolbar();
    this.root.classList.add("checklist--active");
    if (!this.storage) {
      this.say("This browser does not let the page keep ticks, so they will be lost when you leave. Export them to keep them.");
    } else if (removed > 0) {
      this.say("This checklist has changed since you last used it (it is now version " + this.version + "), so your earlier ticks were cleared.");
    }
    this.updateCount();
  };

  Checklist.prototype.addBox = function (item) {
    var itemId = item.getAttribute("data-item-id");
    var boxId = "checklist-" + this.id.replace(/[^a-z0-9-]/g, "-") + "-" + itemId;
    var box = document.createElement("input");
    box.type = "checkbox";
    box.id = boxId;
    box.className = "checklist__box";
    box.checked = this.isTicked(itemId);
    box.addEventListener("change", this.onChange.bind(this, itemId));

    // The item's text becomes the checkbox's label, so clicking the text ticks the box.
    var text = item.querySelector(".checklist__text");
    if (text) {
      var label = document.createElement("label");
      label.className = text.className;
      label.htmlFor = boxId;
      while (text.firstChild) {
        label.appendChild(text.firstChild);
      }
      text.parentNode.replaceChild(label, text);
    }
    item.insertBefore(box, item.firstChild);
    this.boxes[itemId] = box;
  };

  Checklist.prototype.isTicked = function (itemId) {
    return Boolean(this.storage) && this.storage.getItem(storageKey(this.id, this.version, itemId)) === "1";
  };

  Checklist.prototype.setTicked = function (itemId, ticked) {
    this.boxes[itemId].checked = ticked;
    if (!this.storage) {
      return;
    }
    var key = storageKey(this.id, this.version, itemId);
    if (ticked) {
      this.storage.setItem(key, "1");
    } else {
      this.storage.removeItem(key);
    }
  };

  Checklist.prototype.onChange = function (itemId, event) {
    this.setTicked(itemId, event.target.checked);
    this.updateCount();
  };

  Checklist.prototype.tickedIds = function () {
    return Object.keys(this.boxes).filter(function (itemId) {
      return this.boxes[itemId].checked;
    }, this);
  };

  Checklist.prototype.addToolbar = function () {
    var toolbar = document.createElement("div");
    toolbar.className = "checklist__toolbar";

    this.count = document.createElement("span");
    this.count.className = "checklist__count";
    toolbar.appendChild(this.count);

    toolbar.appendChild(this.button("Reset", "reset", this.reset));
    toolbar.appendChild(this.button("Export", "export", this.exportFile));
    toolbar.appendChild(this.button("Import", "import", this.chooseFile));
    toolbar.appendChild(this.button("Copy as Markdown", "copy", this.copyMarkdown));

    this.fileInput = document.createElement("input");
    this.fileInput.type = "file";
    this.fileInput.accept = "application/json,.json";
    this.fileInput.hidden = true;
    this.fileInput.className = "checklist__file";
    this.fileInput.addEventListener("change", this.importFile.bind(this));
    toolbar.appendChild(this.fileInput);

    this.status = document.createElement("p");
    this.status.className = "checklist__status";
    this.status.setAttribute("role", "status");

    this.root.insertBefore(this.status, this.root.firstChild);
    this.root.insertBefore(toolbar, this.root.firstChild);
  };

  Checklist.prototype.button = function (label, action, handler) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-button";
    button.textContent = label;
    button.setAttribute("data-checklist-action", action);
    button.addEventListener("click", handler.bind(this));
    return button;
  };

  Checklist.prototype.say = function (message) {
    if (this.status) {
      this.status.textContent = message;
    }
  };

  Checklist.prototype.updateCount = function () {
    this.count.textContent = this.tickedIds().length + " of " + this.items.length + " ticked";
  };

  Checklist.prototype.reset = function () {
    if (!window.confirm("Clear every tick of \u201c" + this.title + "\u201d in this browser?")) {
      return;
    }
    Object.keys(this.boxes).forEach(function (itemId) {
      this.setTicked(itemId, false);
    }, this);
    this.updateCount();
    this.say("All ticks cleared.");
  };

  Checklist.prototype.progress = function () {
    return {
      format: EXPORT_FORMAT,
      format_version: EXPORT_FORMAT_VERSION,
      checklist: this.id,
      version: Number(this.version),
      title: this.title,
      page: window.location.pathname,
      exported_at: new Date().toISOString(),
      ticked: this.tickedIds()
    };
  };

  Checklist.prototype.fileName = function () {
    return this.id.replace(/\//g, "--") + "-v" + this.version + ".json";
  };

  Checklist.prototype.exportFile = function () {
    var blob = new Blob([JSON.stringify(this.progress(), null, 2) + "\n"], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var link = document.createElement("a");
    link.href = url;
    link.download = this.fileName();
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 0);
    this.say("Exported " + ticks(this.tickedIds().length) + " to " + this.fileName() + ".");
  };

  Checklist.prototype.chooseFile = function () {
    this.fileInput.value = "";
    this.fileInput.click();
  };

  Checklist.prototype.importFile = function () {
    var file = this.fileInput.files && this.fileInput.files[0];
    if (!file) {
      return;
    }
    var reader = new FileReader();
    var checklist = this;
    reader.onload = function () {
      checklist.say(checklist.applyProgress(String(reader.result), file.name));
    };
    reader.onerror = function () {
      checklist.say("Could not read " + file.name + ".");
    };
    reader.readAsText(file);
  };

  /* Replace the ticks with those in an exported file; return the message for the reader. */
  Checklist.prototype.applyProgress = function (content, fileName) {
    var data;
    try {
      data = JSON.parse(content);
    } catch (error) {
      return "Nothing imported: " + fileName + " is not valid JSON.";
    }
    if (!data || data.format !== EXPORT_FORMAT || !Array.isArray(data.ticked)) {
      return "Nothing imported: " + fileName + " is not a checklist export from this site.";
    }
    if (data.checklist !== this.id) {
      return "Nothing imported: " + fileName + " is for the checklist \u201c" + data.checklist + "\u201d, not \u201c" + this.id + "\u201d.";
    }
    if (String(data.version) !== this.version) {
      return (
        "Nothing imported: " + fileName + " records version " + data.version + " of this checklist, but it is now version " +
        this.version + ", so those ticks may not match its items."
      );
    }
    var known = Object.keys(this.boxes);
    var unknown = data.ticked.filter(function (itemId) {
      return known.indexOf(itemId) < 0;
    });
    known.forEach(function (itemId) {
      this.setTicked(itemId, data.ticked.indexOf(itemId) >= 0);
    }, this);
    this.updateCount();
    var message = "Imported " + ticks(data.ticked.length - unknown.length) + " from " + fileName + ".";
    if (unknown.length) {
      message += " Ignored items this checklist does not have: " + unknown.join(", ") + ".";
    }
    return message;
  };

  /* Return the checklist as a Markdown task list, with the ticks as they are now. */
  Checklist.prototype.markdown = function () {
    var lines = ["## " + this.title + " (version " + this.version + ")"];
    var sections = this.root.querySelectorAll("ul.checklist__items");
    Array.prototype.forEach.call(sections, function (section) {
      lines.push("", "### " + section.getAttribute("data-section-title"), "");
      Array.prototype.forEach.call(section.querySelectorAll("li.checklist__item[data-item-id]"), function (item) {
        var itemId = item.getAttribute("data-item-id");
        var text = squash(item.querySelector(".checklist__text"));
        var responsible = squash(item.querySelector(".checklist__responsible"));
        var line = "- [" + (this.boxes[itemId].checked ? "x" : " ") + "] " + text;
        lines.push(responsible ? line + " (" + responsible + ")" : line);
      }, this);
    }, this);
    return lines.join("\n") + "\n";
  };

  Checklist.prototype.copyMarkdown = function () {
    var markdown = this.markdown();
    var checklist = this;
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(markdown).then(
        function () {
          checklist.say("Copied the checklist as a Markdown task list.");
        },
        function () {
          checklist.showMarkdown(markdown);
        }
      );
    } else {
      this.showMarkdown(markdown);
    }
  };

  /* Where the clipboard is not available, show the Markdown selected for copying by hand. */
  Checklist.prototype.showMarkdown = function (markdown) {
    if (!this.markdownBox) {
      this.markdownBox = document.createElement("textarea");
      this.markdownBox.className = "checklist__markdown";
      this.markdownBox.readOnly = true;
      this.markdownBox.setAttribute("aria-label", "Checklist as Markdown");
      this.status.parentNode.insertBefore(this.markdownBox, this.status.nextSibling);
    }
    this.markdownBox.value = markdown;
    this.markdownBox.select();
    this.say("The browser did not allow copying; the Markdown is selected below, so press Ctrl+C (or \u2318C).");
  };

  function squash(element) {
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
  }

  /* Open closed <details> before printing and close them again afterwards. */
  function printDetailsOpen() {
    var opened = [];
    window.addEventListener("beforeprint", function () {
      Array.prototype.forEach.call(document.querySelectorAll("details:not([open])"), function (details) {
        details.open = true;
        opened.push(details);
      });
    });
    window.addEventListener("afterprint", function () {
      opened.splice(0).forEach(function (details) {
        details.open = false;
      });
    });
  }

  var checklists = {};

  function start() {
    var storage = openStorage();
    Array.prototype.forEach.call(document.querySelectorAll(".checklist[data-checklist-id]"), function (root) {
      var checklist = new Checklist(root, storage);
      checklist.start();
      checklists[checklist.id] = checklist;
    });
    printDetailsOpen();
  }

  // For tests and the browser console: the checklists on this page, by id.
  window.oposChecklists = {
    get: function (checklistId) {
      return checklists[checklistId];
    },
    storageKey: storageKey
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
