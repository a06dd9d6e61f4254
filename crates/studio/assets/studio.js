// Refract Studio's only script (served from the binary; the pages work without it).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // "Select all" in a table header ticks every row's box on the page.
  for (const all of document.querySelectorAll("input.select-all")) {
    all.addEventListener("change", () => {
      for (const box of document.querySelectorAll('input[name="key"][form="bulk"]')) {
        box.checked = all.checked;
      }
    });
  }
  // The Json editor: says at once whether the text is valid JSON, and pretty-prints it on
  // a double click.
  for (const area of document.querySelectorAll("textarea.json")) {
    const check = () => {
      try {
        if (area.value.trim() !== "") JSON.parse(area.value);
        area.setCustomValidity("");
        area.classList.remove("invalid");
      } catch (e) {
        area.setCustomValidity("Not valid JSON: " + e.message);
        area.classList.add("invalid");
      }
    };
    area.addEventListener("input", check);
    area.addEventListener("dblclick", () => {
      try { area.value = JSON.stringify(JSON.parse(area.value), null, 2); } catch (e) { /* left as typed */ }
    });
    check();
  }
  // A list editor: says at once whether the text is a JSON array without nulls (each element
  // is checked against the list's type when the row is saved).
  for (const area of document.querySelectorAll("textarea.list")) {
    const check = () => {
      let problem = "";
      if (area.value.trim() !== "") {
        try {
          const value = JSON.parse(area.value);
          if (!Array.isArray(value)) problem = "Write the list as a JSON array, e.g. [\"a\", \"b\"].";
          else if (value.some((v) => v === null)) problem = "A list's elements cannot be null.";
        } catch (e) {
          problem = "Not a JSON array: " + e.message;
        }
      }
      area.setCustomValidity(problem);
      area.classList.toggle("invalid", problem !== "");
    };
    area.addEventListener("input", check);
    check();
  }
  // A typed value clears the row's "null" box, and ticking "null" empties the value.
  for (const box of document.querySelectorAll('label.null-box input[type="checkbox"]')) {
    const name = box.name.replace(/^null\./, "v.");
    const input = document.querySelector(`[form="edit"][name="${CSS.escape(name)}"]`);
    if (!input) continue;
    input.addEventListener("input", () => { if (input.value !== "") box.checked = false; });
    box.addEventListener("change", () => { if (box.checked && input.tagName !== "SELECT") input.value = ""; });
  }
});
