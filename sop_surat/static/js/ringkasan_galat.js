// After a failed submit, take the reader to the summary of what is wrong (it names and
// links each field), so a screen reader announces it and the keyboard starts there.
document.addEventListener("DOMContentLoaded", () => {
  const ringkasan = document.getElementById("ringkasan-galat");
  if (ringkasan) ringkasan.focus();
});
