// Copy buttons for the citation texts on a dataset's page. Without scripts the buttons stay
// hidden and the texts can still be selected and copied by hand.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("button[data-copy-target]").forEach((button) => {
    const source = document.getElementById(button.dataset.copyTarget);
    const status = document.getElementById(button.dataset.copyStatus);
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", () => {
      navigator.clipboard.writeText(source.value).then(() => {
        if (status) status.textContent = button.dataset.copied;
      });
    });
  });
});
