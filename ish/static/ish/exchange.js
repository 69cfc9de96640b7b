// Buttons with `data-confirm` ask before they post (reject, withdraw an NYSF application).
document.addEventListener("submit", (event) => {
  const question = event.submitter?.dataset.confirm;
  if (question && !window.confirm(question)) event.preventDefault();
});
