// Start the design system's behaviour (menus, accordions, character counters).
document.addEventListener("DOMContentLoaded", function () {
  if (window.DKFDS) { window.DKFDS.init(); }
});
