// Review of one number: keys 1-9 pick the candidate of that number (outside text inputs).
document.addEventListener("keydown", (event) => {
  const target = event.target;
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const button = document.querySelector(`.kandidat-pilih[data-tombol="${event.key}"]`);
  if (button) {
    event.preventDefault();
    button.click();
  }
});
