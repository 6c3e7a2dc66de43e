// Small behaviour every page shares (a file, not inline handlers: the CSP allows only 'self').
(function () {
  // <select data-autosubmit> sends its form when changed
  document.querySelectorAll("select[data-autosubmit]").forEach(function (el) {
    el.addEventListener("change", function () { el.form.submit(); });
  });
})();
