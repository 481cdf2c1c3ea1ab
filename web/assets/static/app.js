// gongkai web UI: the little that needs a script. Sortable tables (click a
// header; numbers sort as numbers, blanks last) and filters that apply on
// change. Everything else is server-rendered.
"use strict";

function sortTable(th) {
  const table = th.closest("table");
  const col = Array.prototype.indexOf.call(th.parentNode.children, th);
  const asc = !th.classList.contains("asc");
  table.querySelectorAll("th").forEach((h) => h.classList.remove("asc", "desc"));
  th.classList.add(asc ? "asc" : "desc");
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const key = (row) => {
    const cell = row.cells[col];
    if (!cell) return "";
    return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim();
  };
  rows.sort((a, b) => {
    const x = key(a), y = key(b);
    if (x === "" || y === "") return x === y ? 0 : x === "" ? 1 : -1;
    const nx = Number(x), ny = Number(y);
    const c = !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y, "zh-CN");
    return asc ? c : -c;
  });
  rows.forEach((r) => body.appendChild(r));
}

// A value read by OCR shows, on hover, the crop of the stored picture it
// was read from (a picture of the HTML page: the one stored with the page),
// so a person can check it against what was printed.
function showCrop(td, raw) {
  let img = td.querySelector("img.crop");
  if (!img) {
    img = document.createElement("img");
    img.className = "crop";
    img.alt = "原件截图";
    img.src = raw + "/crop?page=" + encodeURIComponent(td.dataset.page) + "&box=" + encodeURIComponent(td.dataset.box) +
      (td.dataset.picture ? "&picture=" + encodeURIComponent(td.dataset.picture) : "");
    td.appendChild(img);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  const facts = document.querySelector("dl.facts[data-raw]");
  if (facts) {
    document.querySelectorAll("td.ocr[data-box]").forEach((td) => {
      td.addEventListener("mouseenter", () => showCrop(td, facts.dataset.raw));
    });
  }
  document.querySelectorAll("table.sortable thead th").forEach((th) => {
    th.addEventListener("click", () => sortTable(th));
  });
  document.querySelectorAll(".autosubmit").forEach((el) => {
    el.addEventListener("change", () => el.form.submit());
  });
});
