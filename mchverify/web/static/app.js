// mchverify pages: file drop on the intake form, zoom and field highlighting on the review
// page, printing the receipt. No framework, no external code (the CSP allows only 'self').
"use strict";

function setupDrop() {
  const drop = document.getElementById("drop");
  const input = document.getElementById("files");
  const list = document.getElementById("chosen");
  const form = document.getElementById("intake-form");
  if (!drop || !input) return;
  const maxMb = Number(form.dataset.maxMb), maxFiles = Number(form.dataset.maxFiles);
  const warn = document.getElementById("too-big");
  const show = () => {
    const files = Array.from(input.files);
    list.replaceChildren(...files.map((f) => {
      const li = document.createElement("li");
      li.textContent = `${f.name}（${(f.size / 1048576).toFixed(2)} MB）`;
      return li;
    }));
    // the server refuses these too; saying it before the upload spares the wait
    const big = files.filter((f) => f.size > maxMb * 1048576).map((f) => `“${f.name}”`);
    const problems = [];
    if (big.length) problems.push(`${big.join("、")}超过 ${maxMb} MB 的上限`);
    if (files.length > maxFiles) problems.push(`一次最多上传 ${maxFiles} 个文件（已选 ${files.length} 个）`);
    warn.textContent = problems.join("；");
    warn.hidden = problems.length === 0;
    document.getElementById("submit").disabled = problems.length > 0;
  };
  input.addEventListener("change", show);
  ["dragenter", "dragover"].forEach((t) => drop.addEventListener(t, (e) => {
    e.preventDefault(); drop.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((t) => drop.addEventListener(t, (e) => {
    e.preventDefault(); drop.classList.remove("over");
  }));
  drop.addEventListener("drop", (e) => {
    const all = new DataTransfer();
    Array.from(input.files).forEach((f) => all.items.add(f));
    Array.from(e.dataTransfer.files).forEach((f) => all.items.add(f));
    input.files = all.files;
    show();
  });
  form.addEventListener("submit", () => {
    document.getElementById("busy").hidden = false;
    document.getElementById("submit").disabled = true;
  });
}

function setupViewers() {
  document.querySelectorAll(".viewer").forEach((viewer) => {
    let zoom = 1;
    const label = viewer.querySelector(".zoom-level");
    const apply = () => {
      viewer.querySelectorAll(".stage").forEach((s) => { s.style.width = `${zoom * 100}%`; });
      if (label) label.textContent = `${Math.round(zoom * 100)}%`;
    };
    viewer.querySelectorAll("[data-zoom]").forEach((b) => b.addEventListener("click", () => {
      const step = Number(b.dataset.zoom);
      zoom = step === 0 ? 1 : Math.min(4, Math.max(0.5, zoom + step * 0.25));
      apply();
    }));
    const toggle = viewer.querySelector(".toggle-boxes");
    if (toggle) toggle.addEventListener("change", () => viewer.classList.toggle("hide-boxes", !toggle.checked));
  });
  // a field's box and its row light up together; focusing a field scrolls its box into view
  const light = (key, on) => {
    document.querySelectorAll(`[data-field="${key}"]`).forEach((el) => el.classList.toggle("hot", on));
  };
  document.querySelectorAll("rect.box[data-field], tr[data-field]").forEach((el) => {
    el.addEventListener("mouseenter", () => light(el.dataset.field, true));
    el.addEventListener("mouseleave", () => light(el.dataset.field, false));
  });
  document.querySelectorAll("input[data-field]").forEach((input) => {
    input.addEventListener("focus", () => {
      light(input.dataset.field, true);
      const rect = document.querySelector(`rect.box[data-field="${input.dataset.field}"]`);
      if (rect) rect.scrollIntoView({ block: "center", inline: "center", behavior: "smooth" });
    });
    input.addEventListener("blur", () => light(input.dataset.field, false));
  });
}

function setupPrint() {
  const button = document.getElementById("print");
  if (button) button.addEventListener("click", () => window.print());
}

document.addEventListener("DOMContentLoaded", () => { setupDrop(); setupViewers(); setupPrint(); });
