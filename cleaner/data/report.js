// cleaner report: the code filter and the reason tooltips; inlined into the page by
// cleaner/report.py. The page reads nothing from anywhere: everything is in the file.
(() => {
  "use strict";
  const docs = Array.from(document.querySelectorAll("article.doc"));
  const removed = Array.from(document.querySelectorAll(".rm"));
  const chips = Array.from(document.querySelectorAll("#filter button"));
  const onlyRemoved = document.getElementById("only-removed");
  const count = document.getElementById("shown-count");
  let code = "";

  function apply() {
    let shown = 0;
    for (const doc of docs) {
      const show = !code || doc.dataset.codes.split(" ").includes(code);
      doc.hidden = !show;
      if (show) shown += 1;
    }
    for (const line of removed) line.classList.toggle("dim", code !== "" && line.dataset.code !== code);
    for (const chip of chips) chip.setAttribute("aria-pressed", String(chip.dataset.code === code));
    document.body.classList.toggle("only-removed", Boolean(onlyRemoved && onlyRemoved.checked));
    if (count) count.textContent = `${shown} of ${docs.length} documents shown`;
  }

  for (const chip of chips) {
    chip.addEventListener("click", () => {
      code = chip.dataset.code;
      apply();
    });
  }
  if (onlyRemoved) onlyRemoved.addEventListener("change", apply);

  const tip = document.getElementById("tip");
  function showTip(event) {
    const line = event.target.closest && event.target.closest(".rm");
    if (!line) return;
    tip.textContent = line.dataset.reason;
    tip.hidden = false;
    const box = line.getBoundingClientRect();
    tip.style.left = `${box.left + window.scrollX}px`;
    tip.style.top = `${box.bottom + window.scrollY + 4}px`;
  }
  function hideTip(event) {
    if (event.target.closest && event.target.closest(".rm")) tip.hidden = true;
  }
  document.addEventListener("mouseover", showTip);
  document.addEventListener("mouseout", hideTip);
  document.addEventListener("focusin", showTip);
  document.addEventListener("focusout", hideTip);
  apply();
})();
